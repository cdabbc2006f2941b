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
where η/batch is applied differ, nothing else.
"""
from __future__ import annotations

import numpy as np

# e^709 is near float64's largest value: clipping -h there keeps e^(-h) finite, so the
# sigmoid never overflows; σ(h) for h < -709 comes out as 1.2e-308 instead of smaller.
_SIGMOID_CLIP = 709.0


def _sigmoid_into(h, a, t):
    """a = 1 / (1 + e^(-h)), with -h clipped so that e^(-h) stays finite."""
    np.negative(h, out=a)
    np.minimum(a, _SIGMOID_CLIP, out=a)
    np.exp(a, out=a)
    a += 1.0
    np.reciprocal(a, out=a)


def _tanh_into(h, a, t):
    np.tanh(h, out=a)


def _relu_into(h, a, t):
    np.maximum(h, 0.0, out=a)


def _linear_into(h, a, t):
    pass  # a is h: the buffers alias them


def _times_sigmoid_slope(g, h, a, t):
    """g *= f'(h) = a (1 - a)."""
    np.subtract(1.0, a, out=t)
    t *= a
    g *= t


def _times_tanh_slope(g, h, a, t):
    """g *= f'(h) = 1 - a², as g - g a a (one call fewer than forming 1 - a²)."""
    np.multiply(g, a, out=t)
    t *= a
    g -= t


def _times_relu_slope(g, h, a, t):
    """g *= [h > 0]: f'(0) is 0, as in core.activations."""
    np.greater(h, 0.0, out=t, casting="unsafe")
    g *= t


def _times_linear_slope(g, h, a, t):
    pass


_FORWARD = {"sigmoid": _sigmoid_into, "tanh": _tanh_into, "relu": _relu_into, "linear": _linear_into}
_SLOPE = {
    "sigmoid": _times_sigmoid_slope,
    "tanh": _times_tanh_slope,
    "relu": _times_relu_slope,
    "linear": _times_linear_slope,
}


class _Buffers:
    """Every array one step writes, for one batch size and one network shape."""

    def __init__(self, sizes: list[int], activations: list[str], batch: int):
        self.key = _key(sizes, activations, batch)
        widths = sizes[1:]
        self.h = [np.empty((batch, n)) for n in widths]  # h of layers 1..L
        self.a = [h if name == "linear" else np.empty_like(h) for h, name in zip(self.h, activations)]
        self.delta = [np.empty((batch, n)) for n in widths]
        self.tmp = [np.empty((batch, n)) for n in widths]
        self.error = np.empty((batch, widths[-1]))
        self.ones = np.ones(batch)  # Σ over the batch as a product: 1ᵀ δ
        self.w_step = [np.empty((n_in, n_out)) for n_in, n_out in zip(sizes[:-1], widths)]
        self.b_step = [np.empty(n) for n in widths]
        self.forward = [_FORWARD[name] for name in activations]
        self.slope = [_SLOPE[name] for name in activations]


# train needs three: the batch, a shorter last batch, and the whole data set for the loss
_KEPT_BATCH_SIZES = 4


def _key(sizes, activations, batch: int) -> tuple:
    return tuple(sizes), tuple(activations), batch


def buffers(network, batch: int) -> _Buffers:
    """The network's buffers for this batch size, made on first use and kept on the network."""
    cache = network.__dict__.setdefault("_fast_buffers", {})
    bufs = cache.get(batch)
    sizes = network.sizes  # checked every time: weights may have been replaced
    if bufs is None or bufs.key != _key(sizes, network.activations, batch):
        if len(cache) >= _KEPT_BATCH_SIZES:  # training on ever new sizes must not pile up memory
            del cache[next(iter(cache))]
        bufs = cache[batch] = _Buffers(sizes, network.activations, batch)
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


def fused_step(network, bufs: _Buffers, x: np.ndarray, y: np.ndarray, learning_rate: float, want_loss: bool = True):
    """One forward, backward and apply on a 2-D batch, unchecked; ½Σ(y − ŷ)²/batch or None."""
    batch = x.shape[0]
    weights, biases = network.weights, network.biases
    y_hat = forward_into(network, bufs, x)
    error = np.subtract(y, y_hat, out=bufs.error)  # y - ŷ
    loss = 0.5 * float(np.vdot(error, error)) / batch if want_loss else None
    h, a, delta, tmp = bufs.h, bufs.a, bufs.delta, bufs.tmp
    w_step, b_step, ones, slope = bufs.w_step, bufs.b_step, bufs.ones, bufs.slope
    top = len(weights) - 1
    # δᵒ = (y - ŷ) f'(h), carrying η / batch from here on
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
        weights[l] += np.dot(a_in.T, d, out=w_step[l])
        if biases is not None:
            biases[l] += np.dot(ones, d, out=b_step[l])  # Δb = (η/batch) Σ_batch δ
    return loss


def fused_loss(network, bufs: _Buffers, x: np.ndarray, y: np.ndarray) -> float:
    """½ Σ (y - ŷ)² averaged over the samples of a 2-D batch, unchecked, into buffers."""
    error = np.subtract(y, forward_into(network, bufs, x), out=bufs.error)
    return 0.5 * float(np.vdot(error, error)) / x.shape[0]
