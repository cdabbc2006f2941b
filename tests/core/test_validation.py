"""Bad input gets a ValueError that names the problem; huge inputs give no overflow and no NaN."""
import json
import math
import warnings

import numpy as np
import pytest

from core import ACTIVATIONS, Network, train
from core.passes import backward_arrays, forward_arrays


def lesson_net(**kwargs):
    return Network(weights=[np.array([[0.4], [-0.2]]), np.array([[0.1]])], **kwargs)


def net_2_3_1(**kwargs):
    return Network(weights=[np.ones((2, 3)), np.ones((3, 1))], **kwargs)


# -- the network's own description ---------------------------------------------------------
@pytest.mark.parametrize(
    "weights, match",
    [
        ([np.ones((2, 3)), np.ones((4, 1))], r"weights\[0\] has 3 output units but weights\[1\] expects 4"),
        ([], "non-empty list"),
        (np.ones((2, 3)), "list of arrays"),
        (None, "list of arrays"),
        ([np.ones((2, 3, 1))], r"weights\[0\] must be a non-empty 2-D matrix"),
        ([np.ones((0, 3))], r"weights\[0\] must be a non-empty 2-D matrix"),
        ([np.ones((2, 3)), np.array([[np.nan], [1.0], [1.0]])], r"weights\[1\] contains NaN"),
        ([np.full((2, 3), np.inf), np.ones((3, 1))], r"weights\[0\] contains NaN or infinite"),
        ([np.ones((2, 3)), -np.inf * np.ones((3, 1))], r"weights\[1\] contains NaN or infinite"),
        ([[["a", "b"]], [[1.0], [1.0]]], r"weights\[0\] must be real numbers"),
        ([np.ones((2, 1)) * 1j, np.ones((1, 1))], r"weights\[0\] must be real numbers"),
        ([[[1.0, 2.0], [3.0]], [[1.0], [1.0]]], r"weights\[0\] must be a rectangular array"),
        ([[[10**400, 1]], [[1], [1]]], r"weights\[0\] must be numbers within float range"),
    ],
)
def test_bad_weights(weights, match):
    with pytest.raises(ValueError, match=match):
        Network(weights)


@pytest.mark.parametrize(
    "biases, match",
    [
        ([np.zeros(3)], "got 1 bias vectors for 2 layers"),
        ([np.zeros(3), np.zeros(1), np.zeros(1)], "got 3 bias vectors for 2 layers"),
        ([np.zeros(2), np.zeros(1)], r"biases\[0\] has shape \(2,\), expected \(3,\)"),
        ([np.zeros((3, 1)), np.zeros(1)], r"biases\[0\] has shape \(3, 1\), expected \(3,\)"),
        ([np.zeros(3), np.array([np.nan])], r"biases\[1\] contains NaN"),
        ([np.array([0, np.inf, 0]), np.zeros(1)], r"biases\[0\] contains NaN or infinite"),
        (np.zeros((2, 3)), "biases must be None or a list"),
        (5, "biases must be None or a list"),
    ],
)
def test_bad_biases(biases, match):
    with pytest.raises(ValueError, match=match):
        net_2_3_1(biases=biases)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"activation": "softmax"}, "unknown activation 'softmax': choose one of linear, relu, sigmoid, tanh"),
        ({"output_activation": "Sigmoid"}, "unknown activation 'Sigmoid'"),
        ({"output_activation": None}, "unknown activation None"),
        ({"activation": ["tanh", "tanh"]}, "got 2 hidden activations for 1 hidden layers"),
        ({"activation": []}, "got 0 hidden activations for 1 hidden layers"),
        ({"activation": [7]}, "unknown activation 7"),
        ({"activation": None}, "activation must be a name or a list of names"),
        ({"activation": 3}, "activation must be a name or a list of names"),
    ],
)
def test_bad_activations(kwargs, match):
    with pytest.raises(ValueError, match=match):
        net_2_3_1(**kwargs)


def test_per_layer_activations_are_counted_for_deeper_networks():
    weights = [np.ones((2, 3)), np.ones((3, 3)), np.ones((3, 1))]
    assert Network(weights, activation=["tanh", "relu"]).activations == ["tanh", "relu", "sigmoid"]
    with pytest.raises(ValueError, match="got 1 hidden activations for 2 hidden layers"):
        Network(weights, activation=["tanh"])


