"""Activation functions f as value/derivative pairs, looked up by name.

Each derivative takes both h (the unit's input) and a = f(h) (its output), so that
sigmoid and tanh can use the lesson's cheap forms f'(h) = a(1 - a) and 1 - a².
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np


@dataclass(frozen=True)
class Activation:
    """f(h), f'(h) from (h, a), and how the lesson writes f' with numbers in it."""

    name: str
    value: Callable[[np.ndarray], np.ndarray]
    derivative: Callable[[np.ndarray, np.ndarray], np.ndarray]
    # LaTeX of f'(h) in terms of a = f(h) (or h), with "{a}" / "{h}" placeholders.
    derivative_latex: str
    derivative_numbers: Callable[[float, float, Callable[[float], str]], str]


def _sigmoid(h: np.ndarray) -> np.ndarray:
    """σ(h) = 1 / (1 + e^(-h)), written so that e^x never overflows for large |h|."""
    e = np.exp(-np.abs(h))
    return np.where(h >= 0, 1.0, e) / (1.0 + e)


def _relu(h: np.ndarray) -> np.ndarray:
    return np.maximum(h, 0.0)


def _relu_derivative(h: np.ndarray, a: np.ndarray) -> np.ndarray:
    # f'(0) is taken as 0, as most libraries do.
    return (h > 0).astype(float)


def _linear(h: np.ndarray) -> np.ndarray:
    return h


def _ones(h: np.ndarray, a: np.ndarray) -> np.ndarray:
    return np.ones_like(h)


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation(
        "sigmoid",
        _sigmoid,
        lambda h, a: a * (1.0 - a),
        r"f(h)\,(1 - f(h))",
        lambda h, a, n: f"{n(a)} \\times (1 - {n(a)})",
    ),
    "tanh": Activation(
        "tanh",
        np.tanh,
        lambda h, a: 1.0 - a * a,
        r"1 - f(h)^2",
        lambda h, a, n: f"(1 - {n(a)}^2)" if a >= 0 else f"(1 - ({n(a)})^2)",
    ),
    "relu": Activation(
        "relu",
        _relu,
        _relu_derivative,
        r"[h > 0]",
        lambda h, a, n: "1" if h > 0 else "0",
    ),
    "linear": Activation(
        "linear",
        _linear,
        _ones,
        r"1",
        lambda h, a, n: "1",
    ),
}


def get_activation(name: str) -> Activation:
    """The activation called `name`; ValueError naming the choices if there is none."""
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        choices = ", ".join(sorted(ACTIVATIONS))
        shown = repr(name) if len(repr(name)) <= 30 else repr(name)[:27] + "..."
        raise ValueError(f"unknown activation {shown}: choose one of {choices}") from None
