"""Checks on what comes into the core, each failing with a ValueError that names the problem."""
from __future__ import annotations

import math
import numbers

import numpy as np


def as_finite_array(value, name: str) -> np.ndarray:
    """value as a float array; ValueError if it is not real numbers or holds NaN or ±inf."""
    if value is None or isinstance(value, (str, bytes)):
        raise ValueError(f"{name} must be numbers, got {_describe(value)}")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError):  # ragged nesting, such as [[1, 2], [3]]
        raise ValueError(f"{name} must be a rectangular array of numbers, got {_describe(value)}") from None
    if raw.dtype == object:
        # what JSON and hand-built lists give: every entry must be a real number
        if not all(isinstance(v, numbers.Real) for v in raw.flat):
            raise ValueError(f"{name} must be numbers, got {_describe(value)}")
    elif raw.dtype.kind not in "biuf":  # strings, complex numbers, dates...
        raise ValueError(f"{name} must be real numbers, got {_describe(value)}")
    try:
        array = raw.astype(float)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"{name} must be numbers within float range, got {_describe(value)}") from None
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return array


def check_learning_rate(learning_rate) -> float:
    """η as a float; ValueError unless it is a finite real number above zero."""
    if isinstance(learning_rate, (bool, np.bool_)):
        raise ValueError("the learning rate η must be a number, got a boolean")
    if not isinstance(learning_rate, numbers.Real):
        raise ValueError(f"the learning rate η must be a number, got {_describe(learning_rate)}")
    try:
        eta = float(learning_rate)
    except OverflowError:  # an int beyond float range
        raise ValueError("the learning rate η must be finite and above 0, got a huge integer") from None
    if not math.isfinite(eta) or eta <= 0:
        raise ValueError(f"the learning rate η must be finite and above 0, got {eta}")
    return eta


def check_count(value, name: str, minimum: int) -> int:
    """value as an int; ValueError unless it is a whole number of at least `minimum`."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be a whole number, got {_describe(value)}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def _describe(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
