"""How a step is written: its text record, the pass it is written from, and the rules for its numbers.

A formula's terms are printed with the fewest significant figures that still give the
printed result (`settled`), and a sum or difference is written with one count of decimal
places so that it adds up exactly (`exact_sum`).
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

import numpy as np

from .latex_names import LatexNames
from .names import CodeNames
from .network import Network
from .passes import BackwardPass, ForwardPass
from .notation import DIGITS, agrees, exact, factor, fixed, number, places, vector

# Significant figures tried for the terms of a formula, fewest first: the lesson's 3 when
# the printed terms then give the printed result, more where rounding them would not.
_TRIES = (3, 4, 5, 6, 8, 10, 13, 17)
_MAX_PLACES = 12  # decimal places at most in a sum written out exactly


@dataclass(frozen=True)
class StepText:
    """How a step is written: plain words, LaTeX in symbols and with numbers, and NumPy."""

    title: str  # plain words: "δ of hidden unit 1"
    symbol: str  # LaTeX of the quantity
    formula: str  # LaTeX, symbols only
    numbers: str  # LaTeX, the same formula with the numbers in it and its result
    numpy: str  # the NumPy line that computes it, with shapes in a comment


@dataclass(frozen=True, eq=False)
class StepSource:
    """What a step's text is written from: the network as it was, its two passes, and the names of its symbols."""

    net: Network  # a copy, so that text read after Network.apply still shows the pass's weights
    fwd: ForwardPass
    bwd: BackwardPass
    names: LatexNames
    code: CodeNames

    @classmethod
    def of(cls, network: Network, fwd: ForwardPass, bwd: BackwardPass) -> "StepSource":
        return cls(network.copy(), fwd, bwd, LatexNames(network.sizes), CodeNames(network.sizes))

    @property
    def L(self) -> int:
        return self.net.n_layers

    def a(self, layer: int) -> np.ndarray:
        """Outputs of layer `layer`; layer 0 is x."""
        return self.fwd.x if layer == 0 else self.fwd.layer_outputs[layer - 1]


def scalar_or_vector(values, digits: int = DIGITS) -> str:
    return factor(values[0], digits) if len(values) == 1 else vector(values, digits)


def settled(write: Callable[[int], tuple[str, Callable[[], list]]]) -> str:
    """The text write(d) at the fewest significant figures d whose printed terms give the result.

    write(d) returns the text and a thunk listing (value worked out from the printed terms,
    the result printed beside them[, its significant figures]); each must round to what is printed (notation.agrees).
    """
    text = None
    for digits in _TRIES:
        text, checks = write(digits)
        try:
            if all(agrees(value, result, *(shown or [_digits(result)])) for value, result, *shown in checks()):
                return text
        except (ValueError, ZeroDivisionError, OverflowError):  # ∞ or NaN printed: nothing to redo
            return write(DIGITS)[0]
    return text


def exact_sum(terms, result: float, decimals: int) -> tuple[list[str], str]:
    """terms and their sum, each with the same decimal places, so that the written terms add up exactly.

    The sum written is the sum of the written terms; one more place is tried (up to three)
    when that sum is not also the true result rounded to those places.
    """
    terms = [float(t) for t in terms]
    if not all(np.isfinite(terms)) or not np.isfinite(result):
        return [number(t) for t in terms], number(result)
    decimals = min(decimals, _MAX_PLACES)
    for places_now in range(decimals, decimals + 4):
        shown = [fixed(t, places_now) for t in terms]
        total = exact(sum(Fraction(t) for t in shown), places_now)
        if total == fixed(result, places_now):
            break
    return shown, total


def _digits(values) -> int:
    """Significant figures for a result: 3, or every digit before the point (2601, not 2600) below 10⁶."""
    biggest = float(np.max(np.abs(values))) if np.size(values) else 0.0
    if not np.isfinite(biggest) or biggest >= 1e6 or biggest < 10**DIGITS:
        return DIGITS
    return len(str(int(round(biggest))))


def result_text(value: float) -> str:
    return number(value, _digits(value))


def results_text(values, matrix: bool = False) -> str:
    """Results as a tuple, or a LaTeX matrix, each element with the figures result_text gives it."""
    if not matrix:
        return "(" + ", ".join(result_text(v) for v in np.ravel(values)) + ")"
    body = r" \\ ".join(" & ".join(result_text(v) for v in row) for row in np.atleast_2d(values))
    return r"\begin{pmatrix} " + body + r" \end{pmatrix}"


def steps_text(steps: np.ndarray) -> str:
    """Weight steps as one number, a tuple (one row or column), or a matrix."""
    n_in, n_out = steps.shape
    if steps.size == 1:
        return result_text(steps[0, 0])
    return results_text(steps) if n_in == 1 or n_out == 1 else results_text(steps, matrix=True)


def difference_text(y: float, y_hat: float, result: float) -> tuple[str, str, str]:
    """y, ŷ and y − ŷ written with the same decimal places, so that the difference is exact."""
    (y_text, minus_y_hat), result_text = exact_sum([y, -y_hat], result, max(places(y), places(y_hat)))
    y_hat_text = minus_y_hat[1:] if minus_y_hat.startswith("-") else f"-{minus_y_hat}" if minus_y_hat != "0" else minus_y_hat
    return y_text, y_hat_text, result_text


def paren(text: str) -> str:
    return f"({text})" if text.startswith("-") else text
