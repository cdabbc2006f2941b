"""Where the edge labels go: along their edge, where they cover no other label and no unit.

A pure function of the layout, the labels' line counts and the plot's size. Labels are
measured, not drawn: a line of 11 px text is about 6 px a character wide and 13 px high
(DejaVu Sans, as Debian's chromium draws it), and every label is taken as 13 characters
wide, so that its place depends on its number of lines only. A short search looks for a
place along each edge, from the middle outwards, clear of the units, the units' own labels
and the other edge labels; where there is none (a crowded layer in a narrow window), each
label takes the least covered place.
"""
from __future__ import annotations

from dataclasses import dataclass

from .layout import UNIT_SPACING, Edge, Layout

PLOT_HEIGHT_PX = 560  # the figure's height (app/diagram.py)
PLOT_WIDTH_PX = 560  # its usual width in a 1500 px window; narrower windows squeeze labels
NODE_SIZE_PX = 46
CHAR_PX, LINE_PX, PAD_PX = 6.0, 13.0, 2.0
LABEL_CHARS = 13  # the widest line a label usually has: "Δ = -0.000511", "→ -0.294441"
UNIT_LABEL_PX = (84.0, 32.0)  # "h = -0.0601 / a = 0.387" beside a unit ...
LABEL_GAP_PX = 4  # ... this far from its circle
VALUE_DROP_PX = 14  # ... and lowered
DELTA_LABEL_PX = (84.0, 16.0)  # "δ = 0.000708" on a unit's left
DELTA_RAISE_PX = 12  # ... raised, clear of the h and a of the unit to its left
BIAS_LABEL_PX = (70.0, 30.0)  # "b = 0 / Δ = 0.0166" left of a bias's square
ALONG = (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82)  # middle first, then outwards
SIDE_PX = (118.0, 118.0)  # left: a δ (or a bias) label beside the leftmost unit; right: its h, a
MIN_GAP_PX = 62.0  # units of a wide layer stay this far apart, even if the side labels are then cut
MAX_PX_PER_UNIT = 220.0  # a small network is not blown up to fill the plot


def x_range(layout: Layout, width_px: float = PLOT_WIDTH_PX) -> tuple[float, float]:
    """The plot's x range: the units' extent plus room, in pixels, for the labels at the sides.

    Margins in data units would shrink as a network widens (an 8-unit layer's last h, a was cut
    off) or waste the plot on a narrow one (the lesson's 2-1-1 sat in its middle third).
    """
    lo = min([n.x for n in layout.nodes] + [b.x for b in layout.biases])
    hi = max(n.x for n in layout.nodes)
    span = hi - lo
    margins = min(sum(SIDE_PX), max(60.0, width_px - span / UNIT_SPACING * MIN_GAP_PX))
    per_unit = min(MAX_PX_PER_UNIT, (width_px - margins) / span) if span > 0 else MAX_PX_PER_UNIT
    left = margins * SIDE_PX[0] / sum(SIDE_PX) / per_unit
    right = margins * SIDE_PX[1] / sum(SIDE_PX) / per_unit
    extra = max(0.0, width_px / per_unit - span - left - right) / 2  # a capped scale: centre it
    return lo - left - extra, hi + right + extra


def y_range(layout: Layout) -> tuple[float, float]:
    return -0.45, layout.height + 0.6


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlap(self, other: Box) -> float:
        w = min(self.x1, other.x1) - max(self.x0, other.x0)
        h = min(self.y1, other.y1) - max(self.y0, other.y0)
        return w * h if w > 0 and h > 0 else 0.0


class Scale:
    """Pixels to data units for this layout's plot."""

    def __init__(self, layout: Layout, width_px: float = PLOT_WIDTH_PX, height_px: float = PLOT_HEIGHT_PX):
        (x0, x1), (y0, y1) = x_range(layout), y_range(layout)
        self.x = (x1 - x0) / width_px
        self.y = (y1 - y0) / height_px

    def box(self, x: float, y: float, w_px: float, h_px: float, dx_px: float = 0.0, dy_px: float = 0.0) -> Box:
        """A w x h pixel box centred dx, dy pixels from the data point (x, y)."""
        cx, cy = x + dx_px * self.x, y + dy_px * self.y
        return Box(cx - w_px / 2 * self.x, cy - h_px / 2 * self.y, cx + w_px / 2 * self.x, cy + h_px / 2 * self.y)


def obstacles(layout: Layout, scale: Scale) -> list[Box]:
    """The units, their value and δ labels, and the biases (app/diagram.py draws them at these offsets)."""
    boxes = []
    for n in layout.nodes:
        boxes.append(scale.box(n.x, n.y, NODE_SIZE_PX, NODE_SIZE_PX))
        w, h = UNIT_LABEL_PX
        boxes.append(scale.box(n.x, n.y, w, h, dx_px=NODE_SIZE_PX / 2 + LABEL_GAP_PX + w / 2, dy_px=-VALUE_DROP_PX))
        w, h = DELTA_LABEL_PX
        boxes.append(scale.box(n.x, n.y, w, h, dx_px=-(NODE_SIZE_PX / 2 + LABEL_GAP_PX + w / 2), dy_px=DELTA_RAISE_PX))
    for b in layout.biases:
        w, h = BIAS_LABEL_PX
        boxes.append(scale.box(b.x, b.y, w + 24, h, dx_px=-w / 2))
    return boxes


def place(layout: Layout, labelled: list[tuple[Edge, str]]) -> list[tuple[float, float]]:
    """A centre (x, y) for each (edge, text), in order.

    Places depend on each label's number of lines, not on its numbers, so that dragging a
    weight never moves a label, and a drag reuses the places found for the first step of it.
    """
    lines = [(e, text.count("\n") + 1) for e, text in labelled]
    key = (tuple((e.id, k) for e, k in lines),  # edges end at units, so the units' places cover theirs
           tuple((n.x, n.y) for n in layout.nodes), tuple((b.x, b.y) for b in layout.biases))
    centres = _placed.get(key)
    if centres is None:
        centres = _place(layout, lines, Scale(layout))
        if len(_placed) > 64:
            _placed.clear()
        _placed[key] = centres
    return list(centres)


_placed: dict = {}


def _place(layout: Layout, labelled: list[tuple[Edge, int]], scale: Scale) -> tuple[tuple[float, float], ...]:
    """A clear place for every label if a short search finds one, else greedy, least covered."""
    taken = obstacles(layout, scale)
    options = []  # per label: its (x, y, box) candidates clear of the units, middle first
    for edge, lines in labelled:
        w, h = LABEL_CHARS * CHAR_PX + PAD_PX, lines * LINE_PX + PAD_PX
        spots = []
        for t in ALONG:
            x, y = edge.x0 + (edge.x1 - edge.x0) * t, edge.y0 + (edge.y1 - edge.y0) * t
            box = scale.box(x, y, w, h)
            spots.append((sum(box.overlap(o) for o in taken), x, y, box))
        options.append(spots)
    clear = _search([[spot for spot in spots if spot[0] == 0] for spots in options])
    if clear is not None:
        return tuple((x, y) for _, x, y, _ in clear)
    chosen: list = []
    for spots in options:  # greedy: the least covered spot, counting the labels placed so far
        pick = min(spots, key=lambda spot: spot[0] + sum(spot[3].overlap(c[3]) for c in chosen))
        chosen.append(pick)
    return tuple((x, y) for _, x, y, _ in chosen)


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
