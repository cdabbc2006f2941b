"""StateSlider: a slider whose drags go to the lab state and which follows the state's value back."""
from __future__ import annotations

from .drag import Drag
from .panel_compat import LiveSlider, one_message

SLIDER_RANGE = 5.0  # sliders span ±5, or more when a weight has grown past that


def _span(value: float) -> float:
    return max(SLIDER_RANGE, abs(value) * 1.25)


def _clean(value):
    """`value` to 12 significant digits: a slider step's float noise gone, any typed value kept."""
    try:
        return float(f"{float(value):.12g}")
    except (TypeError, ValueError):
        return value


class StateSlider:
    """A LiveSlider that sends drags to the state and follows the state's value back.

    A value reaches `on_change` once, whichever way it comes first: from the page as Bokeh
    applies it (`LiveSlider.on_page_change`), or as the widget's `value` set in Python; it is
    a step of a drag (`drag.step`), and letting the handle go ends the drag (`drag.released`).
    """

    def __init__(self, name: str, value: float, on_change, css: str, drag: Drag, start: float | None = None,
                 end: float | None = None):
        span = _span(value)
        self.widget = LiveSlider(
            name=name, value=value, start=-span if start is None else start, end=span if end is None else end,
            step=0.01, format="0[.]000", css_classes=[css], sizing_mode="stretch_width",
        )
        self._on_change = on_change
        self._handled = value  # the last value given to on_change or shown from the state
        self._syncing = False
        self.widget.on_page_change = self._take
        self.widget.param.watch(self._changed, "value")
        self._drag = drag
        self._moved = False  # the page has moved the handle since it was last let go
        # the page sets value_throttled when the handle is let go, and in the static site also
        # when Python has moved the handle (a trained network's weights): only a move counts
        self.widget.param.watch(self._let_go, "value_throttled")

    def _changed(self, event) -> None:
        if not self._syncing:
            self._take(event.new)

    def _take(self, value) -> None:
        # Panel's update of a value the page sent and was answered, or the page's echo of a value
        # Python gave it (the static site's slider sends it back): the same value, unrounded
        if value == self._handled:
            return
        # the page's slider adds its steps in floating point: a drag to 3.03 sends
        # 3.030000000000001, which the diagram rounds but a shared link would carry in full
        value = _clean(value)
        if value == self._handled:
            return
        self._moved = True
        # every model the change touches goes to the page in one message, not one each
        with one_message(), self._drag.step():
            self._on_change(value)
        # only now: should on_change fail, Panel's own update of `value` tries once more,
        # on Panel's path, whose error handling shows the failure
        self._handled = value

    def _let_go(self, event) -> None:
        if self._moved:
            self._moved = False
            self._drag.param.trigger("released")

    def show(self, value: float) -> None:
        self._handled = value
        # the page's own value, less its float noise, is this one: sending the rounded value
        # would only race the drag going on (a notebook's page echoes it back, late)
        if _clean(self.widget.value) == value:
            return
        self._syncing = True
        try:
            if abs(value) > self.widget.end or -abs(value) < self.widget.start:
                span = _span(value)
                self.widget.param.update(start=-span, end=span)
            self.widget.value = value
        finally:
            self._syncing = False

