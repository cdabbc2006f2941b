"""The Practice tab in Debian's chromium, under `panel serve` (here) and in the static site
(tests/ui/test_static_site.py's fixtures): the lesson's solution passes, the lesson's own
broadcasting mistake is explained, an endless loop is stopped and leaves the app usable, and a
server bound beyond loopback refuses to run code."""
from __future__ import annotations

import os

import subprocess

import pytest

from core import exercise_numpy
from core.ids import node_id

from .browser import ROOT, drag_slider, free_port, source, text_of, wait_for, wait_for_http, wait_until_ready
from .test_static_site import chromium, site_page, static_site  # noqa: F401  (the static site's fixtures)
from .test_training_share import show_tab

pytestmark = pytest.mark.ui
# a test run never rewrites tracked files: BACKPROP_SCREENSHOTS=docs/img refreshes the README's picture
SCREENSHOTS = ROOT / os.environ.get("BACKPROP_SCREENSHOTS", "build/screens")
SOLUTION = exercise_numpy.SOLUTION
WITHOUT_COLUMN = SOLUTION.replace("x[:, None]", "x")
NO_F_PRIME = SOLUTION.replace("* \\\n    hidden_layer_output * (1 - hidden_layer_output)", "")


def has(page, css_class: str, needle: str) -> bool:
    return needle in (text_of(page, css_class) or "")


def press(page, what: str, code: str, css_class: str, needle: str, timeout: float = 60) -> None:
    """Type `code` as the learner's part, press Run or Submit, and wait until `needle` is in that pane."""
    page.locator(".practice-code textarea").fill(code)
    page.locator(f".practice-{what} button").click()
    wait_for(lambda: has(page, css_class, needle), timeout=timeout)


def practise_the_lessons_exercise(page, timeout: float) -> None:
    show_tab(page, "Practice")
    press(page, "run", SOLUTION, "practice-status", "Ran: all 5 right on the lesson", timeout)
    press(page, "submit", SOLUTION, "practice-status", "Submitted: all 5 right", timeout)
    assert (text_of(page, "practice-results") or "").count("✓") == 5

    press(page, "submit", WITHOUT_COLUMN, "practice-results",
          "✗ delta_w_i_h: Line 12: NumPy cannot multiply arrays of shapes (2,) and (3,)", timeout)
    assert has(page, "practice-results", "x[:, None]")

    press(page, "submit", "while True: pass", "practice-results",
          "✗ error: Stopped after 5 s: your code took too long", timeout)
    # the app is still usable: a weight slider still moves the diagram
    show_tab(page, "Step through")
    before = source(page, "edges")["w"][0]
    drag_slider(page, "weight-w0-0-0", 60)
    wait_for(lambda: source(page, "edges")["w"][0] != before, timeout=timeout)


def test_practice_under_panel_serve(page, served_app):
    page.goto(served_app)
    wait_until_ready(page)
    practise_the_lessons_exercise(page, timeout=120)  # a check starts a Python with NumPy: slow on a loaded machine
    assert page.console_log.errors == [] and page.console_log.external == []


def test_a_learners_wrong_delta_sits_beside_the_right_one_on_the_diagram(page, served_app):
    page.goto(served_app)
    wait_until_ready(page)
    show_tab(page, "Practice")
    press(page, "run", NO_F_PRIME, "practice-status", "Ran: 3 of 5 right")
    hidden = source(page, "practice_nodes")["id"].index(node_id(1, 0))
    wait_for(lambda: source(page, "practice_nodes")["learner_text"][hidden] == "yours = 0.00287")
    assert source(page, "practice_nodes")["delta_text"][hidden] == "δ = 0.000708"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".practice-values").scroll_into_view_if_needed()  # the diagram and the values table above the fold
    page.screenshot(path=str(SCREENSHOTS / "practice-wrong-delta.png"), full_page=False)


def test_a_server_bound_beyond_loopback_refuses_to_run_code(page):
    port = free_port()
    process = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "panel"), "serve", "app/main.py", "--address", "0.0.0.0", "--port", str(port),
         "--allow-websocket-origin", f"127.0.0.1:{port}", "--num-procs", "1"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={k: v for k, v in __import__("os").environ.items() if k != "BACKPROP_LAB_PRACTICE"},
    )
    try:
        url = f"http://127.0.0.1:{port}/main"
        wait_for_http(url)
        page.goto(url)
        wait_until_ready(page)
        show_tab(page, "Practice")
        wait_for(lambda: has(page, "practice-refused", "Practice is switched off on this server"))
        assert page.locator(".practice-code").count() == 0
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:  # a loaded machine: never leave the server behind
            process.kill()
            process.wait()


def test_practice_in_the_static_site(site_page, static_site):
    """In the browser the code runs in the app's own Pyodide worker, under the settrace budget."""
    from .test_static_site import open_site

    open_site(site_page, static_site[0])
    practise_the_lessons_exercise(site_page, timeout=120)
    # the site ships NumPy without its build and test files (sitebuild/pins.py): what a learner
    # may reach for still loads in the browser
    show_tab(site_page, "Practice")
    assert not has(site_page, "practice-status", "Ran:")  # the last press was a Submit
    press(site_page, "run", "spectrum = np.fft.fft(np.ones(4))\nsize = np.linalg.norm(np.ones(2))\n"
          "noise = np.random.default_rng(0).normal()\n" + SOLUTION,
          "practice-status", "Ran: all 5 right on the lesson", timeout=120)
    site_page.watch.assert_clean()
