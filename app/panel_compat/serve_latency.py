"""Latency under `panel serve`: small websocket frames at once, and a slider answered as its change is applied."""
from __future__ import annotations

from functools import partial

import panel as pn
from panel.io.state import set_curdoc


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
