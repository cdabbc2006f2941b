"""The lesson's worked 2-1-1 example by hand: the learner types δᵒ, δʰ, ΔW and Δw₁, Δw₂ as numbers."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .exercises import Check, Report, Todo, register
from .inputs import InputError, parse_number
from .notation import plain

X, W_IN, W_OUT, Y, ETA = np.array([0.1, 0.3]), np.array([0.4, -0.2]), 0.1, 1.0, 0.5
RELATIVE = 0.005  # three significant figures, the precision the page shows


def _values() -> dict:
    h = float(np.dot(X, W_IN))                       # (2,) @ (2,) -> ()
    a = 1 / (1 + np.exp(-h))
    y_hat = 1 / (1 + np.exp(-W_OUT * a))
    delta_o = (Y - y_hat) * y_hat * (1 - y_hat)
    delta_h = W_OUT * delta_o * a * (1 - a)
    return {"h": h, "a": a, "y_hat": y_hat, "delta_o": delta_o, "delta_h": delta_h,
            "delta_W": ETA * delta_o * a, "delta_w1": ETA * delta_h * X[0], "delta_w2": ETA * delta_h * X[1]}


V = _values()
# the lesson rounds δʰ to 0.003 before computing Δw; those readings count too
LESSON_ROUNDED = {"delta_h": 0.003, "delta_w1": 0.00015, "delta_w2": 0.00045}
p = plain
TODOS = [
    Todo("delta_o", "δᵒ, the output unit's error term", "δᵒ = (y − ŷ) f′(W a), with f′ = ŷ (1 − ŷ).",
         f"δᵒ = (1 − {p(V['y_hat'])}) × {p(V['y_hat'])} × (1 − {p(V['y_hat'])})"),
    Todo("delta_h", "δʰ, the hidden unit's error term", "δʰ = W δᵒ f′(h), with f′(h) = a (1 − a).",
         f"δʰ = {p(W_OUT)} × δᵒ × {p(V['a'])} × (1 − {p(V['a'])})"),
    Todo("delta_W", "ΔW, the step of the hidden-to-output weight", "ΔW = η δᵒ a.", f"ΔW = {p(ETA)} × δᵒ × {p(V['a'])}"),
    Todo("delta_w1", "Δw₁, the step of the weight from x₁", "Δw₁ = η δʰ x₁.", f"Δw₁ = {p(ETA)} × δʰ × {p(X[0])}"),
    Todo("delta_w2", "Δw₂, the step of the weight from x₂", "Δw₂ = η δʰ x₂.", f"Δw₂ = {p(ETA)} × δʰ × {p(X[1])}"),
]
SLIPS = {
    "delta_o": [(Y - V["y_hat"], "That is y − ŷ alone: δᵒ also has the factor f′ = ŷ (1 − ŷ)."),
                (-V["delta_o"], "The sign is the other way round: y − ŷ is positive here, as ŷ < 1.")],
    "delta_h": [(V["delta_o"] * V["a"] * (1 - V["a"]), "δᵒ reaches the hidden unit through the weight W = 0.1: multiply by it."),
                (W_OUT * V["delta_o"], "The factor f′(h) = a (1 − a) of the hidden unit is missing.")],
    "delta_W": [(V["delta_o"] * V["a"], "The learning rate η = 0.5 is missing.")],
    "delta_w1": [(V["delta_h"] * X[0], "The learning rate η = 0.5 is missing."),
                 (ETA * V["delta_h"] * X[1], "That is the step of the weight from x₂: Δw₁ uses x₁ = 0.1.")],
    "delta_w2": [(V["delta_h"] * X[1], "The learning rate η = 0.5 is missing."),
                 (ETA * V["delta_h"] * X[0], "That is the step of the weight from x₁: Δw₂ uses x₂ = 0.3.")],
}


def _near(typed: float, value: float) -> bool:
    return abs(typed - value) <= RELATIVE * abs(value)


@dataclass(frozen=True)
class HandExercise:
    name: str
    title: str
    todos: list

    def check(self, answers) -> Report:
        """`answers`: {name: typed text}, or lines `name = number`; each right to three significant figures."""
        if isinstance(answers, str):
            answers = dict(line.split("=", 1) for line in answers.splitlines() if "=" in line)
            answers = {k.strip(): v for k, v in answers.items()}
        if not isinstance(answers, dict):
            answers = {}
        checks = []
        for todo in self.todos:
            right = V[todo.name]
            try:
                typed = parse_number(answers.get(todo.name, ""), todo.comment.split(",")[0])
            except InputError as exc:
                checks.append(Check(todo.name, False, str(exc)))
                continue
            if _near(typed, right):
                checks.append(Check(todo.name, True, f"Right: {p(right)}."))
            elif todo.name in LESSON_ROUNDED and _near(typed, LESSON_ROUNDED[todo.name]):
                checks.append(Check(todo.name, True, f"Right as the lesson rounds it; to three significant figures it is {p(right)}."))
            else:
                slip = next((m for wrong, m in SLIPS.get(todo.name, []) if _near(typed, wrong)), None)
                checks.append(Check(todo.name, False, slip or f"Not {p(typed)}: work it out again from the hint "
                                                              "(three significant figures are enough)."))
        return Report(self.name, checks, {t.name: answers.get(t.name) for t in self.todos},
                      {t.name: V[t.name] for t in self.todos})


register(HandExercise("worked_example", "The worked 2-1-1 example by hand", TODOS))
