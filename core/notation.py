"""Numbers as the lesson prints them: three significant figures, in LaTeX."""
from __future__ import annotations

import math
from fractions import Fraction

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


# -- arithmetic a learner can redo: the printed terms give the printed result ----------------

def places(value: float, digits: int = DIGITS) -> int:
    """Decimal places that show `value` to `digits` significant figures (0 for 0 or >= 10**digits)."""
    value = float(value)
    if value == 0 or not math.isfinite(value):
        return 0
    exponent = int(f"{value:.{digits - 1}e}".split("e")[1])
    return max(0, digits - 1 - exponent)


def fixed(value: float, decimals: int) -> str:
    """value rounded to `decimals` places and written out, trailing zeros dropped: 0.400871."""
    text = f"{float(value):.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def read(latex: str) -> Fraction:
    """The exact value of a number as `number` or `fixed` wrote it: '-0.02', '1.5 \\times 10^{-5}'."""
    text = latex.strip().strip("()")
    if r"\times 10^" in text:
        mantissa, exponent = text.split(r" \times 10^")
        return Fraction(mantissa) * Fraction(10) ** int(exponent.strip("{}"))
    return Fraction(text)


def agrees(value: Fraction, result: float, digits: int = DIGITS) -> bool:
    """Whether `value` (worked out from printed terms) rounds to `result` as `number` prints it."""
    if not math.isfinite(float(result)):
        return True  # nothing a learner can redo: the page says ∞ or NaN
    shown = read(number(result, digits))
    if shown == 0:
        return value == 0
    exponent = int(f"{float(result):.{digits - 1}e}".split("e")[1])
    half_unit = Fraction(10) ** (exponent - digits + 1) / 2
    return abs(value - shown) <= half_unit


def exact(value: Fraction, decimals: int) -> str:
    """A value with at most `decimals` places (a sum of `fixed` numbers) written out exactly."""
    scaled = value * 10**decimals
    if scaled.denominator != 1:
        raise ValueError("exact() needs a value with at most `decimals` places")
    sign, whole = ("-" if scaled < 0 else ""), abs(scaled.numerator)
    units, rest = divmod(whole, 10**decimals)
    text = f"{sign}{units}" + (f".{rest:0{decimals}d}".rstrip("0").rstrip(".") if decimals else "")
    return "0" if text == "-0" else text
