"""Typed boxes, the gradient check and the stepper's numbers, under panel serve and in the static site."""
from __future__ import annotations

import html
import re

import pytest

from .browser import source, text_of, wait_for, wait_until_ready
from .test_training_share import show_tab
from .test_axe import EVERY, assert_none_serious
from .test_static_site import chromium, open_site, site_page, static_site  # noqa: F401 (fixtures)

pytestmark = pytest.mark.ui

# css class of the box, the text it shows before anything is typed, the words its message must have
BOXES = [
    ("eta-input", "0.5", "η"),
    ("seed-input", "0", "seed"),
    ("architecture-input", "2-1-1", "units per layer"),
]
BAD = {"abc": "not “abc”", "": "empty", "1e400": "1e400"}


def open_app(page, url):
    page.goto(url)
    wait_until_ready(page)


def box_value(page, css: str) -> str:
    return page.locator(f".{css} input").input_value()


def words_of(page, css: str) -> str:
    """The words a pane with this CSS class shows: its HTML unescaped, without tags."""
    return re.sub(r"<[^>]+>", "", html.unescape(text_of(page, css) or "")).strip()


def message(page, css: str) -> str:
    return words_of(page, f"{css}-message")


def type_into(page, css: str, text: str) -> None:
    field = page.locator(f".{css} input")
    field.fill(text)
    field.press("Enter")


def check_typed_boxes(page, boxes, timeout: float) -> None:
    """abc, an empty box and 1e400: a message beside the box, and the box shows the value in force."""
    for css, in_force, word in boxes:
        for bad, words in BAD.items():
            type_into(page, css, bad)  # each bad entry's message has words of its own
            wait_for(lambda: words in message(page, css) and box_value(page, css) == in_force, timeout=timeout)
            assert word in message(page, css)
            assert f"Still in force: {in_force}" in message(page, css)


def check_gradient_check_follows(page, timeout: float) -> None:
    show_tab(page, "Gradient check")
    wait_for(lambda: "2-1-1 network" in (text_of(page, "gradcheck-summary") or ""), timeout=timeout)
    assert len(source(page, "gradcheck")["weight"]) == 3
    page.locator(".preset-select select").select_option(label="2-2-2 with biases")
    # the old network's rows and verdict go: the new one's 8 weights and 4 biases are checked
    wait_for(lambda: "2-2-2 network" in (text_of(page, "gradcheck-summary") or ""), timeout=timeout)
    wait_for(lambda: len(source(page, "gradcheck")["weight"]) == 12, timeout=timeout)
    assert "b₁ of layer 1" in source(page, "gradcheck")["weight"]
    page.locator(".gradcheck-broken input").check()
    wait_for(lambda: "broken rule" in (text_of(page, "gradcheck-summary") or ""), timeout=timeout)
    assert "fails" in text_of(page, "gradcheck-summary")


def test_typed_boxes_say_why_and_show_the_value_in_force(page, served_app):
    open_app(page, served_app)
    check_typed_boxes(page, BOXES, timeout=15)
    show_tab(page, "Training")
    page.locator(".batch-input input").wait_for(timeout=30000)
    check_typed_boxes(page, [("batch-input", "10", "batch size")], timeout=15)
    assert page.console_log.errors == []


def test_a_very_large_eta_is_used_with_a_warning_and_a_negative_one_refused(page, served_app):
    open_app(page, served_app)
    type_into(page, "eta-input", "-1")
    wait_for(lambda: "greater than 0" in message(page, "eta-input") and box_value(page, "eta-input") == "0.5")
    type_into(page, "eta-input", "50")
    wait_for(lambda: "very large" in message(page, "eta-input") and box_value(page, "eta-input") == "50")


def test_the_gradient_check_follows_the_network_and_the_broken_rule(page, served_app):
    open_app(page, served_app)
    check_gradient_check_follows(page, timeout=20)
    assert page.console_log.errors == []