@pytest.mark.parametrize(
    "sizes, seed, match",
    [
        ([2], 0, "at least two positive integers"),
        ([2, 0, 1], 0, "at least two positive integers"),
        ([2, 3.0, 1], 0, "at least two positive integers"),
        ([2, True], 0, "at least two positive integers"),
        ([2, 1], "seven", "seed must be None or a non-negative integer"),
        ([2, 1], -1, "seed must be None or a non-negative integer"),
    ],
)
def test_bad_random_networks(sizes, seed, match):
    with pytest.raises(ValueError, match=match):
        Network.random(sizes, seed=seed)


# -- what goes through it ------------------------------------------------------------------
@pytest.mark.parametrize(
    "x, match",
    [
        (np.array([0.1, 0.3, 0.5]), r"x has shape \(3,\), expected \(2,\) or \(batch, 2\)"),
        (np.ones((4, 3)), r"x has shape \(4, 3\), expected \(2,\) or \(batch, 2\)"),
        (np.ones((4, 2, 1)), r"x has shape \(4, 2, 1\)"),
        (0.5, r"x has shape \(\), expected"),
        (np.ones((0, 2)), "x is an empty batch"),
        (np.array([np.nan, 0.3]), "x contains NaN or infinite values"),
        (np.array([[0.1, 0.3], [np.inf, 0.0]]), "x contains NaN or infinite values"),
        ("0.1 0.3", "x must be numbers"),
        (None, "x must be numbers"),
        ([0.1, "a"], "x must be real numbers"),
        ([1j, 0.3], "x must be real numbers"),
    ],
)
def test_bad_inputs(x, match):
    with pytest.raises(ValueError, match=match):
        lesson_net().forward(x)


@pytest.mark.parametrize(
    "target, match",
    [
        (np.array([np.nan]), "target contains NaN or infinite values"),
        (np.array([-np.inf]), "target contains NaN or infinite values"),
        (np.array([1.0, 0.0]), r"target has shape \(2,\), expected \(1,\) like ŷ"),
        (np.ones((1, 1)), r"target has shape \(1, 1\), expected \(1,\) like ŷ"),
        ("one", "target must be numbers"),
    ],
)
def test_bad_targets(target, match):
    net = lesson_net()
    with pytest.raises(ValueError, match=match):
        net.backward(net.forward([0.1, 0.3]), target, 0.5)


def test_a_scalar_target_is_taken_for_a_single_output():
    net = lesson_net()
    bwd = net.backward(net.forward([0.1, 0.3]), 1.0, 0.5)
    assert bwd.target.shape == (1,)


def test_a_batch_target_must_match_the_batch():
    net = lesson_net()
    fwd = net.forward(np.ones((3, 2)))
    with pytest.raises(ValueError, match=r"target has shape \(2, 1\), expected \(3, 1\)"):
        net.backward(fwd, np.ones((2, 1)), 0.5)


@pytest.mark.parametrize(
    "learning_rate, match",
    [
        (0, r"finite and above 0, got 0.0"),
        (0.0, "finite and above 0"),
        (-0.5, r"finite and above 0, got -0.5"),
        (math.nan, "finite and above 0, got nan"),
        (math.inf, "finite and above 0, got inf"),
        (-math.inf, "finite and above 0"),
        (np.float64("nan"), "finite and above 0"),
        ("0.5", "must be a number, got '0.5'"),
        (None, "must be a number, got None"),
        (True, "must be a number, got a boolean"),
        (1j, "must be a number"),
        (np.array([0.5]), "must be a number"),
        (10**400, "finite and above 0"),
    ],
)
def test_bad_learning_rates(learning_rate, match):
    net = lesson_net()
    with pytest.raises(ValueError, match=match):
        net.backward(net.forward([0.1, 0.3]), [1.0], learning_rate)


@pytest.mark.parametrize("learning_rate", [1, 0.5, np.float32(0.25), np.int64(2), 1e-12])
def test_good_learning_rates(learning_rate):
    net = lesson_net()
    assert net.backward(net.forward([0.1, 0.3]), [1.0], learning_rate).learning_rate == float(learning_rate)


def test_backward_needs_a_forward_pass_of_this_network():
    net = lesson_net()
    with pytest.raises(ValueError, match="needs the ForwardPass"):
        net.backward({"output": [0.5]}, [1.0], 0.5)
    other = net_2_3_1()
    with pytest.raises(ValueError, match="another shape"):
        net.backward(other.forward([0.1, 0.3]), [1.0], 0.5)


