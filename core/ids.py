"""The diagram's element ids, which steps read and write and the app draws.

"n{l}.{j}" is unit j of layer l (layer 0 = inputs), "w{l}.{i}.{j}" is weights[l][i, j] and
"b{l}.{j}" is biases[l][j]; units are numbered from 0 here, from 1 in the formulas.
"""
from __future__ import annotations


def node_id(layer: int, unit: int) -> str:
    """Unit `unit` of `layer` (0 = inputs)."""
    return f"n{layer}.{unit}"


def edge_id(layer: int, i: int, j: int) -> str:
    """weights[layer][i, j]."""
    return f"w{layer}.{i}.{j}"


def bias_id(layer: int, j: int) -> str:
    """biases[layer][j]."""
    return f"b{layer}.{j}"
