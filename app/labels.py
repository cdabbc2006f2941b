"""Where the labels go: each unit's beside it, or above and below it in a crowded layer
(app/unit_labels.py); each edge's along its edge, where it covers no other label and no unit
and stays inside the plot (here).

Pure functions of the layout, the labels' line counts and the plot's size (app/plot_scale.py).
Every edge label is taken as 13 characters wide, so that its place depends on its number of
lines only. A short search looks for a place along each edge, from the middle outwards, clear
of the units, the units' own labels and the other edge labels; where there is none for all of
them (a crowded layer, a narrow window), the step's own labels are placed first and a label
with no clear place left is left out (hovering its edge gives its numbers).
tests/ui/test_label_boxes.py measures the labels as the page draws them.

The diagram's other modules read every size and place through this one: the plot's and the
units' names are re-exported here.
"""
from __future__ import annotations

from .layout import Edge, Layout
from .plot_scale import (  # noqa: F401 (re-exported)
    BIAS_FONT_PX, BIAS_LABEL_OFFSET_PX, BIAS_LABEL_PX, BIAS_SIZE_PX, BIAS_WIDEST, CHAR_PX, LAYER_PX, LINE_PX,
    BAKED_NARROW_WIDTHS_PX, MIN_PLOT_WIDTH_PX, NODE_SIZE_PX, PAD_PX, PLOT_HEIGHT_PX, PLOT_WIDTH_PX, STACKED_LAYER_PX, Box,
    Scale, crowded,
    placement_width, plot_height, silent_layers, stacked_bias_label_box, stacked_bias_label_fits, stacked_layers,
    x_range, y_range,
)
from .unit_labels import (  # noqa: F401 (re-exported)
    DELTA_BESIDE, DELTA_OVER, DELTAS_ACROSS, DELTAS_BESIDE, TARGET_CHAR_PX, TARGET_RAISE, VALUE_BESIDE, VALUE_UNDER,
    VALUES_ACROSS, VALUES_BESIDE, UnitLabel, _crosses, targets_fit_on_one_line, unit_labels,
)

LABEL_CHARS = 13  # the widest line a label usually has: "Δ = -0.000511", "→ -0.294441"
ALONG = (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82)  # middle first, then outwards
ASIDE = (0.0, -0.35, 0.35)  # centred on its edge, else shifted this share of its width to a side


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
