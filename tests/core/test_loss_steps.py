"""The step-through of every loss and penalty: the loss named, δᵒ's own formula, Δw's penalty term,
and NumPy lines that recompute every value the steps show."""
import numpy as np
import pytest

from core import Network, walkthrough
from . import test_steps
from .test_losses import PAIRS, PENALTY_RATES


@pytest.fixture
def lesson_functions_with_softmax(monkeypatch):
    plain = test_steps.lesson_functions

    def functions():
        def softmax(h):  # written out as a learner would
            e = np.exp(h - np.max(h))
            return e / np.sum(e)
        return {**plain(), "softmax": softmax}

    monkeypatch.setattr(test_steps, "lesson_functions", functions)


def case(loss, output, l1=0.0, l2=0.0, sizes=(2, 3, 3)):
    net = Network.random(list(sizes), seed=5, activation="tanh", output_activation=output, biases=True, loss=loss)
    net.biases = [np.full(b.shape, 0.1) for b in net.biases]
    target = np.eye(sizes[-1])[1] if sizes[-1] > 1 else np.array([1.0])
    return (net, *walkthrough(net, np.array([0.4, -0.8]), target, 0.5, l1=l1, l2=l2))


@pytest.mark.parametrize("loss, output", PAIRS)
@pytest.mark.parametrize("l1, l2", PENALTY_RATES)
def test_the_numpy_lines_recompute_every_step(loss, output, l1, l2, lesson_functions_with_softmax):
    net, fwd, bwd, steps = case(loss, output, l1, l2)
    test_steps.run_numpy_lines(net, fwd, bwd, steps)  # every value, to 1e-12
    test_steps.check_shapes_comment(steps)
    for s in steps:
        assert s.title and s.formula and s.numbers  # each text is written without error


@pytest.mark.parametrize("loss, output, written", [
    ("squared_error", "sigmoid", r"E = \tfrac{1}{2} \sum_k (y_k - \hat{y}_k)^2"),
    ("cross_entropy", "sigmoid", r"(1 - y_k) \log (1 - \hat{y}_k)"),
    ("cross_entropy", "softmax", r"E = -\sum_k y_k \log \hat{y}_k"),
])
def test_the_error_step_names_the_loss(loss, output, written):
    _, _, _, steps = case(loss, output)
    error = next(s for s in steps if s.kind == "error")
    assert written in error.formula
    assert ("cross-entropy" if loss == "cross_entropy" else "squared error") in error.title


def test_softmax_cross_entropy_delta_reads_y_minus_y_hat_with_its_numbers():
    _, fwd, bwd, steps = case("cross_entropy", "softmax")
    deltas = [s for s in steps if s.kind == "delta" and s.layer == 2]
    assert len(deltas) == 3
    for k, s in enumerate(deltas):
        assert s.formula.endswith(f"= y_{{{k + 1}}} - \\hat{{y}}_{{{k + 1}}}")
        assert "f'(h) cancels, so δ = y − ŷ" in s.title
        y_hat = fwd.output[k]
        assert s.value == pytest.approx(bwd.target[k] - y_hat, abs=1e-15)
    # unit 2 is the true class: δ = 1 − ŷ₂, written with ŷ₂ to three figures
    assert deltas[1].numbers == rf"\delta^{{o}}_{{2}} = 1 - {fwd.output[1]:.3g} = {1 - fwd.output[1]:.3g}"


def test_squared_error_keeps_the_slope_in_delta():
    _, _, _, steps = case("squared_error", "sigmoid")
    delta = next(s for s in steps if s.kind == "delta" and s.layer == 2)
    assert "f'(h^{o}_{1})" in delta.formula


@pytest.mark.parametrize("l1, l2, term, number", [
    (0.0, 0.05, r"\lambda_2 w_{ij}", r"0.05 \times \begin{pmatrix}"),
    (0.02, 0.0, r"\lambda_1 \operatorname{sign} w_{ij}", r"0.02 \times \operatorname{sign} \begin{pmatrix}"),
])
def test_the_weight_step_shows_the_penalty(l1, l2, term, number):
    _, _, _, steps = case("cross_entropy", "softmax", l1=l1, l2=l2)
    first = next(s for s in steps if s.kind == "weight_step" and s.layer == 1)
    assert first.formula == rf"\Delta w_{{ij}} = \eta \left( \delta^{{h}}_j\, x_i - {term} \right)"
    assert number in first.numbers
    bias = next(s for s in steps if s.kind == "bias_step" and s.layer == 1)
    assert "lambda" not in bias.formula  # biases are not penalised


def test_one_weight_with_l2_reads_eta_times_delta_a_minus_lambda_w():
    net = Network([np.array([[0.4], [-0.2]]), np.array([[0.1]])], output_activation="sigmoid", loss="cross_entropy")
    fwd, bwd, steps = walkthrough(net, np.array([0.1, 0.3]), np.array([1.0]), 0.5, l2=0.1)
    W = next(s for s in steps if s.kind == "weight_step" and s.layer == 2)
    assert W.formula == r"\Delta W = \eta \left( \delta^{o}\, a - \lambda_2 W \right)"
    d, a = bwd.deltas[1][0], fwd.layer_outputs[0][0]
    assert W.numbers.startswith(rf"\Delta W = 0.5 \times ({d:.3g} \times {a:.3g} - 0.1 \times 0.1) = ")
    assert W.value == pytest.approx(0.5 * (d * a - 0.1 * 0.1), rel=1e-14)
