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
        assert x == pytest.approx(e.x0 + (e.x1 - e.x0) * t)


def test_a_crowded_layer_still_places_every_label_in_the_plot():
    lay = layout([8, 8, 1])
    labelled = [(e, f"w = 0.5\nΔ = 0.000123\n→ 0.500123") for e in lay.edges]
    centres = labels.place(lay, labelled)
    (x0, x1), (y0, y1) = labels.x_range(lay), labels.y_range(lay)
    assert len(centres) == len(labelled)
    assert all(x0 < x < x1 and y0 < y < y1 for x, y in centres)


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
