"""Ready-made networks: the lesson's two examples and the ones the simulator teaches with."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .network import Network


@dataclass(frozen=True)
class Preset:
    """A network with one sample, its target and η: what the step-through starts from."""

    name: str
    title: str
    description: str
    network: Network
    x: np.ndarray
    target: np.ndarray
    learning_rate: float


def _worked_example() -> Preset:
    return Preset(
        "worked_example",
        "Lesson: worked example (2-1-1)",
        "Two inputs, one hidden unit, one output, sigmoid, no biases; target y = 1, η = 0.5.",
        Network(weights=[np.array([[0.4], [-0.2]]), np.array([[0.1]])]),
        np.array([0.1, 0.3]),
        np.array([1.0]),
        0.5,
    )


def _numpy_exercise() -> Preset:
    return Preset(
        "numpy_exercise",
        "Lesson: NumPy exercise (3-2-1)",
        "The lesson's exercise: x = (0.5, 0.1, -0.2), target 0.6, η = 0.5.",
        Network(
            weights=[
                np.array([[0.5, -0.6], [0.1, -0.2], [0.1, 0.7]]),
                np.array([0.1, -0.3]),
            ]
        ),
        np.array([0.5, 0.1, -0.2]),
        np.array([0.6]),
        0.5,
    )


def _with_biases() -> Preset:
    return Preset(
        "biases_2_2_2",
        "2-2-2 with biases",
        "Two outputs and a bias on every unit: δ sums over two output units.",
        Network(
            weights=[np.array([[0.15, 0.25], [0.20, 0.30]]), np.array([[0.40, 0.50], [0.45, 0.55]])],
            biases=[np.array([0.35, 0.35]), np.array([0.60, 0.60])],
        ),
        np.array([0.05, 0.10]),
        np.array([0.01, 0.99]),
        0.5,
    )


def _xor() -> Preset:
    return Preset(
        "xor_2_3_1",
        "XOR (2-3-1)",
        "A hidden layer of three units with biases: enough to learn XOR.",
        Network.random([2, 3, 1], seed=7, biases=True),
        np.array([1.0, 0.0]),
        np.array([1.0]),
        1.0,
    )


def _deep_chain() -> Preset:
    return Preset(
        "deep_sigmoid_chain",
        "Deep sigmoid chain (1-1-1-1-1-1-1)",
        "Six sigmoid layers of one unit: watch δ shrink by at least 75% per layer.",
        Network(weights=[np.array([[1.0]]) for _ in range(6)]),
        np.array([1.0]),
        np.array([0.0]),
        0.5,
    )


PRESETS = {
    p.name: p
    for p in (_worked_example(), _numpy_exercise(), _with_biases(), _xor(), _deep_chain())
}


def preset(name: str) -> Preset:
    """A fresh copy of the preset called `name` (its network can be changed freely)."""
    if name not in PRESETS:
        raise ValueError(f"unknown preset {name!r}: choose one of {', '.join(PRESETS)}")
    p = PRESETS[name]
    return Preset(p.name, p.title, p.description, p.network.copy(), p.x.copy(), p.target.copy(), p.learning_rate)
