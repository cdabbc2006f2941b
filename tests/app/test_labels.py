"""Edge labels: placed along their edge, clear of each other and of the units, before drawing."""
import math

import pytest

from app import labels
from app.drag import drag_of
from app.layout import layout
from app.state import LabState
from core import PRESETS


NETWORKS = [*PRESETS, "2-4-4-1", "3-4-2", "4-8-8-8-2", "1-1-1-1-1-1-1-1"]  # issue 17's list
WIDTHS = [float(labels.PLOT_WIDTH_PX), 540.0, 520.0, 500.0, 480.0, 400.0, 380.0, 360.0, 340.0, 240.0]  # what windows from 1024 px get (their plots are wider), those of 821-889 px (sidebar beside), phones'


def state_of(network: str, width: float) -> LabState:
    """A network of issue 17's list (a preset or an architecture), its labels placed for `width`."""
    if network in PRESETS:
        return LabState(preset=network, plot_width=width)
    state = LabState(plot_width=width)
    state.architecture = network
    return state


def _drawn_boxes(state: LabState) -> list[tuple[str, str, labels.Box]]:
    """(kind, id, box) of every unit, bias and label the picture draws, as app/labels.py measures them."""
    pic, lay, width = state.picture, state.layout, state.plot_width
    scale = labels.Scale(lay, width)
    boxes = [("edge label", element, scale.box(x, y, labels.LABEL_CHARS * labels.CHAR_PX + labels.PAD_PX,
                                               (text.count("\n") + 1) * labels.LINE_PX + labels.PAD_PX))
             for x, y, text, element in zip(pic.edge_labels["x"], pic.edge_labels["y"], pic.edge_labels["text"], pic.edge_labels["id"])]
    for k, (n, (value, delta)) in enumerate(zip(lay.nodes, labels.unit_labels(lay, width))):
        boxes.append(("unit", n.id, scale.box(n.x, n.y, labels.NODE_SIZE_PX, labels.NODE_SIZE_PX)))
        if pic.nodes["value_text"][k]:
            boxes.append(("value label", n.id, value.box(scale, n.x, n.y)))
        if pic.nodes["delta_text"][k]:
            boxes.append(("δ label", n.id, delta.box(scale, n.x, n.y)))
    stacked = labels.stacked_layers(lay, width)
    for b, text in zip(lay.biases, pic.biases["text"]):
        boxes.append(("bias", b.id, scale.box(b.x, b.y, labels.BIAS_SIZE_PX, labels.BIAS_SIZE_PX)))
        if text and b.layer + 1 in stacked:
            boxes.append(("bias label", b.id, labels.stacked_bias_label_box(scale, b, text)))
        elif text:
            w, h = labels.BIAS_LABEL_PX
            boxes.append(("bias label", b.id, scale.box(b.x, b.y, w + 24, h, dx_px=-w / 2)))  # as labels.obstacles
    return boxes


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("network", NETWORKS)
def test_at_every_step_no_edge_label_overlaps_another_label_or_a_unit_or_leaves_the_plot(network, width):
    """Issue 17's networks at every step, on a plot as wide as a 1024 or 1600 px window's and a phone's.
    (tests/ui/test_label_boxes.py measures the same as the page draws it.)"""
    state = state_of(network, width)
    assert state.plot_width == width
    (x0, x1), (y0, y1) = labels.x_range(state.layout, width), labels.y_range(state.layout)
    shown = 0
    for step in range(len(state.steps) + 1):
        state.step = step
        boxes = _drawn_boxes(state)
        for k, (kind, element, box) in enumerate(boxes):
            assert x0 <= box.x0 and box.x1 <= x1 and y0 <= box.y0 and box.y1 <= y1, (step, kind, element)
            if kind not in ("edge label", "bias label"):
                continue
            shown += kind == "edge label"
            for other_kind, other, other_box in boxes:
                if other_box is not box and not (kind == "bias label" and other == element):  # its own square
                    assert box.overlap(other_box) == 0, (step, kind, element, other_kind, other)
    assert shown > 0  # the labels are there to be checked, not all left out


def test_where_labels_must_be_left_out_the_steps_own_are_kept():
    """2-4-4-1: not every label has a clear place; the step's own are drawn first. (On a phone's
    plot one of a unit's four fanning edges can find no clear place at all.)"""
    state = state_of("2-4-4-1", labels.PLOT_WIDTH_PX)
    drawn_at = {}
    for step, s in enumerate(state.steps, start=1):
        state.step = step
        own = {e for e in (*s.reads, *s.writes) if e.startswith("w")}
        if 0 < len(own) <= 4:
            drawn_at[step] = own <= set(state.picture.edge_labels["id"])
    assert drawn_at and all(drawn_at.values()), drawn_at


