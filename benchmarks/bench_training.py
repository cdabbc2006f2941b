"""Training updates per second with the heatmaps drawn: 2-8-8-1 tanh on 500 points (a benchmark, not a test).

    .venv/bin/python benchmarks/bench_training.py [--seconds 10] [--points 500] [--static]

Under `panel serve`, in Debian's chromium: a link sets up the network and the data set, Play
runs for `--seconds`, and the page counts how often the output heatmap's and the loss curve's
data change (each change is one epoch drawn). In-process, without a browser: the same epochs
through TrainingState and TrainingView, split into the gradient steps, the bookkeeping after
each epoch (losses, mean |δ|, the heatmaps' forward pass) and the view's redraw. The targets:
60 visible heatmap updates per second under `panel serve`, 30 in the static site. An update is
visible when the browser paints it: "visible" is the smaller of the heatmap's changes and the
frames the page painted each second (two changes between paints show as one).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from app import share  # noqa: E402
from app.state import LabState  # noqa: E402
from app.training import TrainingState  # noqa: E402
from app.training_view import PLAY_PERIOD_MS, TrainingView  # noqa: E402
from core.training import train_step  # noqa: E402
from tests.ui.browser import (  # noqa: E402
    CHROMIUM, CHROMIUM_ARGS, free_port, serve_app, source, wait_for, wait_for_http, wait_until_ready,
)

TARGETS = {"under panel serve": 60, "in the static site (Pyodide)": 30}  # visible heatmap updates per second

# counts changes of the named sources' data, with the time of each, from now on
JS_COUNT = """names => {
  window.benchChanges = {};
  for (const doc of Bokeh.documents)
    for (const name of names) {
      const model = doc.get_model_by_name(name);
      if (!model) continue;
      window.benchChanges[name] = [];
      const seen = () => window.benchChanges[name].push(performance.now());
      model.properties.data.change.connect(seen);
      model.streaming.connect(seen);  // the loss curve grows by stream()
    }
}"""
# frames the browser painted while Play ran, to see whether drawing keeps up
JS_FRAMES = """() => { window.benchFrames = []; const f = () => { window.benchFrames.push(performance.now());
  requestAnimationFrame(f); }; requestAnimationFrame(f); }"""


def network(points: int) -> tuple[LabState, TrainingState]:
    lab = LabState(seed=1)
    lab.param.update(biases=True, activation="tanh", output_activation="sigmoid", learning_rate=0.3)
    lab.architecture = "2-8-8-1"
    training = TrainingState(lab=lab)
    training.param.update(dataset="xor", n_points=points)
    return lab, training


def in_process(points: int, epochs: int) -> dict:
    """ms per epoch: gradient steps, bookkeeping (_record), and the view's redraw, without a browser."""
    lab, training = network(points)
    view = TrainingView(training=training)
    totals = {"steps": [], "record": [], "redraw": [], "tick": []}
    for _ in range(epochs):
        t0 = time.perf_counter()
        training.one_epoch()  # what tick runs each frame: steps, then _record, then the view redraws
        totals["tick"].append(time.perf_counter() - t0)
    # the parts, timed apart on the same network
    net, n = training.network, len(training.x_train)
    order = np.random.default_rng(0).permutation(n)
    for _ in range(epochs):
        t0 = time.perf_counter()
        for start in range(0, n, training.batch_size):
            take = order[start:start + training.batch_size]
            train_step(net, training.x_train[take], training.y_train[take], lab.learning_rate)
        t1 = time.perf_counter()
        training._record()  # also redraws the view, through its watchers
        t2 = time.perf_counter()
        view._redraw()
        t3 = time.perf_counter()
        totals["steps"].append(t1 - t0)
        totals["redraw"].append(t3 - t2)
        totals["record"].append((t2 - t1) - (t3 - t2))  # _record minus the redraw it set off
    return {key: 1000 * statistics.median(values) for key, values in totals.items()}


def under_serve(points: int, seconds: float) -> dict:
    """Play for `seconds` under `panel serve` (a new server each run)."""
    port = free_port()
    server = serve_app(port)
    url = f"http://127.0.0.1:{port}/main"
    try:
        wait_for_http(url)
        return play(url, points, seconds, static=False)
    finally:
        server.terminate()
        server.wait(timeout=20)


def in_static_site(points: int, seconds: float) -> dict:
    """Play for `seconds` in the static site (build/site/, built first if stale), all in the browser."""
    import subprocess

    from sitebuild.paths import ROOT
    from sitebuild.serve import serve_in_background

    subprocess.run([sys.executable, str(ROOT / "build.py"), "--if-stale"], check=True)
    server, url = serve_in_background()
    try:
        return play(url, points, seconds, static=True)
    finally:
        server.shutdown()


