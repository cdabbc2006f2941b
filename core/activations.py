"""Activation functions f, one record each: everything about an f is written once, here.

Each derivative takes both h (the unit's input) and a = f(h) (its output), so that
sigmoid and tanh can use the lesson's cheap forms f'(h) = a(1 - a) and 1 - a².
A record also carries f's LaTeX, its NumPy text for the exported script and the
step-through, its in-place kernels for the training hot loop (core.fastpath) and max f'.
Softmax couples the units of a layer, so it is an output activation only
(OUTPUT_ACTIVATIONS) and passes δ back through its Jacobian (`backprop`), not an f'.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

# e^709 is near float64's largest value: clipping -h there keeps e^(-h) finite, so the fast
# sigmoid never overflows; σ(h) for h < -709 comes out as 1.2e-308 instead of smaller.
_SIGMOID_CLIP = 709.0


@dataclass(frozen=True)
class Activation:
    """f(h), f'(h) from (h, a), how the lesson writes f', its NumPy text and fast kernels."""

    name: str
    value: Callable[[np.ndarray], np.ndarray]
    derivative: Callable[[np.ndarray, np.ndarray], np.ndarray]
    # LaTeX of f'(h) in terms of a = f(h) (or h), with "{a}" / "{h}" placeholders.
    derivative_latex: str
    derivative_numbers: Callable[[float, float, Callable[[float], str]], str]
    numpy_definition: str = ""  # `def name(h): ...` for the exported script
    # f'(h) in NumPy from the names of a and h ("{a}", "{h}"); None where f' is not elementwise
    numpy_derivative: str | None = "1"
    # f'(h) worked out from h and the printed a (exact fractions), as a learner redoing the
    # step-through's formula would: the check that its printed terms give its printed result
    printed_slope: Callable = lambda h, a: 1
    # the fast path: a = f(h) into a buffer, and g *= f'(h) in place (t is scratch)
    forward_into: Callable | None = None
    times_slope: Callable | None = None
    derivative_bound: float = 1.0  # max f'(h): the lesson's "at most 0.25" for the sigmoid
    a_is_h: bool = False  # f is the identity: the fast path lets a share h's buffer
    # g ↦ g f'(h) for a whole layer; None means elementwise with `derivative`
    jacobian: Callable | None = None
    numpy_jacobian: str | None = None  # the same in NumPy from "{g}", "{a}"

    def backprop(self, g: np.ndarray, h: np.ndarray, a: np.ndarray) -> np.ndarray:
        """g passed back through f: g f'(h) elementwise, or the Jacobian's product for softmax."""
        if self.jacobian is not None:
            return self.jacobian(g, h, a)
        return g * self.derivative(h, a)

    def numpy_backprop(self, g: str, a: str, h: str) -> str:
        """NumPy text of backprop from the names of g, a and h."""
        if self.numpy_derivative is None:
            return self.numpy_jacobian.format(g=g, a=a, h=h)
        return f"{g} * {self.numpy_derivative.format(a=a, h=h)}"


# -- the functions ---------------------------------------------------------------------------
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


def _softmax(h: np.ndarray) -> np.ndarray:
    """e^(h_k) / Σ_j e^(h_j) over the last axis, with max h subtracted so that e^x ≤ 1."""
    e = np.exp(h - np.max(h, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def _softmax_jacobian(g: np.ndarray, h: np.ndarray, a: np.ndarray) -> np.ndarray:
    """Σ_k g_k ∂a_k/∂h_j = a_j (g_j − Σ_k g_k a_k), with ∂a_k/∂h_j = a_k([k = j] − a_j)."""
    return a * (g - np.sum(g * a, axis=-1, keepdims=True))


# -- their in-place kernels for core.fastpath (h, a, g: (batch, n) buffers; t scratch) -----
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


def _softmax_into(h, a, t):
    np.subtract(h, np.max(h, axis=1, keepdims=True), out=a)
    np.exp(a, out=a)
    a /= np.sum(a, axis=1, keepdims=True)


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
    """g *= [h > 0]: f'(0) is 0, as in _relu_derivative."""
    np.greater(h, 0.0, out=t, casting="unsafe")
    g *= t


