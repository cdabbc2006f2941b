"""The live values a lesson page names, and the placeholder grammar that names them.

A placeholder names a value by the diagram's element ids (core/ids.py: "n{l}.{j}" unit j of
layer l, "w{l}.{i}.{j}" weights[l][i, j], "b{l}.{j}" biases[l][j]):

    {h[n1.0]} {a[n1.0]} {delta[n2.0]} {error[n2.0]} {fprime[n1.0]} {y[n2.0]}   of a unit (a of layer 0 is x)
    {w[w0.0.0]} {dw[w0.0.0]} {new[w0.0.0]}   {b[b0.0]} {db[b0.0]} {new[b0.0]}   of a weight, of a bias
    {eta} {loss} {updates} {loss_after[3]}                                      of the whole network
    {delta[n2.0] / delta[n1.0]}                                                 the quotient of two

Every value is read from the state's teaching steps, passes and network: the core's numbers,
never worked out again here (loss_after runs the core's own update on a copy). Numbers are
printed as the diagram prints them, three significant figures (a weight after the update, six).
"""
from __future__ import annotations

import re

from core.notation import plain

from .state import LabState

HIDDEN = "?"  # a value the learner is about to predict
MISSING = "—"  # a value this network does not have (the learner changed its shape)

# the value a teaching step writes, by the step's kind -> the placeholder's name for it
FROM_STEPS = {"h": "h", "a": "a", "error": "error", "delta": "delta",
              "weight_step": "dw", "bias_step": "db", "update": "new"}
UNIT_KINDS = ("h", "a", "delta", "error", "fprime", "y")
ELEMENT_KINDS = UNIT_KINDS + ("w", "dw", "new", "b", "db")
SCALAR_KINDS = ("eta", "loss", "updates", "loss_after")
_TERM = r"(\w+)(?:\[([\w.]+)\])?"
PLACEHOLDER = re.compile(r"\{\s*" + _TERM + r"(?:\s*/\s*" + _TERM + r")?\s*\}")
BRACED = re.compile(r"\{[^{}]*\}")


def terms(match: re.Match) -> list[tuple[str, str | None]]:
    kind, arg, kind2, arg2 = match.groups()
    return [(kind, arg)] + ([(kind2, arg2)] if kind2 else [])


def known(kind: str, arg: str | None) -> bool:
    if kind in ELEMENT_KINDS:
        return arg is not None
    if kind == "loss_after":
        return arg is not None and arg.isdigit() and 0 < int(arg) <= 10
    return kind in SCALAR_KINDS and arg is None


def _index(element: str) -> tuple[str, list[int]]:
    """'w0.1.0' -> ('w', [0, 1, 0]); the id format of core/ids.py."""
    return element[0], [int(part) for part in element[1:].split(".")]


class Values:
    """The live values a page can name, read from one state; `hide_unrevealed` for prediction."""

    def __init__(self, state: LabState, hide_unrevealed: bool = False):
        self.state = state
        self.shown = state.step if hide_unrevealed else len(state.steps)
        self.written: dict[tuple[str, str], tuple[float, int]] = {}
        for s in state.steps:
            for element, value in s.writes.items():
                self.written[(FROM_STEPS[s.kind], element)] = (value, s.index)

    def get(self, kind: str, arg: str | None = None):
        """The value, HIDDEN if the learner has not seen it yet, MISSING if this network has none."""
        s = self.state
        if kind == "eta":
            return s.learning_rate
        if kind == "updates":
            return s.updates
        if kind in ("loss", "loss_after"):
            outputs = [i for (k, _), (_, i) in self.written.items() if k == "error"]
            if any(i >= self.shown for i in outputs):
                return HIDDEN
            return s.backward.loss if kind == "loss" else _loss_after(s, int(arg))
        try:
            letter, index = _index(arg)
            return self._element(kind, letter, index, arg)
        except (IndexError, ValueError, KeyError):
            return MISSING

    def _element(self, kind: str, letter: str, index: list[int], element: str):
        s, net = self.state, self.state.network
        if kind == "w":
            l, i, j = index
            return float(net.weights[l][i, j])
        if kind == "b":
            l, j = index
            return float(net.biases[l][j])
        if kind == "a" and letter == "n" and index[0] == 0:
            return float(s.forward.x[index[1]])
        if kind == "y":
            layer, k = index
            if layer != net.n_layers:
                raise KeyError(element)
            return float(s.backward.target[k])
        if kind == "fprime":
            layer, j = index
            h, a = self._written("h", element), self._written("a", element)
            if HIDDEN in (h, a):
                return HIDDEN
            return float(net.activation_functions[layer - 1].derivative(h, a))
        return self._written(kind, element)

    def _written(self, kind: str, element: str):
        value, index = self.written[(kind, element)]
        return HIDDEN if index >= self.shown else value


def _loss_after(state: LabState, updates: int) -> float:
    """The loss after `updates` more updates on this sample, by the core's own apply."""
    net = state.network.copy()
    for _ in range(updates):
        net.apply(net.backward(net.forward(state.x), state.target, state.learning_rate))
    return net.backward(net.forward(state.x), state.target, state.learning_rate).loss


def shown(kind: str, value) -> str:
    """A value as the page prints it: the diagram's three figures; a weight after the update with
    six, as the update step writes it (the step is too small to see in three)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    return plain(value, 6) if kind == "new" else plain(value)


def render(text: str, values: Values) -> str:
    """The text with every placeholder replaced by its live value."""
    def fill(match: re.Match) -> str:
        (kind, arg), *rest = terms(match)
        value = values.get(kind, arg)
        if rest:
            other = values.get(*rest[0])
            if isinstance(value, str) or isinstance(other, str):
                return HIDDEN if HIDDEN in (value, other) else MISSING
            return plain(value / other) if other else MISSING
        out = shown(kind, value)
        # a negative factor in a product or sum is bracketed, as the formulas write it
        if out.startswith("-") and match.string[:match.start()].endswith(("× ", "+ ", "− ", "- ")):
            out = f"({out})"
        return out

    return PLACEHOLDER.sub(fill, text)


