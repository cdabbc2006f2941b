"""Teacher links, the page's history and the Copy link button, under `panel serve`.

Each test waits for the exact value it asserts: the diagram's weights as the page holds
them, the address as the browser holds it, the step counter's text.
"""
from __future__ import annotations

import re

from urllib.parse import parse_qsl, urlencode

import pytest

from app.picture import hover_text
from app.state import LabState
from core import preset

from .browser import drag_slider, source, wait_for, wait_until_ready

pytestmark = pytest.mark.ui

JS_SEARCH = "() => window.location.search"
JS_EDGE_W = """() => {
  for (const doc of Bokeh.documents) {
    const m = doc.get_model_by_name('edges');
    if (m) return Array.from(m.data.get ? m.data.get('w') : m.data.w);
  }
  return null;
}"""
JS_HISTORY = "() => window.history.length"
# the titles of the lab's tabs as the page's Bokeh document holds them, comma-joined
JS_TAB_TITLES = """(() => {
  for (const doc of Bokeh.documents)
    for (const m of doc.all_models)
      if (m.css_classes && m.css_classes.includes('lab-tabs') && m.tabs) return m.tabs.map(t => t.title).join(',');
  return null;
})()"""


def weights_of(name: str) -> list[str]:
    return [repr(float(v)) for w in preset(name).network.weights for v in w.ravel()]


def wait_weights(page, expected: list[str], timeout: int = 30_000) -> None:
    """Wait for the diagram's `w` column to hold `expected`, as its hover tool writes them."""
    shown = [hover_text(v) for v in expected]
    page.wait_for_function(f"() => JSON.stringify(({JS_EDGE_W})()) === {json_str(shown)}", timeout=timeout)


def json_str(value) -> str:
    import json

    return json.dumps(json.dumps(value, separators=(",", ":")))


def wait_step(page, n: int, of: int, timeout: int = 30_000) -> None:
    # the stepper's own line: the live region says the same words, and the static site's
    # pre-rendered copy of the page holds a hidden one
    page.locator("strong:visible", has_text=re.compile(f"^Step {n} of {of}$")).wait_for(timeout=timeout)


def address(page) -> dict:
    return dict(parse_qsl(page.evaluate(JS_SEARCH).lstrip("?"), keep_blank_values=True))


def wait_address(page, key: str, value: str, timeout: int = 30_000) -> None:
    page.wait_for_function(
        "([k, v]) => new URLSearchParams(window.location.search).get(k) === v", arg=[key, value], timeout=timeout)


def message(page) -> str:
    alert = page.locator(".lab-message")
    js = "el => [...el.shadowRoot.querySelectorAll('div')].map(c => c.innerText).join('\\n')"
    return alert.evaluate(js) if alert.is_visible() else ""


def steps_of(name: str) -> int:
    return len(LabState(preset=name).steps)


def test_a_link_naming_only_a_preset_opens_it_at_step_0_and_keeps_its_address(page, served_app):
    page.goto(served_app + "?preset=numpy_exercise")
    wait_until_ready(page)
    wait_weights(page, weights_of("numpy_exercise"))
    wait_step(page, 0, steps_of("numpy_exercise"))
    assert message(page) == ""
    assert page.evaluate(JS_SEARCH) == "?preset=numpy_exercise"  # read, never rewritten on load
    page.locator(".step-next button").click()
    wait_step(page, 1, steps_of("numpy_exercise"))
    wait_address(page, "step", "1")
    assert address(page)["preset"] == "numpy_exercise"
    assert page.console_log.errors == []


def test_keys_override_the_preset_and_a_bad_key_is_named_while_the_rest_applies(page, served_app):
    page.goto(served_app + "?" + urlencode({"preset": "xor_2_3_1", "step": "3", "hide": "weights,training",
                                            "eta": "abc"}))
    wait_until_ready(page)
    wait_weights(page, weights_of("xor_2_3_1"))
    wait_step(page, 3, steps_of("xor_2_3_1"))
    page.wait_for_function(JS_TAB_TITLES + " === 'Step through,Vanishing gradients,Gradient check,Share & save,Practice'",
                           timeout=30_000)
    page.locator(".lab-message").wait_for(state="visible", timeout=10_000)
    text = message(page)
    assert "'eta' was not used" in text and "abc" in text
    assert "eta=abc" in page.evaluate(JS_SEARCH)  # the teacher's link is left as it was written


