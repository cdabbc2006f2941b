"""Gradient checking: backward's Δw against finite differences of the loss."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .network import Network

EPSILON = 1e-6  # the finite-difference half-step


@dataclass(frozen=True)
class GradientCheck:
    """Δw from backward, Δw from finite differences, and their relative error per layer."""

    analytic: list[np.ndarray]
    numeric: list[np.ndarray]
    relative_errors: list[float]  # ‖analytic − numeric‖ / (‖analytic‖ + ‖numeric‖) per layer

    @property
    def max_relative_error(self) -> float:
        return max(self.relative_errors)


def _loss(network: Network, x, target) -> float:
    error = np.asarray(target, dtype=float) - network.forward(x).output
    batch = 1 if error.ndim == 1 else error.shape[0]
    return 0.5 * float(np.sum(error * error)) / batch


def gradient_check(network: Network, x, target, learning_rate: float = 1.0, epsilon: float = EPSILON) -> GradientCheck:
    """Compare Δw = η δ a_in with -η ∂E/∂w by central differences, weight by weight."""
    bwd = network.backward(network.forward(x), target, learning_rate)
    probe = network.copy()
    numeric = []
    for w in probe.weights:
        grad = np.zeros_like(w)
        for index in np.ndindex(w.shape):
            saved = w[index]
            w[index] = saved + epsilon
            plus = _loss(probe, x, target)
            w[index] = saved - epsilon
            minus = _loss(probe, x, target)
            w[index] = saved
            grad[index] = (plus - minus) / (2 * epsilon)
        numeric.append(-bwd.learning_rate * grad)  # a step goes down the gradient
    errors = [_relative_error(a, n) for a, n in zip(bwd.weight_steps, numeric)]
    return GradientCheck(bwd.weight_steps, numeric, errors)


def _relative_error(a: np.ndarray, b: np.ndarray) -> float:
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)
