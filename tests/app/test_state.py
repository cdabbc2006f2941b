"""LabState: the one object the views are computed from."""
import numpy as np
import pytest

from app.shape import parse_architecture
from app.state import LabState
from core import Network, preset, walkthrough
from core.notation import plain

LESSON_STEP_VALUES = {  # (kind, layer): value the lesson prints, and its precision
    ("a", 1): (0.495, 3),
    ("a", 2): (0.512, 3),
    ("delta", 2): (0.122, 3),
    ("delta", 1): (0.003, 3),
}


def test_starts_on_the_lessons_worked_example_at_step_0_so_next_starts_the_lesson():
    state = LabState()
    assert state.network.sizes == [2, 1, 1]
    assert state.step == 0 and len(state.steps) == 10
    assert state.current_step is None
    np.testing.assert_array_equal(state.x, [0.1, 0.3])
    assert state.message == ""


def test_stepping_shows_the_lessons_numbers_at_the_right_steps():
    state = LabState()
    state.first()
    seen = {}
    while state.step < len(state.steps):
        state.next()
        s = state.current_step
        seen.setdefault((s.kind, s.layer), s)
    for key, (value, digits) in LESSON_STEP_VALUES.items():
        assert round(seen[key].value, digits) == value, key
    assert round(seen[("weight_step", 2)].value, 4) == 0.0302
    assert seen[("weight_step", 1)].numbers.endswith("= (0.000152, 0.000457)")
    assert round(seen[("weight_step", 1)].value[0], 5) == 0.00015


def test_the_picture_reveals_only_the_steps_reached():
    state = LabState()
    state.first()
    assert state.picture.nodes["value_text"][2] == ""  # hidden unit: nothing computed yet
    assert all(t == "" for t in state.picture.nodes["delta_text"])
    state.next()
    assert state.picture.nodes["value_text"][2] == "h = -0.02"
    state.next()
    assert state.picture.nodes["value_text"][2] == "h = -0.02\na = 0.495"
    while state.current_step.kind != "delta" or state.current_step.layer != 1:
        state.next()
    assert state.picture.nodes["delta_text"] == ["", "", "δ = 0.00305", "δ = 0.122"]
    # the backward arrow runs from ŷ (above) down to the hidden unit
    assert state.picture.arrows["y_start"][0] > state.picture.arrows["y_end"][0]
    state.back()
    assert state.picture.nodes["delta_text"][2] == ""


def test_a_big_network_labels_only_the_edges_a_learner_looks_at():
    """Up to 30 weights every edge is labelled; above, the selected edge and those of a
    one-unit step are, never the dozens of a whole-layer step (they would stack up)."""
    small = LabState(preset="xor_2_3_1")
    assert len(small.picture.edge_labels["id"]) == len(small.picture.edges["id"])
    state = LabState()
    state.architecture = "2-8-8-1"
    state.selected = "w1.2.3"
    assert state.current_step.kind == "update"  # everything revealed: 88 weights updated
    assert state.picture.edge_labels["id"] == ["w1.2.3"]
    # h of the first unit of the second hidden layer: its eight incoming weights
    state.goto(next(s.index + 1 for s in state.steps if s.kind == "h" and s.layer == 2))
    labelled = set(state.picture.edge_labels["id"])
    incoming = {e for e in state.current_step.reads if e.startswith("w")}
    assert len(incoming) == 8 and "w1.2.3" in labelled
    # the eight fan in to one unit between two crowded layers: a label with no clear place
    # is left out (hover gives it), never drawn over another; the rest are drawn
    assert labelled - {"w1.2.3"} <= incoming
    assert len(labelled & incoming) >= 5
    assert all("=" in text for text in state.picture.edge_labels["text"])


def test_setting_a_weight_recomputes_every_value_as_the_core_does():
    state = LabState()
    assert state.set_weight("w0.0.0", 0.7)
    net = Network(weights=[np.array([[0.7], [-0.2]]), np.array([[0.1]])])
    fwd, bwd, steps = walkthrough(net, [0.1, 0.3], [1.0], 0.5)
    np.testing.assert_allclose(state.forward.layer_outputs[0], fwd.layer_outputs[0])
    np.testing.assert_allclose(state.backward.deltas[0], bwd.deltas[0])
    assert [s.numbers for s in state.steps] == [s.numbers for s in steps]
    assert state.picture.edges["w"][0] == repr(0.7)


def test_apply_moves_the_weights_by_exactly_the_steps_shown():
    state = LabState()
    before = [w.copy() for w in state.network.weights]
    shown = [s for s in state.steps if s.kind == "weight_step"]
    steps = {k: v for s in shown for k, v in s.writes.items()}
    assert state.apply_update()
    assert state.updates == 1
    assert state.network.weights[0][0, 0] == before[0][0, 0] + steps["w0.0.0"]
    assert state.network.weights[0][1, 0] == before[0][1, 0] + steps["w0.1.0"]
    assert state.network.weights[1][0, 0] == before[1][0, 0] + steps["w1.0.0"]
    assert state.backward.loss < 0.5 * (1 - 0.512) ** 2


