"""Panel widgets with a fix: text boxes that keep typing before a click (holoviz/panel#6155), tabs a learner cannot close."""
from __future__ import annotations

import panel as pn


# ---------------------------------------------------------------------------------------------
# Text typed just before a click
# ---------------------------------------------------------------------------------------------
# Bokeh sends what was typed and then the click, in that order; Panel 1.7.5 hands the typed
# text to Python `_debounce` (50) ms after it arrived but the click at the next tick, so a
# Check or Run pressed within 50 ms of typing read the text from before (holoviz/panel#6155;
# fixed upstream by holoviz/panel#8311, released after 1.7.5). A property in
# `_priority_changes` is handed over at the next tick too, so the two keep their order.
# Without it: tests/app/test_panel_compat.py::test_a_click_just_after_typing_reads_what_was_typed.
# Upstream fixed: tests/app/test_panel_compat.py::test_panel_text_inputs_still_lose_a_click_race.
_TYPED = ["value", "value_input"]


class TextBox(pn.widgets.TextInput):
    """A TextInput whose typing reaches Python before a click that follows it."""

    _priority_changes = _TYPED


class TextArea(pn.widgets.TextAreaInput):
    """A TextAreaInput whose typing reaches Python before a click that follows it."""

    _priority_changes = _TYPED


# ---------------------------------------------------------------------------------------------
# Tabs
# ---------------------------------------------------------------------------------------------
class LabTabs(pn.Tabs):
    """Tabs a learner cannot close, so a change of the page's tab list only ever comes from Python.

    Panel 1.7.5 reads every change of the model's tabs back as the learner closing one
    (`Tabs._process_close`; holoviz/panel#1337 made it ignore some such read-backs, not this
    one). When the change was made while the document was held (in the static site, a classroom
    link opened before the page is linked to Python) that read-back runs later, finds the
    objects already changed and raises IndexError, which stops Bokeh sending the rest of the
    held events: the tabs never left the page. There is nothing to read back here.
    Without it: tests/app/test_views.py::test_the_tabs_reach_the_page_when_changed_while_the_document_is_held.
    Upstream fixed: tests/app/test_panel_compat.py::test_panel_tabs_still_fail_a_held_change_without_the_fix.
    """

    def _process_close(self, ref, attr, old, new):
        return old, None  # Panel's "ignore this change"


def tab_titles(tabs: pn.Tabs) -> list[str]:
    """The titles of `tabs`, in order. Panel keeps them in `Tabs._names` and has no public
    reader (`tabs.objects` holds the panes, whose `name` Panel may have replaced)."""
    return list(tabs._names)
