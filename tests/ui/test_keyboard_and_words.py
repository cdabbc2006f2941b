"""The lesson's worked example by keyboard alone, and read as a screen reader reads it."""
from __future__ import annotations

from pathlib import Path

import pytest

from .browser import wait_until_ready

pytestmark = pytest.mark.ui

SHOTS = Path(__file__).parent / "screens-out"  # git-ignored: a picture of each focus stop

# the focused element through shadow roots: its tag, its widget's classes, its outline
JS_FOCUS = """() => {
  let el = document.activeElement, host = null;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) { host = el; el = el.shadowRoot.activeElement; }
  if (!el || el === document.body) return {tag: 'BODY'};
  const root = el.getRootNode(), owner = root.host || host;
  const style = getComputedStyle(el);
  return {tag: el.tagName, role: el.getAttribute('role'), text: (el.textContent || '').trim().slice(0, 40),
          classes: owner ? owner.className.toString() : '', outline: style.outlineStyle,
          width: parseFloat(style.outlineWidth)};
}"""


def focus(page) -> dict:
    return page.evaluate(JS_FOCUS)


def tab_to(page, wanted, limit: int = 80) -> dict:
    """Press Tab until the focused element satisfies `wanted`; return it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        f = focus(page)
        if wanted(f):
            return f
    raise AssertionError(f"Tab never reached the control; last focus {focus(page)}")


def visible_stop(page, name: str) -> dict:
    """The focus is on a control (never <body>) and shows a ring; a picture of it."""
    f = focus(page)
    assert f["tag"] != "BODY", name
    assert f["outline"] != "none" and f["width"] >= 2, (name, f)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"keyboard-{name}.png"))
    return f


def wait_text(page, css_class: str, *parts: str) -> None:
    page.wait_for_function(
        """([cls, parts]) => { const el = document.querySelector('*') && (function find(root) {
             for (const e of root.querySelectorAll('*')) {
               if (e.classList && e.classList.contains(cls)) return e;
               if (e.shadowRoot) { const f = find(e.shadowRoot); if (f) return f; } } return null; })(document);
           const text = el ? (el.shadowRoot ? el.shadowRoot.textContent : el.textContent) : '';
           return parts.every(p => text.includes(p)); }""",
        arg=[css_class, list(parts)], timeout=60_000)


def wait_enabled(page, css_class: str) -> None:
    """The step buttons' states arrive after the step's text: wait for the one a key presses."""
    page.wait_for_function(
        """cls => { const host = (function find(root) { for (const e of root.querySelectorAll('*')) {
             if (e.classList && e.classList.contains(cls)) return e;
             if (e.shadowRoot) { const f = find(e.shadowRoot); if (f) return f; } } return null; })(document);
           const b = host && host.shadowRoot && host.shadowRoot.querySelector('button');
           return b && !b.disabled; }""", arg=css_class, timeout=60_000)


def test_the_worked_example_by_keyboard_alone_with_focus_visible_at_each_stop(page, served_app):
    page.goto(served_app)
    wait_until_ready(page)
    page.locator("body").focus()
    page.keyboard.press("Home")
    wait_text(page, "step-progress", "Step 0 of 10")
    for k in (1, 2):  # each step waits for the last: a key is one press of Next
        wait_enabled(page, "step-next")
        page.keyboard.press("ArrowRight")
        wait_text(page, "step-progress", f"Step {k} of 10")
    wait_enabled(page, "step-last")
    page.keyboard.press("End")
    wait_text(page, "step-progress", "Step 10 of 10")
    wait_enabled(page, "step-first")
    page.keyboard.press("Home")
    wait_text(page, "step-progress", "Step 0 of 10")

    # Next by Tab and Enter; at the end Last disables itself and focus moves to Back
    tab_to(page, lambda f: "step-last" in f.get("classes", "") and f["tag"] == "BUTTON")
    visible_stop(page, "last")
    page.keyboard.press("Enter")
    wait_text(page, "step-progress", "Step 10 of 10")
    page.wait_for_function(f"() => ({JS_FOCUS})().classes.includes('step-back')", timeout=30_000)
    visible_stop(page, "back-after-last")

    # play from the start with Space, to the end
    wait_enabled(page, "step-first")
    page.keyboard.press("Home")
    wait_text(page, "step-progress", "Step 0 of 10")
    tab_to(page, lambda f: "step-player" in f.get("classes", "") and f["tag"] == "BUTTON")
    visible_stop(page, "play")
    page.keyboard.press("Space")
    wait_text(page, "step-progress", "Step 10 of 10")
    wait_text(page, "step-player", "Play")

    # apply the update with its key
    wait_enabled(page, "apply-update")
    page.keyboard.press("a")
    wait_text(page, "lab-status", "Updates applied:", "1")

    # pick w₂ from the list and type a new value for it
    tab_to(page, lambda f: "weight-pick" in f.get("classes", "") and f["tag"] == "SELECT")
    visible_stop(page, "pick-a-weight")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    wait_text(page, "weight-picked", "w₂")
    tab_to(page, lambda f: "weight-typed" in f.get("classes", "") and f["tag"] == "INPUT")
    visible_stop(page, "type-a-weight")
    page.keyboard.press("Control+A")
    page.keyboard.type("0.25")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => { for (const d of Bokeh.documents) { const m = d.get_model_by_name('edges');"
        " if (m) return m.data.w[1] === '0.25'; } return false; }", timeout=60_000)

    # open the Training tab from its header: Tab to the tab list, arrow to it, Enter
    tab_to(page, lambda f: f.get("role") == "tab")
    visible_stop(page, "tab-header")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => ({JS_FOCUS})().text === 'Training'", timeout=30_000)
    visible_stop(page, "training-tab")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => { for (const d of Bokeh.documents) for (const m of d.all_models)"
        " if (m.css_classes && m.css_classes.includes('lab-tabs')) return m.active === 1; return false; }",
        timeout=60_000)
    assert page.console_log.errors == []


def test_the_table_and_the_live_region_say_the_lessons_numbers_at_steps_3_and_7(page, served_app):
    page.goto(served_app)
    wait_until_ready(page)
    live = page.locator(".lab-live")
    page.locator("body").focus()
    page.keyboard.press("Home")
    for k in range(1, 4):
        wait_enabled(page, "step-next")
        page.keyboard.press("ArrowRight")
        wait_text(page, "step-progress", f"Step {k} of 10")
    wait_text(page, "lab-live", "Step 3 of 10", "h^o = 0.495 × 0.1 = 0.0495")
    assert live.get_attribute("aria-live") == "polite" and live.get_attribute("role") == "status"
    page.locator(".lab-table summary").click()
    table = page.locator(".lab-table table").first
    assert table.locator("tr", has_text="ŷ").locator("td").all_text_contents() == ["0.0495", "not yet", "not yet"]
    assert table.locator("tr", has_text="hidden unit").locator("td").all_text_contents() == ["-0.02", "0.495", "not yet"]
    for k in range(4, 8):
        wait_enabled(page, "step-next")
        page.keyboard.press("ArrowRight")
        wait_text(page, "step-progress", f"Step {k} of 10")
    wait_text(page, "lab-live", "Step 7 of 10", "δ^h = 0.1 × 0.122 × 0.495 × (1 − 0.495) = 0.00305")
    wait_text(page, "lab-table", "Units after step 7")
    assert table.locator("tr", has_text="ŷ").locator("td").all_text_contents() == ["0.0495", "0.512", "0.122"]
    assert table.locator("tr", has_text="hidden unit").locator("td").all_text_contents() == ["-0.02", "0.495", "0.00305"]
    weights = page.locator(".lab-table table").nth(1)
    assert weights.locator("tr").last.locator("th").text_content() == "W"
    assert weights.locator("tr").last.locator("td").all_text_contents() == ["0.1", "not yet", "not yet"]
