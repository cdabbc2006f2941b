"""The lesson in a real browser, under `panel serve` and in the static site: pages, highlights,
live numbers, the lesson's links and predicting before seeing."""
from __future__ import annotations

import html

import pytest

from app.lesson import PAGES, open_page
from app.lesson_values import PLACEHOLDER, Values, render
from app.state import LabState
from core import walkthrough
from core.notation import plain

from .browser import drag_slider, source, text_of, wait_for
from .test_static_site import chromium, open_site, site_page, static_site  # noqa: F401 (fixtures)

pytestmark = pytest.mark.ui


def expected_page(number: int):
    """(highlighted ids in the order the diagram draws them, the numbers the page's text shows)."""
    state = LabState()
    page = open_page(state, number)
    state.highlight = list(page.highlight)
    values = Values(state)
    numbers = []
    for match in PLACEHOLDER.finditer(page.text):
        kind, arg, kind2, arg2 = match.groups()
        text = render(match.group(), values)
        numbers.append(text.strip("()"))
    return state.picture.halo_points["id"] + state.picture.halo_edges["id"], numbers


def shown_text(page, css_class: str) -> str:
    """What a pane with this class shows, its HTML entities read back ("&#x27;" -> "'")."""
    return html.unescape(text_of(page, css_class) or "")


def halo(page) -> list[str]:
    points, edges = source(page, "halo_points"), source(page, "halo_edges")
    return (list(points["id"]) if points else []) + (list(edges["id"]) if edges else [])


def on_page(page, number: int, timeout: float = 60) -> None:
    wait_for(lambda: f"page {number} of {len(PAGES)}" in shown_text(page, "lesson-counter"), timeout=timeout)


def walk_every_page(page) -> None:
    page.locator(".lesson-start button").click()
    for number in range(1, len(PAGES) + 1):
        on_page(page, number)
        ids, numbers = expected_page(number)
        wait_for(lambda: halo(page) == ids, timeout=60)
        wait_for(lambda: all(n in shown_text(page, "lesson-text") for n in numbers), timeout=60)
        assert PAGES[number - 1].title in shown_text(page, "lesson-title")
        if number < len(PAGES):
            page.locator(".lesson-next button").click()
    assert page.locator(".lesson-next button").is_disabled()
    page.locator(".lesson-leave button").click()
    wait_for(lambda: halo(page) == [], timeout=60)
    assert page.locator(".lesson-start button").inner_text().startswith("Back to the lesson, page 10")


def drag_w_on_page_4(page) -> None:
    on_page(page, 4)
    wait_for(lambda: "δʰ is now 0.00305" in shown_text(page, "lesson-text"), timeout=60)
    drag_slider(page, "weight-w1-0-0", 60)

    def dragged_w():
        edges = source(page, "edges")
        value = float(edges["w"][list(edges["id"]).index("w1.0.0")])
        return value if value != 0.1 else None

    wait_for(lambda: dragged_w() is not None, timeout=60)
    w = dragged_w()
    state = LabState()
    state.set_weight("w1.0.0", w)
    new = walkthrough(state.network, state.x, state.target, 0.5)[1].deltas[0][0]
    assert plain(new) != "0.00305"
    wait_for(lambda: f"δʰ is now {plain(new)}" in shown_text(page, "lesson-text"), timeout=60)


def deep_chain_page_9(page) -> None:
    on_page(page, 9)
    ids, numbers = expected_page(9)
    wait_for(lambda: len(source(page, "nodes")["id"]) == 7 and halo(page) == ids, timeout=60)
    wait_for(lambda: all(n in shown_text(page, "lesson-text") for n in numbers), timeout=60)
    assert "The vanishing gradient" in shown_text(page, "lesson-title")


def predict_dh(page) -> None:
    on_page(page, 4)
    wait_for(lambda: "δ of hidden unit" in shown_text(page, "predict-prompt"), timeout=60)
    assert "**?**" not in shown_text(page, "lesson-text") and "<strong>?</strong>" in shown_text(page, "lesson-text")
    assert "n1.0" in halo(page)
    page.locator(".predict-input input").fill("0.122")
    page.locator(".predict-check button").click()
    wait_for(lambda: r"0.1 \times 0.122 \times 0.495 \times (1 - 0.495)" in shown_text(page, "predict-hint"),
             timeout=60)
    assert "0.00305" not in shown_text(page, "predict-hint")
    assert "Not 0.122" in shown_text(page, "predict-feedback")
    page.locator(".predict-input input").fill("0.00305")
    page.locator(".predict-check button").click()
    wait_for(lambda: "✓ Right" in shown_text(page, "predict-feedback"), timeout=60)
    wait_for(lambda: "<strong>0.00305</strong>" in shown_text(page, "lesson-text"), timeout=60)
    assert "1 right · 1 wrong tries" in shown_text(page, "predict-score")


# -- panel serve -----------------------------------------------------------------------------
def test_walking_every_page_with_next_highlights_and_numbers_each(page, served_app):
    page.goto(served_app)
    walk_every_page(page)
    assert page.console_log.errors == []


def test_dragging_w_on_page_4_changes_the_sentences_dh(page, served_app):
    page.goto(served_app + "?lesson=4")
    drag_w_on_page_4(page)


def test_lesson_9_link_opens_the_vanishing_gradient_page_on_the_deep_chain(page, served_app):
    page.goto(served_app + "?lesson=9")
    deep_chain_page_9(page)
    wait_for(lambda: "lesson=9" in page.url, timeout=30)


def test_prediction_refuses_a_wrong_dh_with_the_worked_formula_and_accepts_0_00305(page, served_app):
    page.goto(served_app + "?lesson=4&predict=1")
    predict_dh(page)


def test_a_lesson_link_keeps_the_teachers_projector_mode_and_hidden_tabs(browser, served_app):
    from .test_screens import JS_LABEL_SIZES, open_at

    context, page = open_at(browser, served_app + "?lesson=4&projector=1&hide=training,gradcheck", 1280, 720, False)
    try:
        on_page(page, 4)
        ids, numbers = expected_page(4)
        wait_for(lambda: halo(page) == ids and all(n in shown_text(page, "lesson-text") for n in numbers), timeout=60)
        page.wait_for_function(f"() => {{ const s = ({JS_LABEL_SIZES})(); return s.length > 0 && Math.min(...s) >= 16; }}",
                               timeout=60_000)
        assert page.locator(".lab-projector input").is_checked()
        wait_for(lambda: page.locator(".lab-tabs .bk-tab").all_inner_texts()
                 == ["Step through", "Vanishing gradients", "Share & save", "Practice"], timeout=60)
        assert "lesson=4" in page.url and "projector=1" in page.url
    finally:
        context.close()


# -- the static site -------------------------------------------------------------------------
def test_static_site_walks_every_page(site_page, static_site):
    open_site(site_page, static_site[0])
    walk_every_page(site_page)
    site_page.watch.assert_clean()


def test_static_site_lesson_links_drag_and_predict(site_page, static_site):
    url = static_site[0]
    open_site(site_page, url + "?lesson=9")
    deep_chain_page_9(site_page)
    open_site(site_page, url + "?lesson=4")
    drag_w_on_page_4(site_page)
    open_site(site_page, url + "?lesson=4&predict=1")
    predict_dh(site_page)
    site_page.watch.assert_clean()
