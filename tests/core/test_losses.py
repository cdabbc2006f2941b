"""Losses and penalties: backward equals finite differences of exactly the loss the contract states,
for every loss × output activation × penalty; cross-entropy stays finite for |h| up to 1e4."""
import math
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st

from core import ACTIVATIONS, Network, gradient_check
from core.losses import LOSSES, PENALTIES
from core.training import loss as mean_loss, train, train_step

TOLERANCE = 1e-6  # the bound on the relative error
KINK_MARGIN = 1e-3  # relu's f' and |w|'s slope jump at 0: finite differences must not straddle them

# every loss with every output activation it is defined for
PAIRS = [("squared_error", out) for out in sorted(ACTIVATIONS) + ["softmax"]] + [
    ("cross_entropy", "sigmoid"), ("cross_entropy", "softmax")]
PENALTY_RATES = [(0.0, 0.0), (0.03, 0.0), (0.0, 0.05), (0.02, 0.04)]  # none, L1, L2, both


def targets(rng, loss: str, output: str, shape) -> np.ndarray:
    """y for that loss: probability vectors (one-hot or soft) for softmax cross-entropy, else in [0, 1]."""
    if loss == "cross_entropy" and output == "softmax":
        if rng.random() < 0.5:
            k = shape[-1]
            return np.eye(k)[rng.integers(0, k, size=shape[:-1])]
        return rng.dirichlet(np.ones(shape[-1]), size=shape[:-1]) if len(shape) > 1 else rng.dirichlet(np.ones(shape[-1]))
    return rng.uniform(0.0, 1.0, size=shape)


@st.composite
def cases(draw):
    loss, output = draw(st.sampled_from(PAIRS))
    l1, l2 = draw(st.sampled_from(PENALTY_RATES))
    n_hidden = draw(st.integers(1, 4))
    sizes = draw(st.lists(st.integers(1, 4), min_size=n_hidden + 1, max_size=n_hidden + 1))
    sizes.append(draw(st.integers(2 if output == "softmax" else 1, 4)))  # softmax needs 2 outputs or more
    hidden = draw(st.lists(st.sampled_from(sorted(ACTIVATIONS)), min_size=n_hidden, max_size=n_hidden))
    batch = draw(st.sampled_from([None, 1, 3]))  # None: one 1-D sample
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    net = Network.random(sizes, seed=seed, activation=hidden, output_activation=output,
                         biases=draw(st.booleans()), loss=loss)
    if net.biases is not None:
        net.biases = [rng.normal(0.0, 0.5, size=b.shape) for b in net.biases]
    x = rng.normal(0.0, 1.0, size=(sizes[0],) if batch is None else (batch, sizes[0]))
    y = targets(rng, loss, output, (sizes[-1],) if batch is None else (batch, sizes[-1]))
    return net, x, y, l1, l2


def clear_of_kinks(net, x, l1) -> bool:
    fwd = net.forward(x)
    relu_ok = all(np.min(np.abs(h)) > KINK_MARGIN for h, name in zip(fwd.layer_inputs, net.activations) if name == "relu")
    return relu_ok and (not l1 or all(np.min(np.abs(w)) > KINK_MARGIN for w in net.weights))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), st.sampled_from([0.1, 1.0]))
def test_backward_equals_finite_differences_for_every_loss_output_and_penalty(case, learning_rate):
    net, x, y, l1, l2 = case
    assume(clear_of_kinks(net, x, l1))
    note(f"{net!r} x {x.shape} l1={l1} l2={l2}")
    check = gradient_check(net, x, y, learning_rate=learning_rate, l1=l1, l2=l2)
    note(f"errors {check.relative_errors} {check.bias_relative_errors}")
    assert check.max_relative_error < TOLERANCE


def test_every_pair_and_penalty_is_drawn():
    """The strategy above covers the whole product the issue names."""
    assert {loss for loss, _ in PAIRS} == set(LOSSES)
    assert {out for _, out in PAIRS} == set(ACTIVATIONS) | {"softmax"}
    assert {bool(l1) for l1, _ in PENALTY_RATES} == {True, False} == {bool(l2) for _, l2 in PENALTY_RATES}


