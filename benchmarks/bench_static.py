"""Start-up and slider latency of the static site (build/site/) in Debian's chromium.

    .venv/bin/python benchmarks/bench_static.py [--runs 3] [--drags 50] [--serve] [--slow] [--site DIR]

A benchmark, not a test.  For the static site it measures, per run:
- bytes downloaded: response bodies the site's server sent (gzip where the
  client accepted it; the worker's fetches included);
- cold time to interactive: navigation start -> the live document is embedded
  and Python answers (window.bpTimings.ready), fresh browser context, opened once that
  browser has finished its own start (new_profile), as a learner's has when they follow a link;
  the row "static, just launched" opens the page the moment the browser is launched, its own
  start (~0.9 s of CPU here) overlapping the page's;
- warm time to interactive: the same in the same profile, second visit (service worker,
  HTTP cache and V8's compiled code warm). Each run uses a fresh on-disk profile, as a
  learner's browser does; --incognito uses Playwright's in-memory contexts instead, where
  the second visit compiles Pyodide's wasm again (the figures before session 5);
- slider -> diagram latency p50/p95 over --drags changes of a weight slider,
  until the diagram's ColumnDataSource holds the recomputed values and the next
  frame is painted (the method of benchmarks/bench_serve.py).
- first Next answered, cold and warm: navigation start -> the page shows step 1 after a press
  of Next made as soon as the page takes one (static/baked.js answers it from the baked steps
  before Python is ready); the press is made in the page (FIRST_NEXT), not by Playwright;
- the baked steps' size (baked.json, gzipped).
With --serve it adds the same row for `panel serve app/main.py`, side by side. With --slow the
static site is also measured on a slower machine: chromium pinned to one core (taskset) with
another process busy on that core. CDP's CPU throttling would slow the page's thread but not
the worker where Python runs, so it does not stand in for a slow laptop.
Targets (issue 4): cold < 6 s, warm < 3 s, < 25 MB, slider p95 < 100 ms; (issue 21) first Next
answered < 1.5 s cold, Python ready < 5 s cold, on this machine.
"""
from __future__ import annotations

import argparse
import gzip
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitebuild.paths import OUT  # noqa: E402
from sitebuild.serve import serve_in_background  # noqa: E402
from benchmarks.bench_serve import MEASURE, percentile  # noqa: E402
from benchmarks.static_visit import FIRST_NEXT, first_next, new_profile, open_static  # noqa: E402
from tests.ui.browser import (  # noqa: E402
    CHROMIUM, CHROMIUM_ARGS, free_port, serve_app, wait_for_http, wait_until_ready,
)

SLIDER = "weight-w0-0-0"
def drag_values(n: int) -> list[float]:
    return [round(0.5 + 0.01 * (k % 40) - 0.2 * (k % 2), 3) for k in range(n)]


def bench_static(playwright, browser, runs: int, drags: int, incognito: bool = False,
                 executable: str = CHROMIUM, label: str = "static site", site: Path = OUT,
                 settled: bool = True, warm_too: bool = True) -> dict:
    server, url = serve_in_background(site)
    cold, warm, sent, phases, warm_phases = [], [], [], [], []
    next_cold, next_warm = [], []
    times: list[float] = []
    try:
        for run in range(runs):
            context, folder = new_profile(playwright, browser, incognito, executable, settled)
            context.add_init_script(FIRST_NEXT)
            page = context.pages[0] if context.pages else context.new_page()
            before = server.bytes_sent
            cold.append(open_static(page, url))
            next_cold.append(first_next(page))
            sent.append(server.bytes_sent - before)
            phases.append(page.evaluate("window.bpTimings"))
            if not warm_too:
                context.close()
                if folder:
                    shutil.rmtree(folder, ignore_errors=True)
                continue
            # the service worker caches the site once the app has started
            page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=120_000)
            page.wait_for_timeout(3000)
            warm.append(open_static(page, url))
            next_warm.append(first_next(page))
            warm_phases.append(page.evaluate("window.bpTimings"))
            if run == 0 and drags:
                times = page.evaluate(MEASURE, [SLIDER, drag_values(drags)])
            context.close()
            if folder:
                shutil.rmtree(folder, ignore_errors=True)
    finally:
        server.shutdown()
        server.server_close()
    nan = float("nan")
    return {"label": label, "bytes": statistics.median(sent), "cold": statistics.median(cold),
            "warm": statistics.median(warm) if warm else nan, "p50": statistics.median(times) if times else nan,
            "p95": percentile(times, 95) if times else nan,
            "next_cold": statistics.median(next_cold), "next_warm": statistics.median(next_warm) if next_warm else nan,
            "phases": phases, "warm_phases": warm_phases}


