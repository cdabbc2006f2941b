"""Training by mini-batch gradient descent: many forward-backward-apply rounds."""
from __future__ import annotations

import numpy as np

from .network import Network, backward_arrays, forward_arrays
from .validation import as_finite_array, check_count, check_learning_rate


def train_step(network: Network, x: np.ndarray, y: np.ndarray, learning_rate: float) -> float:
    """One forward, backward and apply on a 2-D batch, unchecked (the hot loop); returns the loss."""
    funcs = network._functions
    hs, as_ = forward_arrays(network.weights, network.biases, funcs, x)
    _, _, w_steps, b_steps, loss = backward_arrays(network.weights, funcs, x, hs, as_, y, learning_rate)
    for w, step in zip(network.weights, w_steps):
        w += step
    if network.biases is not None:
        for b, step in zip(network.biases, b_steps):
            b += step
    return loss


def loss(network: Network, x, y) -> float:
    """½ Σ (y - ŷ)² averaged over the samples."""
    error = np.asarray(y, dtype=float) - network.forward(x).output
    return 0.5 * float(np.sum(error * error)) / max(len(error), 1)


def accuracy(network: Network, x, y) -> float:
    """The fraction of samples whose output, thresholded at 0.5, equals the 0/1 label."""
    prediction = network.forward(x).output >= 0.5
    return float(np.mean(np.all(prediction == (np.asarray(y) >= 0.5), axis=-1)))


def train(
    network: Network,
    x,
    y,
    epochs: int,
    batch_size: int | None = None,
    learning_rate: float = 0.5,
    seed: int | None = 0,
) -> np.ndarray:
    """Run `epochs` passes over (x, y) in shuffled mini-batches; the loss after each epoch."""
    x = as_finite_array(x, "x")
    y = as_finite_array(y, "y")
    if x.ndim != 2 or x.shape[1] != network.sizes[0]:
        raise ValueError(f"x must have shape (n, {network.sizes[0]}), got {x.shape}")
    if len(x) == 0:
        raise ValueError("x holds no samples")
    if y.ndim == 1:
        y = y[:, None]
    if y.shape != (len(x), network.sizes[-1]):
        raise ValueError(f"y must have shape ({len(x)}, {network.sizes[-1]}), got {y.shape}")
    eta = check_learning_rate(learning_rate)
    epochs = check_count(epochs, "the number of epochs", 0)
    batch = len(x) if batch_size is None else check_count(batch_size, "the batch size", 1)
    rng = np.random.default_rng(seed)
    history = np.empty(epochs)
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(epochs):
            order = rng.permutation(len(x)) if batch < len(x) else np.arange(len(x))
            xs, ys = x[order], y[order]
            for start in range(0, len(x), batch):
                train_step(network, xs[start : start + batch], ys[start : start + batch], eta)
            history[epoch] = loss(network, x, y)
    return history
