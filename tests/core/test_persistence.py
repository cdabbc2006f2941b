"""Reproducible initialisation, independent copies and an exact JSON round trip."""
import json

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from core import ACTIVATIONS, Network

activation = st.sampled_from(sorted(ACTIVATIONS))


def test_random_is_reproducible_from_its_seed():
    a = Network.random([2, 8, 8, 1], seed=42, activation="tanh", biases=True)
    b = Network.random([2, 8, 8, 1], seed=42, activation="tanh", biases=True)
    c = Network.random([2, 8, 8, 1], seed=43, activation="tanh", biases=True)
    for wa, wb in zip(a.weights, b.weights):
        np.testing.assert_array_equal(wa, wb)
    assert any(not np.array_equal(wa, wc) for wa, wc in zip(a.weights, c.weights))


def test_random_has_the_asked_shape_and_glorot_scale():
    net = Network.random([2, 8, 3, 1], seed=0, activation=["tanh", "relu"], output_activation="linear", biases=True)
    assert net.sizes == [2, 8, 3, 1]
    assert [w.shape for w in net.weights] == [(2, 8), (8, 3), (3, 1)]
    assert [b.shape for b in net.biases] == [(8,), (3,), (1,)]
    assert net.activations == ["tanh", "relu", "linear"]
    for w in net.weights:
        assert np.all(np.abs(w) <= np.sqrt(6.0 / sum(w.shape)))
    assert Network.random([2, 1], seed=0).biases is None


def test_copy_is_independent():
    net = Network.random([3, 4, 1], seed=1, biases=True)
    twin = net.copy()
    bwd = twin.backward(twin.forward([0.1, 0.2, 0.3]), [1.0], 0.5)
    before_w = [w.copy() for w in net.weights]
    before_b = [b.copy() for b in net.biases]
    twin.apply(bwd)
    for w, w0, t in zip(net.weights, before_w, twin.weights):
        np.testing.assert_array_equal(w, w0)
        assert not np.array_equal(t, w0)
    for b, b0 in zip(net.biases, before_b):
        np.testing.assert_array_equal(b, b0)
    twin.weights[0][0, 0] = 99.0
    assert net.weights[0][0, 0] != 99.0
    assert twin.activations == net.activations and twin.activations is not net.activations


def test_the_constructor_copies_what_it_is_given():
    w = [np.array([[0.4], [-0.2]]), np.array([[0.1]])]
    net = Network(w)
    net.apply(net.backward(net.forward([0.1, 0.3]), [1.0], 0.5))
    assert w[0][0, 0] == 0.4


@st.composite
def random_networks(draw):
    n_hidden = draw(st.integers(0, 4))
    sizes = draw(st.lists(st.integers(1, 6), min_size=n_hidden + 2, max_size=n_hidden + 2))
    hidden = draw(st.lists(activation, min_size=n_hidden, max_size=n_hidden))
    net = Network.random(sizes, seed=draw(st.integers(0, 2**32 - 1)), activation=hidden,
                         output_activation=draw(activation), biases=draw(st.booleans()))
    # weights of every magnitude and sign, not just Glorot's: the round trip must be exact
    values = st.floats(allow_nan=False, allow_infinity=False, width=64)
    for w in net.weights:
        w[...] = np.array(draw(st.lists(values, min_size=w.size, max_size=w.size))).reshape(w.shape)
    if net.biases is not None:
        for b in net.biases:
            b[...] = draw(st.lists(values, min_size=b.size, max_size=b.size))
    return net


@settings(max_examples=60, deadline=None)
@given(random_networks())
def test_json_round_trip_is_exact(net):
    text = json.dumps(net.to_dict(), allow_nan=False)  # strict JSON: no NaN tokens
    back = Network.from_dict(json.loads(text))
    assert back.sizes == net.sizes
    assert back.activations == net.activations
    assert back.output_activation == net.output_activation
    for a, b in zip(net.weights, back.weights):
        assert a.dtype == b.dtype == np.float64
        np.testing.assert_array_equal(a, b)
    if net.biases is None:
        assert back.biases is None
    else:
        for a, b in zip(net.biases, back.biases):
            np.testing.assert_array_equal(a, b)
    assert back.to_dict() == net.to_dict()


def test_a_round_tripped_network_computes_the_same():
    net = Network.random([2, 5, 3, 1], seed=9, activation=["tanh", "relu"], biases=True)
    back = Network.from_dict(json.loads(json.dumps(net.to_dict())))
    x = np.random.default_rng(0).normal(size=(8, 2))
    y = np.ones((8, 1))
    a, b = net.backward(net.forward(x), y, 0.5), back.backward(back.forward(x), y, 0.5)
    for s, t in zip(a.weight_steps + a.bias_steps, b.weight_steps + b.bias_steps):
        np.testing.assert_array_equal(s, t)
    assert a.loss == b.loss


def test_to_dict_is_plain_json():
    d = Network.random([2, 3, 1], seed=0, biases=True).to_dict()
    assert set(d) == {"sizes", "activation", "output_activation", "weights", "biases"}
    assert d["sizes"] == [2, 3, 1] and d["activation"] == ["sigmoid"]
    assert json.loads(json.dumps(d)) == d