def test_a_refused_link_value_is_shown_as_literal_text(page, served_app):
    hostile = "# Heading\n---\n> quote [click](http://evil.example/) http://evil.example/x"
    page.goto(served_app + "?" + urlencode({"act": hostile}))
    wait_until_ready(page)
    page.locator(".lab-message").wait_for(state="visible", timeout=10_000)
    root = page.locator(".lab-message")
    assert root.evaluate("el => el.shadowRoot.querySelectorAll('a, h1, h2, hr, blockquote').length") == 0
    text = message(page)
    assert "not “# Heading --- > quote [click](http://ev…”" in text  # one line, cut at 40 characters
    assert "…" in text  # quoted input is cut short


def test_a_step_replaces_the_history_entry_and_a_change_of_network_pushes_one(page, served_app):
    page.goto(served_app)
    wait_until_ready(page)
    start = page.evaluate(JS_HISTORY)
    for n in (1, 2, 3):
        page.locator(".step-next button").click()
        wait_address(page, "step", str(n))
    assert page.evaluate(JS_HISTORY) == start  # each step replaced the entry
    page.locator(".preset-select select").select_option(label=preset("numpy_exercise").title)
    wait_address(page, "preset", "numpy_exercise")
    assert page.evaluate(JS_HISTORY) == start + 1
    wait_weights(page, weights_of("numpy_exercise"))

    page.go_back()  # the page follows the address: the lesson's example at step 3
    wait_weights(page, weights_of("worked_example"))
    wait_step(page, 3, steps_of("worked_example"))
    assert address(page)["preset"] == "worked_example" and address(page)["step"] == "3"
    page.go_forward()
    wait_weights(page, weights_of("numpy_exercise"))
    wait_step(page, 0, steps_of("numpy_exercise"))
    # and going Back and Forward added no entry of its own
    assert page.evaluate(JS_HISTORY) == start + 1
    assert page.console_log.errors == []


def history_after_a_pausing_drag(page) -> None:
    """On the lesson's example opened by its short link: one drag that pauses twice is one
    history entry (each pause pushed one), and Back goes to before the drag."""
    start = page.evaluate(JS_HISTORY)
    before = weights_of("worked_example")
    # held still for 700 ms twice: longer than the 150 ms after which a paused drag is drawn
    drag_slider(page, "weight-w0-0-0", 40, 40, pause_ms=700)
    # the address follows the drag once the handle is let go: the weight the diagram shows
    wait_for(lambda: address(page).get("w", "").split(",")[0] == source(page, "edges")["w"][0] != before[0],
             timeout=60)
    assert page.evaluate(JS_HISTORY) == start + 1
    dragged = address(page)["w"].split(",")[0]
    assert dragged == repr(round(float(dragged), 2)), dragged  # a slider's step, not its float noise
    page.go_back()
    wait_weights(page, before, timeout=60_000)
    assert address(page).get("w", ",".join(before)) == ",".join(before)


def test_a_drag_that_pauses_twice_is_one_history_entry(page, served_app):
    page.goto(served_app + "?preset=worked_example&step=2")
    wait_until_ready(page)
    wait_step(page, 2, steps_of("worked_example"))
    history_after_a_pausing_drag(page)
    assert page.console_log.errors == []


