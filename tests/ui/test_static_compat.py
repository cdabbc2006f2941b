"""static/panel-compat.js in the shipped site: each workaround's own case, made to happen at once
instead of when a busy machine's timing allows."""
from __future__ import annotations

import re

import pytest

from .test_static_site import chromium, open_site, site_page, static_site  # noqa: F401 (fixtures)

pytestmark = pytest.mark.ui

# Re-draw the stepper's "Step N of M" pane, which hides its content until its stylesheets have
# loaded, and in the same turn replace those stylesheets, as the worker's document does when the
# preview's relative URLs become absolute ones (holoviz/panel#8696). Returns the content's
# visibility right after: hidden, until the new sheets load.
JS_REDRAW_AND_RESTYLE = """() => {
  const doc = Bokeh.documents[0]
  const model = [...doc.all_models].find(m => (m.css_classes || []).includes('step-progress'))
  const view = Bokeh.index.find_one(model)
  view.render()
  view.r_after_render()
  const Sheet = Bokeh.Models.get('ImportedStyleSheet')
  model.stylesheets = model.stylesheets.map(
    s => s instanceof Sheet ? new Sheet({url: s.url + (s.url.includes('?') ? '&' : '?') + 'restyled'}) : s)
  return getComputedStyle(view.container).visibility
}"""


def test_a_pane_whose_stylesheets_are_replaced_while_it_waits_for_them_shows_its_text(site_page, static_site):
    open_site(site_page, static_site[0] + "?preset=worked_example&step=2")
    line = site_page.locator(".step-progress strong:visible", has_text=re.compile(r"^Step 2 of \d+$"))
    line.wait_for(timeout=60_000)
    assert site_page.evaluate(JS_REDRAW_AND_RESTYLE) == "hidden"
    line.wait_for(timeout=30_000)  # without the workaround: hidden for good, its text in the DOM
    site_page.watch.assert_clean()
