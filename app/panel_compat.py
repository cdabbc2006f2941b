"""Every use of a private Panel or Bokeh name, each with what it fixes and when to drop it.

Verified with Panel 1.7.5, Bokeh 3.7.3, Pyodide 0.27.7 (`VERIFIED_WITH`; the tests in
tests/app/test_panel_compat.py fail on any other version, so an upgrade re-checks each entry).
Nothing outside this module and static/panel-compat.js may use a private framework name: a
test greps app/, core/, sitebuild/, build.py and static/ for them.

Each entry: what it fixes / where upstream stands / the test that fails without it / the test
that fails once upstream no longer needs it (where one can be written).
"""
from __future__ import annotations

import weakref
from contextlib import contextmanager
from functools import partial

import panel as pn
from panel.io.state import set_curdoc

VERIFIED_WITH = {"panel": "1.7.5", "bokeh": "3.7.3", "pyodide": "0.27.7"}


def in_pyodide() -> bool:
    """True in the browser (Pyodide).

    Panel knows, through `state._is_pyodide`, and has no public name for it. Without it the
    entries below cannot tell Pyodide's event loop and Panel's Pyodide hold apart from
    `panel serve`'s. Test: tests/app/test_panel_compat.py::test_the_private_names_this_module_reads_exist.
    """
    return bool(pn.state._is_pyodide)


# ---------------------------------------------------------------------------------------------
# Panel's hold in Pyodide
# ---------------------------------------------------------------------------------------------
@contextmanager
def one_message():
    """Send every model change made inside as one message to the page (one paint, not several).

    Under `panel serve` that is Panel's hold. Not in Pyodide: there Panel's hold drops the
    events of a document it does not count as loaded (holoviz/panel#8231, open; fix proposed in
    holoviz/panel#8235), and each change is a cheap postMessage anyway.
    Without it: tests/ui/test_static_site.py::test_dragging_a_weight_slider_changes_the_diagram_to_the_cores_values.
    """
    if in_pyodide() or pn.state.curdoc is None:
        yield
        return
    with pn.io.hold():
        yield


@contextmanager
def children_sent():
    """Make sure the page gets the change of a layout's children made inside.

    Panel holds the document while a layout's children change and, on letting go, sends the
    held events only if it counts the document as loaded, which it never does in Pyodide
    (holoviz/panel#8231, the same cause as above): an opened tab stayed empty. Holding the
    document here first (Bokeh's `callbacks.hold_value` says whether someone already holds it)
    makes Panel's hold part of this one, and this unhold sends them.
    Without it: tests/ui/test_static_site.py::test_a_classroom_link_hides_what_the_teacher_chose_in_the_static_site.
    """
    doc = pn.state.curdoc
    if doc is None or not in_pyodide() or doc.callbacks.hold_value is not None:
        yield  # under panel serve Panel sends them; an outer hold sends them when it ends
        return
    doc.hold("combine")
    try:
        yield
    finally:
        doc.unhold()


# ---------------------------------------------------------------------------------------------
# Latency under panel serve
# ---------------------------------------------------------------------------------------------
def send_frames_at_once() -> None:
    """Let this session's websocket send a small frame at once (TCP_NODELAY); for `pn.state.onload`.

    Bokeh writes each message as three or more websocket frames; Tornado leaves Nagle's
    algorithm on, so a frame written while the one before is unacknowledged waits for a delayed
    ACK (~40 ms; benchmarks/bench_serve.py). Bokeh exposes neither the session's connections
    (`ServerSession._subscribed_connections`) nor their socket (`ServerConnection._socket`);
    no upstream issue found in bokeh/bokeh. Outside `panel serve` there is no socket.
    Without it: tests/app/test_views.py::test_a_served_page_gets_its_small_websocket_frames_at_once.
    """
    session = getattr(getattr(pn.state.curdoc, "session_context", None), "session", None)
    for connection in list(getattr(session, "_subscribed_connections", ())):
        socket = getattr(connection, "_socket", None)
        # tornado's set_nodelay needs the socket still open
        if hasattr(socket, "set_nodelay") and getattr(socket, "ws_connection", None) is not None:
            socket.set_nodelay(True)


