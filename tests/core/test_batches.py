"""Batches: one sample is a 1-D batch of one; a batch's steps are η times the mean step."""
import numpy as np
import pytest

from core import Network


def network(biases=True):
    return Network.random([3, 4, 2, 2], seed=5, activation=["tanh", "sigmoid"], biases=biases).copy()


def with_random_biases(net, seed=0):
    rng = np.random.default_rng(seed)
    if net.biases is not None:
        net.biases = [rng.normal(size=b.shape) for b in net.biases]
    return net


def samples(n=6, seed=1):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, 3)), rng.uniform(size=(n, 2))


def test_one_dimensional_x_gives_one_dimensional_arrays():
    net = with_random_biases(network())
    x, y = samples(1)
    fwd = net.forward(x[0])
    bwd = net.backward(fwd, y[0], 0.5)
    assert fwd.single and fwd.x.shape == (3,)
    assert [h.shape for h in fwd.layer_inputs] == [(4,), (2,), (2,)]
    assert [a.shape for a in fwd.layer_outputs] == [(4,), (2,), (2,)]
    assert bwd.error.shape == (2,)
    assert [d.shape for d in bwd.deltas] == [(4,), (2,), (2,)]
    assert [s.shape for s in bwd.weight_steps] == [(3, 4), (4, 2), (2, 2)]
    assert [s.shape for s in bwd.bias_steps] == [(4,), (2,), (2,)]


def test_a_batch_gives_batch_by_units_arrays():
    net = with_random_biases(network())
    x, y = samples(6)
    fwd = net.forward(x)
    bwd = net.backward(fwd, y, 0.5)
    assert not fwd.single
    assert [h.shape for h in fwd.layer_inputs] == [(6, 4), (6, 2), (6, 2)]
    assert bwd.error.shape == (6, 2)
    assert [d.shape for d in bwd.deltas] == [(6, 4), (6, 2), (6, 2)]
    assert [s.shape for s in bwd.weight_steps] == [(3, 4), (4, 2), (2, 2)]
    assert [s.shape for s in bwd.bias_steps] == [(4,), (2,), (2,)]


def test_a_batch_of_one_equals_the_single_sample():
    net = with_random_biases(network())
    x, y = samples(1)
    one = net.backward(net.forward(x[0]), y[0], 0.5)
    batch = net.backward(net.forward(x), y, 0.5)
    for a, b in zip(one.deltas, batch.deltas):
        np.testing.assert_allclose(a, b[0], rtol=1e-14)
    for a, b in zip(one.weight_steps + one.bias_steps, batch.weight_steps + batch.bias_steps):
        np.testing.assert_allclose(a, b, rtol=1e-14)
    assert one.loss == pytest.approx(batch.loss, rel=1e-14)


@pytest.mark.parametrize("biases", [True, False])
def test_a_batchs_rows_are_the_samples_taken_one_by_one(biases):
    net = with_random_biases(network(biases))
    x, y = samples(5)
    fwd = net.forward(x)
    bwd = net.backward(fwd, y, 0.5)
    for i in range(len(x)):
        f1 = net.forward(x[i])
        b1 = net.backward(f1, y[i], 0.5)
        for batch_h, h in zip(fwd.layer_inputs, f1.layer_inputs):
            np.testing.assert_allclose(batch_h[i], h, rtol=1e-13)
        for batch_d, d in zip(bwd.deltas, b1.deltas):
            np.testing.assert_allclose(batch_d[i], d, rtol=1e-12, atol=1e-16)


@pytest.mark.parametrize("biases", [True, False])
@pytest.mark.parametrize("learning_rate", [0.5, 2.0])
def test_batch_steps_are_the_mean_of_the_per_sample_steps(biases, learning_rate):
    """Δw = η mean_n(δ_n a_n): the lesson's later form, with η applied once."""
    net = with_random_biases(network(biases))
    x, y = samples(7)
    bwd = net.backward(net.forward(x), y, learning_rate)
    singles = [net.backward(net.forward(x[i]), y[i], learning_rate) for i in range(len(x))]
    for l, step in enumerate(bwd.weight_steps):
        mean = np.mean([s.weight_steps[l] for s in singles], axis=0)
        np.testing.assert_allclose(step, mean, rtol=1e-12, atol=1e-17)
        # and written out by hand: η (1/N) Σ_n a_in[n, i] δ[n, j]
        a_in = x if l == 0 else net.forward(x).layer_outputs[l - 1]
        by_hand = learning_rate * np.einsum("ni,nj->ij", a_in, bwd.deltas[l]) / len(x)
        np.testing.assert_allclose(step, by_hand, rtol=1e-12, atol=1e-17)
    if biases:
        for l, step in enumerate(bwd.bias_steps):
            mean = np.mean([s.bias_steps[l] for s in singles], axis=0)
            np.testing.assert_allclose(step, mean, rtol=1e-12, atol=1e-17)
    else:
        assert bwd.bias_steps is None


def test_loss_is_half_the_summed_squared_error_averaged_over_the_batch():
    net = network()
    x, y = samples(4)
    fwd = net.forward(x)
    bwd = net.backward(fwd, y, 0.5)
    per_sample = [0.5 * sum((y[n, k] - fwd.output[n, k]) ** 2 for k in range(2)) for n in range(4)]
    assert bwd.loss == pytest.approx(sum(per_sample) / 4, rel=1e-14)
    np.testing.assert_array_equal(bwd.error, y - fwd.output)
    one = net.backward(net.forward(x[2]), y[2], 0.5)
    assert one.loss == pytest.approx(per_sample[2], rel=1e-14)


def test_a_repeated_sample_gives_the_single_samples_steps():
    """The mean, not the sum: a batch of the same sample three times moves no further."""
    net = network()
    x, y = samples(1)
    one = net.backward(net.forward(x[0]), y[0], 0.5)
    three = net.backward(net.forward(np.repeat(x, 3, axis=0)), np.repeat(y, 3, axis=0), 0.5)
    for a, b in zip(one.weight_steps, three.weight_steps):
        np.testing.assert_allclose(a, b, rtol=1e-13)
    assert three.loss == pytest.approx(one.loss, rel=1e-13)
