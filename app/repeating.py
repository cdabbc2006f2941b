"""Run an action every so often until stopped: training's Play."""
from __future__ import annotations

import panel as pn
from panel.io.state import set_curdoc

from .pacing import call_at, timer_loop
from .panel_compat import in_pyodide


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
        self._loop = timer_loop() if in_pyodide() else None
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
                self._handle = call_at(self._loop, start + self.period, self._fire)

    def stop(self) -> None:
        if self._callback is not None:
            self._callback.stop()
            self._callback = None
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