def test_the_preset_says_custom_once_the_architecture_is_typed(page, served_app):
    open_app(page, served_app)
    type_into(page, "architecture-input", "2-4-4-1")
    wait_for(lambda: len(source(page, "nodes")["id"]) == 11, timeout=20)
    wait_for(lambda: page.locator(".preset-select select").evaluate("s => s.options[s.selectedIndex].text")
             == "custom network")


def test_no_loss_before_the_forward_pass_reaches_y_hat(page, served_app):
    open_app(page, served_app)
    wait_for(lambda: "once the forward pass reaches" in (text_of(page, "lab-status") or ""))
    for _ in range(4):  # h, a, h^o, ŷ
        page.locator(".step-next button").click()
    wait_for(lambda: "once the forward pass" not in (text_of(page, "lab-status") or ""))


def test_typed_boxes_say_why_in_the_static_site(site_page, static_site):  # noqa: F811
    open_site(site_page, static_site[0])
    check_typed_boxes(site_page, BOXES, timeout=60)
    site_page.watch.assert_clean()


def test_the_gradient_check_follows_the_network_in_the_static_site(site_page, static_site):  # noqa: F811
    open_site(site_page, static_site[0])
    check_gradient_check_follows(site_page, timeout=90)
    site_page.watch.assert_clean()


JS_NODE_ON_SCREEN = """id => {
  for (const doc of Bokeh.documents) {
    const fig = doc.get_model_by_name('network-diagram');
    let view = null;  // find_one: the static site's preview document has no view, and get_one throws for it
    try { view = fig && Bokeh.index.find_one(fig); } catch (e) { view = null; }
    if (!view) continue;
    const nodes = doc.get_model_by_name('nodes');
    const i = nodes.data.id.indexOf(id);
    const box = view.el.getBoundingClientRect();
    return [box.left + view.frame.x_scale.compute(nodes.data.x[i]), box.top + view.frame.y_scale.compute(nodes.data.y[i])];
  }
  return null;
}"""


def visible_tooltips(page, label: str) -> int:
    rows = page.locator(".bk-tooltip-row-label", has_text=label)
    return sum(1 for k in range(rows.count()) if rows.nth(k).is_visible())


def test_hovering_a_unit_shows_its_tooltip_alone(page, served_app):
    open_app(page, served_app)
    x, y = page.evaluate(JS_NODE_ON_SCREEN, "n1.0")  # the hidden unit: three edges touch it
    page.mouse.move(x - 40, y - 40)
    page.mouse.move(x, y, steps=4)
    page.wait_for_function(
        """() => [...document.querySelectorAll('*')].some(e => e.shadowRoot &&
             [...e.shadowRoot.querySelectorAll('.bk-tooltip-row-label')].some(r => r.textContent.startsWith('unit')
               && r.offsetParent !== null))""", timeout=15000)
    assert visible_tooltips(page, "unit") == 1
    assert visible_tooltips(page, "weight") == 0
    # an edge's middle still has its own tooltip
    page.mouse.move(*page.evaluate(JS_NODE_ON_SCREEN, "n2.0"))
    sx, sy = page.evaluate(JS_NODE_ON_SCREEN, "n1.0")
    tx, ty = page.evaluate(JS_NODE_ON_SCREEN, "n2.0")
    page.mouse.move((sx + tx) / 2, (sy + ty) / 2, steps=4)
    wait_for(lambda: visible_tooltips(page, "weight") == 1)
    assert visible_tooltips(page, "unit") == 0


