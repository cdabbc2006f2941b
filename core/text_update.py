"""The steps written out: Δw (with the penalties' pull when there is one), Δb, and the update w ← w + Δw."""
from __future__ import annotations

from functools import partial

import numpy as np

from .losses import PENALTIES
from .notation import factor, matrix, number, places, read, shape
from .step_text import (StepSource, StepText, exact_sum, paren, result_text, results_text, scalar_or_vector, settled,
                        steps_text)


def weight_step_text(src: StepSource, l: int) -> StepText:
    """Δw_ij = η δ_j a_i of every weight into layer l + 1 (the penalised form when a penalty is on)."""
    n, eta, layer = src.names, src.bwd.learning_rate, l + 1
    a_in, delta, steps = src.a(l), src.bwd.deltas[l], src.bwd.weight_steps[l]
    n_in, n_out = steps.shape
    w_name = n.w(l)
    d_sym = n.delta(layer, 0).split("_")[0]
    a_sym = n.a(l, 0).split("_")[0]
    i_sub = "_i" if n_in > 1 else ""
    j_sub = "_j" if n_out > 1 else ""
    ij = ("i" if n_in > 1 else "") + ("j" if n_out > 1 else "")
    formula = rf"\Delta {w_name}{'_{' + ij + '}' if ij else ''} = \eta\, {d_sym}{j_sub}\, {a_sym}{i_sub}"
    penalties = _penalties(src)
    if penalties:
        w_ij = w_name + ("_{" + ij + "}" if ij else "")
        return _penalised_weight_step_text(src, l, w_ij, rf"{d_sym}{j_sub}\, {a_sym}{i_sub}", penalties)

    def write(d):
        products = [
            f"{number(eta, d)} \\times {factor(delta[j], d)} \\times {factor(a_in[i], d)}"
            for i in range(n_in) for j in range(n_out)
        ]
        if len(products) == 1:
            text = products[0]
        elif n_in == 1 or n_out == 1:
            text = "(" + ", ".join(products) + ")"
        else:
            text = (f"{number(eta, d)} \\times {matrix(np.asarray(a_in)[:, None], d)} "
                    f"{matrix(np.asarray(delta)[None, :], d)}")

        def checks():
            e = read(number(eta, d))
            return [(e * read(number(delta[j], d)) * read(number(a_in[i], d)), steps[i, j])
                    for i in range(n_in) for j in range(n_out)]
        return text, checks

    numbers = settled(write) + " = " + steps_text(steps)
    return StepText(
        title=f"weight steps into layer {layer}: η times δ of the unit the weight leads to times the value it carries",
        symbol=rf"\Delta {w_name}",
        formula=formula,
        numbers=rf"\Delta {w_name} = {numbers}",
        numpy=(
            f"{src.code.weight_step(l)} = learnrate * {src.code.delta(layer)} * {src.code.a(l)}[:, None]"
            f"  # {shape(delta)} * ({len(a_in)}, 1) -> {shape(steps)}"
        ),
    )


def _penalties(src: StepSource) -> list[tuple]:
    """(record, λ) of each penalty in use, L1 first."""
    return [(PENALTIES[name], rate) for name, rate in (("l1", src.bwd.l1), ("l2", src.bwd.l2)) if rate]


