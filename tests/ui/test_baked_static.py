"""The static site before Python has started (static/baked.js, app/baked.py): the step buttons and
the preset selector already work, and Python takes over where the learner is.

Each test holds the Python worker's script back (the page cannot start Python until the test
lets it go), so that "before Python is ready" is a state the test controls, not a race.
"""
from __future__ import annotations

import json

import pytest

from app.lesson import PAGES
from core import PRESETS

from .browser import drag_slider, source, text_of, wait_for, wait_until_ready
from .test_static_site import START_TIMEOUT_MS, chromium, site_page, static_site  # noqa: F401 (fixtures)

pytestmark = pytest.mark.ui

# every replayed property of every keyed model, as the page holds it (models by app/baked.py's keys)
JS_READ = """(doc) => {
  const d = doc === 'live' ? pyodideWorker.jsdoc : Bokeh.documents[0]
  const keys = bpBaked.keyed(d)
  const norm = (v) => {
    if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [k, norm(x)]).sort())
    if (ArrayBuffer.isView(v) || Array.isArray(v)) return Array.from(v, norm)
    if (typeof v === 'number' && !Number.isFinite(v)) return String(v)
    if (v && typeof v === 'object' && v.constructor === Object)
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, norm(x)]).sort())
    return v
  }
  const out = {}
  for (const [key, props] of Object.entries(bpBaked.data.base)) {
    const model = keys.get(key)
    if (!model) { out[key] = null; continue }
    out[key] = Object.fromEntries(Object.keys(props).map((p) => [p, norm(model[p])]))
  }
  return out
}"""


