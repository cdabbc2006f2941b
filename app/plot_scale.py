"""The diagram's plot, measured for its labels: the width they are placed for, the x and y
ranges and the height that leave room for them, the layers too crowded for labels beside
their units, and `Scale`, from pixels on the page to the layout's data units.

Labels are measured, not drawn: a line of 11 px text is about 6 px a character wide and 13 px
high (DejaVu Sans, as Debian's chromium draws it). Pure functions of the layout and the plot's
width.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from .layout import LAYER_SPACING, UNIT_SPACING, Layout

PLOT_HEIGHT_PX = 560  # the figure's least height (app/diagram.py); plot_height() may add to it
PLOT_WIDTH_PX = 560  # the widest plot labels are placed for: clear there, they are clear on any wider one
MIN_PLOT_WIDTH_PX = 240  # the narrowest: a 320 px phone's plot, less its margins
WIDTH_STEP_PX = 20  # a width is taken down to a multiple of this, so that a resize by a few pixels places nothing again
NARROWEST_STEPPED_PX = 340  # a plot under this (a phone under ~358 px wide) is placed for MIN_PLOT_WIDTH_PX
# the widths under PLOT_WIDTH_PX the static page bakes its steps for too (app/baked.py), so that
# what a phone or a tablet replays before Python has started is what Python then draws. A phone
# held upright: 340 px, the plot of a 360- or 375-px phone; 360, of a 390- or 393-px one; 380, of
# a 412- or 414-px one; 400, of a 428- or 430-px one. A window of 821 to 889 px, where the sidebar
# is beside the diagram (app/page.css): 480, one under 830 px; 500, an 834-px tablet upright (an
# 11-inch iPad Pro) or an 844-px phone on its side; 520, an 851- or 852-px phone on its side; 540,
# a window of 870-889 px.
BAKED_NARROW_WIDTHS_PX = (MIN_PLOT_WIDTH_PX, NARROWEST_STEPPED_PX, 360, 380, 400, 480, 500, 520, 540)
NODE_SIZE_PX = 46
BIAS_SIZE_PX = 13  # a bias's square
CHAR_PX, LINE_PX, PAD_PX = 6.0, 13.0, 2.0
UNIT_LABEL_PX = (84.0, 32.0)  # "h = -0.0601 / a = 0.387" beside a unit ...
LABEL_GAP_PX = 4  # ... this far from its circle
BIAS_LABEL_PX = (70.0, 30.0)  # "b = 0 / Δ = 0.0166" left of a bias's square
SIDE_PX = (118.0, 118.0)  # left: a δ (or a bias) label beside the leftmost unit; right: its h, a
MIN_MARGINS_PX = 80.0  # the two sides' least room, where the units need the plot: half a stacked label on the right, the rest on the left
STEP_ASIDE_PX = 20.0  # an h, a label's first step aside from an edge (app/unit_labels.py's VALUES_BESIDE)
MIN_GAP_PX = 70.0  # units of a wide layer stay this far apart: room for the labels stacked under them
STACKED_LINE_PX = 57.0  # the widest stacked line, "δ=-0.000234" in bold 10 px, as chromium draws it
STACKED_SIDE_PX = 40.0  # half a stacked label, and a little more, beside the outermost units
STACKED_LAYER_PX = 120.0  # a layer, its units' stacked labels and the next layer's δ: the plot grows to fit
LAYER_PX = 100.0  # a layer beside its units' labels: a unit (46), a 3-line edge label (41), the h, a below the next
MAX_PX_PER_UNIT = 220.0  # a small network is not blown up to fill the plot


def placement_width(drawn_px: float | None) -> float:
    """The width to place labels for, given the plot's drawn inner width in pixels (None: not yet
    drawn): taken down to a multiple of WIDTH_STEP_PX, and under NARROWEST_STEPPED_PX to
    MIN_PLOT_WIDTH_PX. Never more than the plot has (but for a plot under MIN_PLOT_WIDTH_PX), so
    that what is clear at this width is clear as drawn: a wider plot stretches the same data
    range, every gap grows and no pixel-sized box does. Capped at PLOT_WIDTH_PX: a wider plot only
    spreads out what already fits, and the static page's usual baked steps are placed for it."""
    if drawn_px is None or not math.isfinite(drawn_px):
        return float(PLOT_WIDTH_PX)
    if drawn_px < NARROWEST_STEPPED_PX:
        return float(MIN_PLOT_WIDTH_PX)
    return float(min(PLOT_WIDTH_PX, math.floor(drawn_px / WIDTH_STEP_PX) * WIDTH_STEP_PX))


