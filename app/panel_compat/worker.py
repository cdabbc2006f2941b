"""The static site's worker: the page's messages in order, and Python's changes sent as JSON."""
from __future__ import annotations

from .pyodide_hold import in_pyodide


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