def play(url: str, points: int, seconds: float, static: bool) -> dict:
    """Open a link to the network in chromium, Play for `seconds`; updates of the heatmap and loss curve per second."""
    from playwright.sync_api import sync_playwright

    lab, training = network(points)
    query = share.to_query(share.snapshot(lab, training))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1000})
        page.goto(url + "?" + urlencode(query))
        if static:
            page.wait_for_function("document.documentElement.dataset.bpState !== 'loading'", timeout=180000)
        wait_until_ready(page)
        page.locator(".bk-tab", has_text="Training").first.click()
        page.wait_for_timeout(1000)
        if static:  # the worker draws the tab's maps for this network first
            page.locator(".train-epoch button").click()
            wait_for(lambda: len((source(page, "loss_curve") or {"epoch": []})["epoch"]) > 1, timeout=60)
        page.evaluate(JS_COUNT, ["heatmap", "loss_curve", "unit_maps"])
        page.evaluate(JS_FRAMES)
        page.locator(".train-play button").click()
        start = time.monotonic()
        page.wait_for_timeout(seconds * 1000)
        counts = page.evaluate("() => window.benchChanges")
        frame_times = page.evaluate("() => window.benchFrames")
        elapsed = time.monotonic() - start
        paused_at = page.evaluate("() => performance.now()")
        page.locator(".train-play button").click()
        page.wait_for_timeout(3000)
        # how long updates kept arriving after Pause: a backlog the browser had not drawn yet
        last = page.evaluate("() => window.benchChanges.heatmap.at(-1)")
        browser.close()
    lag = float("nan") if last is None else max(last - paused_at, 0.0)
    # the longest wait between two painted frames while Play ran: a freeze a learner sees
    longest = float(np.max(np.diff(frame_times))) if len(frame_times) > 1 else float("nan")
    out = {"seconds": elapsed, "frames": len(frame_times) / elapsed, "lag": lag, "longest": longest}
    for name, times in counts.items():
        # the rate while Play ran: from the first change to the last
        span = (times[-1] - times[0]) / 1000 if len(times) > 1 else float("nan")
        out[name] = (len(times) - 1) / span if len(times) > 1 else 0.0
        out[name + "_gaps"] = np.diff(times) if len(times) > 1 else np.array([np.nan])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--points", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3, help="Play runs under panel serve (each on a new server)")
    parser.add_argument("--epochs", type=int, default=50, help="epochs timed in-process")
    parser.add_argument("--static", action="store_true", help="also Play in the static site (Pyodide), same runs")
    args = parser.parse_args()

    parts = in_process(args.points, args.epochs)
    served = []
    for _ in range(args.runs):
        load = os.getloadavg()[0]
        served.append((load, under_serve(args.points, args.seconds)))
    static = []
    for _ in range(args.runs if args.static else 0):
        load = os.getloadavg()[0]
        static.append((load, in_static_site(args.points, args.seconds)))
    n_train = int(round(args.points * (1 - TrainingState.param.test_fraction.default)))

    print(f"2-8-8-1 tanh, {args.points} points ({n_train} to train on, batches of "
          f"{TrainingState.param.batch_size.default}), one epoch per update, Play period {PLAY_PERIOD_MS} ms "
          f"(at most {1000 / PLAY_PERIOD_MS:.0f} updates/s), {os.cpu_count()} cores")
    print()
    print("in-process, no browser (median ms per epoch)")
    print(f"{'gradient steps':<28} {parts['steps']:>8.2f}")
    print(f"{'losses, |δ|, heatmaps':<28} {parts['record']:>8.2f}")
    print(f"{'view redraw (all sources)':<28} {parts['redraw']:>8.2f}")
    print(f"{'tick (all of it)':<28} {parts['tick']:>8.2f}   -> {1000 / parts['tick']:.0f} updates/s")
    print()
    for title, rows in (("under panel serve", served), ("in the static site (Pyodide)", static)):
        if not rows:
            continue
        print(f"{title}, Play for {args.seconds:g} s, {len(rows)} runs (updates/s: changes of the source's data "
              "in the browser)")
        print(f"{'run':>3} {'load':>5} {'heatmap':>8} {'loss_curve':>10} {'unit_maps':>9} {'p50 gap':>8} "
              f"{'p95 gap':>8} {'frames/s':>8} {'visible':>8} {'lag ms':>7} {'longest frame ms':>16}")
        for k, (load, r) in enumerate(rows, start=1):
            gaps = r["heatmap_gaps"]
            print(f"{k:>3} {load:>5.1f} {r['heatmap']:>8.1f} {r['loss_curve']:>10.1f} {r['unit_maps']:>9.1f} "
                  f"{np.median(gaps):>8.1f} {np.percentile(gaps, 95):>8.1f} {r['frames']:>8.1f} "
                  f"{min(r['heatmap'], r['frames']):>8.1f} {r['lag']:>7.0f} {r['longest']:>16.0f}")
        print()
    print("load: 1-minute load average before the run; lag: how long updates kept arriving after Pause;")
    print("longest frame: the longest time between two painted frames from the press of Play on")
    print("visible: the smaller of the heatmap's changes and the frames painted, per second")
    for title, rows in (("under panel serve", served), ("in the static site (Pyodide)", static)):
        if rows:
            visible = statistics.median(min(r["heatmap"], r["frames"]) for _, r in rows)
            verdict = "met" if visible >= TARGETS[title] else "missed"
            print(f"target {TARGETS[title]} visible updates/s {title}: {verdict} (median {visible:.1f})")


if __name__ == "__main__":
    main()
