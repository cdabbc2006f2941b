"""The training hot loop: forward, backward and apply fused into preallocated buffers.

The same arithmetic as Network.forward, backward and apply (tests hold them to 1e-12),
written for speed: at a batch of 10 a NumPy call costs about half a microsecond
whatever it computes, so a step is as fast as it has few calls. Hence:
  - every array is written into a buffer kept per batch size (`out=`), never allocated;
  - η / batch multiplies the output δ once, so every δ below it and every step Δw = a_inᵀ δ
    and Δb = 1ᵀ δ already carry it (the weights' steps need no multiplication of their own);
  - each layer's weights are updated as soon as its δ has been passed down, so one loop
    does the backward pass and the update;
  - np.dot with out= is used for products: for these small 2-D arrays it is the cheapest call.
Values are the same as the general path up to rounding: the ordering of additions and
where η/batch is applied differ, nothing else. The kernels themselves belong to each
activation's record (core.activations), the loss's value to its own (core.losses): where
f' cancels against the loss (cross-entropy with sigmoid or softmax), δᵒ is y − ŷ.
"""
from __future__ import annotations

import numpy as np

from .losses import penalty_gradient, penalty_value

class _Buffers:
    """Every array one step writes, for one batch size and one network shape."""

    def __init__(self, network, batch: int):
        sizes = network.sizes
        self.key = _key(network, batch)
        widths = sizes[1:]
        functions = network.activation_functions
        self.h = [np.empty((batch, n)) for n in widths]  # h of layers 1..L
        self.a = [h if f.a_is_h else np.empty_like(h) for h, f in zip(self.h, functions)]
        self.delta = [np.empty((batch, n)) for n in widths]
        self.tmp = [np.empty((batch, n)) for n in widths]
        self.error = np.empty((batch, widths[-1]))
        self.ones = np.ones(batch)  # Σ over the batch as a product: 1ᵀ δ
        self.w_step = [np.empty((n_in, n_out)) for n_in, n_out in zip(sizes[:-1], widths)]
        self.b_step = [np.empty(n) for n in widths]
        self.forward = [f.forward_into for f in functions]
        # g *= f'(h), with the output's f' taken as 1 where the loss cancels it
        self.slope = [f.times_slope for f in network.backward_functions]


# train needs three: the batch, a shorter last batch, and the whole data set for the loss
_KEPT_BATCH_SIZES = 4


def _key(network, batch: int) -> tuple:
    return tuple(network.sizes), tuple(network.activations), network.loss, batch


def buffers(network, batch: int) -> _Buffers:
    """The network's buffers for this batch size, made on first use and kept on the network."""
    cache = network.__dict__.setdefault("_fast_buffers", {})
    bufs = cache.get(batch)
    # checked every time: weights may have been replaced
    if bufs is None or bufs.key != _key(network, batch):
        if len(cache) >= _KEPT_BATCH_SIZES:  # training on ever new sizes must not pile up memory
            del cache[next(iter(cache))]
        bufs = cache[batch] = _Buffers(network, batch)
    return bufs


def forward_into(network, bufs: _Buffers, x: np.ndarray) -> np.ndarray:
    """h and a of every layer into bufs for a 2-D batch x; returns ŷ (a buffer)."""
    weights, biases = network.weights, network.biases
    a = x
    for l, w in enumerate(weights):
        h = bufs.h[l]
        np.dot(a, w, out=h)  # (batch, n_l) @ (n_l, n_{l+1}) -> (batch, n_{l+1})
        if biases is not None:
            h += biases[l]
        a = bufs.a[l]
        bufs.forward[l](h, a, bufs.tmp[l])
    return a


def fused_step(network, bufs: _Buffers, x: np.ndarray, y: np.ndarray, learning_rate: float,
               want_loss: bool = True, l1: float = 0.0, l2: float = 0.0):
    """One forward, backward and apply on a 2-D batch, unchecked; the loss (with penalties) or None."""
    batch = x.shape[0]
    weights, biases = network.weights, network.biases
    y_hat = forward_into(network, bufs, x)
    error = np.subtract(y, y_hat, out=bufs.error)  # y - ŷ
    loss = None
    if want_loss:
        loss = network.loss_function.fast(error, y, y_hat, bufs.h[-1], network.output_activation) / batch
        if l1 or l2:
            loss += penalty_value(weights, l1, l2)
    h, a, delta, tmp = bufs.h, bufs.a, bufs.delta, bufs.tmp
    w_step, b_step, ones, slope = bufs.w_step, bufs.b_step, bufs.ones, bufs.slope
    top = len(weights) - 1
    # δᵒ = (y - ŷ) f'(h), or y − ŷ where the loss cancels f', carrying η / batch from here on
    np.multiply(error, learning_rate / batch, out=delta[top])
    slope[top](delta[top], h[top], a[top], tmp[top])
    for l in range(top, -1, -1):
        d = delta[l]
        if l > 0:
            # δ of the layer below: (batch, n_{l+1}) @ (n_{l+1}, n_l) -> (batch, n_l), times f'
            np.dot(d, weights[l].T, out=delta[l - 1])
            slope[l - 1](delta[l - 1], h[l - 1], a[l - 1], tmp[l - 1])
        a_in = a[l - 1] if l > 0 else x
        # Δw = a_inᵀ (η/batch) δ: (n_l, batch) @ (batch, n_{l+1}) -> (n_l, n_{l+1})
        np.dot(a_in.T, d, out=w_step[l])
        if l1 or l2:  # − η (λ₁ sign w + λ₂ w), from the weights before this step
            w_step[l] -= learning_rate * penalty_gradient(weights[l], l1, l2)
        weights[l] += w_step[l]
        if biases is not None:
            biases[l] += np.dot(ones, d, out=b_step[l])  # Δb = (η/batch) Σ_batch δ
    return loss


def fused_loss(network, bufs: _Buffers, x: np.ndarray, y: np.ndarray, l1: float = 0.0, l2: float = 0.0) -> float:
    """E averaged over the samples of a 2-D batch, plus the penalties, unchecked, into buffers."""
    y_hat = forward_into(network, bufs, x)
    error = np.subtract(y, y_hat, out=bufs.error)
    loss = network.loss_function.fast(error, y, y_hat, bufs.h[-1], network.output_activation) / x.shape[0]
    return loss + penalty_value(network.weights, l1, l2) if (l1 or l2) else loss
