"""Run a slow view's redraw once a burst of changes has stopped (a trailing debounce).

While a weight slider is dragged the diagram follows every step, but re-typesetting the
formula with MathJax costs the browser ~70 ms a time and the page's address gets a
history entry per change: those views wait until the drag pauses for `wait_ms`
(measured: benchmarks/bench_serve.py, docs/benchmarks.md).

Works under `panel serve` (Tornado's asyncio loop), in Pyodide (its WebLoop) and in a
notebook; with no event loop at all (scripts, in-process tests) the action runs at once.
"""
from __future__ import annotations

import asyncio
from contextlib import contextmanager

import panel as pn
from panel.io.state import set_curdoc

WAIT_MS = 150


def _loop():
    """The event loop that will run a timer, or None when nothing would ever run it."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        pass
    if pn.state._is_pyodide:
        return asyncio.get_event_loop()  # Pyodide's WebLoop runs timers without "running"
    return None


class Trailing:
    """`trailing()` asks for `action`; it runs `wait_ms` after the last ask, once."""

    def __init__(self, action, wait_ms: float = WAIT_MS):
        self.action = action
        self.wait = wait_ms / 1000
        self._due = None  # loop time the action is due at, None when nothing is pending
        self._handle = None
        self._doc = None

    def __call__(self) -> None:
        loop = _loop()
        if loop is None:
            self.cancel()
            self.action()
            return
        self._doc = pn.state.curdoc
        self._due = loop.time() + self.wait
        if self._handle is None:
            self._handle = loop.call_at(self._due, self._fire, loop)

    def when(self, later: bool) -> None:
        """After the pause if `later` (a drag goes on), else at once, superseding a pending run."""
        if later:
            self()
        else:
            self.cancel()
            self.action()

    def cancel(self) -> None:
        """Forget a pending run (a change that is drawn at once supersedes it)."""
        if self._handle is not None:
            self._handle.cancel()
        self._handle = self._due = None

    def _fire(self, loop) -> None:
        if self._due is None:
            self._handle = None
            return
        if loop.time() < self._due:  # asked again since the timer was set: wait on
            self._handle = loop.call_at(self._due, self._fire, loop)
            return
        self._handle = self._due = None
        doc = self._doc
        if doc is not None and doc.session_context is not None and not pn.state._is_pyodide:
            # under panel serve: change the models while holding the document's lock
            doc.add_next_tick_callback(self._run)
        else:
            self._run()

    def _run(self) -> None:
        with set_curdoc(self._doc), one_message():
            self.action()


@contextmanager
def one_message():
    """Send every model change made inside as one message to the page (one paint, not several).

    Under `panel serve` that is Panel's hold. Not in Pyodide: there Panel's hold drops the
    events of a document it does not count as loaded (the slider never moved the diagram),
    and each change is a cheap postMessage anyway.
    """
    if pn.state._is_pyodide or pn.state.curdoc is None:
        yield
        return
    with pn.io.hold():
        yield


@contextmanager
def children_sent():
    """Make sure the page gets the change of a layout's children made inside.

    Panel holds the document while a layout's children change and, on letting go, sends the
    held events only if it counts the document as loaded, which it never does in Pyodide: there
    the events stayed held, and an opened tab stayed empty (`pn.Tabs(dynamic=True)` failed the
    same way). Holding the document here first makes Panel's hold part of this one, and this
    unhold sends them.
    """
    doc = pn.state.curdoc
    if doc is None or not pn.state._is_pyodide or doc.callbacks.hold_value is not None:
        yield  # under panel serve Panel sends them; an outer hold sends them when it ends
        return
    doc.hold("combine")
    try:
        yield
    finally:
        doc.unhold()


def send_frames_at_once() -> None:
    """Let this session's websocket send a small frame at once (TCP_NODELAY); for `pn.state.onload`.

    Bokeh and Panel write each message as three or more websocket frames (header, metadata,
    content). Tornado leaves Nagle's algorithm on, so a frame written while the one before it
    is still unacknowledged waits for that acknowledgement, which the browser may delay by
    40 ms: measured under `panel serve`, 1 drag in 20 had its header and its content 43 ms
    apart (benchmarks/bench_serve.py). Tornado's `set_nodelay(True)` is its switch for this.
    Outside `panel serve` (Pyodide, a notebook) there is no such socket and nothing to do.
    """
    session = getattr(getattr(pn.state.curdoc, "session_context", None), "session", None)
    for connection in list(getattr(session, "_subscribed_connections", ())):
        socket = getattr(connection, "_socket", None)
        # tornado's set_nodelay needs the socket still open
        if hasattr(socket, "set_nodelay") and getattr(socket, "ws_connection", None) is not None:
            socket.set_nodelay(True)


class Repeating:
    """`action()` every `period_ms` until `stop()`.

    Under `panel serve` (and in a notebook) that is Panel's periodic callback. In Pyodide it is a
    chain of the event loop's timers instead: stopping Panel's callback there cancels its asyncio
    task, and Pyodide 0.27's loop then logs the task's CancelledError as a traceback in the
    browser's console each time training is paused. A cancelled timer raises nothing.
    """

    def __init__(self, action, period_ms: float):
        self.action = action
        self.period = period_ms / 1000
        self._callback = self._handle = None
        self._loop = _loop() if pn.state._is_pyodide else None
        if self._loop is None:
            self._callback = pn.state.add_periodic_callback(action, period=period_ms)
        else:
            self._doc = pn.state.curdoc
            self._handle = self._loop.call_later(self.period, self._fire)

    def _fire(self) -> None:
        start = self._loop.time()
        try:
            with set_curdoc(self._doc):
                self.action()
        finally:
            if self._handle is not None:  # not stopped by the action: the next one, a period after this one began
                self._handle = self._loop.call_at(max(start + self.period, self._loop.time()), self._fire)

    def stop(self) -> None:
        if self._callback is not None:
            self._callback.stop()
            self._callback = None
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
