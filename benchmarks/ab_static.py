"""Cold starts of two or more builds of the static site, interleaved (a benchmark, not a test).

    .venv/bin/python benchmarks/ab_static.py OLD_SITE NEW_SITE [--rounds 6] [--per-round 2] [--address '?lesson=2']

Start-up times move by a second or more from run to run on a shared 2-core machine, more
than most changes do, so comparing one build's median with another's measured at a
different hour says little. This alternates the sites run by run (each cold start in its own
fresh browser profile) and prints, per site, the medians of the first Next answered (Next
pressed as soon as the page takes it, as bench_static.py does) and of window.bpTimings: when Pyodide
was asked for, when it had started (packages), when the app's Python started (code), when
the live document was drawn (render) and when the app answered (ready), in seconds.

Build a site to compare with, for example: `git stash; .venv/bin/python build.py --out
/tmp/site-before; git stash pop` (build.py's --out).

--mbit N serves the sites through a connection of N Mbit/s shared by all of a page's
requests (a classroom's Wi-Fi, say): where the downloads, not the CPU, set the pace.
"""
from __future__ import annotations

import argparse
import functools
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitebuild.serve import SiteHandler, make_server, serve_in_background  # noqa: E402
from benchmarks.static_visit import FIRST_NEXT, first_next, new_profile, open_static  # noqa: E402
from tests.ui.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

MARKS = ["first Next", "pyodide", "packages", "code", "render", "ready"]
CHUNK = 16 * 1024


class Link:
    """One connection's bandwidth, shared by every response written through it."""

    def __init__(self, mbit: float):
        self.bytes_per_s = mbit * 1e6 / 8
        self.free_at = time.monotonic()
        self.lock = threading.Lock()

    def send(self, write, data: bytes) -> None:
        for start in range(0, len(data), CHUNK):
            chunk = data[start:start + CHUNK]
            with self.lock:  # each chunk takes its turn on the link
                now = time.monotonic()
                self.free_at = max(self.free_at, now) + len(chunk) / self.bytes_per_s
                wait = self.free_at - now
            time.sleep(wait)
            write(chunk)


class _Throttled:
    def __init__(self, out, link: Link):
        self.out, self.link = out, link

    def write(self, data) -> None:
        self.link.send(self.out.write, bytes(data))

    def __getattr__(self, name):
        return getattr(self.out, name)


def serve(site: Path, mbit: float | None):
    """build.py's server for `site` on a free port, optionally behind a Link of `mbit`."""
    if not mbit:
        return serve_in_background(site)
    link = Link(mbit)

    class Handler(SiteHandler):
        def copyfile(self, source, outputfile):
            super().copyfile(source, _Throttled(outputfile, link))

    server = make_server(site, 0, quiet=True)  # the site's own server (its prefix, its backlog), slowed
    server.RequestHandlerClass = functools.partial(Handler, directory=str(site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sites", nargs="+", type=Path, help="built site folders (build.py --out)")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--per-round", type=int, default=2, help="cold starts of each site per round")
    parser.add_argument("--mbit", type=float, help="serve through a shared link of this many Mbit/s")
    parser.add_argument("--address", default="", help="the query each visit opens, for example '?lesson=2'")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    servers = [serve(site.resolve(), args.mbit) for site in args.sites]
    timings: dict[int, list[dict]] = {i: [] for i in range(len(args.sites))}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for round_ in range(args.rounds):
                order = range(len(args.sites)) if round_ % 2 == 0 else reversed(range(len(args.sites)))
                for i in order:
                    for _ in range(args.per_round):
                        context, folder = new_profile(p, browser, incognito=False)
                        page = context.pages[0] if context.pages else context.new_page()
                        page.add_init_script(FIRST_NEXT)
                        open_static(page, servers[i][1] + args.address)
                        timings[i].append({**page.evaluate("window.bpTimings"), "first Next": first_next(page) * 1000})
                        context.close()
                        if folder:
                            shutil.rmtree(folder, ignore_errors=True)
            browser.close()
    finally:
        for server, _ in servers:
            server.shutdown()
            server.server_close()
    link = f", through {args.mbit:g} Mbit/s" if args.mbit else ""
    where = f" of {args.address}" if args.address else ""
    print(f"medians of {args.rounds * args.per_round} interleaved cold starts{where}{link} (s since navigation)")
    print(f"{'site':<40} " + " ".join(f"{m:>8}" for m in MARKS) + "   ready min-max")
    for i, site in enumerate(args.sites):
        runs = timings[i]
        medians = [statistics.median(t[m] for t in runs) / 1000 for m in MARKS]
        ready = [t["ready"] / 1000 for t in runs]
        print(f"{str(site)[-40:]:<40} " + " ".join(f"{v:>8.2f}" for v in medians)
              + f"   {min(ready):.1f}-{max(ready):.1f}")


if __name__ == "__main__":
    main()
