"""Where the labels go: each unit's beside it, or above and below it in a crowded layer; each
edge's along its edge, where it covers no other label and no unit and stays inside the plot.

Pure functions of the layout, the labels' line counts and the plot's size. Labels are
measured, not drawn: a line of 11 px text is about 6 px a character wide and 13 px high
(DejaVu Sans, as Debian's chromium draws it), and every label is taken as 13 characters
wide, so that its place depends on its number of lines only. A short search looks for a
place along each edge, from the middle outwards, clear of the units, the units' own labels
and the other edge labels; where there is none for all of them (a crowded layer, a narrow
window), the step's own labels are placed first and a label with no clear place left is left
out (hovering its edge gives its numbers). tests/ui/test_label_boxes.py measures the labels
as the page draws them.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, replace

from .layout import LAYER_SPACING, UNIT_SPACING, Edge, Layout

PLOT_HEIGHT_PX = 560  # the figure's least height (app/diagram.py); plot_height() may add to it
PLOT_WIDTH_PX = 560  # the widest plot labels are placed for: clear there, they are clear on any wider one
MIN_PLOT_WIDTH_PX = 240  # the narrowest: a 320 px phone's plot, less its margins
WIDTH_STEP_PX = 20  # a width is taken down to a multiple of this, so that a resize by a few pixels places nothing again
NODE_SIZE_PX = 46
BIAS_SIZE_PX = 13  # a bias's square
CHAR_PX, LINE_PX, PAD_PX = 6.0, 13.0, 2.0
LABEL_CHARS = 13  # the widest line a label usually has: "Δ = -0.000511", "→ -0.294441"
UNIT_LABEL_PX = (84.0, 32.0)  # "h = -0.0601 / a = 0.387" beside a unit ...
LABEL_GAP_PX = 4  # ... this far from its circle
VALUE_DROP_PX = 14  # ... and lowered
DELTA_LABEL_PX = (84.0, 16.0)  # "δ = 0.000708" on a unit's left
DELTA_RAISE_PX = 12  # ... raised, clear of the h and a of the unit to its left
BIAS_LABEL_PX = (70.0, 30.0)  # "b = 0 / Δ = 0.0166" left of a bias's square
ALONG = (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82)  # middle first, then outwards
ASIDE = (0.0, -0.35, 0.35)  # centred on its edge, else shifted this share of its width to a side
SIDE_PX = (118.0, 118.0)  # left: a δ (or a bias) label beside the leftmost unit; right: its h, a
MIN_GAP_PX = 70.0  # units of a wide layer stay this far apart: room for the labels stacked under them
STACKED_FONT_PX = 10  # a crowded layer's labels: "h=-0.0542" is about 55 px wide at 10 px
STACKED_LABEL_PX = (64.0, 25.0)  # "h=-0.0542 / a=0.486" under a unit of a crowded layer
STACKED_DELTA_PX = (64.0, 13.0)  # "δ=0.000708" over it
STACKED_LINE_PX = 57.0  # the widest stacked line, "δ=-0.000234" in bold 10 px, as chromium draws it
STACKED_SIDE_PX = 40.0  # half a stacked label, and a little more, beside the outermost units
STACKED_LAYER_PX = 120.0  # a layer, its units' stacked labels and the next layer's δ: the plot grows to fit
LAYER_PX = 100.0  # a layer beside its units' labels: a unit (46), a 3-line edge label (41), the h, a below the next
MAX_PX_PER_UNIT = 220.0  # a small network is not blown up to fill the plot


def placement_width(drawn_px: float | None) -> float:
    """The width to place labels for, given the plot's drawn inner width in pixels (None: not yet
    drawn). Never more than the plot has, so that what is clear at this width is clear as drawn:
    a wider plot stretches the same data range, every gap grows and no pixel-sized box does.
    Capped at PLOT_WIDTH_PX: a wider plot only spreads out what already fits, and the static
    page's baked steps (app/baked.py) are placed for that width."""
    if drawn_px is None or not math.isfinite(drawn_px):
        return PLOT_WIDTH_PX
    stepped = math.floor(drawn_px / WIDTH_STEP_PX) * WIDTH_STEP_PX
    return float(min(PLOT_WIDTH_PX, max(MIN_PLOT_WIDTH_PX, stepped)))


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
    left = margins * sides[0] / sum(sides) / per_unit
    right = margins * sides[1] / sum(sides) / per_unit
    extra = max(0.0, width_px / per_unit - span - left - right) / 2  # a capped scale: centre it
    return lo - left - extra, hi + right + extra


