"""Training by mini-batch gradient descent: many forward-backward-apply rounds."""
from __future__ import annotations

import numpy as np

from .fastpath import buffers, fused_loss, fused_step
from .losses import check_rates, penalty_value
from .network import Network
from .validation import as_finite_array, check_count, check_learning_rate


def train_step(network: Network, x: np.ndarray, y: np.ndarray, learning_rate: float,
               l1: float = 0.0, l2: float = 0.0) -> float:
    """One forward, backward and apply on a 2-D batch, unchecked (the hot loop); returns the loss."""
    return fused_step(network, buffers(network, x.shape[0]), x, y, learning_rate, l1=l1, l2=l2)


def loss(network: Network, x, y, l1: float = 0.0, l2: float = 0.0) -> float:
    """The network's E averaged over the samples, plus λ₁ Σ|w| + λ₂ ½ Σ w²."""
    fwd = network.forward(x)
    y = np.asarray(y, dtype=float)
    n = 1 if fwd.single else max(len(y), 1)
    with np.errstate(over="ignore", invalid="ignore"):
        data = network.loss_function.value(y, fwd.output, fwd.layer_inputs[-1], network.output_activation) / n
    return data + penalty_value(network.weights, l1, l2)


def predicted_classes(network: Network, x) -> np.ndarray:
    """The class of each sample: argmax ŷ for several outputs, ŷ ≥ 0.5 for one. Shape (n,)."""
    output = network.forward(x).output
    if output.ndim == 1:
        output = output[None, :]
    return np.argmax(output, axis=-1) if output.shape[-1] > 1 else (output[:, 0] >= 0.5).astype(int)


def accuracy(network: Network, x, y) -> float:
    """The fraction of samples classified right: 0/1 labels thresholded at 0.5, one per output,
    or with a softmax output the class of largest ŷ against the one-hot target's."""
    y = np.asarray(y)
    if network.output_activation == "softmax" and network.sizes[-1] > 1:
        return float(np.mean(predicted_classes(network, x) == np.argmax(np.atleast_2d(y), axis=-1)))
    prediction = network.forward(x).output >= 0.5
    return float(np.mean(np.all(prediction == (y >= 0.5), axis=-1)))


def confusion_matrix(network: Network, x, y) -> np.ndarray:
    """counts[true class, predicted class] over the samples: (K, K), K ≥ 2 classes."""
    y = np.atleast_2d(np.asarray(y))
    truth = np.argmax(y, axis=-1) if y.shape[-1] > 1 else (y[:, 0] >= 0.5).astype(int)
    k = max(y.shape[-1], 2)
    counts = np.zeros((k, k), dtype=int)
    np.add.at(counts, (truth, predicted_classes(network, x)), 1)
    return counts


def train(
    network: Network,
    x,
    y,
    epochs: int,
    batch_size: int | None = None,
    learning_rate: float = 0.5,
    seed: int | None = 0,
    l1: float = 0.0,
    l2: float = 0.0,
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
    l1, l2 = check_rates(l1, l2)
    network.loss_function.check_target(y, network.output_activation)
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
                fused_step(network, bufs, xs[start:end], ys[start:end], eta, want_loss=False, l1=l1, l2=l2)
            history[epoch] = fused_loss(network, whole, x, y, l1, l2)
    return history