def test_every_label_sits_on_its_own_edge():
    state = LabState(preset="xor_2_3_1")
    state.step = len(state.steps)
    edges = {e.id: e for e in state.layout.edges}
    pic = state.picture
    for x, y, element in zip(pic.edge_labels["x"], pic.edge_labels["y"], pic.edge_labels["id"]):
        e = edges[element]
        t = (y - e.y0) / (e.y1 - e.y0)
        assert 0.15 <= t <= 0.85
        # centred on its edge, or shifted aside but with its edge still through its box
        aside = (x - (e.x0 + (e.x1 - e.x0) * t)) / labels.Scale(state.layout).x
        assert abs(aside) <= 0.35 * (labels.LABEL_CHARS * labels.CHAR_PX + labels.PAD_PX) + 1e-6


def test_where_a_crowded_layer_has_no_clear_place_for_every_label_some_are_left_out_not_piled_up():
    lay = layout([8, 8, 1])
    labelled = [(e, "w = 0.5\nΔ = 0.000123\n→ 0.500123") for e in lay.edges]
    picked = lay.edges[40].id
    centres = labels.place(lay, labelled, keep=picked)
    (x0, x1), (y0, y1) = labels.x_range(lay), labels.y_range(lay)
    scale = labels.Scale(lay)
    drawn = [(e, c) for (e, _), c in zip(labelled, centres) if c is not None]
    assert len(centres) == len(labelled)
    assert 0 < len(drawn) < len(labelled)
    assert picked in [e.id for e, _ in drawn]  # the picked edge's label is always drawn
    boxes = {e.id: scale.box(x, y, labels.LABEL_CHARS * labels.CHAR_PX + labels.PAD_PX, 3 * labels.LINE_PX + labels.PAD_PX)
             for e, (x, y) in drawn}
    for e, (x, y) in drawn:
        assert x0 < x < x1 and y0 < y < y1
        box = boxes[e.id]
        covered = sum(box.overlap(o) for o in labels.obstacles(lay, scale))
        covered += sum(box.overlap(other) for k, other in boxes.items() if k != e.id)
        assert e.id == picked or covered == 0  # only the picked edge's label may be drawn over others


def _unit_label_boxes(lay, scale):
    boxes = []
    for n, (value, delta) in zip(lay.nodes, labels.unit_labels(lay)):
        boxes += [("unit", n.id, scale.box(n.x, n.y, labels.NODE_SIZE_PX, labels.NODE_SIZE_PX)),
                  ("value", n.id, value.box(scale, n.x, n.y)), ("delta", n.id, delta.box(scale, n.x, n.y))]
    return boxes


@pytest.mark.parametrize("sizes", [[2, 8, 8, 1], [2, 4, 1], [3, 8, 8, 8, 8, 8, 8, 2]])
def test_a_crowded_layers_labels_go_under_and_over_its_units_clear_of_each_other(sizes):
    """Beside the units, an 8-unit layer's h, a labels ran into the next unit and off the plot."""
    lay = layout(sizes)
    scale = labels.Scale(lay)
    assert labels.crowded(sizes)
    assert labels.stacked_layers(lay) == {layer for layer, n in enumerate(sizes) if n > 1}
    for n, (value, delta) in zip(lay.nodes, labels.unit_labels(lay)):
        if n.layer in labels.stacked_layers(lay):
            assert (value, delta) == (labels.VALUE_UNDER, labels.DELTA_OVER)
        else:
            assert value in labels.VALUES_BESIDE + labels.VALUES_ACROSS and delta in labels.DELTAS_BESIDE + labels.DELTAS_ACROSS
    boxes = _unit_label_boxes(lay, scale)
    (x0, x1), (y0, y1) = labels.x_range(lay), labels.y_range(lay)
    for k, (kind, unit, box) in enumerate(boxes):
        assert x0 <= box.x0 and box.x1 <= x1 and y0 <= box.y0 and box.y1 <= y1, (kind, unit)
        for other_kind, other_unit, other in boxes[k + 1:]:
            if unit != other_unit:
                assert box.overlap(other) == 0, (kind, unit, other_kind, other_unit)


