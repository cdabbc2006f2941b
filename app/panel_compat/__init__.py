"""Every use of a private Panel or Bokeh name, each with what it fixes and when to drop it.

Verified with Panel 1.7.5, Bokeh 3.7.3, Pyodide 0.27.7 (`VERIFIED_WITH`; the tests in
tests/app/test_panel_compat.py fail on any other version, so an upgrade re-checks each entry).
Nothing outside this package and static/panel-compat.js may use a private framework name: a
test greps app/, core/, sitebuild/, build.py and static/ for them.

Each entry: what it fixes / where upstream stands / the test that fails without it / the test
that fails once upstream no longer needs it (where one can be written).
"""
from __future__ import annotations

from .comms import comm_messages_on_the_main_thread
from .markup import markup_updates_keep_their_style_sheets
from .notebook import inline_style_sheets_in_notebooks
from .pyodide_hold import children_sent, in_pyodide, one_message
from .serve_latency import LiveSlider, send_frames_at_once
from .widgets import LabTabs, TextArea, TextBox, tab_titles
from .worker import send_patches_as_json, worker_handlers

VERIFIED_WITH = {"panel": "1.7.5", "bokeh": "3.7.3", "pyodide": "0.27.7"}

comm_messages_on_the_main_thread()  # on import, before the lab's comms open (each binds it then)
inline_style_sheets_in_notebooks()  # on import: it acts only where a notebook asked for inline
markup_updates_keep_their_style_sheets()  # on import, before the app's first pane is drawn

__all__ = ["VERIFIED_WITH", "LabTabs", "LiveSlider", "TextArea", "TextBox", "children_sent",
           "comm_messages_on_the_main_thread", "in_pyodide",
           "inline_style_sheets_in_notebooks", "markup_updates_keep_their_style_sheets", "one_message",
           "send_frames_at_once", "send_patches_as_json",
           "tab_titles", "worker_handlers"]
