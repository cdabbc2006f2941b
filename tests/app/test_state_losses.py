"""The lab's loss and penalty params: chosen, refused with a message, and shown in the step-through."""
import numpy as np

from app.state import LabState
from app.stepper import Stepper


def test_choosing_cross_entropy_makes_delta_o_the_error():
    lab = LabState()  # the worked example: sigmoid output
    lab.loss = "cross_entropy"
    assert lab.network.loss == "cross_entropy" and lab.message == ""
    delta = next(s for s in lab.steps if s.kind == "delta" and s.layer == lab.network.n_layers)
    assert delta.value == lab.target[0] - lab.forward.output[0]
    assert "f'(h) cancels" in delta.title
    lab.goto(len(lab.steps))  # E is shown once the forward pass has reached ŷ (a preset opens at step 0)
    status = Stepper(state=lab).status.object
    assert "E = −Σ [y log ŷ + (1 − y) log(1 − ŷ)]" in status and f"{lab.backward.loss:.6g}" in status


def test_cross_entropy_with_a_tanh_output_is_refused_and_the_lab_kept():
    lab = LabState()
    lab.output_activation = "tanh"
    before = lab.network.to_dict()
    lab.loss = "cross_entropy"
    assert lab.message == "not applied: cross-entropy needs a sigmoid or softmax output, not tanh"
    assert lab.loss == "squared_error" and lab.network.to_dict() == before


def test_softmax_with_cross_entropy_turns_the_target_one_hot():
    lab = LabState()
    lab.architecture = "2-3-3"
    lab.loss = "cross_entropy"  # with the sigmoid output: fine
    lab.target = np.array([0.2, 0.9, 0.4])
    lab.output_activation = "softmax"
    assert lab.message == ""
    np.testing.assert_array_equal(lab.target, [0.0, 1.0, 0.0])
    assert abs(sum(lab.forward.output) - 1.0) < 1e-12


def test_l2_shrinks_the_weights_update_after_update():
    lab = LabState(preset="numpy_exercise")
    lab.l2 = 0.5  # with η = 0.5 each update keeps 75 % of every weight, plus the data's small step
    norms = [sum(float(np.sum(w * w)) for w in lab.network.weights)]
    for _ in range(5):
        assert lab.apply_update()
        norms.append(sum(float(np.sum(w * w)) for w in lab.network.weights))
    assert all(b < a for a, b in zip(norms, norms[1:]))
    step = next(s for s in lab.steps if s.kind == "weight_step")
    assert r"\lambda_2" in step.formula and "- 0.5 \\times" in step.numbers  # − λ₂ w
    assert "λ₂ ½ Σ w²" in Stepper(state=lab).status.object


def test_softmax_on_one_output_is_refused_with_a_message():
    lab = LabState()  # 2-1-1
    before = lab.network.to_dict()
    lab.output_activation = "softmax"
    assert lab.message == "not applied: softmax needs at least 2 output units, this network has 1"
    assert lab.output_activation == "sigmoid" and lab.network.to_dict() == before
