"""Slider -> diagram latency under `panel serve`, in Debian's chromium (a benchmark, not a test).

    .venv/bin/python benchmarks/bench_serve.py [--drags 50] [--warmup 5] [--runs 1]

For each network it sets a weight slider's value in the page 5 + 50 times, as a drag does, and
times from each change until the diagram's data source holds the recomputed values and the
browser has painted the next frame. p50, p95 and max are over the last 50; the first 5 of a
page (its first-time costs: V8 compiling BokehJS's paths, Python's first calls) are shown apart,
as their worst. A row per network and run (each run on a new server), and with several runs the
median and worst p95 over them.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.ui.browser import CHROMIUM, CHROMIUM_ARGS, free_port, serve_app, wait_for_http, wait_until_ready  # noqa: E402

MEASURE = """async ([cls, values]) => {
  let slider = null, nodes = null;
  for (const doc of Bokeh.documents) {
    nodes = nodes || doc.get_model_by_name('nodes');
    for (const m of doc.all_models) if (m.css_classes && m.css_classes.includes(cls) && 'value' in m) slider = m;
  }
  const times = [];
  for (const v of values) {
    const t0 = performance.now();
    await new Promise(resolve => {
      const done = () => { nodes.change.disconnect(done); (window.NO_RAF ? resolve() : requestAnimationFrame(() => resolve())); };
      nodes.change.connect(done);
      slider.value = v;
    });
    times.push(performance.now() - t0);
    await new Promise(r => setTimeout(r, 30));
  }
  return times;
}"""

SETUP_BIG = """async () => {
  for (const doc of Bokeh.documents) {
    for (const m of doc.all_models) if (m.css_classes && m.css_classes.includes('architecture-input') && 'value' in m) m.value = '2-8-8-1';
  }
  await new Promise(r => setTimeout(r, 2000));
  for (const doc of Bokeh.documents) {
    const edges = doc.get_model_by_name('edges');
    if (edges) edges.selected.indices = [20];
  }
  await new Promise(r => setTimeout(r, 1000));
}"""


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def run_once(browser, drags: int, warmup: int) -> list[tuple]:
    """One server, both networks: (label, drags, p50, p95, max, worst warm-up drag) per network."""
    port = free_port()
    server = serve_app(port)
    url = f"http://127.0.0.1:{port}/main"
    rows = []
    try:
        wait_for_http(url)
        for label, setup, slider in (("2-1-1 (lesson)", None, "weight-w0-0-0"),
                                     ("2-8-8-1", SETUP_BIG, "weight-picked")):
            page = browser.new_page(viewport={"width": 1500, "height": 1000})
            page.goto(url)
            wait_until_ready(page)
            if setup:
                page.evaluate(setup)
            values = [round(0.5 + 0.01 * (k % 40) - 0.2 * (k % 2), 3) for k in range(warmup + drags)]
            measured = page.evaluate(MEASURE, [slider, values])
            first, times = measured[:warmup], measured[warmup:]
            rows.append((label, len(times), statistics.median(times), percentile(times, 95), max(times),
                         max(first, default=float("nan"))))
            page.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drags", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5, help="drags timed first and shown apart")
    parser.add_argument("--runs", type=int, default=1, help="repeat on a new server each time")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for run in range(1, args.runs + 1):
            load = os.getloadavg()[0]
            rows += [(run, load, *row) for row in run_once(browser, args.drags, args.warmup)]
        browser.close()
    print("slider -> diagram under panel serve (ms)")
    print(f"{'run':>3} {'load':>5} {'network':<16} {'drags':>5} {'p50':>8} {'p95':>8} {'max':>8}   worst of the first {args.warmup}")
    for run, load, label, n, p50, p95, worst, first in rows:
        print(f"{run:>3} {load:>5.2f} {label:<16} {n:>5} {p50:>8.1f} {p95:>8.1f} {worst:>8.1f}   {first:>8.1f}")
    if args.runs > 1:
        print(f"over {args.runs} runs: median p50 / median p95 / worst p95")
        for label in dict.fromkeys(row[2] for row in rows):
            mine = [row for row in rows if row[2] == label]
            p50s, p95s = [row[4] for row in mine], [row[5] for row in mine]
            print(f"    {label:<16} {statistics.median(p50s):.1f} / {statistics.median(p95s):.1f} / {max(p95s):.1f}")


if __name__ == "__main__":
    main()