@pytest.mark.parametrize("sizes", [[2, 1, 1], [3, 2, 1], [2, 3, 1], [2, 2, 2], [1, 1, 1, 1, 1, 1, 1]])
def test_the_lesson_sized_networks_keep_their_labels_beside_the_units(sizes):
    lay = layout(sizes)
    assert not labels.crowded(sizes)
    assert labels.stacked_layers(lay) == frozenset()
    y0, y1 = labels.y_range(lay)
    # the usual height; a deep chain taller, with room for a 3-line label between two units
    assert labels.plot_height(lay) == max(labels.PLOT_HEIGHT_PX, math.ceil(labels.LAYER_PX * (y1 - y0)))
    assert (labels.plot_height(lay) > labels.PLOT_HEIGHT_PX) == (len(sizes) > 5)


@pytest.mark.parametrize("drawn, placed", [(None, 560), (1250, 560), (561, 560), (579, 560), (559, 540), (394, 380),
                                           (372, 360), (342, 340), (339, 240), (100, labels.MIN_PLOT_WIDTH_PX),
                                           (float("nan"), 560)])
def test_labels_are_placed_for_the_plots_drawn_width_rounded_down_and_at_most_the_usual(drawn, placed):
    assert labels.placement_width(drawn) == placed


def test_a_narrower_plot_moves_the_labels_and_the_range_and_a_wider_one_keeps_them():
    state = LabState(preset="xor_2_3_1")
    state.step = len(state.steps)
    wide = (state.picture.edge_labels, labels.x_range(state.layout, state.plot_width))
    state.plot_width = 360
    narrow = (state.picture.edge_labels, labels.x_range(state.layout, state.plot_width))
    assert narrow != wide
    state.plot_width = labels.PLOT_WIDTH_PX
    assert (state.picture.edge_labels, labels.x_range(state.layout, state.plot_width)) == wide


def test_on_a_phone_a_wide_networks_unit_labels_are_left_out_not_piled_up():
    state = state_of("4-8-8-8-2", 360)
    state.step = len(state.steps)
    assert labels.silent_layers(state.layout, 360) == {0, 1, 2, 3, 4}
    assert set(state.picture.nodes["value_text"]) == {""} and set(state.picture.targets["text"]) == {""}
    assert labels.silent_layers(state.layout, labels.PLOT_WIDTH_PX) == frozenset()


def test_a_deep_crowded_network_gets_a_taller_plot_with_room_between_its_layers():
    lay = layout([2, 8, 8, 8, 8, 8, 8, 1])
    height = labels.plot_height(lay)
    y0, y1 = labels.y_range(lay)
    assert height > labels.PLOT_HEIGHT_PX
    assert height / (y1 - y0) >= labels.STACKED_LAYER_PX
    assert labels.plot_height(layout([2, 8, 8, 1])) == labels.PLOT_HEIGHT_PX  # four layers fit as they are


def test_the_plot_has_room_for_a_bias_label_left_of_the_leftmost_unit():
    with_biases, without = layout([2, 3, 1], biases=True), layout([2, 3, 1])
    assert labels.x_range(with_biases)[0] < labels.x_range(without)[0]
    assert labels.x_range(with_biases)[0] <= min(b.x for b in with_biases.biases) - 0.9


def test_dragging_a_weight_never_moves_a_label():
    state = LabState(preset="numpy_exercise")
    state.step = len(state.steps)
    before = state.picture.edge_labels
    with drag_of(state).step():
        assert state.set_weight("w0.1.0", -1.234567)
    after = state.picture.edge_labels
    assert after["text"] != before["text"]
    assert (after["x"], after["y"]) == (before["x"], before["y"])


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("network", NETWORKS)
def test_a_units_labels_beside_it_are_clear_of_every_edges_line(network, width):
    """The worked example's "a = 0.495" sat on w₂'s line, lowered to the right of its unit as every
    h, a was: a unit's labels now go where no edge leaves it. (Under and over a unit of a stacked
    layer they sit across its edges, on their opaque box.)"""
    state = state_of(network, width)
    lay, scale = state.layout, labels.Scale(state.layout, width)
    lines = [((e.x0, e.y0), (e.x1, e.y1)) for e in lay.edges]
    crossed = []
    for n, (value, delta) in zip(lay.nodes, labels.unit_labels(lay, width)):
        if n.layer in labels.stacked_layers(lay, width):
            continue
        for kind, label in (("h, a", value), ("δ", delta))[:2 if n.layer else 1]:  # an input has no δ
            crossed += [(n.id, kind) for line in lines if labels._crosses(label.box(scale, n.x, n.y), line, scale)]
    assert crossed == []


