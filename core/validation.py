"""Checks on what comes into the core, each failing with a ValueError that names the problem."""
from __future__ import annotations

import math

import numpy as np


def as_finite_array(value, name: str) -> np.ndarray:
    """value as a float array; ValueError if it is not numeric or holds NaN or ±inf."""
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numbers, got {_describe(value)}") from None
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return array


def check_learning_rate(learning_rate) -> float:
    """η as a float; ValueError unless it is a finite number above zero."""
    if isinstance(learning_rate, bool):
        raise ValueError("the learning rate η must be a number, got a boolean")
    try:
        eta = float(learning_rate)
    except (TypeError, ValueError):
        raise ValueError(
            f"the learning rate η must be a number, got {_describe(learning_rate)}"
        ) from None
    if not math.isfinite(eta) or eta <= 0:
        raise ValueError(f"the learning rate η must be finite and above 0, got {eta}")
    return eta


def _describe(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
