"""The backward pass written out: each output's error, and δ from the output back to the first hidden layer."""
from __future__ import annotations

from fractions import Fraction
from functools import partial
from typing import Callable

import numpy as np

from .losses import loss_latex
from .notation import DIGITS, factor, number, read, shape
from .step_text import StepSource, StepText, difference_text, paren, result_text, settled


def error_text(src: StepSource, k: int) -> StepText:
    """y_k − ŷ_k of output k, beside the loss E it comes from."""
    n, L = src.names, src.L
    y, y_hat, error = src.bwd.target, src.fwd.output, src.bwd.error
    loss = src.net.loss_function
    # a difference is written out exactly: 1 - (-0.002) = 1.002, not = 1
    y_k, y_hat_k, error_k = difference_text(y[k], y_hat[k], error[k])
    return StepText(
        title=f"error of output unit {k + 1}: target minus prediction; the loss is {loss.title}",
        symbol=f"{n.y(k)} - {n.a(L, k)}",
        formula=rf"{n.y(k)} - {n.a(L, k)} \qquad {loss_latex(loss, src.net.output_activation)}",
        numbers=f"{n.y(k)} - {n.a(L, k)} = {y_k} - {paren(y_hat_k)} = {error_k}",
        numpy=f"error = target - {src.code.a(L)}  # {shape(y)} - {shape(y_hat)} -> {shape(error)}",
    )


def _fprime(src: StepSource, layer: int, j: int, digits: int = DIGITS) -> tuple[str, str, str, Callable[[], Fraction]]:
    """f'(h) of a unit: symbolic LaTeX, with numbers, the NumPy expression, and its printed value."""
    act = src.net.activation_functions[layer - 1]
    h, a = src.fwd.layer_inputs[layer - 1][j], src.fwd.layer_outputs[layer - 1][j]
    code = act.numpy_derivative.format(a=src.code.a(layer), h=src.code.h(layer))
    printed = partial(number, digits=digits)

    def grouped(value):  # 1.5 \times 10^{-5} squared must be written (1.5 \times 10^{-5})^2
        text = printed(value)
        return f"({text})" if "times" in text and not text.startswith("-") else text

    return (f"f'({src.names.h(layer, j)})", act.derivative_numbers(h, a, grouped), code,
            lambda: Fraction(act.printed_slope(h, read(printed(a)))))


def output_delta_text(src: StepSource, k: int) -> StepText:
    """δᵒ_k = (y_k − ŷ_k) f'(h_k), or y_k − ŷ_k where the loss cancels f', or through softmax's Jacobian."""
    n, L, net = src.names, src.L, src.net
    y, y_hat, error, deltas = src.bwd.target, src.fwd.output, src.bwd.error, src.bwd.deltas
    loss, out = net.loss_function, net.output_activation
    if loss.pairs_with(out):
        # ∂E/∂ŷ times f'(h) is y − ŷ exactly: the slope cancels
        y_k, y_hat_k, delta_k = difference_text(y[k], y_hat[k], deltas[-1][k])
        return StepText(
            title=f"δ of output unit {k + 1}: with {loss.title} and a {out} output, f'(h) cancels, so δ = y − ŷ",
            symbol=n.delta(L, k),
            formula=rf"{n.delta(L, k)} = -\frac{{\partial E}}{{\partial {n.h(L, k)}}} = {n.y(k)} - {n.a(L, k)}",
            numbers=f"{n.delta(L, k)} = {y_k} - {paren(y_hat_k)} = {delta_k}",
            numpy=(f"{src.code.delta(L)} = error  # {loss.title} with {out}: f'(h) cancels;"
                   f" {shape(error)} -> {shape(deltas[-1])}"),
        )
    if net.activation_functions[-1].jacobian is not None:  # softmax with squared error
        return _softmax_delta_text(src, k)
    fp_sym, _, fp_code, _ = _fprime(src, L, k)

    def write(d):
        _, fp_num, _, slope = _fprime(src, L, k, d)
        text = f"({number(y[k], d)} - {factor(y_hat[k], d)}) \\times {fp_num}"
        return text, lambda: [((read(number(y[k], d)) - read(number(y_hat[k], d))) * slope(), deltas[-1][k])]

    return StepText(
        title=f"δ of output unit {k + 1}: its error times the slope f'(h)",
        symbol=n.delta(L, k),
        formula=f"{n.delta(L, k)} = ({n.y(k)} - {n.a(L, k)})\\, {fp_sym}",
        numbers=f"{n.delta(L, k)} = {settled(write)} = {result_text(deltas[-1][k])}",
        numpy=(f"{src.code.delta(L)} = error * {fp_code}"
               f"  # {shape(error)} * {shape(y_hat)} -> {shape(deltas[-1])}"),
    )


