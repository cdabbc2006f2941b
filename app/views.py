"""The base of every view over the lab's one state, and the one rule for "wait while dragging"."""
from __future__ import annotations

import panel as pn
import param

from .pacing import Trailing
from .state import LabState


class StateView(pn.viewable.Viewer):
    """A view computed from one LabState (Panel's store-and-views pattern)."""

    state = param.ClassSelector(class_=LabState, doc="The lab state this view shows or edits.")

    def when_settled(self, later: Trailing, also: bool = True) -> None:
        """Run `later`'s action once a drag pauses, or now when nothing is being dragged.

        A slider being dragged sets `state.live`; the slow parts of a view (typeset formulas,
        the page's address, rebuilt sliders) wait for the pause rather than redraw on every
        step. `also` adds a view's own condition for waiting.
        """
        later.when(self.state.live and also)

    def _released(self) -> None:
        """A slider of this view was let go: a drag is over (LabState.released)."""
        self.state.param.trigger("released")
