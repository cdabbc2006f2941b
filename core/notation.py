"""Numbers as the lesson prints them: three significant figures, in LaTeX."""
from __future__ import annotations

import math

import numpy as np

DIGITS = 3  # significant figures: reproduces the lesson's 0.495, 0.512, 0.122, 0.0302


def number(value: float, digits: int = DIGITS) -> str:
    """value to `digits` significant figures, trailing zeros dropped: -0.02, 0.0302."""
    value = float(value)
    if not math.isfinite(value):
        return r"\infty" if value > 0 else (r"-\infty" if value < 0 else r"\mathrm{NaN}")
    if value == 0:
        return "0"
    if abs(value) < 1e-4 or abs(value) >= 1e6:
        mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa} \\times 10^{{{int(exponent)}}}"
    return _positional(value, digits)


def _positional(value: float, digits: int) -> str:
    """value rounded to `digits` significant figures, written out without an exponent.

    The same text as np.format_float_positional(value, precision=digits, unique=False,
    fractional=False, trim="-") for 1e-4 <= |value| < 1e6 (a test holds them equal), at a
    tenth of the cost: the walk-through formats about a thousand numbers per drag.
    """
    text = f"{value:.{digits}g}"  # correctly rounded; 'g' drops trailing zeros
    if "e" in text:  # 'g' writes 1230 as 1.23e+03: the rounded value, written out
        text = f"{float(text):.0f}"
    return "0" if text == "-0" else text


def factor(value: float, digits: int = DIGITS) -> str:
    """number(value), in parentheses when negative so that a product reads unambiguously."""
    text = number(value, digits)
    return f"({text})" if text.startswith("-") or "times" in text else text


def vector(values, digits: int = DIGITS) -> str:
    """A tuple of numbers as the lesson writes Δwᵢ: (0.00015, 0.00045)."""
    return "(" + ", ".join(number(v, digits) for v in np.ravel(values)) + ")"


def matrix(values, digits: int = DIGITS) -> str:
    """A 2-D array as a LaTeX matrix."""
    rows = np.atleast_2d(values)
    body = r" \\ ".join(" & ".join(number(v, digits) for v in row) for row in rows)
    return r"\begin{pmatrix} " + body + r" \end{pmatrix}"


def shape(array) -> str:
    """A NumPy shape as Python prints it: (2,) or (2, 1)."""
    return str(tuple(np.shape(array)))


def plain(value: float, digits: int = DIGITS) -> str:
    """value to `digits` significant figures as plain text for the diagram: 0.0302, 1.5e-05."""
    value = float(value)
    if not math.isfinite(value):
        return "∞" if value > 0 else ("-∞" if value < 0 else "NaN")
    if value == 0:
        return "0"
    if abs(value) < 1e-4 or abs(value) >= 1e6:
        return f"{value:.{digits - 1}e}".replace("e-0", "e-").replace("e+0", "e")
    return _positional(value, digits)
