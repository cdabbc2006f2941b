"""Is a slider being dragged? The one place that says, apart from the lab's state.

A drag step is applied at once: the slider's callback sets the state, and every view's
watcher runs before it returns. `Drag.step` marks that call, so that the views over the same
state know the change they draw comes from a drag and the slow parts of them (typeset
formulas, the page's address, rebuilt sliders, the hover tool's columns) wait for the pause
(`when_settled`). The state itself records only what the learner changed and what follows.
"""
from __future__ import annotations

import weakref
from contextlib import contextmanager

import param

from .pacing import Trailing


class Drag(param.Parameterized):
    """The sliders' drags over one lab state."""

    live = param.Boolean(default=False, doc=(
        "True while a drag step of a slider is being applied: views that are slow to draw "
        "(the formula panes, the page's address) may wait until the drag pauses."))
    released = param.Event(doc=(
        "A slider was let go (or stepped by a key): the drag is over, and the page's address, "
        "one history entry per drag, may follow (app/share_view.py)."))

    @contextmanager
    def step(self):
        """Apply one step of a drag inside."""
        was, self.live = self.live, True
        try:
            yield
        finally:
            self.live = was

    def when_settled(self, later: Trailing, also: bool = True) -> None:
        """Run `later`'s action once a drag pauses, or now when nothing is being dragged;
        `also` adds a view's own condition for waiting."""
        later.when(self.live and also)


_drags: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def drag_of(state) -> Drag:
    """The drag of the sliders over this state: the sliders and views of one state share one."""
    drag = _drags.get(state)
    if drag is None:
        drag = _drags[state] = Drag()
    return drag
