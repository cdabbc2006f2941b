"""Where each unit, weight and bias sits in the diagram: a pure function of the layer sizes.

Inputs are at the bottom (y = 0) and ŷ at the top (y = L), as in the lesson's figure.
"""
from __future__ import annotations

from dataclasses import dataclass

from core.ids import bias_id, edge_id, node_id

UNIT_SPACING = 1.5  # horizontal distance between units of a layer (room for labels between them)
LAYER_SPACING = 1.0  # vertical distance between layers


@dataclass(frozen=True)
class Node:
    id: str
    layer: int  # 0 = inputs, L = output
    unit: int
    x: float
    y: float
    role: str  # "input", "hidden" or "output"


@dataclass(frozen=True)
class Edge:
    id: str
    layer: int  # index into weights: the edge carries weights[layer][i, j]
    i: int
    j: int
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Bias:
    id: str
    layer: int  # index into biases
    j: int
    x: float
    y: float


@dataclass(frozen=True)
class Layout:
    nodes: list[Node]
    edges: list[Edge]
    biases: list[Bias]
    width: float  # the widest layer's extent, for the plot's x range
    height: float


def unit_x(n_units: int, unit: int) -> float:
    """Units of a layer are centred on x = 0."""
    return (unit - (n_units - 1) / 2) * UNIT_SPACING


def layout(sizes: list[int], biases: bool = False, crowded: bool = False) -> Layout:
    """Positions of every unit, every weight's edge and every bias for these layer sizes.

    A bias sits below and left of its unit, beside its label; in a layer of a `crowded` network
    (labels under and over the units, app/labels.py) it sits level with its unit, halfway to the
    next.
    """
    L = len(sizes) - 1
    nodes = [
        Node(
            node_id(layer, unit), layer, unit, unit_x(n, unit), layer * LAYER_SPACING,
            "input" if layer == 0 else ("output" if layer == L else "hidden"),
        )
        for layer, n in enumerate(sizes)
        for unit in range(n)
    ]
    edges = [
        Edge(
            edge_id(l, i, j), l, i, j,
            unit_x(sizes[l], i), l * LAYER_SPACING,
            unit_x(sizes[l + 1], j), (l + 1) * LAYER_SPACING,
        )
        for l in range(L)
        for i in range(sizes[l])
        for j in range(sizes[l + 1])
    ]
    bias_marks = []
    if biases:
        def offset(n: int) -> tuple[float, float]:  # a unit alone keeps its labels, and its bias, beside it
            return (0.5 * UNIT_SPACING, 0.0) if crowded and n > 1 else (0.3 * UNIT_SPACING, 0.3)

        bias_marks = [
            Bias(bias_id(l, j), l, j, unit_x(sizes[l + 1], j) - offset(sizes[l + 1])[0],
                 (l + 1) * LAYER_SPACING - offset(sizes[l + 1])[1])
            for l in range(L)
            for j in range(sizes[l + 1])
        ]
    width = max(sizes) * UNIT_SPACING
    return Layout(nodes, edges, bias_marks, width, L * LAYER_SPACING)
