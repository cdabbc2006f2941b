"""Gradient checking: backward's Δw (and Δb) against finite differences of the loss."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .losses import penalty_value
from .network import Network

EPSILON = 1e-4  # the finite-difference step h of the five-point stencil
# The five-point stencil's error is O(h⁴) and its round-off about 1e-16·E/h, so h = 1e-4
# keeps both near 1e-13·E: relative errors of 1e-6 stay measurable even where a deep
# sigmoid network's first-layer gradient is 1e-5 of the loss.


@dataclass(frozen=True)
class GradientCheck:
    """Δw from backward, Δw from finite differences, and their relative error per layer."""

    analytic: list[np.ndarray]
    numeric: list[np.ndarray]
    relative_errors: list[float]  # ‖analytic − numeric‖ / (‖analytic‖ + ‖numeric‖) per layer
    # the same for Δb, one entry per layer, when the network has biases (else empty)
    bias_analytic: list[np.ndarray] = field(default_factory=list)
    bias_numeric: list[np.ndarray] = field(default_factory=list)
    bias_relative_errors: list[float] = field(default_factory=list)

    @property
    def max_relative_error(self) -> float:
        """The worst relative error over every layer's Δw and Δb."""
        return max(self.relative_errors + self.bias_relative_errors)


def _loss(network: Network, x, target, l1: float, l2: float) -> float:
    """E averaged over the batch plus the penalties, from the loss's own record (not backward)."""
    fwd = network.forward(x)
    y = np.asarray(target, dtype=float)
    batch = 1 if fwd.single else y.shape[0]
    data = network.loss_function.value(y, fwd.output, fwd.layer_inputs[-1], network.output_activation)
    return data / batch + penalty_value(network.weights, l1, l2)


def _numeric_steps(probe: Network, params: list[np.ndarray], x, target, eta: float, epsilon: float,
                   l1: float = 0.0, l2: float = 0.0):
    """-η ∂E/∂p for every entry of every array in params (arrays of probe, changed in place)."""
    steps = []
    for p in params:
        grad = np.zeros_like(p)
        for index in np.ndindex(p.shape):
            saved = p[index]
            losses = []
            for k in (-2, -1, 1, 2):
                p[index] = saved + k * epsilon
                losses.append(_loss(probe, x, target, l1, l2))
            p[index] = saved
            m2, m1, p1, p2 = losses
            # five-point central difference (8(E(h) - E(-h)) - (E(2h) - E(-2h))) / 12h;
            # differences first, so that a loss that does not move gives exactly 0
            grad[index] = (8 * (p1 - m1) - (p2 - m2)) / (12 * epsilon)
        steps.append(-eta * grad)  # a step goes down the gradient
    return steps


def gradient_check(
    network: Network, x, target, learning_rate: float = 1.0, epsilon: float = EPSILON, backward=None,
    l1: float = 0.0, l2: float = 0.0,
) -> GradientCheck:
    """Compare Δw = η (δ a_in − λ₂ w − λ₁ sign w) and Δb = η δ with -η ∂E/∂w, -η ∂E/∂b by central differences.

    E is the network's loss plus the penalties. `backward(network, forward, target,
    learning_rate)` is the rule under test; by default the network's own backward.
    """
    fwd = network.forward(x)
    if backward is None:
        bwd = network.backward(fwd, target, learning_rate, l1=l1, l2=l2)
    else:
        bwd = backward(network, fwd, target, learning_rate)
    probe = network.copy()
    numeric = _numeric_steps(probe, probe.weights, x, target, bwd.learning_rate, epsilon, l1, l2)
    errors = [_relative_error(a, n) for a, n in zip(bwd.weight_steps, numeric)]
    if network.biases is None:
        return GradientCheck(bwd.weight_steps, numeric, errors)
    bias_numeric = _numeric_steps(probe, probe.biases, x, target, bwd.learning_rate, epsilon, l1, l2)
    bias_errors = [_relative_error(a, n) for a, n in zip(bwd.bias_steps, bias_numeric)]
    return GradientCheck(bwd.weight_steps, numeric, errors, bwd.bias_steps, bias_numeric, bias_errors)


def _relative_error(a: np.ndarray, b: np.ndarray) -> float:
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)
