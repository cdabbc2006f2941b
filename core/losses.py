"""Loss functions E and weight penalties, one record each: everything about one is written here.

A Loss gives E per sample (summed over the outputs k), the output error term that backward
starts from, its LaTeX and NumPy text, and which output activations it pairs with. With the
sigmoid or softmax and cross-entropy, f'(h) cancels against ∂E/∂ŷ and δᵒ = y − ŷ exactly:
backward then uses δᵒ = y − ŷ directly, which also never divides by a ŷ(1 − ŷ) that is 0.
Cross-entropy is computed from h, not from ŷ, so that it stays finite for |h| up to 1e4
(log σ(h) = −softplus(−h), log softmax = h − logsumexp h): no log(0), no overflow.

A Penalty is a term on the weights (never the biases) added to the batch's mean loss:
L2 is λ₂ · ½ Σ w², L1 is λ₁ · Σ |w| (TensorFlow Playground's two).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

import numpy as np

from .activations import ACTIVATIONS, Activation

TARGET_SUM_TOLERANCE = 1e-9  # softmax cross-entropy's targets must sum to 1 this closely


def _softplus(h: np.ndarray) -> np.ndarray:
    """log(1 + e^h), as max(h, 0) + log(1 + e^(−|h|)): e^x never overflows."""
    return np.maximum(h, 0.0) + np.log1p(np.exp(-np.abs(h)))


def _squared_error(y, y_hat, h, activation: str) -> float:
    error = y - y_hat
    return 0.5 * float(np.sum(error * error))


def _cross_entropy(y, y_hat, h, activation: str) -> float:
    if activation == "softmax":
        # −Σ_k y_k log ŷ_k with log ŷ_k = h_k − logsumexp(h)
        m = np.max(h, axis=-1, keepdims=True)
        lse = m + np.log(np.sum(np.exp(h - m), axis=-1, keepdims=True))
        return float(np.sum(y * (lse - h)))
    # −Σ_k [y_k log ŷ_k + (1 − y_k) log(1 − ŷ_k)] = Σ_k softplus(h_k) − y_k h_k for ŷ = σ(h)
    return float(np.sum(_softplus(h) - y * h))


def _fast_squared_error(error, y, y_hat, h, activation: str) -> float:
    return 0.5 * float(np.vdot(error, error))  # error = y − ŷ is already in its buffer


def _check_softmax_targets(y, activation: str) -> None:
    if activation == "softmax":
        sums = np.sum(y, axis=-1)
        if np.any(np.abs(sums - 1.0) > TARGET_SUM_TOLERANCE):
            worst = float(np.ravel(sums)[np.argmax(np.abs(np.ravel(sums) - 1.0))])
            raise ValueError(
                f"softmax cross-entropy needs targets that sum to 1, one-hot for classes; a target sums to {worst:.6g}"
            )


@dataclass(frozen=True)
class Loss:
    """E per sample, its text, and how the output's δ follows from it."""

    name: str
    title: str  # plain words: "squared error"
    latex: str  # E for one sample, in the lesson's symbols
    plain: str  # the same in plain text, for a status line
    value: Callable  # (y, ŷ, h, output activation name) -> E summed over samples and outputs
    numpy_value: dict  # output activation name (or "*") -> NumPy text of E from {y}, {y_hat}, {h}
    outputs: frozenset | None = None  # the output activations it is defined for; None: any
    # output activations whose f'(h) cancels, so δᵒ = y − ŷ; for the others δᵒ = (y − ŷ) f'(h)
    pairs: frozenset = frozenset()
    fast_value: Callable | None = None  # (error buffer, y, ŷ, h, activation) -> E, for core.fastpath
    check_target: Callable = lambda y, activation: None  # raises ValueError for a target it cannot take

    def check(self, activation: str) -> None:
        """ValueError if this loss is not defined for that output activation."""
        if self.outputs is not None and activation not in self.outputs:
            raise ValueError(
                f"{self.title} needs a {' or '.join(sorted(self.outputs))} output, not {activation}"
            )

    def pairs_with(self, activation: str) -> bool:
        """True when δᵒ = y − ŷ: f'(h) of this output activation cancels in ∂E/∂h."""
        return activation in self.pairs

    def output_function(self, activation: Activation) -> Activation:
        """The output activation as backward uses it: with f' taken as 1 where the pair cancels it."""
        if not self.pairs_with(activation.name):
            return activation
        identity = ACTIVATIONS["linear"]
        return replace(activation, derivative=identity.derivative, times_slope=identity.times_slope,
                       jacobian=None, numpy_derivative="1", printed_slope=identity.printed_slope,
                       derivative_bound=1.0)

    def numpy_text(self, activation: str, y: str, y_hat: str, h: str) -> str:
        template = self.numpy_value.get(activation, self.numpy_value.get("*"))
        return template.format(y=y, y_hat=y_hat, h=h)

    def fast(self, error, y, y_hat, h, activation: str) -> float:
        if self.fast_value is not None:
            return self.fast_value(error, y, y_hat, h, activation)
        return self.value(y, y_hat, h, activation)