def test_the_usual_places_are_kept_where_no_edge_runs_through_them():
    """A unit's h, a goes right and down, its δ left and up, unless an edge is in the way: a 1-1-1
    chain's edges are vertical, and the worked example's hidden unit has w₂ leaving down-right."""
    chain = layout([1, 1, 1])
    assert labels.unit_labels(chain) == [(labels.VALUE_BESIDE, labels.DELTA_BESIDE)] * 3
    worked = layout([2, 1, 1])
    hidden = labels.unit_labels(worked)[2]
    assert hidden[0].dy > 0 and hidden[1] == labels.DELTA_BESIDE


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("network", NETWORKS)
def test_neighbouring_output_units_targets_are_clear_of_each_other(network, width):
    """On a 412-px phone the 2-2-2 preset's two targets, each on one line ("y = 0.01   y − ŷ =
    -0.741"), ran into each other: where one line does not fit, each goes on two short ones, the
    same form all through the walk (tests/ui/test_label_boxes.py measures them as drawn)."""
    state = state_of(network, width)
    scale = labels.Scale(state.layout, width)
    forms = set()
    for step in range(len(state.steps) + 1):
        state.step = step
        t = state.picture.targets
        forms |= {text.startswith("y=") for text in t["text"] if text}
        half_widths = [max(map(len, text.split("\n"))) * labels.TARGET_CHAR_PX / 2 for text in t["text"]]
        pairs = list(zip(t["x"], half_widths))
        for (x0, w0), (x1, w1) in zip(pairs, pairs[1:]):
            assert x0 + w0 * scale.x < x1 - w1 * scale.x, (step, t["text"])
    assert len(forms) <= 1, "the targets changed form during the walk"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("network", NETWORKS)
def test_a_learners_delta_is_clear_of_its_units_own_labels(network, width):
    """On the Practice tab a learner's δ is drawn beside the true one: under it, or over it where
    the unit's h, a is on the same side (a δ or an h, a placed across), never on the h, a."""
    state = state_of(network, width)
    lay, scale = state.layout, labels.Scale(state.layout, width)
    state.practice_deltas = {n.id: -0.000456 for n in lay.nodes if n.layer > 0}  # the widest a δ is written
    state.step = len(state.steps)
    nodes, stacked, checked = state.picture.nodes, labels.stacked_layers(lay, width), 0
    for k, (n, (value, delta)) in enumerate(zip(lay.nodes, labels.unit_labels(lay, width))):
        if not nodes["learner_text"][k] or n.layer in stacked:  # stacked: tests/ui/test_practice.py draws them
            continue
        w = len(nodes["learner_text"][k]) * labels.CHAR_PX + labels.PAD_PX
        mine = labels.UnitLabel(delta.dx, nodes["learner_dy"][k], delta.align, "middle", "12px", w, labels.LINE_PX)
        box = mine.box(scale, n.x, n.y)
        for kind, other in (("unit", scale.box(n.x, n.y, labels.NODE_SIZE_PX, labels.NODE_SIZE_PX)),
                            ("h, a", value.box(scale, n.x, n.y)), ("δ", delta.box(scale, n.x, n.y))):
            assert box.overlap(other) == 0, (n.id, kind)
        checked += 1
    assert checked or stacked  # a network whose every layer is stacked is drawn in the browser test


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("network", NETWORKS)
def test_a_units_labels_beside_it_cover_no_other_units_labels(network, width):
    """At 560 px (a 1280-px projector's plot) XOR's first hidden unit took the first clear place
    for its h, a, which left its neighbour's δ none: that δ was drawn on the h, a. The places are
    now searched for together."""
    lay = state_of(network, width).layout
    scale, stacked = labels.Scale(lay, width), labels.stacked_layers(lay, width)
    boxes = [(n.id, kind, label.box(scale, n.x, n.y))
             for n, pair in zip(lay.nodes, labels.unit_labels(lay, width)) if n.layer not in stacked
             for kind, label in zip(("h, a", "δ"), pair[:2 if n.layer else 1])]  # an input has no δ
    for k, (unit, kind, box) in enumerate(boxes):
        for other_unit, other_kind, other in boxes[k + 1:]:
            if unit != other_unit:
                assert box.overlap(other) == 0, (unit, kind, other_unit, other_kind)


@pytest.mark.parametrize("width", [540.0, 520.0])
def test_only_a_hidden_layers_middle_unit_asks_for_room_to_step_aside(width):
    """XOR's (2-3-1) middle hidden unit has edges leaving it below and above: at 520-540 px no place
    beside it was clear, so its layers are stacked there. The NumPy exercise's (3-2-1) middle unit
    is an input, its edges leaving upward only: its labels stay beside the units, as the Practice
    tab's diagram (its learner's δ written "yours = ...") expects."""
    assert labels.crowded([2, 3, 1], width)
    assert not labels.crowded([3, 2, 1], width)
    assert not labels.crowded([2, 2, 2], width)