# -- the contract's numbers, by hand -------------------------------------------------------------
def test_the_loss_is_the_stated_formula_plus_the_penalties():
    w = [np.array([[0.5, -1.0], [2.0, 0.25]]), np.array([[1.0, -0.5], [0.3, 0.7]])]
    b = [np.array([0.1, -0.2]), np.array([0.05, 0.0])]
    x = np.array([[0.3, -0.6], [1.2, 0.4]])
    weights_sq = sum(float(np.sum(m * m)) for m in w)
    weights_abs = sum(float(np.sum(np.abs(m))) for m in w)
    for loss, output in [("squared_error", "sigmoid"), ("cross_entropy", "sigmoid"), ("cross_entropy", "softmax")]:
        net = Network(w, b, "tanh", output, loss=loss)
        fwd = net.forward(x)
        y = np.array([[1.0, 0.0], [0.0, 1.0]])
        y_hat = fwd.output
        if loss == "squared_error":
            per_sample = 0.5 * np.sum((y - y_hat) ** 2, axis=1)
        elif output == "sigmoid":
            per_sample = -np.sum(y * np.log(y_hat) + (1 - y) * np.log(1 - y_hat), axis=1)
        else:
            per_sample = -np.sum(y * np.log(y_hat), axis=1)
        bwd = net.backward(fwd, y, 0.5, l1=0.01, l2=0.1)
        expected = per_sample.mean() + 0.1 * 0.5 * weights_sq + 0.01 * weights_abs
        assert bwd.loss == pytest.approx(expected, rel=1e-12)
        assert bwd.data_loss == pytest.approx(per_sample.mean(), rel=1e-12)
        assert mean_loss(net, x, y, l1=0.01, l2=0.1) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
def test_cross_entropy_with_its_pair_gives_delta_equal_to_the_error(output):
    net = Network.random([3, 4, 3], seed=2, activation="tanh", output_activation=output, loss="cross_entropy")
    x = np.array([0.2, -0.7, 1.1])
    y = np.array([0.0, 1.0, 0.0])
    fwd = net.forward(x)
    bwd = net.backward(fwd, y, 0.5)
    np.testing.assert_array_equal(bwd.deltas[-1], y - fwd.output)
    np.testing.assert_array_equal(bwd.error, y - fwd.output)
    # and squared error keeps its f'(h): δᵒ ≠ y − ŷ
    se = Network(net.weights, None, "tanh", output)
    assert not np.allclose(se.backward(se.forward(x), y, 0.5).deltas[-1], y - fwd.output)


def test_penalties_shrink_weights_and_leave_biases_alone():
    net = Network.random([2, 3, 1], seed=4, biases=True)
    fwd = net.forward(np.array([0.5, -0.5]))
    plain = net.backward(fwd, np.array([1.0]), 0.5)
    l2 = net.backward(fwd, np.array([1.0]), 0.5, l2=0.2)
    l1 = net.backward(fwd, np.array([1.0]), 0.5, l1=0.2)
    for w, p, s2, s1 in zip(net.weights, plain.weight_steps, l2.weight_steps, l1.weight_steps):
        np.testing.assert_allclose(s2, p - 0.5 * 0.2 * w, rtol=1e-14)
        np.testing.assert_allclose(s1, p - 0.5 * 0.2 * np.sign(w), rtol=1e-14)
    for p, s2 in zip(plain.bias_steps, l2.bias_steps):
        np.testing.assert_array_equal(p, s2)


# -- numerical stability ------------------------------------------------------------------------
def raising():
    return np.errstate(over="raise", invalid="raise", divide="raise")


@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
def test_cross_entropy_is_finite_for_huge_h(output):
    """h = ±1e4 at the output: ŷ rounds to exactly 0 or 1, yet no log(0), no overflow, no NaN."""
    net = Network([np.array([[1.0, -1.0], [1.0, 1.0]])], [np.zeros(2)], [], output, loss="cross_entropy")
    x = np.array([[1e4, 0.0], [-1e4, 0.0], [0.0, 1e4], [5e3, 5e3]])
    y = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])  # every sample confidently wrong
    with warnings.catch_warnings(), raising():
        warnings.simplefilter("error")
        fwd = net.forward(x)
        bwd = net.backward(fwd, y, 0.5, l1=0.1, l2=0.1)
        fast = net.copy()
        step_loss = train_step(fast, x, y, 0.5, l1=0.1, l2=0.1)
        history = train(net.copy(), x, y, epochs=2, batch_size=2, learning_rate=0.1, l2=0.1)
    assert np.max(np.abs(fwd.layer_inputs[-1])) >= 1e4
    assert math.isfinite(bwd.loss) and bwd.loss > 1e3  # the wrong confident answers cost about |h|
    assert step_loss == pytest.approx(bwd.loss, rel=1e-12)
    assert np.all(np.isfinite(history))
    for arrays in (bwd.deltas, bwd.weight_steps, bwd.bias_steps, fast.weights):
        assert all(np.all(np.isfinite(a)) for a in arrays)