class SlowMachine:
    """Chromium on one core that another process keeps busy (a wrapper script for Playwright)."""

    def __enter__(self) -> str:
        self.busy = subprocess.Popen(["taskset", "-c", "0", sys.executable, "-c", "while True: pass"])
        self.folder = tempfile.mkdtemp(prefix="bp-slow-")
        wrapper = Path(self.folder) / "chromium"
        wrapper.write_text(f'#!/bin/sh\nexec taskset -c 0 {CHROMIUM} "$@"\n')
        wrapper.chmod(0o755)
        return str(wrapper)

    def __exit__(self, *exc) -> None:
        self.busy.kill()
        self.busy.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def bench_serve(browser, runs: int, drags: int) -> dict:
    """`panel serve app/main.py`: the same figures (bytes: what the page fetched)."""
    port = free_port()
    process = serve_app(port)
    url = f"http://127.0.0.1:{port}/main"
    cold, warm, sent = [], [], []
    times: list[float] = []
    try:
        wait_for_http(url)
        for run in range(runs):
            context = browser.new_context(viewport={"width": 1500, "height": 1000})
            page = context.new_page()
            sizes = []
            page.on("requestfinished", lambda r: sizes.append(r.sizes()["responseBodySize"]))
            for label in ("cold", "warm"):
                t0 = time.perf_counter()
                page.goto(url)
                wait_until_ready(page)
                (cold if label == "cold" else warm).append(time.perf_counter() - t0)
                if label == "cold":
                    sent.append(sum(sizes))
            if run == 0:
                times = page.evaluate(MEASURE, [SLIDER, drag_values(drags)])
            context.close()
    finally:
        process.terminate()
        process.wait(timeout=20)
    return {"label": "panel serve", "bytes": statistics.median(sent), "cold": statistics.median(cold),
            "warm": statistics.median(warm), "p50": statistics.median(times), "p95": percentile(times, 95),
            "next_cold": float("nan"), "next_warm": float("nan")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="cold+warm visits (medians reported)")
    parser.add_argument("--drags", type=int, default=50)
    parser.add_argument("--serve", action="store_true", help="also measure `panel serve`, side by side")
    parser.add_argument("--incognito", action="store_true",
                        help="static visits in Playwright's in-memory context (no compiled-code cache) "
                             "instead of a fresh on-disk profile")
    parser.add_argument("--slow", action="store_true",
                        help="also measure the static site on one busy core (SlowMachine)")
    parser.add_argument("--site", type=Path, default=None,
                        help="measure this built site (an older build, say) instead of building build/site")
    args = parser.parse_args()
    if args.site is None:
        subprocess.run([sys.executable, str(ROOT / "build.py"), "--if-stale"], cwd=ROOT, check=True)
    site = args.site or OUT
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        rows.append(bench_static(p, browser, args.runs, args.drags, args.incognito, site=site))
        if not args.incognito:  # (an in-memory context starts no browser of its own)
            rows.append(bench_static(p, browser, args.runs, 0, site=site, settled=False, warm_too=False,
                                     label="static, just launched"))
        if args.serve:
            rows.append(bench_serve(browser, args.runs, args.drags))
        if args.slow:
            with SlowMachine() as slow_chromium:
                rows.append(bench_static(p, browser, args.runs, 0, args.incognito, slow_chromium,
                                         "static, 1 busy core", site))
        browser.close()
    baked = site / "baked.json"
    baked_kb = len(gzip.compress(baked.read_bytes(), 9)) / 1e3 if baked.exists() else float("nan")
    profile = "in-memory contexts" if args.incognito else "a fresh on-disk profile per run"
    print(f"\nmedians of {args.runs} runs ({profile}); slider over {args.drags} drags (2-1-1 lesson network)")
    print(f"{'setup':<20} {'MB sent':>8} {'first Next cold s':>18} {'warm s':>7} {'Python ready cold s':>20} "
          f"{'warm s':>7} {'slider p50 ms':>14} {'p95 ms':>7}")
    for r in rows:
        print(f"{r['label']:<20} {r['bytes'] / 1e6:>8.1f} {r['next_cold']:>18.2f} {r['next_warm']:>7.2f} "
              f"{r['cold']:>20.1f} {r['warm']:>7.1f} {r['p50']:>14.1f} {r['p95']:>7.1f}")
    print(f"targets              <   25.0 {'<   1.5':>18} {'':>7} {'<   5.0':>20} {'<   3.0':>7} {'':>14} {'<  100':>7}")
    print(f"baked steps (baked.json, gzipped): {baked_kb:.1f} kB for every preset and lesson page")
    for row in rows:
        if "phases" not in row:
            continue
        for kind in ("phases", "warm_phases"):
            for n, phase in enumerate(row[kind], 1):
                print(f"{row['label']} {'cold' if kind == 'phases' else 'warm'} run {n}: "
                      + ", ".join(f"{k} {v / 1000:.1f} s" for k, v in phase.items()))


if __name__ == "__main__":
    main()