class LiveSlider(pn.widgets.FloatSlider):
    """A FloatSlider whose drags are answered while the page's change is being applied.

    Panel hands a widget's change to Python in a callback of its own, `_debounce` ms after the
    change arrived (50 by default), and that callback's answer then had to wait for Bokeh's "OK"
    to the page to be written. A drag's answer goes out sooner from a Bokeh `on_change`
    callback on the slider's own model (reached through Panel's `_get_model`): Bokeh runs it as
    it applies the page's change, before it answers "OK", so the diagram's new data is the first
    thing the page gets back (benchmarks/bench_serve.py). `on_page_change(value)` is that
    callback; Panel still sets `value` as usual, a few ms later. Panel has no public hook for
    either; no upstream issue found.
    Without it: tests/ui/test_serve.py::test_dragging_a_weight_slider_changes_the_diagram_to_the_cores_values.
    """

    # Panel's own update of `value` follows 3 ms after the page's change rather than 50:
    # `value` then lags the page by as little as it can without Panel's writes meeting Bokeh's "OK"
    _debounce = 3
    # Panel counts each change as "busy" (two param updates, ~0.9 ms a drag) to drive a busy
    # indicator; this page shows none, so a drag step need not be counted
    _busy__ignore = ["value"]

    def __init__(self, **params):
        super().__init__(**params)
        self.on_page_change = None  # called with each value the page sends, as Bokeh applies it

    def _get_model(self, doc, root=None, parent=None, comm=None):
        model = super()._get_model(doc, root, parent, comm)
        model.on_change("value", partial(self._page_changed, doc))
        return model

    def _page_changed(self, doc, attr, old, new) -> None:
        # Bokeh also calls this when Python changes the model (Panel passing `value` on):
        # on_page_change sees a value it has already had and leaves it
        if self.on_page_change is not None:
            with set_curdoc(doc):
                self.on_page_change(new)


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


# ---------------------------------------------------------------------------------------------
# The static site's worker (static/worker.js calls this once Python has started)
# ---------------------------------------------------------------------------------------------
def worker_handlers():
    """(apply_patch, set_location) for the page's messages, applied in the order they come.

    Panel's worker stores each message in a global and runs async code that reads the global
    after an await, so two messages in quick succession lost the first and applied the second
    twice (one click on "One epoch" trained two); no upstream issue found (holoviz/panel#4913
    fixed queued events, not this). Each patch is converted at once with Panel's private
    `panel.io.pyodide._convert_json_patch` and applied in a task; tasks run in the order made.
    Without it: tests/ui/test_static_site.py::test_training_xor_from_a_seeded_link_in_the_static_site.

    And Bokeh's `Document.apply_json_patch` ends by counting every model of the document as
    known to the page (`flush_synced` with a Deserializer that holds them all). In Pyodide a
    model made while the document is held (a lazy tab opened, a network of another shape) is
    sent only when the hold ends: if a patch from the page was applied meanwhile, the model went
    out as a bare reference and the page said "reference ... isn't known" and dropped the
    change (the sidebar kept the old network's sliders). The models still waiting to be sent
    (Bokeh's `DocumentModelManager._new_models`) are kept waiting. No upstream issue found.
    Without it: tests/ui/test_losses_static.py::test_three_classes_train_and_the_heatmap_shows_three_colours_in_the_static_site.
    """
    import asyncio
    import json

    from panel.io.pyodide import _convert_json_patch
    from panel.io.state import state
    from panel.util import edit_readonly

    def apply_patch(patch):
        # converted now, applied in a task: Panel's callbacks expect a running event loop
        events = _convert_json_patch(patch)

        async def apply():
            doc = state.curdoc
            unsent = set(doc.models._new_models)
            doc.apply_json_patch(events, setter='js')
            doc.models._new_models |= {model for model in unsent if doc.models.get_by_id(model.id) is model}

        asyncio.get_event_loop().create_task(apply())

    def set_location(location):
        if state.location:
            data = json.loads(location)
            with edit_readonly(state.location):
                state.location.param.update({k: v for k, v in data.items() if k in state.location.param})

    return apply_patch, set_location


def send_patches_as_json() -> None:
    """In the static site, send Python's changes to the page as JSON text, not as JS objects.

    Panel's worker link (`panel.io.pyodide._link_docs_worker`) converts each patch with
    Pyodide's `to_js`, which turns a `None` into `undefined`; Panel's `_dict_converter` puts
    `null` back for a dict's values but not for a list's items. A list holding None (the tags
    of the CustomJS behind Copy link) reached BokehJS holding undefined, and the next time the
    page serialised that model (clicking Copy link sends the click to Python) it threw
    "[object Undefined] is not serializable". JSON text keeps null; static/worker.js parses it
    in the worker, before the page sees it. No upstream issue found. Without it:
    tests/ui/test_links_static.py::test_copy_link_in_the_static_site_copies_the_address_with_no_page_error.
    Called by app/main.py when it runs in Pyodide, before the page is linked.
    """
    if not in_pyodide():
        return
    import json

    import js
    import panel.io.pyodide as panel_pyodide
    import pyodide.ffi
    from bokeh.events import DocumentReady

    def link_docs_worker(doc, dispatch_fn, msg_id=None, setter=None):
        def pysync(event):
            if setter is not None and getattr(event, "setter", None) == setter:
                return
            json_patch, buffer_map = panel_pyodide._process_document_events(doc, [event])
            buffers = js.Map.new(pyodide.ffi.to_js(buffer_map))
            dispatch_fn(json.dumps(json_patch), buffers, msg_id)

        doc.on_change(pysync)
        doc.unhold()
        doc.callbacks.trigger_event(DocumentReady())

    panel_pyodide._link_docs_worker = link_docs_worker


