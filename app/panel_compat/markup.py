"""Markup panes whose text changes send the text, not a second set of style sheets."""
from __future__ import annotations

from panel.pane.markup import HTMLBasePane


def markup_updates_keep_their_style_sheets() -> None:
    """A Markdown, HTML or Str pane keeps the style sheets it was drawn with when its text changes.

    Panel 1.7.5 draws a pane inside a template with the design's theme sheet only (the page has
    Bootstrap already), but `HTMLBasePane._update`, run at each change of its text, sends all its
    properties again from `_get_properties`, which asks the design for the sheets of a pane on its
    own: Bootstrap's 230 kB `bootstrap.min.css` and two theme sheets more. So the first change of
    each pane's text (the step panel's first Next, the training status at the first epoch) made
    the browser fetch and apply Bootstrap inside that pane's shadow root and lay the whole page out
    again: a 0.4-0.5 s freeze at the first Play, where the training lab painted 27 of the first
    second's 60 frames (benchmarks/bench_training.py), and the pane looked a little different after
    it (Bootstrap's margins) than before. Here a text change sends the properties but the style
    sheets; a change of the pane's `stylesheets` itself still reaches the page (Panel sends that
    through `_update_model`, not here). Upstream: holoviz/panel#5278 ("Avoid needlessly updating
    stylesheets") fixed other paths of the same kind; no issue found for this one.
    Without it: tests/app/test_panel_compat.py::test_a_markdown_text_change_keeps_the_panes_style_sheets.
    Upstream fixed: tests/app/test_panel_compat.py::test_panel_markdown_still_sends_new_style_sheets_with_its_text.
    """
    if getattr(HTMLBasePane._update, "keeps_style_sheets", False):
        return

    panels_own = HTMLBasePane._update

    def text_alone(self, ref, model) -> None:
        if self.enable_streaming:  # streamed text (no pane here streams): Panel's own
            return panels_own(self, ref, model)
        props = self._get_properties(model.document)
        props.pop("stylesheets", None)
        model.update(**props)

    text_alone.keeps_style_sheets = True
    text_alone.panels_own = panels_own
    HTMLBasePane._update = text_alone
