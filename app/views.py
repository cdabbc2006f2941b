"""The base of every view over the lab's one state."""
from __future__ import annotations

import panel as pn
import param

from .drag import Drag, drag_of
from .pacing import Trailing
from .state import LabState


class StateView(pn.viewable.Viewer):
    """A view computed from one LabState (Panel's store-and-views pattern)."""

    state = param.ClassSelector(class_=LabState, doc="The lab state this view shows or edits.")

    @property
    def drag(self) -> Drag:
        """The drag of the sliders over this view's state (app/drag.py)."""
        return drag_of(self.state)

    def when_settled(self, later: Trailing, also: bool = True) -> None:
        """Run `later`'s action once a drag pauses, or now when nothing is being dragged
        (`Drag.when_settled`): the slow parts of a view wait rather than redraw on every step."""
        self.drag.when_settled(later, also)