def test_the_stability_check_would_catch_a_naive_cross_entropy():
    """−log(1 − σ(1e4)) with σ computed first is log(0): the check above can fail."""
    with pytest.raises(FloatingPointError), raising():
        np.log(1.0 - 1.0 / (1.0 + np.exp(-np.float64(1e4))))


# -- the fast path agrees with forward, backward and apply for every loss and penalty -----------
@pytest.mark.parametrize("loss, output", PAIRS)
@pytest.mark.parametrize("l1, l2", PENALTY_RATES)
def test_the_fused_step_does_what_backward_and_apply_do(loss, output, l1, l2):
    rng = np.random.default_rng(7)
    net = Network.random([2, 5, 3], seed=3, activation="tanh", output_activation=output, biases=True, loss=loss)
    net.biases = [rng.normal(0, 0.5, size=b.shape) for b in net.biases]
    x = rng.normal(size=(6, 2))
    y = targets(rng, loss, output, (6, 3))
    by_hand = net.copy()
    bwd = by_hand.backward(by_hand.forward(x), y, 0.3, l1=l1, l2=l2)
    by_hand.apply(bwd)
    assert train_step(net, x, y, 0.3, l1=l1, l2=l2) == pytest.approx(bwd.loss, rel=1e-12)
    for fast, slow in zip(net.weights + net.biases, by_hand.weights + by_hand.biases):
        np.testing.assert_allclose(fast, slow, rtol=1e-12, atol=1e-15)


# -- what the core refuses -------------------------------------------------------------------
def test_cross_entropy_needs_a_sigmoid_or_softmax_output():
    with pytest.raises(ValueError, match="cross-entropy needs a sigmoid or softmax output, not tanh"):
        Network.random([2, 2], output_activation="tanh", loss="cross_entropy")
    with pytest.raises(ValueError, match="unknown loss 'hinge': choose one of cross_entropy, squared_error"):
        Network.random([2, 2], loss="hinge")


def test_softmax_needs_two_outputs_or_more():
    with pytest.raises(ValueError, match="softmax needs at least 2 output units, this network has 1"):
        Network.random([2, 1], output_activation="softmax")


def test_softmax_cross_entropy_needs_targets_that_sum_to_one():
    net = Network.random([2, 3], output_activation="softmax", loss="cross_entropy")
    with pytest.raises(ValueError, match="targets that sum to 1, one-hot for classes; a target sums to 2"):
        net.backward(net.forward(np.zeros(2)), np.array([1.0, 1.0, 0.0]), 0.5)


@pytest.mark.parametrize("rates, match", [
    ({"l2": -0.1}, "l2 must be a finite number ≥ 0"), ({"l1": float("nan")}, "l1 must be a finite number ≥ 0"),
    ({"l1": "a"}, "l1 must be a number ≥ 0"),
])
def test_bad_penalty_rates_are_refused(rates, match):
    net = Network.random([2, 1])
    with pytest.raises(ValueError, match=match):
        net.backward(net.forward(np.zeros(2)), np.ones(1), 0.5, **rates)


def test_the_loss_survives_a_round_trip_and_old_files_mean_squared_error():
    net = Network.random([2, 3], output_activation="softmax", loss="cross_entropy")
    back = Network.from_dict(net.to_dict())
    assert back.loss == "cross_entropy" and back.output_activation == "softmax"
    assert back.copy().loss == "cross_entropy"
    assert Network.from_dict(Network.random([2, 1]).to_dict()).loss == "squared_error"
    assert set(PENALTIES) == {"l1", "l2"}
