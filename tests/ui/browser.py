"""Shared helpers for the browser tests: Debian's chromium, a free port, reading Bokeh models."""
from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
# Quiet on a closed network: no background requests to hosts this machine cannot reach.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
ROOT = Path(__file__).resolve().parents[2]

# JavaScript that reads what the page's Bokeh document holds
JS_SOURCE = """name => {
  for (const doc of Bokeh.documents) {
    const model = doc.get_model_by_name(name);
    if (model) return Object.fromEntries([...model.data.entries ? model.data.entries() : Object.entries(model.data)]);
  }
  return null;
}"""
JS_DIAGRAM_HEIGHT = """() => {
  for (const doc of Bokeh.documents) {
    const fig = doc.get_model_by_name('network-diagram');
    const view = fig && Bokeh.index.get_one(fig);
    if (view) return view.el.getBoundingClientRect().height;
  }
  return null;
}"""
JS_TEXT_BY_CLASS = """cls => {
  for (const doc of Bokeh.documents) {
    for (const model of doc.all_models) {
      if (model.css_classes && model.css_classes.includes(cls) && model.text !== undefined) return model.text;
    }
  }
  return null;
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, timeout: float = 120.0) -> None:
    """Until `url` answers. Each try may take the time left: on a loaded machine a page's first
    answer takes many seconds, and a short per-try timeout only piles up more requests."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=max(1.0, deadline - time.monotonic())):
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


def server_url(port: int) -> str:
    """A file `panel serve` answers without making a session: ready means the server listens."""
    return f"http://127.0.0.1:{port}/static/js/bokeh.min.js"


def serve_app(port: int) -> subprocess.Popen:
    """`panel serve app/main.py` on 127.0.0.1:port, as the README starts it."""
    return subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "panel"), "serve", "app/main.py", "--address", "127.0.0.1",
         "--port", str(port), "--allow-websocket-origin", f"127.0.0.1:{port}", "--num-procs", "1"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,  # an unread pipe could fill and block it
    )


def source(page, name: str) -> dict:
    """The columns of the Bokeh ColumnDataSource called `name` as the browser holds them."""
    return page.evaluate(JS_SOURCE, name)


def diagram_height(page) -> float | None:
    """The network diagram's height in pixels as the page draws it."""
    return page.evaluate(JS_DIAGRAM_HEIGHT)


def type_a_deep_wide_network(page) -> None:
    """Type six hidden layers of eight and check the diagram stacks their labels and grows taller."""
    from app import labels

    field = page.locator(".architecture-input input")
    field.fill("2-8-8-8-8-8-8-1")
    field.press("Enter")
    wait_for(lambda: len(source(page, "nodes")["id"]) == 51, timeout=60)
    nodes = source(page, "nodes")
    hidden, output = nodes["id"].index("n1.0"), nodes["id"].index("n7.0")
    assert (nodes["value_baseline"][hidden], nodes["delta_baseline"][hidden]) == ("top", "bottom")
    assert nodes["value_align"][output] == "left"  # ŷ alone keeps its labels beside it
    wait_for(lambda: diagram_height(page) > labels.PLOT_HEIGHT_PX + 100, timeout=60)


def text_of(page, css_class: str) -> str | None:
    """The text of the Bokeh model (a pane) with this CSS class, as the browser holds it."""
    return page.evaluate(JS_TEXT_BY_CLASS, css_class)


def wait_until_ready(page, timeout_ms: int = 60000) -> None:
    """Until the diagram's data and the step buttons are in the page."""
    page.wait_for_function(
        "() => window.Bokeh && Bokeh.documents.length > 0 && Bokeh.documents.some(d => d.get_model_by_name('nodes'))",
        timeout=timeout_ms,
    )
    page.locator(".step-next button").wait_for(timeout=timeout_ms)


def wait_for(condition, timeout: float = 15.0, interval: float = 0.05) -> None:
    """Poll `condition()` until it is true; TimeoutError otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise TimeoutError("the page did not reach the expected state in time")


def drag_slider(page, css_class: str, *moves: float, pause_ms: int = 0) -> None:
    """Drag the handle of the slider with this CSS class by each of `moves` pixels in turn, as a
    mouse does, holding it still for `pause_ms` after each (a learner pausing mid-drag), then let go."""
    handle = page.locator(f".{css_class} .noUi-handle")
    handle.scroll_into_view_if_needed()
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for dx in moves:
        x += dx
        page.mouse.move(x, y, steps=8)
        if pause_ms:
            page.wait_for_timeout(pause_ms)  # the learner holds still: part of the gesture, not a wait for the page
    page.mouse.up()


def show_every_step(page, timeout: float = 20) -> None:
    """Press Last: a preset opens at step 0, and the diagram shows h, a, δ and Δw once their steps are reached."""
    page.locator(".step-last button").click()
    wait_for(lambda: source(page, "edges")["dw"][0] not in ("", "—"), timeout=timeout)
