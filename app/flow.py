"""A tab's rows on every screen: side by side where they fit, one under another where they do not.

A pn.Row keeps its items on one line, so on a phone a tab of them made the page wider than
the screen and the tab bar ran off its side. These wrap instead, and a chart (app/charts.py)
shrinks, keeping its shape, to the width it is given.
"""
from __future__ import annotations

import panel as pn

from .theme import TOUCH_BUTTON_CSS


ITEM_PX = 280  # a row's widget at most: four to a line beside a desktop's sidebar


def row(*items, **params) -> pn.FlexBox:
    """`items` on one line where the screen is wide enough, else on as many as they need.

    The app stretches what has no sizing mode of its own (app/main.py's pn.extension), and in
    a FlexBox, not a Bokeh layout, a stretched widget takes a whole line: so a stretched widget
    is held to ITEM_PX (or its own width, if less), narrower where the screen is. A row's
    buttons are a finger's height on a touch screen, as the step controls are."""
    items = [pn.panel(item) for item in items]
    for item in items:
        if not isinstance(item, pn.widgets.Widget):
            continue
        if item.sizing_mode in (None, "stretch_width") and item.max_width is None:
            item.param.update(sizing_mode="stretch_width", max_width=min(item.width or ITEM_PX, ITEM_PX))
        touch(item)
    return pn.FlexBox(*items, flex_wrap="wrap", sizing_mode="stretch_width", **params)


def cell(*items, width: int, grow: bool = False, **params) -> pn.Column:
    """`items` one under another, a row's item `width` px wide where there is room and narrower
    on a phone; `grow` lets it take a wide screen's spare width too (else it holds a chart, which
    is no wider than `width`)."""
    most = "none" if grow else f"{width + 20}px"  # a chart's margins
    return pn.Column(*items, sizing_mode="stretch_width",
                     styles={"flex": f"1 1 {width}px", "min-width": "0", "max-width": most}, **params)


def touch(widget):
    """`widget`'s buttons (a button's, a toggle's, a group's) 44 px high on a touch screen; returns it."""
    if TOUCH_BUTTON_CSS not in widget.stylesheets:
        widget.stylesheets = [*widget.stylesheets, TOUCH_BUTTON_CSS]
    return widget