def _penalised_weight_step_text(src: StepSource, l: int, w_ij: str, delta_a: str, penalties: list[tuple]) -> StepText:
    """Δw = η (δ a − λ₂ w − λ₁ sign w): the penalties pull every weight towards 0."""
    n, eta, layer, code = src.names, src.bwd.learning_rate, l + 1, src.code
    a_in, delta, steps = src.a(l), src.bwd.deltas[l], src.bwd.weight_steps[l]
    w = src.net.weights[l]
    n_in, n_out = steps.shape
    w_name = n.w(l)
    terms = "".join(f" - {p.step_latex.replace('{w}', w_ij)}" for p, _ in penalties)
    formula = rf"\Delta {w_ij} = \eta \left( {delta_a}{terms} \right)"

    def write(d):
        printed = partial(number, digits=d)

        def one(i, j):
            pulls = "".join(f" - {p.step_numbers(rate, w[i, j], printed)}" for p, rate in penalties)
            return f"{printed(eta)} \\times ({factor(delta[j], d)} \\times {factor(a_in[i], d)}{pulls})"

        if n_in * n_out == 1:
            text = one(0, 0)
        elif n_in == 1 or n_out == 1:
            text = "(" + ", ".join(one(i, j) for i in range(n_in) for j in range(n_out)) + ")"
        else:
            pulls = "".join(
                rf" - {printed(rate)} \times " + (rf"\operatorname{{sign}} {matrix(w, d)}" if p.name == "l1"
                                                   else matrix(w, d))
                for p, rate in penalties
            )
            text = (rf"{printed(eta)} \times \left( {matrix(np.asarray(a_in)[:, None], d)} "
                    rf"{matrix(np.asarray(delta)[None, :], d)}{pulls} \right)")

        def checks():
            def pull(p, rate, weight):  # λ₁ sign w or λ₂ w, from the printed λ and w
                w_read = read(printed(weight))
                return read(printed(rate)) * ((w_read > 0) - (w_read < 0) if p.name == "l1" else w_read)
            return [(read(printed(eta)) * (read(printed(delta[j])) * read(printed(a_in[i]))
                                           - sum(pull(p, rate, w[i, j]) for p, rate in penalties)), steps[i, j])
                    for i in range(n_in) for j in range(n_out)]
        return text, checks

    code_pulls = "".join(f" - {rate!r} * {p.numpy_gradient.format(w=code.w(l))}" for p, rate in penalties)
    return StepText(
        title=(f"weight steps into layer {layer}: η times (δ times the value the weight carries, "
               f"minus the {' and '.join(p.name.upper() for p, _ in penalties)} pull towards 0)"),
        symbol=rf"\Delta {w_name}",
        formula=formula,
        numbers=rf"\Delta {w_name} = {settled(write)} = {steps_text(steps)}",
        numpy=(
            f"{code.weight_step(l)} = learnrate * ({code.delta(layer)} * {src.code.a(l)}[:, None]{code_pulls})"
            f"  # {shape(delta)} * ({len(a_in)}, 1) -> {shape(steps)}"
        ),
    )


def bias_step_text(src: StepSource, l: int) -> StepText:
    """Δb_j = η δ_j of every bias of layer l + 1."""
    n, eta, layer = src.names, src.bwd.learning_rate, l + 1
    delta, b_steps = src.bwd.deltas[l], src.bwd.bias_steps[l]
    j_sub = "_j" if len(delta) > 1 else ""
    d_sym = n.delta(layer, 0).split("_")[0]
    b_sym = n.b(l, 0).split("_")[0]

    def write(d):
        text = rf"{number(eta, d)} \times {scalar_or_vector(delta, d)}"
        return text, lambda: [(read(number(eta, d)) * read(number(v, d)), s)
                              for v, s in zip(delta, b_steps)]

    return StepText(
        title=f"bias steps of layer {layer}: η times the unit's δ",
        symbol=rf"\Delta {b_sym}",
        formula=rf"\Delta {b_sym}{j_sub} = \eta\, {d_sym}{j_sub}",
        numbers=rf"\Delta {b_sym} = {settled(write)} = {result_text(b_steps[0]) if len(b_steps) == 1 else results_text(b_steps)}",
        numpy=(f"{src.code.bias_step(l)} = learnrate * {src.code.delta(layer)}"
               f"  # {shape(delta)} -> {shape(b_steps)}"),
    )


def update_text(src: StepSource) -> StepText:
    """w ← w + Δw (and b ← b + Δb), one aligned line per weight and bias."""
    n, net, code = src.names, src.net, src.code
    # one "w = old + step = new" per line, aligned on "=", for every weight and bias (the
    # pane scrolls): old and step with the same decimal places, so that they add up exactly
    lines = []

    def line(name, old, step):
        (old_text, step_text), new_text = exact_sum([old, step], old + step, max(places(old), places(step)))
        lines.append(f"{name} &= {old_text} + {paren(step_text)} = {new_text}")

    for l, (w, step) in enumerate(zip(net.weights, src.bwd.weight_steps)):
        for i in range(w.shape[0]):
            for j in range(w.shape[1]):
                line(n.w(l, i, j), w[i, j], step[i, j])
    if net.biases is not None:
        for l, (b, step) in enumerate(zip(net.biases, src.bwd.bias_steps)):
            for j in range(len(b)):
                line(n.b(l, j), b[j], step[j])
    numpy = "\n".join(f"{code.w(l)} += {code.weight_step(l)}  # {shape(w)}" for l, w in enumerate(net.weights))
    if net.biases is not None:
        numpy += "\n" + "\n".join(f"{code.b(l)} += {code.bias_step(l)}  # {shape(b)}" for l, b in enumerate(net.biases))
    return StepText(
        title="update: every weight moves by its step"
        + (" and every bias by its own" if net.biases is not None else ""),
        symbol=r"w \leftarrow w + \Delta w",
        formula=r"w \leftarrow w + \Delta w",
        numbers=r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}",
        numpy=numpy,
    )