def test_apply_refuses_steps_of_another_network():
    other = net_2_3_1()
    bwd = other.backward(other.forward([0.1, 0.3]), [1.0], 0.5)
    with pytest.raises(ValueError, match="another shape"):
        lesson_net().apply(bwd)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"learning_rate": 0}, "learning rate"),
        ({"learning_rate": "fast"}, "learning rate"),
        ({"batch_size": 0}, "the batch size must be at least 1, got 0"),
        ({"batch_size": 2.5}, "the batch size must be a whole number, got 2.5"),
        ({"epochs": -1}, "the number of epochs must be at least 0, got -1"),
        ({"epochs": 1.5}, "the number of epochs must be a whole number, got 1.5"),
        ({"epochs": "ten"}, "the number of epochs must be a whole number"),
    ],
)
def test_bad_training_settings(kwargs, match):
    settings = {"epochs": 1, "batch_size": None, "learning_rate": 0.5} | kwargs
    with pytest.raises(ValueError, match=match):
        train(lesson_net(), np.ones((4, 2)), np.ones((4, 1)), **settings)


@pytest.mark.parametrize(
    "x, y, match",
    [
        (np.ones((4, 3)), np.ones((4, 1)), r"x must have shape \(n, 2\), got \(4, 3\)"),
        (np.ones(4), np.ones((4, 1)), r"x must have shape \(n, 2\), got \(4,\)"),
        (np.ones((0, 2)), np.ones((0, 1)), "x holds no samples"),
        (np.ones((4, 2)), np.ones((3, 1)), r"y must have shape \(4, 1\), got \(3, 1\)"),
        (np.ones((4, 2)), np.ones((4, 2)), r"y must have shape \(4, 1\), got \(4, 2\)"),
        (np.array([[np.nan, 0]] * 4), np.ones((4, 1)), "x contains NaN"),
        (np.ones((4, 2)), np.array([1, 0, np.inf, 1]), "y contains NaN or infinite"),
    ],
)
def test_bad_training_data(x, y, match):
    with pytest.raises(ValueError, match=match):
        train(lesson_net(), x, y, epochs=1)


# -- from_dict: what comes back from JSON (a URL, a saved file) -----------------------------
def description(**changes):
    d = json.loads(json.dumps(net_2_3_1(biases=[np.zeros(3), np.zeros(1)]).to_dict()))
    d.update(changes)
    return d


@pytest.mark.parametrize(
    "d, match",
    [
        ([1, 2], "must be a JSON object"),
        ("{}", "must be a JSON object"),
        ({"activation": ["sigmoid"], "output_activation": "sigmoid"}, "lacks weights"),
        ({"weights": [[[1.0]]]}, "lacks activation, output_activation"),
        (description(weights="abc"), "'weights' must be a list of matrices"),
        (description(weights={"0": [[1.0]]}), "'weights' must be a list of matrices"),
        (description(weights=[]), "non-empty list"),
        (description(weights=[[["1", "2", "3"], [1, 1, 1]], [[1], [1], [1]]]), r"weights\[0\] must be numbers"),
        (description(weights=[[[1, 2, 3], [1]], [[1], [1], [1]]]), r"weights\[0\] must be numbers"),
        (description(weights=[None, [[1], [1], [1]]]), r"weights\[0\] must be numbers"),
        (description(weights=[{"a": 1}, [[1], [1], [1]]]), r"weights\[0\] must be numbers"),
        (description(weights=[[[1, None, 1], [1, 1, 1]], [[1], [1], [1]]]), r"weights\[0\] must be numbers"),
        (description(weights=[[[1, 1, 1], [1, 1, 1]], [[1], [1]]]), "has 3 output units but weights.1. expects 2"),
        (description(biases=[[0, 0], [0]]), r"biases\[0\] has shape \(2,\), expected \(3,\)"),
        (description(biases=[[0, 0, 0]]), "got 1 bias vectors for 2 layers"),
        (description(biases=[[0, "x", 0], [0]]), r"biases\[0\] must be real numbers"),
        (description(biases={"0": [0, 0, 0]}), "biases must be None or a list"),
        (description(activation=3), "activation must be a name or a list"),
        (description(activation=["swish"]), "unknown activation 'swish'"),
        (description(activation=["tanh", "tanh"]), "got 2 hidden activations for 1 hidden layers"),
        (description(output_activation=["sigmoid"]), "unknown activation"),
        (description(sizes=[2, 4, 1]), r"'sizes' says \[2, 4, 1\] but the weights give \[2, 3, 1\]"),
        (description(sizes="2-3-1"), "'sizes' says 2-3-1 but the weights give"),
    ],
)
def test_malformed_descriptions(d, match):
    with pytest.raises(ValueError, match=match):
        Network.from_dict(d)


