"""The exported NumPy script, the vanishing-gradient numbers, the gradient check view, training."""
import subprocess
import sys

import numpy as np
import pytest

from app.insight_views import GradientCheckView, vanishing_data
from app.state import LabState
from app.training import TrainingState
from app.training_data import parse_csv
from core import Network, preset
from core.diagnostics import layer_statistics
from core.export import numpy_script
from core.names import CodeNames
from core.notation import plain


@pytest.mark.parametrize("name", ["worked_example", "numpy_exercise", "biases_2_2_2", "deep_sigmoid_chain"])
def test_the_exported_script_prints_the_pages_numbers(name, tmp_path):
    lab = LabState(preset=name)
    script = tmp_path / "pass.py"
    script.write_text(numpy_script(lab.network, lab.x, lab.target, lab.learning_rate))
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True).stdout
    printed = {}
    for line in out.splitlines():
        name_part, rest = line.split(" = ", 1)
        printed[name_part] = eval(rest.split("#", 1)[1].strip())  # the full-precision list
    fwd, bwd, code = lab.forward, lab.backward, CodeNames(lab.network.sizes)
    L = lab.network.n_layers
    for l in range(L):  # the page's names: the lesson's for a 2-layer network
        np.testing.assert_allclose(printed[code.h(l + 1)], fwd.layer_inputs[l], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(printed[code.a(l + 1)], fwd.layer_outputs[l], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(printed[code.delta(l + 1)], bwd.deltas[l], rtol=1e-9, atol=1e-15)
        np.testing.assert_allclose(printed[code.weight_step(l)], bwd.weight_steps[l].ravel(), rtol=1e-9, atol=1e-15)
    # the loss and the weights after the update, as Apply update gives them
    np.testing.assert_allclose(printed["loss"], [bwd.loss], rtol=1e-12)
    after = lab.network.copy().apply(bwd)
    for l, w in enumerate(after.weights):
        np.testing.assert_allclose(printed[code.w(l)], w.ravel(), rtol=1e-12, atol=1e-15)
    if after.biases is not None:
        for l, b in enumerate(after.biases):
            np.testing.assert_allclose(printed[code.b(l)], b, rtol=1e-12, atol=1e-15)
    # and the short form is what the diagram's labels show
    short_delta = out.split(f"{code.delta(L)} = ")[1].split("    #")[0]
    assert short_delta.split(", ")[0] == plain(bwd.deltas[-1][0])
    if L == 2:  # the lesson's own names
        for name in ("hidden_layer_input", "output", "del_err_output", "del_err_hidden", "delta_w_h_o", "delta_w_i_h"):
            assert name in printed


def test_vanishing_view_numbers_equal_the_cores():
    p = preset("deep_sigmoid_chain")
    data = vanishing_data(p.network, p.x, p.target, p.learning_rate)
    bwd = p.network.backward(p.network.forward(p.x), p.target, p.learning_rate)
    assert data["delta"] == [float(np.mean(np.abs(d))) for d in bwd.deltas]
    assert data["delta_sigmoid"] == data["delta"]
    # the lesson's point: with sigmoid every layer down shrinks δ by at least 75 %
    for lower, upper in zip(data["delta"][:-1], data["delta"][1:]):
        assert lower <= 0.25 * upper
    assert all(d <= b for d, b in zip(data["delta"], data["bound"]))
    # tanh and ReLU on the same weights lose far less
    assert data["delta_tanh"][0] > 10 * data["delta_sigmoid"][0]
    assert data["delta_relu"][0] > 10 * data["delta_sigmoid"][0]


def test_gradient_check_passes_for_the_rule_and_fails_for_the_broken_one():
    lab = LabState(preset="numpy_exercise")
    view = GradientCheckView(state=lab)
    assert view.run() < 1e-6
    assert "passes" in view.summary.object
    assert len(view.source.data["weight"]) == 8
    view.broken = True
    assert view.run() > 0.1
    assert "fails" in view.summary.object


@pytest.mark.parametrize("dataset, epochs, accuracy", [("xor", 60, 1.0), ("circle", 60, 1.0), ("gaussians", 40, 0.9)])
def test_training_mode_learns_the_data_sets(dataset, epochs, accuracy):
    lab = LabState()
    training = TrainingState(lab=lab)
    training.use_default_network()
    training.dataset = dataset
    for _ in range(epochs):
        assert training.one_epoch()
    assert training.accuracy("test") >= accuracy
    assert training.history["train"][-1] < training.history["train"][0]


def test_pausing_hands_the_batchs_first_example_to_the_step_through():
    lab = LabState()
    training = TrainingState(lab=lab)
    training.use_default_network()
    training.one_batch()
    training.pause()
    first = training._order[training._batch * training.batch_size]
    np.testing.assert_array_equal(lab.x, training.x_train[first])
    np.testing.assert_array_equal(lab.target, training.y_train[first])
    assert lab.step == 0
    for w, w0 in zip(lab.network.weights, training.network.weights):
        np.testing.assert_array_equal(w, w0)


def test_a_diverging_run_pauses_says_so_and_can_go_back():
    lab = LabState()
    training = TrainingState(lab=lab)
    lab.param.update(biases=True, activation="relu", output_activation="linear")
    lab.architecture = "2-8-8-1"
    training.restart()
    assert training.one_epoch()
    good = [w.copy() for w in training.network.weights]
    lab.learning_rate = 1e5
    training.running = True
    training.tick()
    assert training.diverged and not training.running
    assert "diverged" in lab.message
    assert not training.one_epoch()
    training.go_back()
    for w, w0 in zip(training.network.weights, good):
        np.testing.assert_array_equal(w, w0)


def test_csv_upload_is_validated():
    x, y = parse_csv("x1,x2,label\n0,0,0\n1,1,0\n0,1,1\n1,0,1\n")
    assert x.shape == (4, 2) and y.shape == (4, 1)
    for bad, says in [("1,2\n", "at least 4"), ("0,0,0\n1,1,0\n0,1,2\n1,0,1\n", "0 or 1"),
                      ("0,0,0\n1,a,0\n0,1,1\n1,0,1\n", "must be a number"), ("0,0,0\n1,nan,0\n0,1,1\n1,0,1\n", "must be a number"),
                      ("0,0,0,0\n1,1,0\n0,1,1\n1,0,1\n", "columns")]:
        with pytest.raises(ValueError, match=says):
            parse_csv(bad)
    lab = LabState()
    training = TrainingState(lab=lab)
    assert not training.load_csv("<b>1</b>,2,3\n")
    assert "not loaded" in lab.message
    assert training.load_csv("0,0,0\n1,1,0\n0,1,1\n1,0,1\n0.1,0.1,0\n")
    assert training.dataset == "custom" and len(training.x_train) + len(training.x_test) == 5


def test_layer_statistics_relative_step():
    net = Network([np.array([[2.0]]), np.array([[1.0]])])
    bwd = net.backward(net.forward([1.0]), [1.0], 0.5)
    stats = layer_statistics(net, bwd)
    assert stats.relative_step[0] == pytest.approx(abs(bwd.weight_steps[0][0, 0]) / 2.0)
