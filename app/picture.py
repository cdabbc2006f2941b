"""The diagram's data, computed from the state apart from drawing it (testable without a browser).

`picture` turns a layout, the core's passes and the number of steps revealed into plain
column dicts, one per Bokeh ColumnDataSource: values a learner has not reached yet are
not shown, the current step's units and edges are highlighted, and arrows show which
way the step's information flows (up in the forward pass, down in the backward pass).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from core import BackwardPass, ForwardPass, Network, Step
from core.notation import plain

from . import labels, theme
from .layout import Layout

SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def sub(n: int) -> str:
    """1-based unit number as a Unicode subscript: 0 -> ₁."""
    return str(n + 1).translate(SUBSCRIPTS)


def weight_name(sizes: list[int], l: int, i: int, j: int) -> str:
    """weights[l][i, j] as the lesson names it: w₁, W for single units, w₁₂ otherwise; w⁽ˡ⁾ when deep."""
    two_layers = len(sizes) == 3
    layer = "" if two_layers else "⁽" + str(l + 1).translate(SUPERSCRIPTS) + "⁾"
    letter = "W" if (two_layers and l == 1) else "w"
    i_part = sub(i) if sizes[l] > 1 else ""
    j_part = sub(j) if sizes[l + 1] > 1 else ""
    return f"{letter}{layer}{i_part}{j_part}"


def unit_name(sizes: list[int], layer: int, unit: int) -> str:
    if layer == 0:
        return f"x{sub(unit)}"
    if layer == len(sizes) - 1:
        return f"ŷ{sub(unit)}" if sizes[-1] > 1 else "ŷ"
    return f"hidden unit {sub(unit)}" if len(sizes) == 3 else f"layer {layer} unit {sub(unit)}"


LEARNER_BELOW_PX = 16  # a learner's δ (Practice) sits this far from the true δ, clear of the h, a
HALO_NODE_PX = labels.NODE_SIZE_PX + 20  # a highlighted unit's halo, screen pixels across
HALO_BIAS_PX = labels.BIAS_SIZE_PX + 14
LABEL_FIELDS = ("dx", "dy", "align", "baseline", "size")  # of labels.UnitLabel, drawn from columns
LABEL_COLUMNS = tuple(f"{prefix}_{key}" for prefix in ("value", "delta") for key in LABEL_FIELDS)


def bias_name(sizes: list[int], l: int, j: int) -> str:
    """biases[l][j] as b₁, or b when its layer has one unit; b⁽ˡ⁾ when deep, as weight_name does."""
    layer = "" if len(sizes) == 3 else "⁽" + str(l + 1).translate(SUPERSCRIPTS) + "⁾"
    return f"b{layer}{sub(j) if sizes[l + 1] > 1 else ''}"


@dataclass(frozen=True)
class Picture:
    nodes: dict[str, list]
    edges: dict[str, list]
    biases: dict[str, list]
    arrows: dict[str, list]
    targets: dict[str, list]
    edge_labels: dict[str, list]  # only the labels shown: an empty label still costs a paint
    # the halo round what the lesson's page names (units and biases as points, edges as segments)
    halo_points: dict[str, list] = field(default_factory=lambda: {"x": [], "y": [], "id": [], "size": []})
    halo_edges: dict[str, list] = field(default_factory=lambda: {"x0": [], "y0": [], "x1": [], "y1": [], "id": []})


def revealed_values(steps: list[Step], step: int) -> dict[str, dict[str, float]]:
    """id -> {kind: value} for every value written by the first `step` steps."""
    values: dict[str, dict[str, float]] = {}
    for s in steps[:step]:
        for element, value in s.writes.items():
            values.setdefault(element, {})[s.kind] = value
    return values


# the hover tool's values, to 12 significant digits: more than any formula shows, and not the
# last bits of a float, which differ between machines (the static page's values baked with
# NumPy on the build machine's CPU against NumPy in WebAssembly: 0.24000000000000002 and 0.24)
FULL_DIGITS = 12


def hover_text(value) -> str:
    return "—" if value is None else f"{float(value):.{FULL_DIGITS}g}"


def picture(
    layout: Layout,
    network: Network,
    forward: ForwardPass,
    backward: BackwardPass,
    steps: list[Step],
    step: int,
    selected: str | None = None,
    learner: dict | None = None,
    highlight=(),
    width_px: float = labels.PLOT_WIDTH_PX,
) -> Picture:
    """Column data for nodes, edges, biases, arrows and target labels after `step` steps.

    `learner` (node id -> δ) holds a learner's own δ values from the Practice tab, drawn under the true ones;
    labels are placed for a plot `width_px` wide (app/labels.py).
    """
    learner = learner or {}
    sizes = network.sizes
    values = revealed_values(steps, step)
    current = steps[step - 1] if 0 < step <= len(steps) else None
    writes = set(current.writes) if current else set()
    reads = set(current.reads) if current else set()
    colour = theme.PHASE_COLOURS[current.phase] if current else theme.FORWARD
    position = {n.id: (n.x, n.y) for n in layout.nodes}

    nodes = {k: [] for k in ("x", "y", "id", "name", "fill", "line", "line_width", "value_text", "delta_text", "h", "a", "delta",
                             "learner_text", "learner_dy", *LABEL_COLUMNS)}
    stacked = labels.stacked_layers(layout, width_px)
    silent = labels.silent_layers(layout, width_px)
    for n, (value_label, delta_label) in zip(layout.nodes, labels.unit_labels(layout, width_px)):
        v = values.get(n.id, {})
        eq = "=" if n.layer in stacked else " = "  # under a unit of a crowded layer, every pixel counts
        if n.layer == 0:
            a_value, h_value = float(forward.x[n.unit]), None
            text = f"x{sub(n.unit)}{eq}{plain(a_value)}"
        else:
            h_value, a_value = v.get("h"), v.get("a")
            a_symbol = "ŷ" if n.role == "output" else "a"
            lines = []
            if h_value is not None:
                lines.append(f"h{eq}{plain(h_value)}")
            if a_value is not None:
                lines.append(f"{a_symbol}{eq}{plain(a_value)}")
            text = "\n".join(lines)
        delta = v.get("delta")
        for prefix, label in (("value", value_label), ("delta", delta_label)):
            for key in LABEL_FIELDS:
                nodes[f"{prefix}_{key}"].append(getattr(label, key))
        nodes["x"].append(n.x)
        nodes["y"].append(n.y)
        nodes["id"].append(n.id)
        nodes["name"].append(unit_name(sizes, n.layer, n.unit))
        nodes["fill"].append(colour if n.id in writes else (theme.INPUT_FILL if n.layer == 0 else theme.NODE_FILL))
        nodes["line"].append(colour if n.id in reads or n.id in writes else theme.NODE_LINE)
        nodes["line_width"].append(4 if n.id in reads or n.id in writes else 1.5)
        quiet = n.layer in silent
        nodes["value_text"].append("" if quiet else text)
        nodes["delta_text"].append("" if delta is None or quiet else f"δ{eq}{plain(delta)}")
        mine = learner.get(n.id)
        nodes["learner_text"].append("" if mine is None or quiet else f"yours{eq}{plain(mine)}")
        # under a δ beside its unit; over it where the h, a is on the same side (stacked, or one of them across)
        below = delta_label.baseline == "middle" and delta_label.align != value_label.align
        nodes["learner_dy"].append(delta_label.dy - LEARNER_BELOW_PX if below else delta_label.dy + LEARNER_BELOW_PX)
        nodes["h"].append(hover_text(h_value))
        nodes["a"].append(hover_text(a_value))
        nodes["delta"].append(hover_text(delta))

    many = len(layout.edges) > theme.MAX_LABELLED_EDGES
    step_edges = [element for element in (*reads, *writes) if element.startswith("w")]
    label_step = not many or len(step_edges) <= theme.MAX_STEP_LABELS
    edges = {k: [] for k in ("x0", "y0", "x1", "y1", "id", "name", "colour", "width", "alpha", "w", "dw")}
    labelled = []  # (edge, text) of the labels shown, placed once all are known
    largest = max((float(np.max(np.abs(w))) for w in network.weights), default=1.0) or 1.0
    for e in layout.edges:
        w = float(network.weights[e.layer][e.i, e.j])
        v = values.get(e.id, {})
        dw = v.get("weight_step")
        name = weight_name(sizes, e.layer, e.i, e.j)
        active = e.id in reads or e.id in writes
        edges["x0"].append(e.x0)
        edges["y0"].append(e.y0)
        edges["x1"].append(e.x1)
        edges["y1"].append(e.y1)
        edges["id"].append(e.id)
        edges["name"].append(name)
        edges["colour"].append(theme.POSITIVE if w >= 0 else theme.NEGATIVE)
        edges["width"].append(1.0 + 6.0 * min(abs(w) / largest, 1.0))
        edges["alpha"].append(1.0 if active or e.id == selected else (theme.DIMMED_ALPHA if current else 0.8))
        if not many or (active and label_step) or e.id == selected:
            label = f"{name} = {plain(w)}"
            if dw is not None:
                label += f"\nΔ = {plain(dw)}"
            if "update" in v:
                label += f"\n→ {plain(v['update'], 6)}"
            labelled.append((e, label))
        edges["w"].append(hover_text(w))
        edges["dw"].append(hover_text(dw))

    # along its edge, clear of the units and of each other (app/labels.py), the step's own first
    # (a label with no clear place is left out: hover gives its values)
    centres = labels.place(layout, labelled, keep=selected, width_px=width_px, first=frozenset(step_edges))
    placed = [(e, text, c) for (e, text), c in zip(labelled, centres) if c]
    edge_labels = {
        "x": [c[0] for _, _, c in placed], "y": [c[1] for _, _, c in placed],
        "id": [e.id for e, _, _ in placed], "text": [text for _, text, _ in placed],
    }

    biases = {k: [] for k in ("x", "y", "id", "name", "text", "b", "db", "line")}
    step_biases = {element for element in (*reads, *writes) if element.startswith("b")}
    for b in layout.biases:
        value = float(network.biases[b.layer][b.j])
        db = values.get(b.id, {}).get("bias_step")
        active = b.id in reads or b.id in writes
        biases["x"].append(b.x)
        biases["y"].append(b.y)
        biases["id"].append(b.id)
        biases["name"].append(bias_name(sizes, b.layer, b.j))
        # in a crowded layer a bias is labelled only when a step is about it alone and its label
        # fits beside it (None: not drawn); hover gives every bias, and the formula pane a layer's
        text = f"b = {plain(value)}" + ("" if db is None else f"\nΔ = {plain(db)}")
        shown = b.layer + 1 not in stacked or (
            active and len(step_biases) == 1 and labels.stacked_bias_label_fits(layout, b, text, width_px))
        biases["text"].append(text if shown else None)
        biases["b"].append(hover_text(value))
        biases["db"].append(hover_text(db))
        biases["line"].append(colour if active else theme.NODE_LINE)

    arrows = {k: [] for k in ("x_start", "y_start", "x_end", "y_end", "colour")}
    if current is not None and current.kind in ("h", "delta"):
        for source in current.reads:
            if source in position and source not in writes:
                for target in writes:
                    if target in position:
                        (xs, ys), (xe, ye) = position[source], position[target]
                        # stop short of the unit's circle so the head stays visible
                        arrows["x_start"].append(xs + (xe - xs) * 0.12)
                        arrows["y_start"].append(ys + (ye - ys) * 0.12)
                        arrows["x_end"].append(xs + (xe - xs) * 0.82)
                        arrows["y_end"].append(ys + (ye - ys) * 0.82)
                        arrows["colour"].append(colour)

    targets = {k: [] for k in ("x", "y", "text")}
    out = [n for n in layout.nodes if n.role == "output"]
    # one form for the whole walk: decided with every error shown, as at the walk's end
    whole = [f"y = {plain(backward.target[n.unit])}   y − ŷ = {plain(backward.error[n.unit])}" for n in out]
    short = bool(out) and (out[0].layer in stacked or not labels.targets_fit_on_one_line(layout, whole, width_px))
    for n in out:
        error = values.get(n.id, {}).get("error")
        if n.layer in silent:
            text = ""
        elif short:  # two short lines, clear of the next output's
            text = f"y={plain(backward.target[n.unit])}" + ("" if error is None else f"\ny−ŷ={plain(error)}")
        else:
            text = f"y = {plain(backward.target[n.unit])}" + ("" if error is None else f"   y − ŷ = {plain(error)}")
        targets["x"].append(n.x)
        targets["y"].append(n.y + labels.TARGET_RAISE)
        targets["text"].append(text)
    return Picture(nodes, edges, biases, arrows, targets, edge_labels, *_halo(layout, set(highlight)))


def _halo(layout: Layout, ids: set) -> tuple[dict, dict]:
    """Column data of the halo round each highlighted unit, bias and edge (ids not drawn are ignored)."""
    points = {"x": [], "y": [], "id": [], "size": []}
    for item, size in [(n, HALO_NODE_PX) for n in layout.nodes] + [(b, HALO_BIAS_PX) for b in layout.biases]:
        if item.id in ids:
            points["x"].append(item.x)
            points["y"].append(item.y)
            points["id"].append(item.id)
            points["size"].append(size)
    segments = {"x0": [], "y0": [], "x1": [], "y1": [], "id": []}
    for e in layout.edges:
        if e.id in ids:
            for key in ("x0", "y0", "x1", "y1", "id"):
                segments[key].append(getattr(e, key))
    return points, segments
