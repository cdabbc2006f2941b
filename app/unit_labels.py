"""Where a unit's own labels go: its h and a, and its δ, beside it where they cross no edge,
no unit and no other label, or under and over it in a crowded layer (app/plot_scale.py
decides which layers are).

A few places are tried beside each unit, in order of preference (on the unit's other side
last), and each unit takes the first that crosses nothing and covers no other unit's labels,
searched for over all the units together; where there is none, unit by unit, one that crosses
least. Pure functions of the layout and the plot's width, cached per layout.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .layout import UNIT_SPACING, Layout
from .plot_scale import (BIAS_SIZE_PX, LABEL_GAP_PX, NODE_SIZE_PX, PLOT_WIDTH_PX, UNIT_LABEL_PX, Box, Scale,
                         stacked_layers, x_range, y_range)

VALUE_DROP_PX = 14  # an h, a label beside its unit (plot_scale.UNIT_LABEL_PX) is lowered this far
DELTA_LABEL_PX = (84.0, 16.0)  # "δ = 0.000708" on a unit's left
DELTA_RAISE_PX = 12  # ... raised, clear of the h and a of the unit to its left
STACKED_FONT_PX = 10  # a crowded layer's labels: "h=-0.0542" is about 55 px wide at 10 px
STACKED_LABEL_PX = (64.0, 25.0)  # "h=-0.0542 / a=0.486" under a unit of a crowded layer
STACKED_DELTA_PX = (64.0, 13.0)  # "δ=0.000708" over it


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

    def box(self, scale: Scale, x: float, y: float) -> Box:
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
# then each on the other side, taken only where it crosses less than every usual place: the h, a
# left under the δ (XOR's output near a 320-px phone's right edge), the δ right over the h, a
# (a 2-2-2's hidden unit on a 412-px phone, its edges crossing on its left)
VALUES_ACROSS = tuple(replace(VALUE_BESIDE, dx=-_BESIDE, dy=dy, align="right") for dy in (-VALUE_DROP_PX, -21.0))
DELTAS_ACROSS = tuple(replace(DELTA_BESIDE, dx=_BESIDE, dy=dy, align="left") for dy in (DELTA_RAISE_PX, 20.0))
EDGE_HALF_PX = 4.0  # half the thickest edge's line (7 px, app/picture.py), and a little more
TARGET_LABEL_PX = (134.0, 15.0)  # "y = 1   y − ŷ = 0.488" over an output unit ...
TARGET_RAISE = 0.32  # ... its foot this far above it, in data units (app/picture.py)
TARGET_CHAR_PX = TARGET_LABEL_PX[0] / len("y = 1   y − ŷ = 0.488")  # a character of it, bold 12 px


def targets_fit_on_one_line(layout: Layout, texts: list[str], width_px: float = PLOT_WIDTH_PX) -> bool:
    """Do the output units' targets, each on one line ("y = 0.01   y − ŷ = -0.741"), keep clear of
    each other? On a 412-px phone the 2-2-2 preset's did not: there they go on two short lines."""
    if len(texts) < 2:
        return True
    gap_px = UNIT_SPACING / Scale(layout, width_px).x
    widest = max(len(text) for text in texts) * TARGET_CHAR_PX
    return widest + LABEL_GAP_PX <= gap_px


