"""Edge labels: placed along their edge, clear of each other and of the units, before drawing."""
import pytest

from app import labels
from app.layout import layout
from app.state import LabState


def _label_boxes(state: LabState) -> list[labels.Box]:
    pic, lay = state.picture, state.layout
    scale = labels.Scale(lay)
    return [scale.box(x, y, labels.LABEL_CHARS * labels.CHAR_PX + labels.PAD_PX,
                      (text.count("\n") + 1) * labels.LINE_PX + labels.PAD_PX)
            for x, y, text in zip(pic.edge_labels["x"], pic.edge_labels["y"], pic.edge_labels["text"])]


@pytest.mark.parametrize("preset", ["worked_example", "numpy_exercise"])
def test_at_the_update_step_no_two_edge_labels_of_a_lesson_network_overlap(preset):
    state = LabState(preset=preset)
    state.step = len(state.steps)  # everything revealed: w, Δ and → on every edge
    boxes = _label_boxes(state)
    assert len(boxes) == sum(w.size for w in state.network.weights)
    for k, a in enumerate(boxes):
        for b in boxes[k + 1:]:
            assert a.overlap(b) == 0, (a, b)


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
        # at most MAX_COVERED by what was there when it was placed; later labels add at most as much again
        assert e.id == picked or covered <= 2 * labels.MAX_COVERED * (box.x1 - box.x0) * (box.y1 - box.y0)


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
            assert (value, delta) == (labels.VALUE_BESIDE, labels.DELTA_BESIDE)
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
    assert labels.plot_height(lay) == labels.PLOT_HEIGHT_PX


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
    assert state.set_weight("w0.1.0", -1.234567, live=True)
    after = state.picture.edge_labels
    assert after["text"] != before["text"]
    assert (after["x"], after["y"]) == (before["x"], before["y"])