def _times_linear_slope(g, h, a, t):
    pass


def _times_softmax_jacobian(g, h, a, t):
    """g = a (g − Σ_k g_k a_k), in place."""
    np.multiply(g, a, out=t)
    g -= np.sum(t, axis=1, keepdims=True)
    g *= a


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation(
        "sigmoid", _sigmoid, lambda h, a: a * (1.0 - a),
        r"f(h)\,(1 - f(h))",
        lambda h, a, n: f"{n(a)} \\times (1 - {n(a)})",
        numpy_definition="def sigmoid(h):\n    return 1 / (1 + np.exp(-h))\n",
        numpy_derivative="{a} * (1 - {a})",
        printed_slope=lambda h, a: a * (1 - a),
        forward_into=_sigmoid_into, times_slope=_times_sigmoid_slope, derivative_bound=0.25,
    ),
    "tanh": Activation(
        "tanh", np.tanh, lambda h, a: 1.0 - a * a,
        r"1 - f(h)^2",
        lambda h, a, n: f"(1 - {n(a)}^2)" if a >= 0 else f"(1 - ({n(a)})^2)",
        numpy_definition="def tanh(h):\n    return np.tanh(h)\n",
        numpy_derivative="(1 - {a}**2)",
        printed_slope=lambda h, a: 1 - a * a,
        forward_into=_tanh_into, times_slope=_times_tanh_slope,
    ),
    "relu": Activation(
        "relu", _relu, _relu_derivative,
        r"[h > 0]",
        lambda h, a, n: "1" if h > 0 else "0",
        numpy_definition="def relu(h):\n    return np.maximum(h, 0.0)\n",
        numpy_derivative="({h} > 0)",
        printed_slope=lambda h, a: 1 if h > 0 else 0,
        forward_into=_relu_into, times_slope=_times_relu_slope,
    ),
    "linear": Activation(
        "linear", _linear, _ones,
        r"1",
        lambda h, a, n: "1",
        numpy_definition="def linear(h):\n    return h\n",
        numpy_derivative="1",
        forward_into=_linear_into, times_slope=_times_linear_slope, a_is_h=True,
    ),
}

# the output layer may also use softmax, which turns K outputs into probabilities summing to 1
OUTPUT_ACTIVATIONS: dict[str, Activation] = {
    **ACTIVATIONS,
    "softmax": Activation(
        "softmax", _softmax, lambda h, a: a * (1.0 - a),  # the Jacobian's diagonal only
        r"\hat{y}_k([k = j] - \hat{y}_j)",
        lambda h, a, n: f"{n(a)} \\times (1 - {n(a)})",
        numpy_definition=(
            "def softmax(h):\n    e = np.exp(h - np.max(h, axis=-1, keepdims=True))\n"
            "    return e / np.sum(e, axis=-1, keepdims=True)\n"
        ),
        numpy_derivative=None,
        printed_slope=lambda h, a: a * (1 - a),  # the Jacobian's diagonal, as derivative
        forward_into=_softmax_into, times_slope=_times_softmax_jacobian,
        derivative_bound=0.5,  # |a_j (g_j − Σ g a)| ≤ 2 a_j (1 − a_j) max|g| ≤ max|g| / 2
        jacobian=_softmax_jacobian,
        numpy_jacobian="{a} * ({g} - np.sum({g} * {a}, axis=-1, keepdims=True))",
    ),
}


def get_activation(name: str, output: bool = False) -> Activation:
    """The activation called `name` (softmax too for the output layer); ValueError naming the choices."""
    table = OUTPUT_ACTIVATIONS if output else ACTIVATIONS
    try:
        return table[name]
    except (KeyError, TypeError):
        choices = ", ".join(sorted(table))
        shown = repr(name) if len(repr(name)) <= 30 else repr(name)[:27] + "..."
        where = "" if output or not isinstance(name, str) or name not in OUTPUT_ACTIVATIONS else f" ({name} is for the output layer only)"
        raise ValueError(f"unknown activation {shown}: choose one of {choices}{where}") from None