def crowded(sizes: list[int], width_px: float = PLOT_WIDTH_PX) -> bool:
    """Are neighbouring units closer than a unit and its h, a label beside it? (Layer sizes only.)"""
    widest = max(sizes)
    if widest < 2:
        return False
    _, per_unit = _scale((widest - 1) * UNIT_SPACING, width_px, SIDE_PX)
    return UNIT_SPACING * per_unit < NODE_SIZE_PX + LABEL_GAP_PX + UNIT_LABEL_PX[0]


def _scale(span: float, width_px: float, sides: tuple[float, float]) -> tuple[float, float]:
    """(pixels of side margin, pixels per data unit) for units spanning `span` data units."""
    margins = min(sum(sides), max(60.0, width_px - span / UNIT_SPACING * MIN_GAP_PX))
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


@dataclass(frozen=True)
class UnitLabel:
    """How one of a unit's labels is drawn: its anchor's offset from the unit, in pixels (up is
    positive), its alignment, its font size and the box it takes."""
    dx: float
    dy: float
    align: str  # left, right or center
    baseline: str  # middle, top or bottom
    size: str
    w: float
    h: float

    def box(self, scale: "Scale", x: float, y: float) -> "Box":
        cx = self.dx + {"left": self.w / 2, "right": -self.w / 2, "center": 0.0}[self.align]
        cy = self.dy + {"top": -self.h / 2, "bottom": self.h / 2, "middle": 0.0}[self.baseline]
        return scale.box(x, y, self.w, self.h, dx_px=cx, dy_px=cy)


_BESIDE = NODE_SIZE_PX / 2 + LABEL_GAP_PX
_CLEAR = NODE_SIZE_PX / 2 + 3  # a stacked label starts this far above or below the unit's centre
VALUE_BESIDE = UnitLabel(_BESIDE, -VALUE_DROP_PX, "left", "middle", "12px", *UNIT_LABEL_PX)
DELTA_BESIDE = UnitLabel(-_BESIDE, DELTA_RAISE_PX, "right", "middle", "12px", *DELTA_LABEL_PX)
VALUE_UNDER = UnitLabel(0.0, -_CLEAR, "center", "top", f"{STACKED_FONT_PX}px", *STACKED_LABEL_PX)
DELTA_OVER = UnitLabel(0.0, _CLEAR, "center", "bottom", f"{STACKED_FONT_PX}px", *STACKED_DELTA_PX)


# a unit's h and a, and its δ, beside it, in order of preference: the h, a lowered and the δ
# raised keep clear of a neighbour's; the others are for a unit whose edges leave through those places
VALUES_BESIDE = tuple(replace(VALUE_BESIDE, dx=_BESIDE + dx, dy=dy)
                      for dx in (0.0, 20.0, 40.0) for dy in (-VALUE_DROP_PX, VALUE_DROP_PX, 0.0, 7.0, -7.0, 21.0, -21.0))
DELTAS_BESIDE = tuple(replace(DELTA_BESIDE, dy=dy) for dy in (DELTA_RAISE_PX, -DELTA_RAISE_PX, 0.0, 20.0, -20.0))
VALUE_RAISED = VALUES_BESIDE[1]
EDGE_HALF_PX = 4.0  # half the thickest edge's line (7 px, app/picture.py), and a little more
TARGET_LABEL_PX = (134.0, 15.0)  # "y = 1   y − ŷ = 0.488" over an output unit ...
TARGET_RAISE = 0.32  # ... its foot this far above it, in data units (app/picture.py)


def unit_labels(layout: Layout, width_px: float = PLOT_WIDTH_PX) -> list[tuple[UnitLabel, UnitLabel]]:
    """(h and a label, δ label) for each unit of layout.nodes, in order: under and over it in a
    stacked layer, else beside it, at the first of VALUES_BESIDE's and DELTAS_BESIDE's places
    that crosses no edge, no unit, no bias, no target and no label placed before it (where none
    does, those that cross least)."""
    key = (tuple((n.x, n.y, n.layer) for n in layout.nodes), tuple((b.x, b.y) for b in layout.biases), width_px)
    found = _unit_labels.get(key)
    if found is None:
        found = tuple(_unit_labels_for(layout, width_px))
        if len(_unit_labels) > 64:
            _unit_labels.clear()
        _unit_labels[key] = found
    return list(found)