def x_range(layout: Layout, width_px: float = PLOT_WIDTH_PX) -> tuple[float, float]:
    """The plot's x range: the units' extent plus room, in pixels, for the labels at the sides.

    Margins in data units would shrink as a network widens (an 8-unit layer's last h, a was cut
    off) or waste the plot on a narrow one (the lesson's 2-1-1 sat in its middle third). Where
    the units are too close for their labels beside them, the labels go under and over them
    (`stacked`), and the sides need only half a label.
    """
    return _x_range(layout, width_px, stacked=crowded(_sizes(layout), width_px))


def _x_range(layout: Layout, width_px: float, stacked: bool) -> tuple[float, float]:
    lo = min([n.x for n in layout.nodes] + [b.x for b in layout.biases])
    hi = max(n.x for n in layout.nodes)
    span = hi - lo
    # stacked, a bias is labelled only when a step is about it alone, but then beside it, on the left
    bias_side = BIAS_LABEL_PX[0] + BIAS_SIZE_PX if layout.biases else STACKED_SIDE_PX
    sides = (bias_side, STACKED_SIDE_PX) if stacked else SIDE_PX
    margins, per_unit = _scale(span, width_px, sides)
    left_px, right_px = _sides_px(margins, sides)
    left, right = left_px / per_unit, right_px / per_unit
    extra = max(0.0, width_px / per_unit - span - left - right) / 2  # a capped scale: centre it
    return lo - left - extra, hi + right + extra


def _sides_px(margins: float, sides: tuple[float, float]) -> tuple[float, float]:
    """The side margins in pixels, shared as the sides ask; where there is less room than they
    ask (a 320-px phone's plot), the right side keeps at least half a stacked label (more than
    half a unit) and the left the rest."""
    right = min(sides[1], max(STACKED_LINE_PX / 2 + LABEL_GAP_PX, margins * sides[1] / sum(sides)))
    return margins - right, right


def crowded(sizes: list[int], width_px: float = PLOT_WIDTH_PX) -> bool:
    """Are neighbouring units closer than a unit and its h, a label beside it, and, where a hidden
    layer has a middle unit, room for that label to step aside from an edge? (Layer sizes only.)
    A hidden unit's edges leave it below and above; in a layer of two each unit has an outer side
    clear of them, and an input or output unit's edges leave on one side only. XOR's middle hidden
    unit had no clear place beside it on plots of 520-540 px without that room."""
    widest = max(sizes)
    if widest < 2:
        return False
    _, per_unit = _scale((widest - 1) * UNIT_SPACING, width_px, SIDE_PX)
    room = STEP_ASIDE_PX if any(k > 2 for k in sizes[1:-1]) else 0.0
    return UNIT_SPACING * per_unit < NODE_SIZE_PX + LABEL_GAP_PX + UNIT_LABEL_PX[0] + room


def _scale(span: float, width_px: float, sides: tuple[float, float]) -> tuple[float, float]:
    """(pixels of side margin, pixels per data unit) for units spanning `span` data units."""
    margins = min(sum(sides), max(MIN_MARGINS_PX, width_px - span / UNIT_SPACING * MIN_GAP_PX))
    per_unit = min(MAX_PX_PER_UNIT, (width_px - margins) / span) if span > 0 else MAX_PX_PER_UNIT
    return margins, per_unit


def _sizes(layout: Layout) -> list[int]:
    counts = Counter(n.layer for n in layout.nodes)
    return [counts[layer] for layer in sorted(counts)]


def stacked_layers(layout: Layout, width_px: float = PLOT_WIDTH_PX) -> frozenset[int]:
    """The layers whose units' labels go under (h, a) and over (δ) them: in a crowded network,
    those of two units or more. One unit alone keeps its labels beside it."""
    sizes = _sizes(layout)
    if not crowded(sizes, width_px):
        return frozenset()
    return frozenset(layer for layer, k in enumerate(sizes) if k > 1)


