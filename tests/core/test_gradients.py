"""backward's Δw and Δb equal finite differences of the loss: the gradients are right."""
import dataclasses

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st

from core import ACTIVATIONS, Network, gradient_check

TOLERANCE = 1e-6  # the bound on the relative error, in float64
KINK_MARGIN = 1e-3  # relu's f' jumps at h = 0: finite differences must not straddle it

activation = st.sampled_from(sorted(ACTIVATIONS))


@st.composite
def networks_and_samples(draw):
    """A random network of 1 to 5 hidden layers of 1 to 5 units, and one sample or a batch."""
    n_hidden = draw(st.integers(1, 5))
    sizes = draw(st.lists(st.integers(1, 5), min_size=n_hidden + 2, max_size=n_hidden + 2))
    hidden = draw(st.lists(activation, min_size=n_hidden, max_size=n_hidden))
    output = draw(activation)
    with_biases = draw(st.booleans())
    batch = draw(st.sampled_from([None, 1, 2, 5]))  # None: a single 1-D sample
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    net = Network.random(sizes, seed=seed, activation=hidden, output_activation=output, biases=with_biases)
    if with_biases:  # Network.random starts biases at 0: give them values that matter
        net.biases = [rng.normal(0.0, 0.5, size=b.shape) for b in net.biases]
    shape_x = (sizes[0],) if batch is None else (batch, sizes[0])
    shape_y = (sizes[-1],) if batch is None else (batch, sizes[-1])
    x = rng.normal(0.0, 1.0, size=shape_x)
    target = rng.uniform(0.0, 1.0, size=shape_y)
    return net, x, target


def relu_inputs_clear_of_the_kink(net, x) -> bool:
    fwd = net.forward(x)
    return all(
        np.min(np.abs(h)) > KINK_MARGIN
        for h, name in zip(fwd.layer_inputs, net.activations)
        if name == "relu"
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks_and_samples(), st.sampled_from([0.1, 1.0]))
def test_weight_and_bias_steps_equal_finite_differences(case, learning_rate):
    net, x, target = case
    assume(relu_inputs_clear_of_the_kink(net, x))
    note(f"{net!r}, x shape {x.shape}")
    check = gradient_check(net, x, target, learning_rate=learning_rate)
    assert len(check.relative_errors) == net.n_layers
    assert len(check.bias_relative_errors) == (0 if net.biases is None else net.n_layers)
    note(f"relative errors {check.relative_errors} biases {check.bias_relative_errors}")
    assert check.max_relative_error < TOLERANCE
    for analytic, numeric in zip(check.analytic + check.bias_analytic, check.numeric + check.bias_numeric):
        assert analytic.shape == numeric.shape


def test_the_check_compares_real_numbers():
    """Not a vacuous pass: on the lesson's example both sides are non-zero and agree."""
    net = Network(weights=[np.array([[0.4], [-0.2]]), np.array([[0.1]])], biases=[[0.1], [-0.2]])
    check = gradient_check(net, np.array([0.1, 0.3]), np.array([1.0]), learning_rate=0.5)
    for steps in (check.numeric, check.bias_numeric):
        assert all(np.all(np.abs(s) > 1e-5) for s in steps)
    assert check.max_relative_error < TOLERANCE


def _break(net, layer, derivative):
    """The network, with the derivative that backward uses in `layer` replaced."""
    funcs = net._functions
    funcs[layer] = dataclasses.replace(funcs[layer], derivative=derivative)
    return net


@pytest.mark.parametrize(
    "wrong",
    [
        lambda h, a: a,  # sigmoid's f' forgotten: f(h) instead of f(h)(1 - f(h))
        lambda h, a: a * (1.0 - a) * 1.01,  # off by just 1 %
    ],
    ids=["f instead of f'", "1% off"],
)
def test_a_wrong_backward_fails_the_check(wrong):
    net = Network.random([3, 4, 2], seed=3, biases=True)
    x = np.random.default_rng(0).normal(size=(4, 3))
    target = np.random.default_rng(1).uniform(size=(4, 2))
    assert gradient_check(net, x, target).max_relative_error < TOLERANCE
    _break(net, 0, wrong)  # the hidden layer's f': the first layer's steps go wrong
    check = gradient_check(net, x, target)
    assert check.relative_errors[0] > 1e-3
    assert check.bias_relative_errors[0] > 1e-3
    assert check.relative_errors[1] < TOLERANCE  # the output layer does not use it


def test_a_backward_that_forgets_the_batch_mean_fails_the_check(monkeypatch):
    import core.network as network_module

    real = network_module.backward_arrays

    def summed(weights, activations, x, hs, as_, y, eta):
        # Δw summed over the batch instead of averaged: eta times batch
        return real(weights, activations, x, hs, as_, y, eta * x.shape[0])

    monkeypatch.setattr(network_module, "backward_arrays", summed)
    net = Network.random([2, 3, 1], seed=1)
    x = np.random.default_rng(0).normal(size=(3, 2))
    check = gradient_check(net, x, np.ones((3, 1)))
    assert min(check.relative_errors) > 0.4  # (3 - 1) / (3 + 1) = 0.5
