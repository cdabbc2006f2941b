"""What runs in the page itself (app/page_events.js), attached to Bokeh's own document events.

Bokeh serialises a document's JS callbacks with it, so the same code reaches the page under
`panel serve`, in the static site (where the worker sends the document) and in a notebook.
"""
from __future__ import annotations

from pathlib import Path

from bokeh.models import CustomJS

CODE = (Path(__file__).with_name("page_events.js")).read_text(encoding="utf-8")


def attach(doc) -> None:
    """Run page_events.js when `doc` is shown (upload limits) and when its connection is lost (the notice)."""
    if doc is None:
        return
    doc.js_on_event("document_ready", CustomJS(args={"when": "ready"}, code=CODE))
    doc.js_on_event("connection_lost", CustomJS(args={"when": "lost"}, code=CODE))
