"""Seeded 2-D data sets for the training lab: x of shape (n, 2) and targets y.

Three kinds of problem, as TensorFlow Playground has them and more: two classes (y of shape
(n, 1) in {0, 1}), K classes (y one-hot, shape (n, K)) and regression (y real, shape (n, 1)).
Each data set is one DataSet record saying which kind it is.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np


def xor(n: int = 200, noise: float = 0.1, seed: int = 0):
    """Four clusters at (±1, ±1); the label is 1 where the signs of x1 and x2 differ."""
    rng = np.random.default_rng(seed)
    corners = rng.choice([-1.0, 1.0], size=(n, 2))
    x = corners * rng.uniform(0.3, 1.0, size=(n, 2)) + rng.normal(0, noise, size=(n, 2))
    y = (corners[:, 0] != corners[:, 1]).astype(float)
    return x, y[:, None]


def circle(n: int = 200, noise: float = 0.1, seed: int = 0):
    """Points inside radius 0.5 are 1, points on a ring from 0.7 to 1.0 are 0."""
    rng = np.random.default_rng(seed)
    inside = rng.random(n) < 0.5
    radius = np.where(inside, rng.uniform(0, 0.5, n), rng.uniform(0.7, 1.0, n))
    angle = rng.uniform(0, 2 * np.pi, n)
    x = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    x += rng.normal(0, noise * 0.5, size=x.shape)
    return x, inside.astype(float)[:, None]


def gaussians(n: int = 200, noise: float = 0.1, seed: int = 0):
    """Two Gaussian blobs centred at (-0.5, -0.5) (label 0) and (0.5, 0.5) (label 1)."""
    rng = np.random.default_rng(seed)
    label = rng.random(n) < 0.5
    centre = np.where(label[:, None], 0.5, -0.5)
    x = centre + rng.normal(0, 0.25 + noise, size=(n, 2))
    return x, label.astype(float)[:, None]


def spiral(n: int = 200, noise: float = 0.1, seed: int = 0):
    """Two interleaved spirals, one turn and a half each: the hard one."""
    rng = np.random.default_rng(seed)
    label = rng.random(n) < 0.5
    t = rng.uniform(0, 1, n)
    angle = 3 * np.pi * t + np.where(label, np.pi, 0.0)
    radius = 0.1 + 0.9 * t
    x = np.column_stack([radius * np.sin(angle), radius * np.cos(angle)])
    x += rng.normal(0, noise * 0.3, size=x.shape)
    return x, label.astype(float)[:, None]


def _one_hot(labels: np.ndarray, k: int) -> np.ndarray:
    return np.eye(k)[labels]


def _spirals(k: int):
    def spirals(n: int = 200, noise: float = 0.1, seed: int = 0):
        """k interleaved spiral arms, one turn each; y one-hot (n, k)."""
        rng = np.random.default_rng(seed)
        label = rng.integers(0, k, n)
        t = rng.uniform(0, 1, n)
        angle = 2 * np.pi * t + 2 * np.pi * label / k
        radius = 0.1 + 0.9 * t
        x = np.column_stack([radius * np.sin(angle), radius * np.cos(angle)])
        x += rng.normal(0, noise * 0.3, size=x.shape)
        return x, _one_hot(label, k)
    spirals.__name__ = f"spiral{k}"
    return spirals


def _blobs(k: int):
    def blobs(n: int = 200, noise: float = 0.1, seed: int = 0):
        """k Gaussian blobs on a circle of radius 0.7; y one-hot (n, k)."""
        rng = np.random.default_rng(seed)
        label = rng.integers(0, k, n)
        angle = 2 * np.pi * label / k + np.pi / 4
        centre = 0.7 * np.column_stack([np.cos(angle), np.sin(angle)])
        x = centre + rng.normal(0, 0.12 + noise, size=(n, 2))
        return x, _one_hot(label, k)
    blobs.__name__ = f"blobs{k}"
    return blobs


def plane(n: int = 200, noise: float = 0.1, seed: int = 0):
    """Regression: y = (x₁ + x₂) / 2 over [-1, 1]², plus noise; y of shape (n, 1)."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, size=(n, 2))
    y = (x[:, 0] + x[:, 1]) / 2 + rng.normal(0, noise * 0.5, size=n)
    return x, y[:, None]


# the Playground's six Gaussians: (centre x₁, centre x₂, sign), on its 6-unit plane scaled to 1
_GAUSSIANS = [(-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1), (4, -2.5, -1)]


def multi_gaussian(n: int = 200, noise: float = 0.1, seed: int = 0):
    """Regression: ±1 peaks at six centres falling to 0 at distance 1/3, the nearest peak wins."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, size=(n, 2))
    y = np.zeros(n)
    for cx, cy, sign in _GAUSSIANS:
        distance = np.hypot(x[:, 0] - cx / 6, x[:, 1] - cy / 6)
        value = sign * np.clip(1 - distance * 3, 0, 1)
        y = np.where(np.abs(value) > np.abs(y), value, y)
    return x, (y + rng.normal(0, noise * 0.5, size=n))[:, None]


@dataclass(frozen=True)
class DataSet:
    """One data set: its name, its kind of problem, how many classes, and how to draw it."""

    name: str
    title: str
    problem: str  # "binary", "classes" or "regression"
    classes: int  # 2 for binary, K for classes, 0 for regression
    make: Callable


PROBLEMS = {"binary": "2 classes", "classes": "K classes", "regression": "regression"}

ALL_DATASETS: dict[str, DataSet] = {
    "xor": DataSet("xor", "XOR", "binary", 2, xor),
    "circle": DataSet("circle", "circle", "binary", 2, circle),
    "gaussians": DataSet("gaussians", "two Gaussians", "binary", 2, gaussians),
    "spiral": DataSet("spiral", "spiral", "binary", 2, spiral),
    "spiral3": DataSet("spiral3", "3-class spiral", "classes", 3, _spirals(3)),
    "spiral4": DataSet("spiral4", "4-class spiral", "classes", 4, _spirals(4)),
    "blobs3": DataSet("blobs3", "3 blobs", "classes", 3, _blobs(3)),
    "blobs4": DataSet("blobs4", "4 blobs", "classes", 4, _blobs(4)),
    "plane": DataSet("plane", "plane", "regression", 0, plane),
    "multi_gaussian": DataSet("multi_gaussian", "multi-Gaussian", "regression", 0, multi_gaussian),
}

# the two-class data sets, name -> function, as before K classes and regression came
DATASETS = {name: d.make for name, d in ALL_DATASETS.items() if d.problem == "binary"}


def make_dataset(name: str, n: int = 200, noise: float = 0.1, seed: int = 0):
    """The data set called `name`; ValueError naming the choices if there is none."""
    if name not in ALL_DATASETS:
        raise ValueError(f"unknown data set {name!r}: choose one of {', '.join(ALL_DATASETS)}")
    if not isinstance(n, (int, np.integer)) or n < 2:
        raise ValueError(f"a data set needs at least 2 points, got {n!r}")
    if not np.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a finite number ≥ 0, got {noise!r}")
    return ALL_DATASETS[name].make(n=n, noise=noise, seed=seed)


def train_test_split(x, y, test_fraction: float = 0.2, seed: int = 0):
    """A seeded shuffle split into (x_train, y_train, x_test, y_test)."""
    if not 0 <= test_fraction < 1:
        raise ValueError(f"the test fraction must be in [0, 1), got {test_fraction}")
    order = np.random.default_rng(seed).permutation(len(x))
    n_test = int(round(len(x) * test_fraction))
    test, train = order[:n_test], order[n_test:]
    return x[train], y[train], x[test], y[test]
