"""The page at the screens a class has: every step control inside the window, the diagram wide enough."""
from __future__ import annotations

import pytest

from app import labels
from app.tabs import TABS

from .browser import wait_until_ready

pytestmark = pytest.mark.ui

# (width, height, a touch screen), as ../shared/tools/screens.py shoots them
SCREENS = [(1280, 720, False), (1024, 768, False), (1600, 900, False), (768, 1024, True), (390, 844, True)]
STEP_CONTROLS = ["step-first", "step-back", "step-next", "step-last", "step-player", "apply-update"]

JS_DIAGRAM_BOX = """() => {
  for (const doc of Bokeh.documents) {
    const fig = doc.get_model_by_name('network-diagram');
    const view = fig && Bokeh.index.get_one(fig);
    if (view) { const r = view.el.getBoundingClientRect(); return {x: r.x, y: r.y, width: r.width, height: r.height}; }
  }
  return null;
}"""
JS_SIDEWAYS = """() => {
  const main = document.getElementById('main');
  return Math.max(document.documentElement.scrollWidth - innerWidth, main ? main.scrollWidth - main.clientWidth : 0);
}"""


def open_at(browser, url, width, height, touch):
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=touch, has_touch=touch)
    page = context.new_page()
    page.goto(url)
    wait_until_ready(page, timeout_ms=180_000)
    # the diagram is drawn at its final width once the layout has settled
    page.wait_for_function(f"() => {{ const b = ({JS_DIAGRAM_BOX})(); return b && b.width > 100; }}", timeout=60_000)
    return context, page


@pytest.mark.parametrize("width,height,touch", SCREENS, ids=[f"{w}x{h}" for w, h, _ in SCREENS])
def test_every_step_control_is_inside_the_window_and_the_diagram_is_wide_enough(browser, served_app, width, height, touch):
    context, page = open_at(browser, served_app, width, height, touch)
    try:
        assert page.evaluate(JS_SIDEWAYS) <= 1, "the page scrolls sideways"
        for cls in STEP_CONTROLS:
            button = page.locator(f".{cls} button")
            button.scroll_into_view_if_needed()
            box = button.bounding_box()
            assert box is not None, cls
            assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, (cls, box)
            assert box["y"] >= -0.5 and box["y"] + box["height"] <= height + 0.5, (cls, box)  # sub-pixel rounding
            if touch:
                assert box["height"] >= 44 and box["width"] >= 44, (cls, box)
        diagram = page.evaluate(JS_DIAGRAM_BOX)
        assert diagram["x"] >= 0 and diagram["x"] + diagram["width"] <= width
        if width < 500:
            assert diagram["width"] >= 300
        else:  # the width its labels are placed for (app/labels.py)
            assert diagram["width"] >= labels.PLOT_WIDTH_PX
        # a phone or a tablet shows the diagram before the steps; the sidebar waits in its drawer
        if touch:
            first = page.locator(".step-first button").bounding_box()
            assert first["y"] >= diagram["y"] + diagram["height"] - 1
            assert page.evaluate("() => document.querySelector('meta[name=viewport]').content").startswith("width=device-width")
            assert not page.locator("#sidebar").is_visible()
    finally:
        context.close()


# what shows that a tab's own view is drawn (a lazy tab holds "Loading…" until it is opened)
TAB_CONTENT = {"training": ".train-play button", "vanishing": ".vanishing-table", "gradcheck": ".gradcheck-run button",
               "share": ".share-copy button", "practice": ".practice-exercise"}
# the visible buttons that are past the screen's edge or, on a touch screen, shorter than a finger
JS_BUTTONS_AMISS = """([width, touch]) => {
  const out = [];
  const walk = root => {
    for (const e of root.querySelectorAll('button')) {
      const r = e.getBoundingClientRect();
      if (!e.checkVisibility({visibilityProperty: true}) || r.width === 0) continue;
      if (r.left < -0.5 || r.right > width + 0.5 || (touch && r.height < 43.5)) out.push([e.textContent.trim(), r.left, r.right, r.height]);
    }
    for (const e of root.querySelectorAll('*')) if (e.shadowRoot) walk(e.shadowRoot);
  };
  walk(document);
  return out;
}"""


@pytest.mark.parametrize("width,height,touch", SCREENS, ids=[f"{w}x{h}" for w, h, _ in SCREENS])
def test_every_tab_fits_the_screen_width(browser, served_app, width, height, touch):
    """Each tab's rows wrap and its charts shrink: none makes the page scroll sideways or puts a
    button past the screen's edge (a pn.Row of charts and sliders did both on a phone), and on a
    touch screen each of its buttons is 44 px high, as the step controls are."""
    assert set(TAB_CONTENT) == {tab.key for tab in TABS}
    context, page = open_at(browser, served_app, width, height, touch)
    try:
        for tab in TABS:
            page.locator(".lab-tabs .bk-tab", has_text=tab.title).first.click()
            page.locator(TAB_CONTENT[tab.key]).first.wait_for(state="visible", timeout=60_000)
            # its charts and widgets reach their final widths a few frames after they are drawn
            try:
                page.wait_for_function(f"() => ({JS_SIDEWAYS})() <= 1", timeout=20_000)
            except Exception:
                pytest.fail(f"{tab.title} at {width} px: the page scrolls sideways by {page.evaluate(JS_SIDEWAYS)} px")
            assert page.evaluate(JS_BUTTONS_AMISS, [width, touch]) == [], tab.title
    finally:
        context.close()


JS_LABEL_SIZES = """() => {
  const px = v => parseFloat(typeof v === 'string' ? v : (v.value !== undefined ? v.value : v));
  const sizes = [];
  for (const doc of Bokeh.documents) {
    for (const name of ['edge-labels', 'bias-labels', 'target-labels']) {
      const m = doc.get_model_by_name(name);
      if (m) sizes.push(px(m.text_font_size));
    }
    const nodes = doc.get_model_by_name('nodes');
    if (nodes) for (const key of ['value_size', 'delta_size']) for (const v of nodes.data[key]) sizes.push(px(v));
  }
  return sizes;
}"""

JS_FORMULA_SIZE = """() => {
  const find = root => {
    for (const e of root.querySelectorAll('*')) {
      if (e.classList && e.classList.contains('step-numbers')) return e;
      if (e.shadowRoot) { const f = find(e.shadowRoot); if (f) return f; }
    }
    return null;
  };
  const el = find(document);
  return el ? parseFloat(getComputedStyle(el).fontSize) : 0;
}"""


def test_projector_mode_from_its_link_key_draws_labels_of_16_px_and_larger_formulas(browser, served_app):
    context, page = open_at(browser, served_app + "?projector=1", 1280, 720, False)
    try:
        page.wait_for_function(f"() => {{ const s = ({JS_LABEL_SIZES})(); return s.length > 0 && Math.min(...s) >= 16; }}",
                               timeout=60_000)
        assert page.locator(".lab-projector input").is_checked()
        page.wait_for_function(f"() => parseFloat(({JS_FORMULA_SIZE})()) >= 18", timeout=60_000)
        large = float(page.evaluate(JS_FORMULA_SIZE))
        assert page.evaluate(JS_SIDEWAYS) <= 1
        # the switch turns it off again
        page.locator(".lab-projector input").click()
        page.wait_for_function(f"() => Math.min(...({JS_LABEL_SIZES})()) < 16", timeout=60_000)
        page.wait_for_function(f"() => parseFloat(({JS_FORMULA_SIZE})()) < {large}", timeout=60_000)
        assert large >= 1.4 * float(page.evaluate(JS_FORMULA_SIZE))
    finally:
        context.close()
