"""Teacher links, where a lesson starts, and the page's history in the static site (Pyodide).

In the static site Python hears the page's address only after the first render, so these
check that the link is read before anything is written, and that Back reaches the worker.
"""
from __future__ import annotations

from urllib.parse import urlencode

import pytest
from core import preset

from .test_links import (
    JS_HISTORY, JS_TAB_TITLES, address, copy_link_button, history_after_a_pausing_drag, message, steps_of,
    wait_address, wait_step, wait_weights, weights_of,
)
from .test_static_site import chromium, open_site, site_page, static_site  # noqa: F401 (fixtures)

pytestmark = pytest.mark.ui


def test_a_teachers_short_link_opens_its_preset_at_step_0_with_its_keys_over_it(site_page, static_site):
    url = static_site[0] + "?" + urlencode({"preset": "xor_2_3_1", "hide": "weights,training", "eta": "abc"})
    open_site(site_page, url)
    wait_weights(site_page, weights_of("xor_2_3_1"), timeout=60_000)
    wait_step(site_page, 0, steps_of("xor_2_3_1"), timeout=60_000)
    site_page.wait_for_function(
        JS_TAB_TITLES + " === 'Step through,Vanishing gradients,Gradient check,Share & save,Practice'", timeout=60_000)
    site_page.locator(".lab-message").wait_for(state="visible", timeout=30_000)
    assert "'eta' was not used" in message(site_page)
    assert "preset=xor_2_3_1" in site_page.evaluate("() => window.location.search")  # never rewritten on load
    site_page.locator(".step-next button").click()  # Next starts the lesson
    wait_step(site_page, 1, steps_of("xor_2_3_1"), timeout=60_000)
    wait_address(site_page, "step", "1", timeout=60_000)
    site_page.watch.assert_clean()


def test_steps_replace_a_new_network_pushes_and_back_restores_it_in_the_static_site(site_page, static_site):
    open_site(site_page, static_site[0] + "?preset=worked_example&step=2")
    wait_step(site_page, 2, steps_of("worked_example"), timeout=60_000)
    start = site_page.evaluate(JS_HISTORY)
    site_page.locator(".step-next button").click()
    wait_address(site_page, "step", "3", timeout=60_000)
    assert site_page.evaluate(JS_HISTORY) == start
    site_page.locator(".preset-select select").select_option(label=preset("numpy_exercise").title)
    wait_address(site_page, "preset", "numpy_exercise", timeout=60_000)
    wait_weights(site_page, weights_of("numpy_exercise"), timeout=60_000)
    assert site_page.evaluate(JS_HISTORY) == start + 1
    site_page.go_back()
    wait_weights(site_page, weights_of("worked_example"), timeout=60_000)
    wait_step(site_page, 3, steps_of("worked_example"), timeout=60_000)
    assert address(site_page)["step"] == "3"
    site_page.go_forward()
    wait_weights(site_page, weights_of("numpy_exercise"), timeout=60_000)
    assert site_page.evaluate(JS_HISTORY) == start + 1
    site_page.watch.assert_clean()


def test_copy_link_in_the_static_site_copies_the_address_with_no_page_error(site_page, static_site):
    """The click reaches Python as well: it threw "[object Undefined] is not serializable" in the page
    (Panel's worker turned a None in the button's callback into undefined)."""
    site_page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_site(site_page, static_site[0] + "?preset=numpy_exercise")
    button, link = copy_link_button(site_page)
    button.click()
    site_page.locator(".share-copied").get_by_text("Link copied.").wait_for(timeout=30_000)
    assert site_page.evaluate("() => navigator.clipboard.readText()") == link
    button.click()  # again: the page serialises the button's callback for every click
    site_page.wait_for_function("() => navigator.clipboard.readText().then(t => t.length > 0)")
    site_page.locator(".bk-tab", has_text="Step through").first.click()  # and the page still talks to Python
    site_page.locator(".step-next button").click()
    wait_step(site_page, 1, steps_of("numpy_exercise"), timeout=60_000)
    site_page.watch.assert_clean()


def test_a_drag_that_pauses_twice_is_one_history_entry_in_the_static_site(site_page, static_site):
    open_site(site_page, static_site[0] + "?preset=worked_example&step=2")
    wait_step(site_page, 2, steps_of("worked_example"), timeout=60_000)
    site_page.locator(".weight-w0-0-0 .noUi-handle").wait_for(timeout=60_000)
    history_after_a_pausing_drag(site_page)
    site_page.watch.assert_clean()
