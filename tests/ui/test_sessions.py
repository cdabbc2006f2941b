"""Twenty browser sessions on one `panel serve` stay independent: a change in one never shows in another."""
from __future__ import annotations

import pytest

from .browser import source, wait_for, wait_until_ready
from .conftest import ConsoleLog

pytestmark = pytest.mark.ui

SESSIONS = 20
WATCHED = ("nodes", "edges", "biases", "loss_curve", "heatmap")  # what each page shows of its state

# sets a slider's value in the page as a drag does, and lets Bokeh send it to the server; after a
# new architecture the replaced slider lingers among the document's models, so take the newest
JS_SET_SLIDER = """([cls, value]) => {
  let slider = null;
  for (const doc of Bokeh.documents)
    for (const m of doc.all_models)
      if (m.css_classes && m.css_classes.includes(cls) && 'value' in m) slider = m;
  if (slider) slider.value = value;
  return slider !== null;
}"""
JS_IMAGES = """() => {
  for (const doc of Bokeh.documents) {
    const m = doc.get_model_by_name('heatmap');
    if (m) return Array.from((m.data.get ? m.data.get('image') : m.data.image)[0]);
  }
  return null;
}"""


def shown(page) -> dict:
    """Everything a session's page shows of its state: the diagram's, the loss curve's and the heatmap's data."""
    state = {name: source(page, name) for name in WATCHED if name != "heatmap"}
    state["heatmap"] = page.evaluate(JS_IMAGES)
    state["address"] = page.evaluate("() => window.location.search")
    return state


def set_slider(page, css_class: str, value: float) -> None:
    assert page.evaluate(JS_SET_SLIDER, [css_class, value]), css_class


def test_twenty_sessions_stay_independent(browser, served_app):
    contexts = [browser.new_context(viewport={"width": 1300, "height": 900}) for _ in range(SESSIONS)]
    try:
        pages = []
        for context in contexts:  # one at a time: on 2 cores the server builds sessions in turn anyway
            page = context.new_page()
            page.console_log = ConsoleLog(page)
            page.goto(served_app)
            wait_until_ready(page)
            # the Training tab is made when first opened: open it, so every page holds a loss curve
            # and a heatmap whose independence can be checked
            page.locator(".bk-tab", has_text="Training").first.click()
            wait_for(lambda page=page: source(page, "loss_curve") is not None)
            pages.append(page)
        before = [shown(p) for p in pages]
        assert all(b == before[0] for b in before)  # twenty fresh copies of the default lab

        def unchanged_except(changed: set[int]) -> None:
            pages[0].wait_for_timeout(1000)  # time for a stray update to arrive, were one sent
            for k, page in enumerate(pages):
                if k not in changed:
                    assert shown(page) == before[k], f"session {k} changed"

        # a weight dragged in session 0
        set_slider(pages[0], "weight-w0-0-0", 0.123)
        wait_for(lambda: source(pages[0], "edges")["w"][0] == repr(0.123))
        unchanged_except({0})

        # a new architecture typed in session 7
        field = pages[7].locator(".architecture-input input")
        field.fill("2-3-1")
        field.press("Enter")
        wait_for(lambda: len(source(pages[7], "nodes")["id"]) == 6)
        unchanged_except({0, 7})

        # an epoch trained in session 13
        pages[13].locator(".bk-tab", has_text="Training").first.click()
        pages[13].locator(".train-epoch button").click()
        wait_for(lambda: len(source(pages[13], "loss_curve")["epoch"]) == 2)
        unchanged_except({0, 7, 13})

        # then every session drags the same slider to its own value, all at once
        values = [round(-0.01 * (k + 1), 2) for k in range(SESSIONS)]
        for page, value in zip(pages, values):
            set_slider(page, "weight-w0-1-0", value)
        for k, (page, value) in enumerate(zip(pages, values)):
            index = source(page, "edges")["id"].index("w0.1.0")
            try:
                wait_for(lambda page=page, index=index, value=value: source(page, "edges")["w"][index] == repr(value))
            except TimeoutError:
                pytest.fail(f"session {k} shows {source(page, 'edges')['w']} {source(page, 'edges')['id']}, not {value}")
        pages[0].wait_for_timeout(1000)
        for k, (page, value) in enumerate(zip(pages, values)):
            edges = source(page, "edges")
            assert edges["w"][edges["id"].index("w0.1.0")] == repr(value), f"session {k}"
            assert (edges["w"][0] == repr(0.123)) == (k == 0), f"session {k}"
            assert len(source(page, "nodes")["id"]) == (6 if k == 7 else 4), f"session {k}"
            assert len(source(page, "loss_curve")["epoch"]) == (2 if k == 13 else 1), f"session {k}"
            assert page.console_log.errors == [], f"session {k}"
            assert page.console_log.external == [], f"session {k}"
    finally:
        for context in contexts:
            context.close()