def check_exact_weight_box(page, timeout: float) -> None:
    """Pick the edge W by clicking it; bad values are refused beside the box, 0.25 is used."""
    sx, sy = page.evaluate(JS_NODE_ON_SCREEN, "n1.0")
    tx, ty = page.evaluate(JS_NODE_ON_SCREEN, "n2.0")
    page.mouse.click((sx + tx) / 2, (sy + ty) / 2)  # the edge W, from the hidden unit to ŷ
    wait_for(lambda: box_value(page, "weight-typed") == "0.1" and page.locator(".weight-typed input").is_enabled(),
             timeout=timeout)
    for bad, words in {"1e9": "between", **BAD}.items():
        type_into(page, "weight-typed", bad)
        wait_for(lambda: words in message(page, "weight-typed") and box_value(page, "weight-typed") == "0.1",
                 timeout=timeout)
    type_into(page, "weight-typed", "0.25")
    wait_for(lambda: float(source(page, "edges")["w"][2]) == 0.25 and message(page, "weight-typed") == "",
             timeout=timeout)


def test_the_exact_weight_box_says_why_it_refused_a_weight(page, served_app):
    open_app(page, served_app)
    check_exact_weight_box(page, timeout=15)


def test_the_exact_weight_and_batch_boxes_say_why_in_the_static_site(site_page, static_site):  # noqa: F811
    open_site(site_page, static_site[0])
    check_exact_weight_box(site_page, timeout=60)
    show_tab(site_page, "Training")
    site_page.locator(".batch-input input").wait_for(timeout=60_000)
    check_typed_boxes(site_page, [("batch-input", "10", "batch size")], timeout=60)
    site_page.watch.assert_clean()


def test_randomise_shows_the_next_seed_and_new_weights(page, served_app):
    open_app(page, served_app)
    seen = []
    for seed in ("1", "2"):
        page.locator(".randomise-button button").click()
        wait_for(lambda: box_value(page, "seed-input") == seed)
        wait_for(lambda: source(page, "edges")["w"] not in seen + [[repr(0.4), repr(-0.2), repr(0.1)]])
        seen.append(source(page, "edges")["w"])
    assert seen[0] != seen[1]


def test_pausing_training_says_which_example_is_stepped_with_a_way_back(page, served_app):
    open_app(page, served_app)
    show_tab(page, "Training")
    page.locator(".train-batch button").click()  # one batch, then the batch's first example is handed over
    wait_for(lambda: "Stepping through training example" in words_of(page, "sample-from"), timeout=20)
    page.locator(".lesson-sample-button button").click()
    wait_for(lambda: words_of(page, "sample-from") == "", timeout=20)


def test_the_update_lists_every_bias_after_apply_and_adds_up(page, served_app):
    open_app(page, served_app)
    page.locator(".preset-select select").select_option(label="2-2-2 with biases")
    wait_for(lambda: len(source(page, "biases")["id"]) == 4, timeout=20)
    if page.locator(".step-last button").is_enabled():  # a preset may open at its first step or its last
        page.locator(".step-last button").click()
    wait_for(lambda: (text_of(page, "step-numbers") or "").count("&=") == 12, timeout=20)
    page.locator(".apply-update button").click()
    wait_for(lambda: "Updates applied: 1" in words_of(page, "lab-status"), timeout=20)
    from tests.core.test_arithmetic import check
    wait_for(lambda: (text_of(page, "step-numbers") or "").count("&=") == 12, timeout=20)
    check(text_of(page, "step-numbers").strip("$"))


JS_VANISHING = """() => {
  for (const doc of Bokeh.documents) {
    const fig = doc.get_model_by_name('delta-figure');
    if (!fig) continue;
    const history = doc.get_model_by_name('delta_history');
    const labels = [...doc.all_models].filter(m => m.label && m.label.value && m.renderers).map(m => m.label.value);
    const lines = [...doc.all_models].filter(m => m.data_source === history && m.visible).length;
    const epochs = (history.data.get ? history.data.get('epoch') : history.data.epoch).length;
    return {ticks: [...fig.below[0].ticker.ticks], labels, epochs, lines};
  }
  return null;
}"""