def unit_labels(layout: Layout, width_px: float = PLOT_WIDTH_PX) -> list[tuple[UnitLabel, UnitLabel]]:
    """(h and a label, δ label) for each unit of layout.nodes, in order: under and over it in a
    stacked layer, else beside it, at the first of VALUES_BESIDE's and DELTAS_BESIDE's places
    that crosses no edge, no unit, no bias, no target and no label placed before it; where none
    does, those that cross least, VALUES_ACROSS's and DELTAS_ACROSS's only where they cross less."""
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

    def crossings(box: Box) -> int:  # the plot's edge, a unit, a bias, a target, an edge's line
        return (not plot.contains(box)) + sum(box.overlap(other) > 0 for other in fixed) + sum(
            _crosses(box, line, scale) for line in lines)

    # each unit's pairs (h and a label, δ label) in order of preference, with what they cross
    # that no other unit's labels change: (cost, across, (kv, kd), pair, boxes, its δ drawn)
    options = []
    for n in layout.nodes:
        if n.layer in stacked:  # no choice: under and over the unit
            pair = (VALUE_UNDER, DELTA_OVER)
            options.append([(0, False, (0, 0), pair, tuple(label.box(scale, n.x, n.y) for label in pair), True)])
            continue
        values = [(crossings(box), k, v, box) for k, v in enumerate(VALUES_BESIDE + VALUES_ACROSS)
                  for box in [v.box(scale, n.x, n.y)]]
        deltas = [(crossings(box) if n.layer else 0, k, d, box)  # an input's δ is not drawn
                  for k, d in enumerate(DELTAS_BESIDE + DELTAS_ACROSS) for box in [d.box(scale, n.x, n.y)]]
        options.append(sorted(
            (cv + cd + (n.layer > 0 and vbox.overlap(dbox) > 0),
             kv >= len(VALUES_BESIDE) or kd >= len(DELTAS_BESIDE), (kv, kd), (v, d), (vbox, dbox), n.layer > 0)
            for cv, kv, v, vbox in values for cd, kd, d, dbox in deltas))
    return _clear(options) or _greedy(options)


def _covers(boxes: tuple[Box, Box], delta_drawn: bool, placed: list[Box]) -> int:
    """How many of the labels placed before a unit's pair covers (its δ only where it is drawn)."""
    value, delta = boxes
    return sum(value.overlap(o) > 0 for o in placed) + (delta_drawn and sum(delta.overlap(o) > 0 for o in placed))


def _greedy(options: list[list]) -> list[tuple]:
    """Unit by unit, the first of the pairs that cross least, the labels placed before included:
    the usual places where they are clear."""
    chosen, placed = [], []
    for unit in options:
        stacked = len(unit) == 1
        _, _, _, pair, boxes = min((cost + (not stacked and _covers(boxes, drawn, placed)), across, ks, pair, boxes)
                                   for cost, across, ks, pair, boxes, drawn in unit)
        chosen.append(pair)
        placed += boxes
    return chosen


def _clear(options: list[list], budget: int = 5_000) -> list[tuple] | None:
    """A pair for every unit that crosses nothing and covers no label placed before it, each
    unit's first such pair given the ones before it (so, where the greedy choice is clear, the
    same); depth-first, None if there is none within the budget. The greedy choice can block a
    later unit: at 560 px XOR's first hidden unit took an h, a that left its neighbour's δ no
    clear place, where another of its own places was clear for both."""
    chosen: list = []
    placed: list[Box] = []
    tried = 0

    def go(i: int) -> bool:
        nonlocal tried
        if i == len(options):
            return True
        stacked = len(options[i]) == 1
        for cost, _, _, pair, boxes, drawn in options[i]:
            if not stacked and (cost or _covers(boxes, drawn, placed)):
                continue
            tried += 1
            if tried > budget:
                return False
            chosen.append(pair)
            placed.extend(boxes)
            if go(i + 1):
                return True
            chosen.pop()
            del placed[-2:]
        return False

    return chosen if go(0) else None


def _crosses(box: Box, line, scale: Scale) -> bool:
    """Does the edge line (a segment between two points, in data units) pass through the box,
    grown by half the line's thickness?"""
    gx, gy = EDGE_HALF_PX * scale.x, EDGE_HALF_PX * scale.y
    return segment_meets_box(*line, Box(box.x0 - gx, box.y0 - gy, box.x1 + gx, box.y1 + gy))


def segment_meets_box(a: tuple[float, float], b: tuple[float, float], box: Box) -> bool:
    """Does the segment from a to b pass through the box? (Liang-Barsky: clip it to the box.)"""
    (ax, ay), (bx, by) = a, b
    lo, hi = 0.0, 1.0
    for p, q in ((ax - bx, ax - box.x0), (bx - ax, box.x1 - ax), (ay - by, ay - box.y0), (by - ay, box.y1 - ay)):
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
