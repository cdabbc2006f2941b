"""What the frameworks alone cost the static site's start on this machine (a benchmark, not a test).

    .venv/bin/python benchmarks/floor_static.py [--site build/site] [--rounds 4]

Issue 21 sets two start-up targets on this machine: the first Next answered within 1.5 s and
Python ready within 5 s, cold. Whether a target is out of reach for the project's own code or
for the frameworks under it (BokehJS and Panel's bundles in the page; Pyodide, NumPy, Bokeh and
Panel in the worker) is a measurement: this builds, from a built site, pages that keep the
frameworks and drop the app, and times cold visits of each, interleaved:

- "the site": the site as built (Python starts once the baked page's Next button is drawn);
- "the site, Python at once": the same, with Python started at navigation;
- "one Markdown pane, Python at once": the same worker (Pyodide, the same packages, Panel's
  pyodide-worker code), running the smallest Panel app there is instead of ours; its "render" is
  when Python has sent its first document, the least Python ready can be here;
- "BokehJS: Div and Button": a page with the site's five bundles (BokehJS, its widgets, tables
  and MathJax, Panel's) that embeds a two-model document; "drawn" is when its Button exists, the
  least a button drawn by BokehJS can take here.

Columns: pyodide (Python asked for), render (the worker's first document sent), ready (the page
answers), drawn (the Button's view exists), first Next (step 1 shown after a press made as soon
as the page takes one; the site only). Medians in s since navigation, with the range of
render or drawn.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.static_visit import FIRST_NEXT, first_next, new_profile, open_static  # noqa: E402
from sitebuild.serve import serve_in_background  # noqa: E402
from tests.ui.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

# The worker's Python, between Panel's `init_doc()` and `await write_doc()` (main.js holds it as
# one JavaScript template literal, newlines written as \n).
APP_START, APP_END = "init_doc()\\n\\n", "\\n\\nawait write_doc()"
SMALLEST_APP = 'import panel as pn\npn.pane.Markdown("Backprop Lab").servable(title="Backprop Lab")'
BUNDLES = ["panel/bundled/reactiveesm/es-module-shims@^1.10.0/dist/es-module-shims.min.js",
           "bokeh/bokeh-3.7.3.min.js", "bokeh/bokeh-widgets-3.7.3.min.js", "bokeh/bokeh-tables-3.7.3.min.js",
           "bokeh/bokeh-mathjax-3.7.3.min.js", "panel/panel.min.js"]
MARKS = ["pyodide", "render", "ready", "drawn", "first Next"]


def variant(site: Path, dest: Path, python_at_once: bool, app: str | None = None) -> Path:
    """A copy of `site` (hard links) whose worker starts Python at navigation and runs `app`."""
    shutil.copytree(site, dest, copy_function=_link)
    main = dest / "main.js"
    text = main.read_text()
    if python_at_once:
        if "const GO_ANYWAY_MS = " not in text:
            raise SystemExit("main.js has no GO_ANYWAY_MS: this script no longer matches static/worker.js")
        text = text.replace("const GO_ANYWAY_MS = ", "const GO_ANYWAY_MS = 0 && ", 1)
    if app is not None:
        if APP_START not in text or APP_END not in text:
            raise SystemExit("main.js does not hold the app between init_doc() and write_doc() as this script expects")
        start, end = text.index(APP_START) + len(APP_START), text.index(APP_END)
        text = text[:start] + app.replace("\n", "\\n") + text[end:]
    main.unlink()  # a hard link: write a new file, not into the site's
    main.write_text(text)
    (dest / "main.js.gz").unlink(missing_ok=True)
    return dest


def _link(src, dst):
    try:
        Path(dst).hardlink_to(src)
    except OSError:
        shutil.copy2(src, dst)


def bokeh_page(site: Path, dest: Path) -> Path:
    """The site's bundles and a two-model document, in a page of its own."""
    from bokeh.embed import json_item
    from bokeh.models import Button, Column, Div

    item = json.dumps(json_item(Column(Div(text="Step 0 of 7"), Button(label="Next"))))
    scripts = "".join(f'<script src="./{path}"></script>\n' for path in BUNDLES)
    for path in BUNDLES:
        if not (site / path).is_file():
            raise SystemExit(f"{site / path} is missing: this script's bundle list no longer matches the site")
    page = (f'<!doctype html><html><head><meta charset="utf-8">\n{scripts}</head><body><div id="floor"></div>\n'
            f"<script>Bokeh.embed.embed_item({item}, 'floor').then(() => {{ window.bpFloorDrawn = performance.now() }})"
            "</script></body></html>\n")
    (dest / "floor.html").write_text(page)
    return dest


def visit(p, browser, url: str, kind: str) -> dict:
    context, folder = new_profile(p, browser, incognito=False)
    page = context.pages[0] if context.pages else context.new_page()
    try:
        if kind == "site":
            page.add_init_script(FIRST_NEXT)
            open_static(page, url)
            return {**page.evaluate("window.bpTimings"), "first Next": first_next(page) * 1000}
        page.goto(url)
        if kind == "python":  # the smallest app has no baked page: its first document is the mark
            page.wait_for_function("window.bpTimings && 'ready' in window.bpTimings", timeout=120_000)
            return page.evaluate("window.bpTimings")
        page.wait_for_function("window.bpFloorDrawn", timeout=60_000)
        return {"drawn": page.evaluate("window.bpFloorDrawn")}
    finally:
        context.close()
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "build" / "site", help="a built site (build.py)")
    parser.add_argument("--rounds", type=int, default=4, help="cold visits of each page")
    args = parser.parse_args()
    site = args.site.resolve()
    if not (site / "main.js").is_file():
        raise SystemExit(f"{site} holds no built site: run build.py first")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bp-floor-") as tmp:
        tmp = Path(tmp)
        pages = [
            ("the site", site, "", "site"),
            ("the site, Python at once", variant(site, tmp / "at-once", True), "", "site"),
            ("one Markdown pane, Python at once", variant(site, tmp / "smallest", True, SMALLEST_APP), "", "python"),
            ("BokehJS: Div and Button", bokeh_page(site, tmp / "smallest"), "floor.html", "bokeh"),
        ]
        served = {}
        for _, folder, _, _ in pages:
            if folder not in served:
                served[folder] = serve_in_background(folder)
        runs: dict[str, list[dict]] = {name: [] for name, *_ in pages}
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for round_ in range(args.rounds):
                    for name, folder, address, kind in pages if round_ % 2 == 0 else reversed(pages):
                        runs[name].append(visit(p, browser, served[folder][1] + address, kind))
                browser.close()
        finally:
            for server, _ in served.values():
                server.shutdown()
                server.server_close()
    print(f"medians of {args.rounds} interleaved cold visits each (s since navigation)")
    print(f"{'page':<36} " + " ".join(f"{m:>10}" for m in MARKS) + "   range")
    for name, *_ in pages:
        cells, spread = [], ""
        for mark in MARKS:
            values = [run[mark] / 1000 for run in runs[name] if mark in run]
            cells.append(f"{statistics.median(values):>10.2f}" if values else f"{'':>10}")
            if values and mark in ("render", "drawn") and not spread:
                spread = f"{mark} {min(values):.2f}-{max(values):.2f}"
        print(f"{name:<36} " + " ".join(cells) + f"   {spread}")


if __name__ == "__main__":
    main()