class HeldPython:
    """The page with its Python worker's script held back until `release()`."""

    def __init__(self, page):
        self.page = page
        self.held = []
        self.released = False
        page.context.route("**/main.js*", self._route)

    def _route(self, route):
        if self.released:
            route.continue_()
        else:
            self.held.append(route)

    def open(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_function("document.documentElement.classList.contains('bp-baked')", timeout=60_000)
        assert self.page.evaluate("document.documentElement.dataset.bpState") == "loading"

    def release(self) -> None:
        self.released = True
        wait_for(lambda: self.held, timeout=30)  # the worker asked for its script
        for route in self.held:
            route.continue_()
        self.page.wait_for_function("document.documentElement.dataset.bpState !== 'loading'",
                                    timeout=START_TIMEOUT_MS)
        assert self.page.evaluate("document.documentElement.dataset.bpState") == "ready"
        wait_until_ready(self.page)

    def at(self, preset: str, step: int, lesson: int = 0) -> bool:
        want = f"{preset} {step}" + (f" lesson {lesson}" if lesson else "")
        return self.page.evaluate("document.documentElement.dataset.bpBaked") == want


@pytest.fixture
def held(site_page):
    return HeldPython(site_page)


def step_shown(page, step: int, of: int) -> bool:
    return f"Step {step} of {of}" in (text_of(page, "step-progress") or "")


def test_next_before_python_has_started_shows_step_one(site_page, static_site, held):
    held.open(static_site[0])
    site_page.locator(".step-next button").click()
    wait_for(lambda: held.at("worked_example", 1))
    assert step_shown(site_page, 1, 10)
    assert "-0.02" in text_of(site_page, "step-numbers")
    nodes = source(site_page, "nodes")
    assert nodes["value_text"][nodes["id"].index("n1.0")].startswith("h = -0.02")
    assert site_page.evaluate("location.search") == "?preset=worked_example&step=1"
    assert site_page.evaluate("document.documentElement.dataset.bpState") == "loading"  # Python is not there
    site_page.locator(".step-back button").click()
    wait_for(lambda: held.at("worked_example", 0))
    assert step_shown(site_page, 0, 10)
    held.release()
    site_page.watch.assert_clean()


# what the page holds at the moment it asks its worker to start Python (static/worker.js, 'go')
JS_GO_PROBE = """
(() => {
  const post = Worker.prototype.postMessage
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message && message.type === 'go' && window.bpGoSeen === undefined) {
      const models = window.Bokeh && Bokeh.documents && Bokeh.documents.length ? [...Bokeh.documents[0].all_models] : []
      const next = models.find((m) => (m.css_classes || []).includes('step-next'))
      const view = next && Bokeh.index.find_one(next)
      const button = view && view.el.isConnected && view.el.shadowRoot && view.el.shadowRoot.querySelector('button')
      window.bpGoSeen = {nextDrawn: Boolean(button), baked: document.documentElement.classList.contains('bp-baked')}
    }
    return post.call(this, message, ...rest)
  }
})()
"""


# the events of every patch applied to a document of the page, from BokehJS's first line on
JS_PATCH_PROBE = """
(() => {
  let bokeh
  window.bpPatches = []
  Object.defineProperty(window, 'Bokeh', {configurable: true, get: () => bokeh, set: (value) => {
    bokeh = value
    const proto = value.require('document').Document.prototype
    const apply = proto.apply_json_patch
    proto.apply_json_patch = function (patch, ...rest) {
      window.bpPatches.push(patch.events.map((e) => e.attr))
      return apply.call(this, patch, ...rest)
    }
  }})
})()
"""


# the first moment a task of the page sees the preview's Next button drawn: is the sidebar drawn too?
JS_ROOTS_PROBE = """
(() => {
  const drawn = (cls) => {
    const d = window.Bokeh && Bokeh.documents && Bokeh.documents[0]
    const model = d && [...d.all_models].find((m) => (m.css_classes || []).includes(cls))
    const view = model && Bokeh.index.find_one(model)
    return Boolean(view && view.el.isConnected)
  }
  const look = () => {
    if (window.Bokeh && Bokeh.index && typeof Bokeh.index.find_one === 'function' && drawn('step-next')) {
      window.bpNextFirstSeen = {next: true, sidebar: drawn('weight-controls')}
      return
    }
    setTimeout(look, 0)
  }
  look()
})()
"""


def test_the_preview_draws_its_step_buttons_and_paints_before_its_sidebar(site_page, static_site, held):
    """BokehJS draws a document's roots in one task: the sidebar's root, drawn after the main
    column's, kept the drawn Next button from taking a press until it too was drawn
    (static/panel-compat.js, drawPreviewRootsInTurn). The page runs a task in between."""
    site_page.context.add_init_script(JS_ROOTS_PROBE)
    held.open(static_site[0])
    site_page.wait_for_function("window.bpNextFirstSeen !== undefined", timeout=60_000)
    assert site_page.evaluate("window.bpNextFirstSeen") == {"next": True, "sidebar": False}
    site_page.locator(".weight-controls").first.wait_for(state="attached", timeout=60_000)  # then drawn
    site_page.locator(".step-next button").click()
    wait_for(lambda: held.at("worked_example", 1))
    held.release()
    site_page.watch.assert_clean()


def test_a_preview_opened_in_a_background_tab_is_drawn_whole_at_once(site_page, static_site, held):
    """A background tab paints no frame, so waiting for one there would leave the sidebar
    undrawn until the learner looks (or Python's document replaces the preview): it is drawn in
    the same go as the main column, as before."""
    site_page.context.add_init_script(
        "Object.defineProperty(document, 'hidden', {configurable: true, get: () => true});\n" + JS_ROOTS_PROBE)
    held.open(static_site[0])
    site_page.wait_for_function("window.bpNextFirstSeen !== undefined", timeout=60_000)
    assert site_page.evaluate("window.bpNextFirstSeen") == {"next": True, "sidebar": True}
    held.release()
    assert site_page.locator(".weight-controls").count() == 1  # Python's sidebar, and only it
    site_page.watch.assert_clean()


def test_the_preview_opened_at_its_own_step_is_not_replayed_again(site_page, static_site, held):
    """The preview is the page as built: opened as it was built, the page sends it nothing (all
    52 replayed properties, sent again, cost ~0.15 s before the Next button was drawn)."""
    site_page.context.add_init_script(JS_PATCH_PROBE)
    held.open(static_site[0])
    site_page.wait_for_function("window.bpBakedTimings && 'next drawn' in window.bpBakedTimings", timeout=60_000)
    assert site_page.evaluate("window.bpPatches") == []
    site_page.locator(".step-next button").click()
    wait_for(lambda: held.at("worked_example", 1))
    patches = site_page.evaluate("window.bpPatches")
    assert len(patches) == 1 and "text" in patches[0] and "data" in patches[0]  # step 1, and only it
    assert step_shown(site_page, 1, 10)
    held.release()
    site_page.watch.assert_clean()


@pytest.mark.parametrize("address", ["", "?lesson=2"])
def test_python_starts_once_the_preview_answers_and_its_next_button_is_drawn(site_page, static_site, held, address):
    """Python's start takes the second core for seconds; begun before the page's main column was
    drawn, it made the first Next answered 0.4-0.6 s later (docs/benchmarks.md). A teacher's
    link to a lesson page is baked too, and waits as long."""
    site_page.context.add_init_script(JS_GO_PROBE)
    held.open(static_site[0] + address)
    site_page.wait_for_function("window.bpGoSeen !== undefined", timeout=60_000)
    assert site_page.evaluate("window.bpGoSeen") == {"nextDrawn": True, "baked": True}
    held.release()
    site_page.watch.assert_clean()


def test_a_preset_and_a_step_picked_early_are_where_python_takes_over_and_a_slider_then_works(
        site_page, static_site, held):
    title = PRESETS["numpy_exercise"].title
    held.open(static_site[0])
    site_page.locator(".preset-select select").select_option(label=title)
    wait_for(lambda: held.at("numpy_exercise", 0))
    for _ in range(12):
        site_page.locator(".step-next button").click()
    wait_for(lambda: held.at("numpy_exercise", 12))
    assert step_shown(site_page, 12, 13)
    assert site_page.evaluate("location.search") == "?preset=numpy_exercise&step=12"
    note = site_page.locator(".bp-baked-note")
    assert "Python" in note.inner_text() and "sliders appear then" in note.inner_text()
    baked = site_page.evaluate(JS_READ, "preview")
    held.release()
    # Python opened the address the page kept, and shows what the page showed
    wait_for(lambda: site_page.evaluate(JS_READ, "live") == baked, timeout=60)
    assert step_shown(site_page, 12, 13)
    assert site_page.evaluate("location.search") == "?preset=numpy_exercise&step=12"
    assert site_page.locator(".preset-select select").input_value() == title
    assert site_page.locator(".bp-baked-note").count() == 0
    # the preset's own sliders are there (3-2-1 has a w0.2.1; the lesson's 2-1-1 has not), and drive the diagram
    site_page.locator(".weight-w0-2-1 .noUi-handle").wait_for(timeout=60_000)
    before = source(site_page, "edges")["w"][0]
    assert before == repr(0.5)
    drag_slider(site_page, "weight-w0-0-0", 60)
    wait_for(lambda: source(site_page, "edges")["w"][0] != before, timeout=30)
    site_page.watch.assert_clean()


def test_a_slider_touched_before_python_says_so_and_applies_once_python_is_ready(site_page, static_site, held):
    held.open(static_site[0])
    handle = site_page.locator(".weight-w0-0-0 .noUi-handle")
    before = source(site_page, "edges")["w"][0]
    handle.focus()
    for _ in range(5):
        handle.press("ArrowRight")
    note = site_page.locator(".bp-baked-note")
    wait_for(lambda: "applied as soon as Python is ready" in note.inner_text())
    assert source(site_page, "edges")["w"][0] == before  # nothing was computed without Python
    typed = site_page.evaluate("Bokeh.documents[0].all_models && [...Bokeh.documents[0].all_models]"
                               ".find(m => (m.css_classes || []).includes('weight-w0-0-0')).value")
    held.release()
    # the slider's own value, less its float noise (app/sliders.py `_clean`)
    wanted = repr(float(f"{typed:.12g}"))
    wait_for(lambda: source(site_page, "edges")["w"][0] == wanted, timeout=60)
    assert float(source(site_page, "edges")["w"][0]) != float(before)
    site_page.watch.assert_clean()


def test_play_before_python_steps_on_its_own(site_page, static_site, held):
    held.open(static_site[0])
    site_page.locator(".step-player button").click()
    wait_for(lambda: held.at("worked_example", 2), timeout=10)
    assert "Pause" in site_page.locator(".step-player button").inner_text()
    site_page.locator(".step-player button").click()  # pause
    wait_for(lambda: "Play" in site_page.locator(".step-player button").inner_text())
    held.release()
    site_page.watch.assert_clean()


def test_back_before_python_goes_to_the_preset_before(site_page, static_site, held):
    held.open(static_site[0])
    site_page.locator(".preset-select select").select_option(label=PRESETS["xor_2_3_1"].title)
    wait_for(lambda: held.at("xor_2_3_1", 0))
    site_page.go_back()
    wait_for(lambda: held.at("worked_example", 0))
    assert site_page.locator(".preset-select select").input_value() == PRESETS["worked_example"].title
    held.release()
    site_page.watch.assert_clean()


def _last_digits_apart(value):
    """Full-precision numbers to 12 significant digits: the bake runs on this machine's NumPy and
    the page on Pyodide's, whose sums may differ in the last bit (-0.019999999999999993 against
    -0.01999999999999999 for the lesson's h); every number a label shows is far shorter."""
    if isinstance(value, dict):
        return {k: _last_digits_apart(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_last_digits_apart(v) for v in value]
    if isinstance(value, float):
        return float(f"{value:.12g}")
    if isinstance(value, str) and len(value) > 14:
        try:
            return f"{float(value):.12g}"
        except ValueError:
            return value
    return value


def _on_the_live_page(baked: dict, live: dict) -> dict:
    """The baked state less the models the live page has not (a slider of another network's
    shape): the page hides their layout until Python is ready (`waiting`)."""
    return {k: v for k, v in baked.items() if live.get(k) is not None}


def _wait_equal(page, want: dict, where: str) -> None:
    def same():
        live = _last_digits_apart(page.evaluate(JS_READ, "live"))
        return _on_the_live_page(want, live) == {k: v for k, v in live.items() if v is not None}
    try:
        wait_for(same, timeout=30)
    except TimeoutError:
        live = _last_digits_apart(page.evaluate(JS_READ, "live"))
        differ = {k: (want.get(k), live[k]) for k in live if live[k] is not None and live[k] != want.get(k)}
        raise AssertionError(f"{where}: {json.dumps(differ)[:2000]}") from None


def _step_through(page, steps: int, want, where: str) -> None:
    """From step 0 to the last with Next, the live page equal to `want(step)` at each."""
    for step in range(steps + 1):
        if step:
            page.locator(".step-next button").click()
        _wait_equal(page, want(step), f"{where} step {step}")


def test_every_baked_preset_and_step_equals_what_python_then_draws(site_page, static_site, held):
    """Every replayed column and text, for every preset and step: the baked page, then the live one
    reached with its own selector and Next button."""
    held.open(static_site[0])
    presets = site_page.evaluate("Object.fromEntries(Object.entries(bpBaked.data.presets).map(([k, p]) => [k, p.steps]))")
    assert set(presets) == set(PRESETS)
    baked = {}
    for name, steps in presets.items():
        for step in range(steps + 1):
            site_page.evaluate("([p, k]) => bpBaked.go(p, k)", [name, step])
            assert held.at(name, step)
            baked[name, step] = _last_digits_apart(site_page.evaluate(JS_READ, "preview"))
    assert all(None not in state.values() for state in baked.values())  # every key found in the page
    site_page.evaluate("([p, k]) => bpBaked.go(p, k)", ["worked_example", 0])
    held.release()
    select = site_page.locator(".preset-select select")
    for name, steps in presets.items():
        if name != "worked_example":
            select.select_option(label=PRESETS[name].title)
        _step_through(site_page, steps, lambda step: baked[name, step], name)
    site_page.watch.assert_clean()


def test_every_baked_lesson_page_and_step_equals_what_python_then_draws(site_page, static_site, held):
    """The lesson's ten pages at every step, baked, then live: Start, Next page, and each page
    stepped from the step it opens at, First, then Next to the last step."""
    held.open(static_site[0])
    pages = site_page.evaluate("bpBaked.data.lessons.map((p) => [p.preset, p.start, p.steps])")
    assert len(pages) == len(PAGES)
    baked = {}
    for number, (preset, start, steps) in enumerate(pages, start=1):
        for step in range(steps + 1):
            site_page.evaluate("([p, k, n]) => bpBaked.go(p, k, n)", [preset, step, number])
            assert held.at(preset, step, number)
            baked[number, step] = _last_digits_apart(site_page.evaluate(JS_READ, "preview"))
    assert all(None not in state.values() for state in baked.values())
    site_page.evaluate("() => bpBaked.go('worked_example', 0)")
    held.release()
    site_page.locator(".lesson-start button").click()
    for number, (preset, start, steps) in enumerate(pages, start=1):
        if number > 1:
            site_page.locator(".lesson-next button").click()
        _wait_equal(site_page, baked[number, start], f"lesson page {number}, as it opens")
        if start:
            site_page.locator(".step-first button").click()
        _step_through(site_page, steps, lambda step: baked[number, step], f"lesson page {number}")
    site_page.watch.assert_clean()


def test_the_lesson_turns_its_pages_before_python_and_python_takes_over_on_that_page(site_page, static_site, held):
    held.open(static_site[0])
    site_page.locator(".lesson-start button").click()
    wait_for(lambda: held.at("worked_example", 0, 1))
    assert "page 1 of 10" in text_of(site_page, "lesson-counter")
    assert site_page.evaluate("location.search") == "?lesson=1&preset=worked_example&step=0"
    assert site_page.locator(".lesson-back button").is_disabled()
    for _ in range(3):
        site_page.locator(".lesson-next button").click()
    wait_for(lambda: held.at("worked_example", 7, 4))  # page 4 opens after δʰ's step
    assert PAGES[3].title in text_of(site_page, "lesson-title")
    assert "0.00305" in text_of(site_page, "lesson-text")
    assert step_shown(site_page, 7, 10)
    assert source(site_page, "halo_points")["x"], "the page's units are not ringed"
    site_page.locator(".step-next button").click()
    wait_for(lambda: held.at("worked_example", 8, 4))
    assert site_page.evaluate("location.search") == "?lesson=4&preset=worked_example&step=8"
    site_page.go_back()  # to page 3, as the history holds it
    wait_for(lambda: held.at("worked_example", 6, 3))
    site_page.go_forward()
    wait_for(lambda: held.at("worked_example", 8, 4))
    assert site_page.evaluate("document.documentElement.dataset.bpState") == "loading"  # Python is not there
    shown = site_page.evaluate(JS_READ, "preview")
    held.release()
    wait_for(lambda: site_page.evaluate(JS_READ, "live") == shown, timeout=60)
    assert "page 4 of 10" in text_of(site_page, "lesson-counter")
    site_page.locator(".lesson-next button").click()  # and Python turns the next page
    wait_for(lambda: "page 5 of 10" in text_of(site_page, "lesson-counter"), timeout=60)
    site_page.watch.assert_clean()


def test_leave_pressed_before_python_says_it_waits_and_python_then_leaves(site_page, static_site, held):
    held.open(static_site[0] + "?lesson=3")
    wait_for(lambda: held.at("worked_example", 6, 3))  # a teacher's link to page 3, baked
    site_page.locator(".lesson-leave button").click()
    note = site_page.locator(".bp-baked-note")
    wait_for(lambda: "will count once it has started" in note.inner_text())
    assert site_page.locator(".lesson-page").is_visible()  # nothing was done without Python
    held.release()
    start = site_page.locator(".lesson-start button")
    wait_for(lambda: start.is_visible() and "Back to the lesson, page 3" in start.inner_text(), timeout=60)
    site_page.watch.assert_clean()
