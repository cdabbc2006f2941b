"""axe-core, the accessibility checker, finds nothing at all on any view, under `panel serve` and in the static site.

axe-core comes from npm (`.ci/setup test` installs it, pinned, into .ci/node) and is injected
into the page in Debian's chromium: the opening view and every tab, under `panel serve` and in
the static site, and the lesson with its prediction box. The canvas's own pictures are beyond
axe; tests/ui/test_keyboard_and_words.py reads their text alternative.
"""
from __future__ import annotations

import pytest

from app.tabs import TABS

from .browser import ROOT, wait_for, wait_until_ready
from .test_static_site import chromium, open_site, site_page, static_site  # noqa: F401 (fixtures)
from .test_training_share import show_tab

pytestmark = pytest.mark.ui

AXE = ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ["critical", "serious"]
EVERY = [*SERIOUS, "moderate", "minor"]
JS_VIOLATIONS = """async impacts => {
  const result = await axe.run(document, {resultTypes: ["violations"]})
  return result.violations.filter(v => impacts.includes(v.impact))
    .map(v => `${v.impact} ${v.id} ×${v.nodes.length}: ` + v.nodes.slice(0, 3).map(n => n.target.join(" > ")).join(" | "))
}"""
TITLES = [tab.title for tab in TABS]


def violations(page, impacts: list[str]) -> list[str]:
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(JS_VIOLATIONS, impacts)


def assert_none_serious(page, where: str, impacts: list[str] = SERIOUS) -> None:
    """app/page.js names Bokeh's controls just after a view is drawn (on each click, and each
    second for what Python adds later): wait for axe to find that state, then assert it."""
    found = []

    def clean() -> bool:
        found[:] = violations(page, impacts)
        return not found

    try:
        wait_for(clean, timeout=30, interval=0.5)
    except TimeoutError:
        pass
    assert found == [], f"{where}: {found}"


def test_axe_core_is_installed_where_the_tests_look_for_it():
    assert AXE.is_file(), "run `bash .ci/setup test`: it installs axe-core from npm into .ci/node"


@pytest.mark.parametrize("theme", ["default", "dark"])
def test_no_violation_at_all_on_any_view_under_panel_serve(page, served_app, theme):
    """Under `panel serve`, nothing at all: not even a moderate rule (one main landmark, a level-one
    heading, every part of the page in a landmark, headings in order) or a minor one."""
    page.goto(f"{served_app}?theme={theme}")
    wait_until_ready(page)
    assert_none_serious(page, f"the opening view ({theme} theme)", EVERY)
    for title in TITLES:
        show_tab(page, title)
        assert_none_serious(page, f"the {title} tab ({theme} theme)", EVERY)


JS_FORMULA_NAME = """cls => {
  const find = root => {
    for (const el of root.querySelectorAll("*")) {
      if (el.classList.contains(cls)) return el
      const inner = el.shadowRoot && find(el.shadowRoot)
      if (inner) return inner
    }
    return null
  }
  const host = find(document)
  const svg = host && host.shadowRoot && host.shadowRoot.querySelector("mjx-container svg")
  return svg ? svg.getAttribute("aria-label") : null
}"""


def test_no_violation_at_all_in_the_lesson_and_its_prediction(page, served_app):
    from app.lesson import open_page
    from app.state import LabState
    from app.words import speech

    page.goto(served_app + "?lesson=4&predict=1")
    wait_until_ready(page)
    page.locator(".predict-input input").wait_for(timeout=60_000)
    assert_none_serious(page, "lesson page 4 with a prediction asked", EVERY)
    # the formula's picture is named with the words the live region says for the same step
    page.goto(served_app + "?lesson=4")
    wait_until_ready(page)
    state = LabState()
    open_page(state, 4)
    said = speech(state.current_step.numbers)
    assert said == "δ^h = 0.1 × 0.122 × 0.495 × (1 − 0.495) = 0.00305"  # the lesson's worked δʰ
    wait_for(lambda: page.evaluate(JS_FORMULA_NAME, "step-numbers") == said, timeout=30)


@pytest.mark.parametrize("theme", ["default", "dark"])
def test_no_violation_at_all_on_any_view_in_the_static_site(site_page, static_site, theme):
    open_site(site_page, f"{static_site[0]}?theme={theme}")
    assert_none_serious(site_page, f"the static site's opening view ({theme} theme)", EVERY)
    for title in TITLES:
        show_tab(site_page, title)
        assert_none_serious(site_page, f"the static site's {title} tab ({theme} theme)", EVERY)
