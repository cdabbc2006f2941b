"""Seeded 2-D data sets for the training lab: x of shape (n, 2), labels y of shape (n, 1) in {0, 1}."""
from __future__ import annotations

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


DATASETS = {"xor": xor, "circle": circle, "gaussians": gaussians, "spiral": spiral}


def make_dataset(name: str, n: int = 200, noise: float = 0.1, seed: int = 0):
    """The data set called `name`; ValueError naming the choices if there is none."""
    if name not in DATASETS:
        raise ValueError(f"unknown data set {name!r}: choose one of {', '.join(DATASETS)}")
    if not isinstance(n, (int, np.integer)) or n < 2:
        raise ValueError(f"a data set needs at least 2 points, got {n!r}")
    if not np.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a finite number ≥ 0, got {noise!r}")
    return DATASETS[name](n=n, noise=noise, seed=seed)


def train_test_split(x, y, test_fraction: float = 0.2, seed: int = 0):
    """A seeded shuffle split into (x_train, y_train, x_test, y_test)."""
    if not 0 <= test_fraction < 1:
        raise ValueError(f"the test fraction must be in [0, 1), got {test_fraction}")
    order = np.random.default_rng(seed).permutation(len(x))
    n_test = int(round(len(x) * test_fraction))
    test, train = order[:n_test], order[n_test:]
    return x[train], y[train], x[test], y[test]
