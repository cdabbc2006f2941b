"""Input features made from x₁ and x₂, as TensorFlow Playground offers them: the learner picks
which ones the network sees, and they become its inputs on the diagram."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np


@dataclass(frozen=True)
class Feature:
    """One input made from (x₁, x₂): its name, how the page writes it, and its values."""

    name: str
    label: str  # plain text: "x₁²"
    latex: str
    value: Callable[[np.ndarray], np.ndarray]  # (n, 2) -> (n,)


FEATURES: dict[str, Feature] = {
    "x1": Feature("x1", "x₁", "x_1", lambda x: x[:, 0]),
    "x2": Feature("x2", "x₂", "x_2", lambda x: x[:, 1]),
    "x1sq": Feature("x1sq", "x₁²", "x_1^2", lambda x: x[:, 0] ** 2),
    "x2sq": Feature("x2sq", "x₂²", "x_2^2", lambda x: x[:, 1] ** 2),
    "x1x2": Feature("x1x2", "x₁x₂", "x_1 x_2", lambda x: x[:, 0] * x[:, 1]),
    "sin1": Feature("sin1", "sin x₁", r"\sin x_1", lambda x: np.sin(x[:, 0])),
    "sin2": Feature("sin2", "sin x₂", r"\sin x_2", lambda x: np.sin(x[:, 1])),
}


def check_features(names) -> list[str]:
    """The chosen feature names in FEATURES' order; ValueError if none or an unknown one."""
    names = list(names)
    unknown = [n for n in names if n not in FEATURES]
    if unknown:
        raise ValueError(f"unknown feature {unknown[0]!r}: choose from {', '.join(FEATURES)}")
    if not names:
        raise ValueError("choose at least one input feature")
    return [n for n in FEATURES if n in names]


def feature_matrix(x: np.ndarray, names) -> np.ndarray:
    """The chosen features of each point: (n, 2) -> (n, len(names)), in FEATURES' order."""
    return np.column_stack([FEATURES[n].value(x) for n in check_features(names)])
