"""Hypothesis strategies shared by the core's tests: random networks with random biases."""
import numpy as np
from hypothesis import strategies as st

from core import ACTIVATIONS, Network


@st.composite
def random_networks(draw, max_hidden: int = 4, max_units: int = 4):
    """A random network of 0 to max_hidden hidden layers, every activation, biases or not; and its rng."""
    n_hidden = draw(st.integers(0, max_hidden))
    sizes = draw(st.lists(st.integers(1, max_units), min_size=n_hidden + 2, max_size=n_hidden + 2))
    names = st.sampled_from(sorted(ACTIVATIONS))
    hidden = draw(st.lists(names, min_size=n_hidden, max_size=n_hidden))
    seed = draw(st.integers(0, 2**32 - 1))
    net = Network.random(sizes, seed=seed, activation=hidden, output_activation=draw(names),
                         biases=draw(st.booleans()))
    rng = np.random.default_rng(seed)
    if net.biases is not None:  # non-zero biases, so that their steps are tested too
        net.biases = [rng.normal(0, 0.5, size=b.shape) for b in net.biases]
    return net, rng