def _softmax_delta_text(src: StepSource, k: int) -> StepText:
    """δ_k = ŷ_k ((y_k − ŷ_k) − Σ_j (y_j − ŷ_j) ŷ_j): every output's error reaches h_k through softmax."""
    n, L, code = src.names, src.L, src.code
    y_hat, error, deltas = src.fwd.output, src.bwd.error, src.bwd.deltas
    act = src.net.activation_functions[-1]
    mean = float(np.sum(error * y_hat))

    def write(d):
        text = f"{factor(y_hat[k], d)} \\times ({factor(error[k], d)} - {factor(mean, d)})"
        return text, lambda: [(read(number(y_hat[k], d)) * (read(number(error[k], d)) - read(number(mean, d))),
                               deltas[-1][k])]

    return StepText(
        title=f"δ of output unit {k + 1}: softmax passes every output's error back to each h",
        symbol=n.delta(L, k),
        formula=(rf"{n.delta(L, k)} = {n.a(L, k)} \left( ({n.y(k)} - {n.a(L, k)}) - "
                 rf"\sum_j (y_j - \hat{{y}}_j)\, \hat{{y}}_j \right)"),
        numbers=f"{n.delta(L, k)} = {settled(write)} = {result_text(deltas[-1][k])}",
        numpy=(f"{code.delta(L)} = {act.numpy_backprop('error', code.a(L), code.h(L))}"
               f"  # {shape(error)} -> {shape(deltas[-1])}"),
    )


def hidden_delta_text(src: StepSource, layer: int, j: int) -> StepText:
    """δʰ_j = Σ_k W_jk δ_k f'(h_j) of unit j of a hidden `layer`."""
    n, net, deltas, l = src.names, src.net, src.bwd.deltas, layer - 1
    W, d_next = net.weights[layer], deltas[layer]
    fp_sym, _, fp_code, _ = _fprime(src, layer, j)
    n_next = net.sizes[layer + 1]

    def write(d):
        _, fp_num, _, slope = _fprime(src, layer, j, d)
        products = [f"{factor(W[j, k], d)} \\times {factor(d_next[k], d)}" for k in range(n_next)]
        summed = products[0] if n_next == 1 else "(" + " + ".join(products) + ")"

        def checks():
            value = sum(read(number(W[j, k], d)) * read(number(d_next[k], d)) for k in range(n_next))
            return [(value * slope(), deltas[l][j])]
        return f"{summed} \\times {fp_num}", checks

    code = src.code
    w_sym = n.w(layer, 0, 0).split("_")[0]
    d_sym = n.delta(layer + 1, 0).split("_")[0]
    if n_next == 1:
        sym = f"{n.w(layer, j, 0)}\\, {n.delta(layer + 1, 0)}"
    else:
        sym = rf"\sum_k {w_sym}_{{{j + 1}k}}\, {d_sym}_k"
    return StepText(
        title=f"δ of {n.unit_word(layer)} {j + 1}: the δs above, weighted back, times f'(h)",
        symbol=n.delta(layer, j),
        formula=f"{n.delta(layer, j)} = {sym}\\, {fp_sym}",
        numbers=f"{n.delta(layer, j)} = {settled(write)} = {result_text(deltas[l][j])}",
        numpy=(
            f"{code.delta(layer)} = np.dot({code.delta(layer + 1)}, {code.w(layer)}.T) * {fp_code}"
            f"  # {shape(d_next)} @ {shape(W.T)} -> {shape(deltas[l])}"
        ),
    )