_unit_labels: dict = {}


def _unit_labels_for(layout: Layout, width_px: float):
    stacked = stacked_layers(layout, width_px)
    scale = Scale(layout, width_px)
    (x0, x1), (y0, y1) = x_range(layout, width_px), y_range(layout)
    plot = Box(x0, y0, x1, y1)
    fixed = [scale.box(n.x, n.y, NODE_SIZE_PX, NODE_SIZE_PX) for n in layout.nodes]
    fixed += [scale.box(b.x, b.y, BIAS_SIZE_PX + 4, BIAS_SIZE_PX + 4) for b in layout.biases]
    top = max(n.layer for n in layout.nodes)
    fixed += [scale.box(n.x, n.y + TARGET_RAISE, *TARGET_LABEL_PX, dy_px=TARGET_LABEL_PX[1] / 2)
              for n in layout.nodes if n.layer == top]
    lines = [((e.x0, e.y0), (e.x1, e.y1)) for e in layout.edges]
    chosen, placed = [], []
    for n in layout.nodes:
        if n.layer in stacked:
            pair = (VALUE_UNDER, DELTA_OVER)
        else:
            def crossings(label):
                box = label.box(scale, n.x, n.y)
                return (not plot.contains(box)) + sum(box.overlap(other) > 0 for other in fixed + placed) + sum(
                    _crosses(box, line, scale) for line in lines)
            values = [(crossings(v), k, v) for k, v in enumerate(VALUES_BESIDE)]
            deltas = [(crossings(d) if n.layer else 0, k, d) for k, d in enumerate(DELTAS_BESIDE)]  # inputs have no δ
            # the first of the least crossed: the usual places where they are clear
            _, _, pair = min((cv + cd + (n.layer > 0 and v.box(scale, n.x, n.y).overlap(d.box(scale, n.x, n.y)) > 0),
                              (kv, kd), (v, d)) for cv, kv, v in values for cd, kd, d in deltas)
        chosen.append(pair)
        placed += [label.box(scale, n.x, n.y) for label in pair]
    return chosen


def _crosses(box: Box, line, scale: "Scale") -> bool:
    """Does the edge line (a segment between two points, in data units) pass through the box,
    grown by half the line's thickness? (Liang-Barsky clipping of the segment to the box.)"""
    (ax, ay), (bx, by) = line
    gx, gy = EDGE_HALF_PX * scale.x, EDGE_HALF_PX * scale.y
    lo, hi = 0.0, 1.0
    for p, q in ((ax - bx, ax - (box.x0 - gx)), (bx - ax, (box.x1 + gx) - ax),
                 (ay - by, ay - (box.y0 - gy)), (by - ay, (box.y1 + gy) - ay)):
        if p == 0:
            if q < 0:
                return False
        elif p < 0:
            lo = max(lo, q / p)
        else:
            hi = min(hi, q / p)
        if lo > hi:
            return False
    return True


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


def obstacles(layout: Layout, scale: Scale) -> list[Box]:
    """The units, their value and δ labels, and the biases (app/diagram.py draws them at these offsets)."""
    boxes = []
    for n, (value, delta) in zip(layout.nodes, unit_labels(layout, scale.width_px)):
        boxes.append(scale.box(n.x, n.y, NODE_SIZE_PX, NODE_SIZE_PX))
        boxes.append(value.box(scale, n.x, n.y))
        boxes.append(delta.box(scale, n.x, n.y))
    stacked = stacked_layers(layout, scale.width_px)
    for b in layout.biases:
        if b.layer + 1 in stacked:  # its label is drawn only when a step is about it alone, if it fits
            boxes.append(scale.box(b.x, b.y, BIAS_SIZE_PX + 4, BIAS_SIZE_PX + 4))
            if stacked_bias_label_fits(layout, b, BIAS_WIDEST, scale.width_px):
                boxes.append(stacked_bias_label_box(scale, b, BIAS_WIDEST))
        else:
            w, h = BIAS_LABEL_PX
            boxes.append(scale.box(b.x, b.y, w + 24, h, dx_px=-w / 2))
    return boxes