def test_back_to_a_teachers_short_link_restores_what_it_holds(page, served_app):
    page.goto(served_app + "?preset=xor_2_3_1&step=2")
    wait_until_ready(page)
    wait_step(page, 2, steps_of("xor_2_3_1"))
    page.locator(".reset-button button").click()  # Reset: a change of network's history
    page.locator(".step-last button").click()
    wait_step(page, steps_of("xor_2_3_1"), steps_of("xor_2_3_1"))
    page.locator(".preset-select select").select_option(label=preset("worked_example").title)
    wait_weights(page, weights_of("worked_example"))
    page.go_back()
    wait_weights(page, weights_of("xor_2_3_1"))
    wait_step(page, steps_of("xor_2_3_1"), steps_of("xor_2_3_1"))


def test_links_carry_the_shortest_decimal_that_reads_back(page, served_app):
    page.goto(served_app + "?preset=numpy_exercise")
    wait_until_ready(page)
    page.locator(".step-next button").click()
    wait_address(page, "step", "1")
    w = address(page)["w"].split(",")
    assert w == weights_of("numpy_exercise")
    assert all(float(v) == float(repr(float(v))) and len(v) < 12 for v in w), w


def copy_link_button(page):
    """(the Copy link button, the link it copies) with the Share tab open on the NumPy exercise."""
    page.locator(".bk-tab", has_text="Share & save").first.click()
    button = page.get_by_role("button", name="Copy link")
    button.wait_for(timeout=60_000)
    link = page.locator(".share-link textarea").input_value()
    assert "preset=numpy_exercise" in link and "w=" in link
    return button, link


@pytest.mark.parametrize("granted", [True, False], ids=["clipboard", "refused"])
def test_copy_link_copies_the_link_or_selects_it_to_copy_by_hand(page, served_app, granted):
    if granted:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    else:
        page.add_init_script("navigator.clipboard.writeText = () => Promise.reject(new Error('denied'))")
    page.goto(served_app + "?preset=numpy_exercise")
    wait_until_ready(page)
    button, link = copy_link_button(page)
    button.click()
    note = page.locator(".share-copied")
    if granted:
        note.get_by_text("Link copied.").wait_for(timeout=10_000)
        assert page.evaluate("() => navigator.clipboard.readText()") == link
    else:
        note.get_by_text("press Ctrl+C").wait_for(timeout=10_000)
        selected = page.locator(".share-link textarea").evaluate(
            "el => el.value.substring(el.selectionStart, el.selectionEnd)")
        assert selected == link


def test_a_custom_data_set_says_it_cannot_travel_in_a_link(page, served_app, tmp_path):
    csv = tmp_path / "points.csv"
    csv.write_text("x1,x2,label\n" + "0,0,0\n1,1,1\n0,1,1\n1,0,0\n" * 10)
    page.goto(served_app)
    wait_until_ready(page)
    page.locator(".bk-tab", has_text="Training").first.click()
    upload = page.locator(".csv-input input[type=file]")
    upload.wait_for(state="attached", timeout=60_000)
    upload.set_input_files(str(csv))
    page.locator(".bk-tab", has_text="Share & save").first.click()
    page.locator(".share-custom-data").get_by_text("cannot travel in a link").wait_for(timeout=30_000)


def test_a_30_mb_json_upload_is_refused_in_the_page_and_the_page_stays_connected(page, served_app, tmp_path):
    big = tmp_path / "big.json"
    big.write_bytes(b'{"version": 1, "x": [' + b"0," * 15_000_000 + b'0]}')  # 30 MB
    page.goto(served_app)
    wait_until_ready(page)
    page.locator(".bk-tab", has_text="Share & save").first.click()
    page.locator(".share-import input[type=file]").wait_for(state="attached", timeout=60_000)
    page.set_input_files(".share-import input[type=file]", str(big))
    wait_for(lambda: "it is 30.0 MB and a saved state is at most 200 kB, so it was not sent" in message(page),
             timeout=30)
    # still connected: a slider still moves the diagram
    page.locator(".bk-tab", has_text="Step through").first.click()
    before = source(page, "edges")["w"][0]
    drag_slider(page, "weight-w0-0-0", 60)
    page.wait_for_function(f"before => ({JS_EDGE_W})()[0] !== before", arg=before, timeout=30_000)
    assert page.console_log.errors == []