# ---------------------------------------------------------------------------------------------
# Style sheets in a notebook with no network
# ---------------------------------------------------------------------------------------------
def _inline_notebook(doc) -> bool:
    """A notebook's document with `pn.extension(..., inline=True)`: no server, not Pyodide."""
    return (doc is not None and pn.config.inline and not in_pyodide()
            and getattr(doc, "session_context", None) is None)


class _InlineStyleSheets(dict):
    """One document's style-sheet cache that answers a Panel CDN URL with the file's text inline."""

    def _local(self, url):
        from panel.io.resources import CDN_DIST, DIST_DIR

        if isinstance(url, str) and url.startswith(CDN_DIST):
            path = DIST_DIR / url[len(CDN_DIST):].split("?")[0]
            return path if path.is_file() else None
        return None

    def __bool__(self):
        return True  # Panel's theme code skips an empty cache

    def __setitem__(self, url, sheet):
        # Panel's `Reactive._get_properties` reads a cached sheet's `url` to check it, and on the
        # inline sheet's AttributeError caches the URL's ImportedStyleSheet in its place: from the
        # first render on, later changes of a pane (the table after a drag) named the CDN again
        from bokeh.models import ImportedStyleSheet

        if isinstance(sheet, ImportedStyleSheet) and self._local(url) is not None:
            return
        super().__setitem__(url, sheet)

    def __contains__(self, url):
        return super().__contains__(url) or self._local(url) is not None

    def __missing__(self, url):
        from bokeh.models import InlineStyleSheet

        path = self._local(url)
        if path is None:
            raise KeyError(url)
        sheet = self[url] = InlineStyleSheet(css=path.read_text(encoding="utf-8"))
        return sheet


class _StyleSheetCaches(weakref.WeakKeyDictionary):
    """Panel's per-document style-sheet caches (`state._stylesheets`), inline ones in a notebook."""

    def _ensure(self, doc):
        if _inline_notebook(doc) and not super().__contains__(doc):
            super().__setitem__(doc, _InlineStyleSheets())

    def __contains__(self, doc):
        self._ensure(doc)
        return doc is not None and super().__contains__(doc)

    def __getitem__(self, doc):
        self._ensure(doc)
        return super().__getitem__(doc)

    def get(self, doc, default=None):
        if doc is None:
            return default
        self._ensure(doc)
        return super().get(doc, default)


def inline_style_sheets_in_notebooks() -> None:
    """In a notebook with `inline=True`, every Panel style sheet goes inline, later ones too.

    `inline=True` inlines the scripts and, at the first render, the style sheets; but models
    Panel makes afterwards (an opened tab, rebuilt sliders, a changed pane) and its theme
    still name their style sheets by URL on cdn.holoviz.org, so offline those requests fail.
    Panel keeps one cache of style-sheet models per document (`state._stylesheets`), which
    both its widgets and its themes read; for a notebook's document this cache answers each CDN
    URL with an inline copy of Panel's own file, and keeps it there. No upstream issue found in
    holoviz/panel. Without it (found by a JupyterLab test, `git log -- tests/ui/test_jupyter.py`;
    tests/app/test_panel_compat.py::test_a_notebooks_inline_style_sheet_is_not_replaced_by_its_cdn_url)
    JupyterLab offline asked cdn.holoviz.org
    for loading.css, katex.css and the theme's default.css and native.css; with the inline copies
    but not kept, for loading.css once a drag had redrawn the diagram's table).
    """
    from panel.io.state import state

    if not isinstance(state._stylesheets, _StyleSheetCaches):
        caches = _StyleSheetCaches()
        caches.update(state._stylesheets)
        type(state)._stylesheets = caches


inline_style_sheets_in_notebooks()  # on import: it acts only where a notebook asked for inline