def test_nan_survives_no_json_round_trip():
    """Python's json writes NaN as a bare NaN token; from_dict must still refuse it."""
    d = description()
    d["weights"][1][0][0] = float("nan")
    with pytest.raises(ValueError, match=r"weights\[1\] contains NaN"):
        Network.from_dict(json.loads(json.dumps(d)))
    d = description()
    d["biases"][1][0] = float("inf")
    with pytest.raises(ValueError, match=r"biases\[1\] contains NaN or infinite"):
        Network.from_dict(json.loads(json.dumps(d)))


# -- numerical stability ------------------------------------------------------------------
HUGE = np.array([-1e4, -1e3, -745.0, -710.0, -40.0, -1e-300, 0.0, 1e-300, 40.0, 710.0, 745.0, 1e3, 1e4])


def raising():
    """Every floating-point overflow, invalid operation and division by zero raises, and so
    does any warning. Underflow to 0 is left alone: σ(-1e4) is 0 to double precision."""
    return np.errstate(over="raise", invalid="raise", divide="raise")


@pytest.mark.parametrize("name", ["sigmoid", "tanh"])
def test_sigmoid_and_tanh_never_overflow(name):
    act = ACTIVATIONS[name]
    with warnings.catch_warnings(), raising():
        warnings.simplefilter("error")
        a = act.value(HUGE)
        slope = act.derivative(HUGE, a)
    assert np.all(np.isfinite(a)) and np.all(np.isfinite(slope))
    low, high = (0.0, 1.0) if name == "sigmoid" else (-1.0, 1.0)
    assert np.all((a >= low) & (a <= high))
    assert np.all(np.diff(a) >= 0)  # monotone, even across the branch point of the stable form
    assert a[0] == low and a[-1] == high
    np.testing.assert_allclose(act.value(np.array([-2.0, 0.5, 3.0])),
                               1 / (1 + np.exp(-np.array([-2.0, 0.5, 3.0]))) if name == "sigmoid"
                               else np.tanh([-2.0, 0.5, 3.0]), rtol=1e-15)


def test_the_stability_check_would_catch_a_naive_sigmoid():
    """The check above can fail: 1 / (1 + e^(-h)) overflows in e^(-h) at h = -1e4."""
    with pytest.raises(FloatingPointError), raising():
        1 / (1 + np.exp(-HUGE))


@pytest.mark.parametrize("name", ["sigmoid", "tanh"])
def test_huge_weighted_sums_give_finite_steps(name):
    """|h| up to 1e4 through the whole unchecked hot path, with errors raised, not hidden."""
    # x = ±1e4 and unit weights drive h of the hidden layer to ±1e4 (and ±2e4)
    net = Network([np.array([[1.0, 1.0], [1.0, -1.0]]), np.array([[1.0], [-1.0]])],
                  biases=[np.zeros(2), np.zeros(1)], activation=name)
    x = np.array([[1e4, 0.0], [-1e4, 0.0], [1e4, 1e4], [-1e4, 1e4]])
    y = np.array([[1.0], [0.0], [0.0], [1.0]])
    with warnings.catch_warnings(), raising():
        warnings.simplefilter("error")
        hs, as_ = forward_arrays(net.weights, net.biases, net._functions, x)
        error, deltas, w_steps, b_steps, loss = backward_arrays(net.weights, net._functions, x, hs, as_, y, 0.5)
        fwd = net.forward(x)
        bwd = net.backward(fwd, y, 0.5)
    assert np.max(np.abs(hs[0])) >= 1e4
    for arrays in (as_, deltas, w_steps, b_steps, fwd.layer_outputs, bwd.deltas, bwd.weight_steps):
        assert all(np.all(np.isfinite(a)) for a in arrays)
    assert math.isfinite(loss) and bwd.loss == loss