def place(layout: Layout, labelled: list[tuple[Edge, str]], keep: str | None = None,
          width_px: float = PLOT_WIDTH_PX, first: frozenset[str] = frozenset()) -> list[tuple[float, float] | None]:
    """A centre (x, y) for each (edge, text), in order, or None for a label left out, on a plot
    `width_px` wide.

    Places depend on each label's number of lines, not on its numbers, so that dragging a
    weight never moves a label, and a drag reuses the places found for the first step of it.
    Where no place clear of everything exists for all, the labels of the edges in `first` (what
    the step is about) are placed before the others, and a label with no clear place left is
    left out rather than drawn over others, except the edge `keep` (the one picked).
    """
    lines = [(e, text.count("\n") + 1) for e, text in labelled]
    key = (tuple((e.id, k) for e, k in lines), keep, width_px, first,  # edges end at units, so the units' places cover theirs
           tuple((n.x, n.y) for n in layout.nodes), tuple((b.x, b.y) for b in layout.biases))
    centres = _placed.get(key)
    if centres is None:
        centres = _place(layout, lines, Scale(layout, width_px), keep, first)
        if len(_placed) > 64:
            _placed.clear()
        _placed[key] = centres
    return list(centres)


_placed: dict = {}


def _place(layout: Layout, labelled: list[tuple[Edge, int]], scale: Scale, keep: str | None, first: frozenset[str]):
    """A clear place for every label if a short search finds one, else greedy: in order of
    importance, the first clear spot left, or none."""
    taken = obstacles(layout, scale)
    (x0, x1), (y0, y1) = x_range(layout, scale.width_px), y_range(layout)
    plot = Box(x0, y0, x1, y1)
    options = []  # per label: its (covered, x, y, box) candidates inside the plot, middle first
    for edge, lines in labelled:
        w, h = LABEL_CHARS * CHAR_PX + PAD_PX, lines * LINE_PX + PAD_PX
        spots = []
        for aside in ASIDE:
            for t in ALONG:
                x, y = edge.x0 + (edge.x1 - edge.x0) * t + aside * w * scale.x, edge.y0 + (edge.y1 - edge.y0) * t
                box = scale.box(x, y, w, h)
                if plot.contains(box):
                    spots.append((sum(box.overlap(o) for o in taken), x, y, box))
        options.append(spots)
    clear = _search([[spot for spot in spots if spot[0] == 0] for spots in options])
    if clear is not None:
        return tuple((x, y) for _, x, y, _ in clear)
    # greedy: the kept label, then the step's, then the rest, each at its first spot clear of
    # everything placed so far; the kept one is drawn even where it has none (least covered).
    # The kept and the step's labels first get a short search of their own: all of them, if they fit.
    order = sorted(range(len(labelled)), key=lambda k: (labelled[k][0].id != keep, labelled[k][0].id not in first))
    chosen: dict[int, tuple] = {}
    important = [k for k in order if labelled[k][0].id == keep or labelled[k][0].id in first]
    together = _search([[spot for spot in options[k] if spot[0] == 0] for k in important]) if important else None
    if together is not None:
        chosen.update(zip(important, together))
    for k in order:
        if k in chosen:
            continue
        free = [spot for spot in options[k] if spot[0] == 0 and all(spot[3].overlap(c[3]) == 0 for c in chosen.values())]
        if free:
            chosen[k] = free[0]
        elif labelled[k][0].id == keep and options[k]:
            chosen[k] = min(options[k], key=lambda spot: spot[0] + sum(spot[3].overlap(c[3]) for c in chosen.values()))
    return tuple((chosen[k][1], chosen[k][2]) if k in chosen else None for k in range(len(labelled)))


def _search(options: list[list], budget: int = 20_000):
    """Depth-first: one spot per label, no two overlapping; None if none within the budget."""
    chosen: list = []
    tried = 0

    def go(k: int) -> bool:
        nonlocal tried
        if k == len(options):
            return True
        for spot in options[k]:
            tried += 1
            if tried > budget:
                return False
            if all(spot[3].overlap(c[3]) == 0 for c in chosen):
                chosen.append(spot)
                if go(k + 1):
                    return True
                chosen.pop()
        return False

    return list(chosen) if go(0) else None
