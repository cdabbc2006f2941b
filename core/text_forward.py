"""The forward pass written out: each unit's weighted sum h and its output a = f(h)."""
from __future__ import annotations

from fractions import Fraction

import numpy as np

from .notation import factor, number, read, shape
from .step_text import StepSource, StepText, result_text, settled


def h_text(src: StepSource, layer: int, j: int) -> StepText:
    """h_j = Σ_i w_ij a_i (+ b_j) of unit j of `layer`, in symbols and with its numbers."""
    n, net, l, code = src.names, src.net, layer - 1, src.code
    a_in, w, h = src.a(layer - 1), net.weights[l], src.fwd.layer_inputs[l]
    matmul = f"{code.h(layer)} = np.dot({code.a(layer - 1)}, {code.w(l)})"
    shapes = f"{shape(a_in)} @ {shape(w)} -> {shape(h)}"
    if net.biases is not None:
        matmul += f" + {code.b(l)}"
    terms_sym = n.weighted_sum(l, j)
    if net.biases is not None:
        terms_sym += f" + {n.b(l, j)}"

    def write(d):
        text = " + ".join(f"{factor(a_in[i], d)} \\times {factor(w[i, j], d)}" for i in range(w.shape[0]))
        if net.biases is not None:
            text += f" + {factor(net.biases[l][j], d)}"

        def checks():
            value = sum(read(number(a_in[i], d)) * read(number(w[i, j], d)) for i in range(w.shape[0]))
            if net.biases is not None:
                value += read(number(net.biases[l][j], d))
            return [(value, h[j])]
        return text, checks

    terms_num = settled(write)
    return StepText(
        title=f"h of {n.unit_word(layer)} {j + 1}: the weighted sum of its inputs",
        symbol=n.h(layer, j),
        formula=f"{n.h(layer, j)} = {terms_sym}",
        numbers=f"{n.h(layer, j)} = {terms_num} = {result_text(h[j])}",
        numpy=f"{matmul}  # {shapes}",
    )


def a_text(src: StepSource, layer: int, j: int) -> StepText:
    """a_j = f(h_j) of unit j of `layer`."""
    n, l, code = src.names, layer - 1, src.code
    act = src.net.activation_functions[l]
    h, a = src.fwd.layer_inputs[l], src.fwd.layer_outputs[l]

    def write(d):
        text = rf"\mathrm{{{act.name}}}({number(h[j], d)})"
        return text, lambda: [(Fraction(float(act.value(np.float64(read(number(h[j], d)))))), a[j])]

    return StepText(
        title=f"output of {n.unit_word(layer)} {j + 1}: f(h) with f = {act.name}",
        symbol=n.a(layer, j),
        formula=f"{n.a(layer, j)} = f({n.h(layer, j)})",
        numbers=f"{n.a(layer, j)} = {settled(write)} = {result_text(a[j])}",
        numpy=f"{code.a(layer)} = {act.name}({code.h(layer)})  # {shape(h)} -> {shape(a)}",
    )