def silent_layers(layout: Layout, width_px: float = PLOT_WIDTH_PX) -> frozenset[int]:
    """The stacked layers whose units are too close even for their labels under and over them (a
    wide network on a phone): those units' labels and targets are left out, where they could only
    pile up. Hovering a unit, the diagram's table and the formula pane still give every number."""
    stacked = stacked_layers(layout, width_px)
    if not stacked:
        return frozenset()
    gap_px = UNIT_SPACING / Scale(layout, width_px).x
    return stacked if gap_px < STACKED_LINE_PX + LABEL_GAP_PX else frozenset()


BIAS_LABEL_OFFSET_PX = 12  # a bias's label ends this far left of its square (app/diagram.py)
BIAS_FONT_PX = 10


BIAS_WIDEST = "b = -0.000511\nΔ = -0.000511"


def _bias_label_px(text: str) -> tuple[float, float]:
    lines = text.split("\n")
    return (max(len(line) for line in lines) * CHAR_PX * BIAS_FONT_PX / 11 + PAD_PX,
            len(lines) * LINE_PX * BIAS_FONT_PX / 11 + PAD_PX)


def stacked_bias_label_fits(layout: Layout, bias, text: str, width_px: float = PLOT_WIDTH_PX) -> bool:
    """In a stacked layer a bias sits halfway between its unit and the one to its left, and its
    label runs left from it: does it end clear of that unit? (The leftmost's runs into the margin.)"""
    if bias.j == 0:
        return True
    gap_px = UNIT_SPACING / Scale(layout, width_px).x
    return BIAS_LABEL_OFFSET_PX + _bias_label_px(text)[0] + NODE_SIZE_PX / 2 <= gap_px / 2


def stacked_bias_label_box(scale: "Scale", bias, text: str) -> "Box":
    """Where a stacked layer's bias label is drawn: right-aligned, BIAS_LABEL_OFFSET_PX left of its square."""
    w, h = _bias_label_px(text)
    return scale.box(bias.x, bias.y, w, h, dx_px=-BIAS_LABEL_OFFSET_PX - w / 2)


def plot_height(layout: Layout, width_px: float = PLOT_WIDTH_PX) -> int:
    """The figure's height in pixels: taller for a deep network, so that a 3-line edge label fits
    between two units (more still where the labels are stacked under and over them)."""
    y0, y1 = y_range(layout)
    per_layer = STACKED_LAYER_PX if stacked_layers(layout, width_px) else LAYER_PX
    return max(PLOT_HEIGHT_PX, math.ceil(per_layer / LAYER_SPACING * (y1 - y0)))


def y_range(layout: Layout) -> tuple[float, float]:
    return -0.45, layout.height + 0.6


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def contains(self, other: Box) -> bool:
        return self.x0 <= other.x0 and other.x1 <= self.x1 and self.y0 <= other.y0 and other.y1 <= self.y1

    def overlap(self, other: Box) -> float:
        w = min(self.x1, other.x1) - max(self.x0, other.x0)
        h = min(self.y1, other.y1) - max(self.y0, other.y0)
        return w * h if w > 0 and h > 0 else 0.0


class Scale:
    """Pixels to data units for this layout's plot, `width_px` wide."""

    def __init__(self, layout: Layout, width_px: float = PLOT_WIDTH_PX):
        self.width_px = width_px
        (x0, x1), (y0, y1) = x_range(layout, width_px), y_range(layout)
        self.x = (x1 - x0) / width_px
        self.y = (y1 - y0) / plot_height(layout, width_px)

    def box(self, x: float, y: float, w_px: float, h_px: float, dx_px: float = 0.0, dy_px: float = 0.0) -> Box:
        """A w x h pixel box centred dx, dy pixels from the data point (x, y)."""
        cx, cy = x + dx_px * self.x, y + dy_px * self.y
        return Box(cx - w_px / 2 * self.x, cy - h_px / 2 * self.y, cx + w_px / 2 * self.x, cy + h_px / 2 * self.y)
