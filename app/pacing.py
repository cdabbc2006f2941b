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

import panel as pn
from panel.io.state import set_curdoc

from .panel_compat import in_pyodide, one_message

WAIT_MS = 150


def timer_loop():
    """The event loop that will run a timer, or None when nothing would ever run it."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        pass
    if in_pyodide():
        return asyncio.get_event_loop()  # Pyodide's WebLoop runs timers without "running"
    return None


def call_at(loop, when: float, callback, *args):
    """`loop.call_at(when, ...)`, or at once when `when` has already passed.

    Pyodide's WebLoop refuses a time in the past (ValueError) where asyncio's runs it at once,
    and its `call_at` reads the clock again, so a timer set for "now" after a slow frame was a
    past one: training's Play stopped under load while its button still said Pause.
    """
    return loop.call_later(max(0.0, when - loop.time()), callback, *args)


class Trailing:
    """Calling it asks for `action`; the action runs `wait_ms` after the last ask, once."""

    def __init__(self, action, wait_ms: float = WAIT_MS):
        self.action = action
        self.wait = wait_ms / 1000
        self._due = None  # loop time the action is due at, None when nothing is pending
        self._handle = None
        self._doc = None

    def __call__(self) -> None:
        loop = timer_loop()
        if loop is None:
            self.cancel()
            self.action()
            return
        self._doc = pn.state.curdoc
        self._due = loop.time() + self.wait
        if self._handle is None:
            self._handle = call_at(loop, self._due, self._fire, loop)

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
            self._handle = call_at(loop, self._due, self._fire, loop)
            return
        self._handle = self._due = None
        doc = self._doc
        if doc is not None and doc.session_context is not None and not in_pyodide():
            # under panel serve: change the models while holding the document's lock
            doc.add_next_tick_callback(self._run)
        else:
            self._run()

    def _run(self) -> None:
        with set_curdoc(self._doc), one_message():
            self.action()