def check_vanishing_history(page, timeout: float) -> None:
    show_tab(page, "Training")
    for epochs in (1, 2):
        page.locator(".train-epoch button").click()
        wait_for(lambda: f"Epoch {epochs} " in words_of(page, "train-status"), timeout=timeout)
    show_tab(page, "Vanishing gradients")  # opened for the first time after training
    wait_for(lambda: (page.evaluate(JS_VANISHING) or {}).get("lines") == 2, timeout=timeout)
    drawn = page.evaluate(JS_VANISHING)
    assert drawn["epochs"] == 3 and drawn["ticks"] == [1, 2]
    assert "bound from max f′ (0.25 for sigmoid)" in drawn["labels"]


def test_the_vanishing_view_draws_training_done_before_it_opened(page, served_app):
    open_app(page, served_app)
    check_vanishing_history(page, timeout=20)


def test_the_vanishing_view_draws_training_done_before_it_opened_in_the_static_site(site_page, static_site):  # noqa: F811
    open_site(site_page, static_site[0])
    check_vanishing_history(site_page, timeout=90)
    site_page.watch.assert_clean()


WIDE = """() => {
  const all = (sel, root = document, found = []) => {
    for (const el of root.querySelectorAll('*')) { if (el.matches(sel)) found.push(el); if (el.shadowRoot) all(sel, el.shadowRoot, found) }
    return found
  }
  // the static site keeps a hidden pre-rendered copy of the page: measure the one in view
  const pane = all('.step-numbers').find(p => p.clientWidth > 0)
  if (!pane) return null  // no formula shown (step 0)
  const hint = all('.step-wide-hint').find(h => h.isConnected && h.closest && pane.getRootNode().contains(h))
  return {over: pane.scrollWidth - pane.clientWidth, left: pane.scrollLeft, wide: pane.classList.contains('bp-wide'),
          hint: hint.classList.contains('bp-shown') && getComputedStyle(hint).display !== 'none'}
}"""


def test_a_formula_wider_than_its_pane_says_so_and_scrolls_by_keyboard(page, served_app):
    # at 1280 x 720 the NumPy exercise's hidden δ (step 9) is wider than the formula pane
    page.set_viewport_size({"width": 1280, "height": 720})
    open_app(page, served_app + "?preset=numpy_exercise&step=9")
    wait_for(lambda: page_wide(page), timeout=20)
    shown = page.evaluate(WIDE)
    assert shown["over"] > 0 and shown["hint"] and "scroll it sideways" in words_of(page, "step-wide-hint")
    # the pane takes focus, and its arrows scroll it instead of stepping
    page.locator(".step-numbers").focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    wait_for(lambda: (page.evaluate(WIDE) or {}).get("left", 0) > 0, timeout=10)
    assert "Step 9 of" in words_of(page, "step-progress")
    assert_none_serious(page, "a formula wider than its pane", EVERY)
    # where every formula fits (step 1, one unit's h), nothing is marked and the hint goes
    page.locator(".step-first button").click()
    wait_for(lambda: "Step 0 of" in words_of(page, "step-progress"), timeout=20)
    page.locator(".step-next button").click()
    wait_for(lambda: "Step 1 of" in words_of(page, "step-progress"), timeout=20)
    wait_for(lambda: (shown := page.evaluate(WIDE)) is not None and not shown["wide"] and not shown["hint"], timeout=20)


def test_a_formula_wider_than_its_pane_says_so_in_the_static_site(site_page, static_site):  # noqa: F811
    site_page.set_viewport_size({"width": 1280, "height": 720})
    open_site(site_page, static_site[0] + "?preset=numpy_exercise&step=9")
    wait_for(lambda: page_wide(site_page), timeout=60)
    assert site_page.evaluate(WIDE)["hint"]
    site_page.watch.assert_clean()


def page_wide(page) -> bool:
    shown = page.evaluate(WIDE)
    return shown is not None and shown["wide"] and shown["over"] > 0
