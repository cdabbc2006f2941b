"""A network's shape as the learner sets it: the architecture they type, read by one rule
within the app's limits, the params that describe a network's shape, and the network and
sample a new shape makes of the old ones.

Pure functions of their arguments; `LabState` (app/state.py) adopts what they return only
once the core has accepted it.
"""
from __future__ import annotations

import numpy as np

from core import Network
from core.inputs import InputError, parse_whole, quote

MAX_HIDDEN_LAYERS = 6
MAX_UNITS = 8


def parse_architecture(text: str) -> list[int]:
    """'2-3-1' -> [2, 3, 1]; ValueError with a message a learner can act on."""
    parts = [p.strip() for p in str(text).replace(",", "-").split("-")]
    try:  # our reading rule: `int()` would also take 1_0 and non-ASCII digits
        sizes = [parse_whole(p, "a layer") for p in parts]
    except InputError:
        raise InputError(
            f"“{quote(str(text))}” is not an architecture: write units per layer, inputs first, like 2-3-1"
        ) from None
    if len(sizes) < 2:
        raise InputError("an architecture needs at least an input layer and an output layer, like 2-1")
    if len(sizes) - 2 > MAX_HIDDEN_LAYERS:
        raise InputError(f"at most {MAX_HIDDEN_LAYERS} hidden layers, got {len(sizes) - 2}")
    if any(n < 1 or n > MAX_UNITS for n in sizes):
        raise InputError(f"each layer needs 1 to {MAX_UNITS} units, got {quote('-'.join(map(str, sizes)))}")
    return sizes


def shape_params(network: Network) -> dict:
    """The architecture, activation and bias params that describe this network."""
    return dict(
        architecture="-".join(map(str, network.sizes)),
        activation=network.activation[0] if network.activation else "sigmoid",
        output_activation=network.output_activation,
        biases=network.biases is not None,
        loss=network.loss,
    )


def reshaped(old: Network, x, target, sizes: list[int], seed: int, activation: str, output_activation: str,
             biases: bool, loss: str) -> tuple[Network, np.ndarray, np.ndarray]:
    """(network, x, y) in the new shape: a new architecture draws new weights from `seed` and
    cuts or pads x and y to fit; a new activation, bias or loss keeps the weights (a new bias
    starts at 0). ValueError where the core refuses the shape (a loss and output that do not
    go together, say)."""
    if sizes == old.sizes:
        kept = None
        if biases:
            kept = old.biases if old.biases is not None else [np.zeros(n) for n in sizes[1:]]
        net = Network(old.weights, kept, activation, output_activation, loss)
    else:
        net = Network.random(sizes, seed=seed, activation=activation, output_activation=output_activation,
                             biases=biases, loss=loss)
        x = _resized(x, sizes[0], 0.5)
        target = _resized(target, sizes[-1], 1.0)
    if net.loss_function.name == "cross_entropy" and net.output_activation == "softmax":
        target = _one_hot(target)  # softmax cross-entropy reads a class: one-hot targets
    return net, x, target


def _one_hot(target: np.ndarray) -> np.ndarray:
    """target unchanged if it already sums to 1, else 1 at its largest entry and 0 elsewhere."""
    if abs(float(np.sum(target)) - 1.0) < 1e-9:
        return target
    out = np.zeros_like(target)
    out[int(np.argmax(target))] = 1.0
    return out


def _resized(values: np.ndarray, n: int, fill: float) -> np.ndarray:
    """values cut or padded with `fill` to length n, so x and y survive a new architecture."""
    out = np.full(n, fill)
    out[: min(n, len(values))] = values[:n]
    return out