def test_bad_input_keeps_the_last_good_state_and_says_why():
    state = LabState()
    before = state.network.to_dict()
    assert not state.set_weight("w0.0.0", "abc")
    assert "must be a number" in state.message
    assert not state.set_weight("w0.0.0", float("nan"))
    assert "finite" in state.message
    assert not state.set_input(0, float("inf"))
    assert not state.set_weight("w9.9.9", 1.0)
    assert "no weight" in state.message
    assert state.network.to_dict() == before
    assert state.set_weight("w0.0.0", 0.3)
    assert state.message == ""


@pytest.mark.parametrize("text", ["2-x-1", "2", "2-9-1", "2-1-1-1-1-1-1-1-1-1", "0-1", ""])
def test_architecture_over_the_limits_is_refused(text):
    state = LabState()
    state.architecture = text
    assert state.message
    assert state.network.sizes == [2, 1, 1]
    assert state.architecture == "2-1-1"


def test_a_new_architecture_draws_seeded_weights_and_keeps_the_sample():
    state = LabState()
    state.seed = 3
    state.architecture = "2-3-3-1"
    assert state.network.sizes == [2, 3, 3, 1]
    expected = Network.random([2, 3, 3, 1], seed=3)
    for w, e in zip(state.network.weights, expected.weights):
        np.testing.assert_array_equal(w, e)
    np.testing.assert_array_equal(state.x, [0.1, 0.3])
    assert parse_architecture("2, 3, 1") == [2, 3, 1]


def test_changing_the_activation_keeps_the_weights():
    state = LabState()
    weights = [w.copy() for w in state.network.weights]
    state.activation = "tanh"
    assert state.network.activations == ["tanh", "sigmoid"]
    for w, w0 in zip(state.network.weights, weights):
        np.testing.assert_array_equal(w, w0)


def test_a_diverging_update_is_refused():
    state = LabState()
    state.param.update(architecture="2-1-1", output_activation="linear", activation="linear")
    state.set_weight("w1.0.0", 1e5)
    state.set_input(0, 2.0)
    state.learning_rate = 1e6
    before = state.network.to_dict()
    assert not state.apply_update()
    assert "too large" in state.message
    assert state.network.to_dict() == before


def test_presets_load_with_their_sample():
    state = LabState()
    for name in ["numpy_exercise", "biases_2_2_2", "xor_2_3_1", "deep_sigmoid_chain"]:
        state.preset = name
        p = preset(name)
        assert state.network.sizes == p.network.sizes
        np.testing.assert_array_equal(state.x, p.x)
        assert state.learning_rate == p.learning_rate
        assert state.step == 0 and state.current_step is None  # inputs shown, nothing computed yet


def test_a_crowded_layer_writes_its_labels_short_and_labels_a_bias_only_when_a_step_is_about_it_alone():
    state = LabState()
    state.architecture = "2-8-1"
    state.biases = True
    state.step = len(state.steps)
    nodes, biases = state.picture.nodes, state.picture.biases
    hidden = nodes["id"].index("n1.0")
    h, a = state.forward.layer_inputs[0][0], state.forward.layer_outputs[0][0]
    assert nodes["value_text"][hidden] == f"h={plain(h)}\na={plain(a)}"
    assert nodes["value_baseline"][hidden] == "top" and nodes["delta_baseline"][hidden] == "bottom"
    output = nodes["id"].index("n2.0")
    assert nodes["value_text"][output].startswith("h = ")  # ŷ alone: beside it, as in the lesson
    assert nodes["value_align"][output] == "left"
    assert biases["name"][:2] == ["b₁", "b₂"] and biases["name"][-1] == "b"
    # the update step is about every bias: the crowded layer's are not labelled, ŷ's is
    assert biases["text"][:8] == [None] * 8 and biases["text"][8].startswith("b = ")
    assert all(b != "—" for b in biases["b"])  # hover still has every value
    # a hidden unit's h step reads its own bias only: that one is labelled where its label fits,
    # beside the leftmost unit; between two units 65 px apart it would run into the next one
    state.step = next(k for k, s in enumerate(state.steps, 1) if s.kind == "h" and "n1.0" in s.writes)
    shown = [k for k, text in enumerate(state.picture.biases["text"][:8]) if text is not None]
    assert [state.picture.biases["id"][k] for k in shown] == ["b0.0"]
    state.step = next(k for k, s in enumerate(state.steps, 1) if s.kind == "h" and "n1.3" in s.writes)
    assert state.picture.biases["text"][:8] == [None] * 8
