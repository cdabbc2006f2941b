"""Training by mini-batch gradient descent: many forward-backward-apply rounds."""
from __future__ import annotations

import numpy as np

from .fastpath import buffers, fused_loss, fused_step
from .network import Network
from .validation import as_finite_array, check_count, check_learning_rate


def train_step(network: Network, x: np.ndarray, y: np.ndarray, learning_rate: float) -> float:
    """One forward, backward and apply on a 2-D batch, unchecked (the hot loop); returns the loss."""
    return fused_step(network, buffers(network, x.shape[0]), x, y, learning_rate)


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
    n = len(x)
    batch = n if batch_size is None else min(check_count(batch_size, "the batch size", 1), n)
    rng = np.random.default_rng(seed)
    history = np.empty(epochs)
    # the batches of an epoch: (start, buffers); the last one may be shorter
    starts = range(0, n, batch)
    step_buffers = [buffers(network, min(batch, n - start)) for start in starts]
    whole = buffers(network, n)
    xs, ys = np.empty_like(x), np.empty_like(y)
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(epochs):
            if batch < n:
                order = rng.permutation(n)
                np.take(x, order, axis=0, out=xs)
                np.take(y, order, axis=0, out=ys)
            else:
                xs, ys = x, y
            for start, bufs in zip(starts, step_buffers):
                end = start + batch
                fused_step(network, bufs, xs[start:end], ys[start:end], eta, want_loss=False)
            history[epoch] = fused_loss(network, whole, x, y)
    return history
