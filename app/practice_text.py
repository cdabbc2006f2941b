"""What the Practice tab shows of a check, as plain text, and the learner's δ for the diagram."""
from __future__ import annotations

import numpy as np

from core.exercises import show
from core.inputs import InputError, parse_number
from core.ids import node_id


def learner_deltas(exercise: str, values: dict) -> dict:
    """Node id -> the learner's δ, from the variables their code (or typing) set; what is not a number is left out."""
    out: dict = {}

    def put(layer: int, value) -> None:
        try:
            array = np.atleast_1d(np.asarray(value, dtype=float))
        except (TypeError, ValueError):
            return
        for unit, v in enumerate(array.ravel()[:8]):
            if np.isfinite(v):
                out[node_id(layer, unit)] = float(v)

    if exercise == "numpy_exercise":
        for layer, name in ((2, "del_err_output"), (1, "del_err_hidden")):
            if isinstance(values.get(name), np.ndarray):
                put(layer, values[name])
    elif exercise == "any_layers" and isinstance(values.get("deltas"), list):
        for l, value in enumerate(values["deltas"]):
            if isinstance(value, np.ndarray):
                put(l + 1, value)
    elif exercise == "worked_example":
        for layer, name in ((2, "delta_o"), (1, "delta_h")):
            try:
                put(layer, parse_number(values.get(name), name))
            except InputError:
                pass
    return out


def results_text(report) -> str:
    """One line per TODO: ✓ or ✗, its name and its message."""
    return "\n".join(f"{'✓' if c.passed else '✗'} {c.name}: {c.message}" for c in report.checks)


def values_text(report) -> str:
    """Each variable: the learner's value and shape beside the right one."""
    lines = []
    for name, right in report.expected.items():
        mine = report.values.get(name)
        yours = "not set" if mine is None and name not in report.values else show(mine)
        lines.append(f"{name}\n  yours: {yours}{_shape(mine)}\n  right: {show(right)}{_shape(right)}")
    return "\n".join(lines)


def _shape(value) -> str:
    # show() gives an array's shape; a single number's is said here, so both columns read alike
    return " (shape ())" if isinstance(value, (float, np.floating, np.ndarray)) and np.ndim(value) == 0 else ""