LOSSES: dict[str, Loss] = {
    "squared_error": Loss(
        "squared_error", "squared error",
        r"E = \tfrac{1}{2} \sum_k (y_k - \hat{y}_k)^2",
        "E = ½ Σ (y − ŷ)²",
        _squared_error,
        {"*": "0.5 * np.sum(({y} - {y_hat}) ** 2)"},
        fast_value=_fast_squared_error,
    ),
    "cross_entropy": Loss(
        "cross_entropy", "cross-entropy",
        r"E = -\sum_k \left[ y_k \log \hat{y}_k + (1 - y_k) \log (1 - \hat{y}_k) \right]",
        "E = −Σ [y log ŷ + (1 − y) log(1 − ŷ)]",
        _cross_entropy,
        {
            # the same sums from h, which stay finite where ŷ rounds to 0 or 1
            "sigmoid": "np.sum(np.logaddexp(0, {h}) - {y} * {h})  # -Σ y log ŷ + (1 - y) log(1 - ŷ)",
            "softmax": "-np.sum({y} * ({h} - {h}.max() - np.log(np.sum(np.exp({h} - {h}.max())))))  # -Σ y log ŷ",
        },
        outputs=frozenset({"sigmoid", "softmax"}),
        pairs=frozenset({"sigmoid", "softmax"}),
        check_target=_check_softmax_targets,
    ),
}

# how cross-entropy reads with a softmax output: the (1 − y) terms belong to K sigmoids, not one softmax
SOFTMAX_CROSS_ENTROPY_LATEX = r"E = -\sum_k y_k \log \hat{y}_k"


def loss_latex(loss: Loss, activation: str, plain: bool = False) -> str:
    """E for one sample as the lesson writes it for this loss and output activation (LaTeX or plain text)."""
    if loss.name == "cross_entropy" and activation == "softmax":
        return "E = −Σ y log ŷ" if plain else SOFTMAX_CROSS_ENTROPY_LATEX
    return loss.plain if plain else loss.latex


def get_loss(name: str) -> Loss:
    """The loss called `name`; ValueError naming the choices if there is none."""
    try:
        return LOSSES[name]
    except (KeyError, TypeError):
        shown = repr(name) if len(repr(name)) <= 30 else repr(name)[:27] + "..."
        raise ValueError(f"unknown loss {shown}: choose one of {', '.join(sorted(LOSSES))}") from None


@dataclass(frozen=True)
class Penalty:
    """A term λ · R(w) on the weights: its value, gradient, and how Δw shows it."""

    name: str
    symbol: str  # LaTeX of its rate: \lambda_2
    latex: str  # LaTeX of the term added to E
    value: Callable[[np.ndarray], float]  # R(w)
    gradient: Callable[[np.ndarray], np.ndarray]  # ∂R/∂w
    step_latex: str  # the term in Δw = η(δ a − …), from "{w}"
    step_numbers: Callable[[float, float, Callable[[float], str]], str]  # (λ, w, number) -> LaTeX
    numpy_gradient: str  # ∂R/∂w in NumPy from "{w}"


PENALTIES: dict[str, Penalty] = {
    "l1": Penalty(
        "l1", r"\lambda_1", r"\lambda_1 \sum |w|",
        lambda w: float(np.sum(np.abs(w))),
        np.sign,  # the subgradient 0 at w = 0
        r"\lambda_1 \operatorname{sign} {w}",
        lambda lam, w, n: rf"{n(lam)} \times \operatorname{{sign}}({n(w)})",
        "np.sign({w})",
    ),
    "l2": Penalty(
        "l2", r"\lambda_2", r"\lambda_2 \tfrac{1}{2} \sum w^2",
        lambda w: 0.5 * float(np.sum(w * w)),
        lambda w: w,
        r"\lambda_2 {w}",
        lambda lam, w, n: rf"{n(lam)} \times {n(w)}" if w >= 0 else rf"{n(lam)} \times ({n(w)})",
        "{w}",
    ),
}


def check_rates(l1, l2) -> tuple[float, float]:
    """λ₁ and λ₂ as floats; ValueError unless each is a finite number ≥ 0."""
    rates = []
    for name, rate in (("l1", l1), ("l2", l2)):
        try:
            value = float(rate)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be a number ≥ 0, got {rate!r}") from None
        if not np.isfinite(value) or value < 0:
            raise ValueError(f"{name} must be a finite number ≥ 0, got {rate!r}")
        rates.append(value)
    return rates[0], rates[1]


def penalty_value(weights, l1: float, l2: float) -> float:
    """λ₁ Σ|w| + λ₂ ½ Σ w² over every weight matrix (biases are not penalised)."""
    total = 0.0
    for name, rate in (("l1", l1), ("l2", l2)):
        if rate:
            total += rate * sum(PENALTIES[name].value(w) for w in weights)
    return total


def penalty_gradient(w: np.ndarray, l1: float, l2: float) -> np.ndarray | None:
    """λ₁ sign w + λ₂ w, the penalties' ∂/∂w of one weight matrix; None when both rates are 0."""
    grad = None
    for name, rate in (("l1", l1), ("l2", l2)):
        if rate:
            term = rate * PENALTIES[name].gradient(w)
            grad = term if grad is None else grad + term
    return grad
