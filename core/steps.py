"""The teaching steps of one forward and backward pass, in the order a learner walks them.

Each Step carries what the diagram needs to replay it without computing anything: the
phase, the unit, the values it produced and which diagram elements it reads and writes;
and, written when first read, its text: the formula in symbols and with the numbers in it
(LaTeX) and the NumPy line with its shapes. Element ids: "n{l}.{j}" is unit j of layer l (layer 0 = inputs), "w{l}.{i}.{j}"
is weights[l][i, j], "b{l}.{j}" is biases[l][j]. Units are numbered from 1 in the
formulas, as in the lesson, and from 0 in ids and NumPy lines.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property, partial
from typing import Callable

import numpy as np

from .losses import PENALTIES, loss_latex
from .names import CodeNames
from .network import BackwardPass, ForwardPass, Network
from .notation import DIGITS, agrees, exact, factor, fixed, matrix, number, places, read, shape, vector

PHASES = ("forward", "error", "delta", "weight_step", "update")

# Significant figures tried for the terms of a formula, fewest first: the lesson's 3 when
# the printed terms then give the printed result, more where rounding them would not.
_TRIES = (3, 4, 5, 6, 8, 10, 13, 17)
_MAX_PLACES = 12  # decimal places at most in a sum written out exactly


@dataclass(frozen=True)
class StepText:
    """How a step is written: plain words, LaTeX in symbols and with numbers, and NumPy."""

    title: str  # plain words: "δ of hidden unit 1"
    symbol: str  # LaTeX of the quantity
    formula: str  # LaTeX, symbols only
    numbers: str  # LaTeX, the same formula with the numbers in it and its result
    numpy: str  # the NumPy line that computes it, with shapes in a comment


@dataclass(frozen=True)
class Step:
    """One step of the walk-through: a formula, its numbers, and what it lights up.

    The text is written the first time it is read. Dragging a weight recomputes every step
    (the diagram shows their values) but shows the formula of one step at most: writing all
    of them took 2/3 of teaching_steps (2-8-8-1: 3.4 ms -> 0.8 ms per drag).
    """

    index: int
    phase: str  # one of PHASES
    kind: str  # "h", "a", "error", "delta", "weight_step", "bias_step", "update"
    layer: int  # the lesson's layer number: 1..L (the layer a weight leads into)
    unit: int | None  # 0-based unit in that layer, None for whole-layer steps
    reads: tuple[str, ...]  # diagram ids whose values the step uses
    writes: dict = field(default_factory=dict)  # diagram id -> value it produces
    write_text: Callable[[], StepText] = field(default=None, repr=False, compare=False)

    @cached_property
    def text(self) -> StepText:
        return self.write_text()

    @property
    def title(self) -> str:
        return self.text.title

    @property
    def symbol(self) -> str:
        return self.text.symbol

    @property
    def formula(self) -> str:
        return self.text.formula

    @property
    def numbers(self) -> str:
        return self.text.numbers

    @property
    def numpy(self) -> str:
        return self.text.numpy

    @property
    def value(self):
        """The value the step produced (a float, or a tuple for a whole layer)."""
        values = list(self.writes.values())
        return values[0] if len(values) == 1 else tuple(values)


def node_id(layer: int, unit: int) -> str:
    return f"n{layer}.{unit}"


def edge_id(layer: int, i: int, j: int) -> str:
    return f"w{layer}.{i}.{j}"


def bias_id(layer: int, j: int) -> str:
    return f"b{layer}.{j}"


class _Names:
    """LaTeX names of the lesson's symbols for a network of this shape."""

    def __init__(self, sizes: list[int]):
        self.sizes = sizes
        self.L = len(sizes) - 1

    def _sub(self, layer: int, unit: int) -> str:
        return "" if self.sizes[layer] == 1 else f"_{{{unit + 1}}}"

    def _sup(self, layer: int) -> str:
        if layer == self.L:
            return "o"
        return "h" if self.L == 2 else f"({layer})"

    def h(self, layer: int, unit: int) -> str:
        # the lesson's two-layer example writes the hidden unit's input as plain h
        sup = "" if (self.L == 2 and layer == 1) else f"^{{{self._sup(layer)}}}"
        return f"h{sup}{self._sub(layer, unit)}"

    def a(self, layer: int, unit: int) -> str:
        if layer == 0:
            return f"x{self._sub(0, unit)}" if self.sizes[0] > 1 else "x"
        if layer == self.L:
            return rf"\hat{{y}}{self._sub(layer, unit)}"
        sup = "" if self.L == 2 else f"^{{({layer})}}"
        return f"a{sup}{self._sub(layer, unit)}"

    def y(self, unit: int) -> str:
        return f"y{self._sub(self.L, unit)}"

    def delta(self, layer: int, unit: int) -> str:
        return rf"\delta^{{{self._sup(layer)}}}{self._sub(layer, unit)}"

    def w(self, l: int, i: int | None = None, j: int | None = None) -> str:
        """weights[l]: the lesson's w_i(j) into the first layer and W_(j)k out of the last."""
        letter = "W" if (self.L == 2 and l == 1) else "w"
        sup = "" if self.L == 2 else f"^{{({l + 1})}}"
        if i is None:
            return letter + sup
        idx = ""
        if self.sizes[l] > 1:
            idx += str(i + 1)
        if self.sizes[l + 1] > 1:
            idx += str(j + 1)
        return letter + sup + (f"_{{{idx}}}" if idx else "")

    def weighted_sum(self, l: int, j: int) -> str:
        """Σ_i w_ij a_i into unit j of layer l+1, or w a when only one unit feeds it."""
        letter = self.w(l)
        a_letter = self.a(l, 0).split("_")[0]
        if self.sizes[l] == 1:
            return f"{self.w(l, 0, j)}\\, {a_letter}"
        j_index = str(j + 1) if self.sizes[l + 1] > 1 else ""
        return rf"\sum_i {letter}_{{i{j_index}}}\, {a_letter}_i"

    def b(self, l: int, j: int) -> str:
        """bias of unit j of layer l+1, marked like its δ (b^h, b^o) so layers differ."""
        return f"b^{{{self._sup(l + 1)}}}{self._sub(l + 1, j)}"

    def unit_word(self, layer: int) -> str:
        if layer == 0:
            return "input"
        if layer == self.L:
            return "output unit"
        return "hidden unit" if self.L == 2 else f"hidden layer {layer}, unit"


def teaching_steps(network: Network, forward: ForwardPass, backward: BackwardPass) -> list[Step]:
    """The ordered steps of one sample's forward pass, error, δs, weight steps and update."""
    if not forward.single:
        raise ValueError("the walk-through follows one sample: pass a 1-D x to forward()")
    builder = _StepBuilder(network, forward, backward)
    builder.forward_steps()
    builder.error_steps()
    builder.delta_steps()
    builder.weight_step_steps()
    builder.update_step()
    return builder.steps


def walkthrough(network: Network, x, target, learning_rate: float, l1: float = 0.0, l2: float = 0.0):
    """forward, backward and the teaching steps for one sample, in one call."""
    fwd = network.forward(x)
    bwd = network.backward(fwd, target, learning_rate, l1=l1, l2=l2)
    return fwd, bwd, teaching_steps(network, fwd, bwd)


class _StepBuilder:
    """Adds the steps in order; each step's text is a bound `_*_text` method, run when read."""

    def __init__(self, network: Network, fwd: ForwardPass, bwd: BackwardPass):
        # a copy: text written later must show these weights even if the network is
        # updated in place (Network.apply) before anyone reads it
        self.net, self.fwd, self.bwd = network.copy(), fwd, bwd
        self.names = _Names(network.sizes)
        self.code = CodeNames(network.sizes)
        self.L = network.n_layers
        self.steps: list[Step] = []

    def _add(self, text: Callable[[], StepText], **kwargs) -> None:
        self.steps.append(Step(index=len(self.steps), write_text=text, **kwargs))

    def _a(self, layer: int) -> np.ndarray:
        """Outputs of layer `layer`; layer 0 is x."""
        return self.fwd.x if layer == 0 else self.fwd.layer_outputs[layer - 1]

    def _a_code(self, layer: int) -> str:
        return self.code.a(layer)

    # -- forward -----------------------------------------------------------------------
    def forward_steps(self) -> None:
        net = self.net
        for layer in range(1, self.L + 1):
            l = layer - 1  # index into weights, layer_inputs, layer_outputs
            h, a = self.fwd.layer_inputs[l], self.fwd.layer_outputs[l]
            n_in = net.weights[l].shape[0]
            for j in range(net.sizes[layer]):
                reads = [node_id(layer - 1, i) for i in range(n_in)]
                reads += [edge_id(l, i, j) for i in range(n_in)]
                if net.biases is not None:
                    reads.append(bias_id(l, j))
                self._add(
                    phase="forward", kind="h", layer=layer, unit=j, reads=tuple(reads),
                    writes={node_id(layer, j): float(h[j])}, text=partial(self._h_text, layer, j),
                )
                self._add(
                    phase="forward", kind="a", layer=layer, unit=j, reads=(node_id(layer, j),),
                    writes={node_id(layer, j): float(a[j])}, text=partial(self._a_text, layer, j),
                )

    def _h_text(self, layer: int, j: int) -> StepText:
        n, net, l, code = self.names, self.net, layer - 1, self.code
        a_in, w, h = self._a(layer - 1), net.weights[l], self.fwd.layer_inputs[l]
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

        terms_num = _settled(write)
        return StepText(
            title=f"h of {n.unit_word(layer)} {j + 1}: the weighted sum of its inputs",
            symbol=n.h(layer, j),
            formula=f"{n.h(layer, j)} = {terms_sym}",
            numbers=f"{n.h(layer, j)} = {terms_num} = {_result(h[j])}",
            numpy=f"{matmul}  # {shapes}",
        )

    def _a_text(self, layer: int, j: int) -> StepText:
        n, l, code = self.names, layer - 1, self.code
        act = self.net.activation_functions[l]
        h, a = self.fwd.layer_inputs[l], self.fwd.layer_outputs[l]

        def write(d):
            text = rf"\mathrm{{{act.name}}}({number(h[j], d)})"
            return text, lambda: [(Fraction(float(act.value(np.float64(read(number(h[j], d)))))), a[j])]

        return StepText(
            title=f"output of {n.unit_word(layer)} {j + 1}: f(h) with f = {act.name}",
            symbol=n.a(layer, j),
            formula=f"{n.a(layer, j)} = f({n.h(layer, j)})",
            numbers=f"{n.a(layer, j)} = {_settled(write)} = {_result(a[j])}",
            numpy=f"{code.a(layer)} = {act.name}({code.h(layer)})  # {shape(h)} -> {shape(a)}",
        )

    # -- error and δ ---------------------------------------------------------------------
    def error_steps(self) -> None:
        L, error = self.L, self.bwd.error
        for k in range(len(error)):
            self._add(
                phase="error", kind="error", layer=L, unit=k, reads=(node_id(L, k),),
                writes={node_id(L, k): float(error[k])}, text=partial(self._error_text, k),
            )

    def _error_text(self, k: int) -> StepText:
        n, L = self.names, self.L
        y, y_hat, error = self.bwd.target, self.fwd.output, self.bwd.error
        loss = self.net.loss_function
        # a difference is written out exactly: 1 - (-0.002) = 1.002, not = 1
        y_k, y_hat_k, error_k = _difference(y[k], y_hat[k], error[k])
        return StepText(
            title=f"error of output unit {k + 1}: target minus prediction; the loss is {loss.title}",
            symbol=f"{n.y(k)} - {n.a(L, k)}",
            formula=rf"{n.y(k)} - {n.a(L, k)} \qquad {loss_latex(loss, self.net.output_activation)}",
            numbers=f"{n.y(k)} - {n.a(L, k)} = {y_k} - {_paren(y_hat_k)} = {error_k}",
            numpy=f"error = target - {self.code.a(L)}  # {shape(y)} - {shape(y_hat)} -> {shape(error)}",
        )

    def _fprime(self, layer: int, j: int, digits: int = DIGITS) -> tuple[str, str, str, Callable[[], Fraction]]:
        """f'(h) of a unit: symbolic LaTeX, with numbers, the NumPy expression, and its printed value."""
        act = self.net.activation_functions[layer - 1]
        h, a = self.fwd.layer_inputs[layer - 1][j], self.fwd.layer_outputs[layer - 1][j]
        code = act.numpy_derivative.format(a=self.code.a(layer), h=self.code.h(layer))
        printed = partial(number, digits=digits)

        def grouped(value):  # 1.5 \times 10^{-5} squared must be written (1.5 \times 10^{-5})^2
            text = printed(value)
            return f"({text})" if "times" in text and not text.startswith("-") else text

        return (f"f'({self.names.h(layer, j)})", act.derivative_numbers(h, a, grouped), code,
                lambda: Fraction(act.printed_slope(h, read(printed(a)))))

    def delta_steps(self) -> None:
        L, net, deltas = self.L, self.net, self.bwd.deltas
        for k in range(net.sizes[L]):
            self._add(
                phase="delta", kind="delta", layer=L, unit=k, reads=(node_id(L, k),),
                writes={node_id(L, k): float(deltas[-1][k])}, text=partial(self._output_delta_text, k),
            )
        for layer in range(L - 1, 0, -1):
            n_next = net.sizes[layer + 1]
            for j in range(net.sizes[layer]):
                reads = [node_id(layer + 1, k) for k in range(n_next)]
                reads += [edge_id(layer, j, k) for k in range(n_next)] + [node_id(layer, j)]
                self._add(
                    phase="delta", kind="delta", layer=layer, unit=j, reads=tuple(reads),
                    writes={node_id(layer, j): float(deltas[layer - 1][j])},
                    text=partial(self._hidden_delta_text, layer, j),
                )

    def _output_delta_text(self, k: int) -> StepText:
        n, L, net = self.names, self.L, self.net
        y, y_hat, error, deltas = self.bwd.target, self.fwd.output, self.bwd.error, self.bwd.deltas
        loss, out = net.loss_function, net.output_activation
        if loss.pairs_with(out):
            # ∂E/∂ŷ times f'(h) is y − ŷ exactly: the slope cancels
            y_k, y_hat_k, delta_k = _difference(y[k], y_hat[k], deltas[-1][k])
            return StepText(
                title=f"δ of output unit {k + 1}: with {loss.title} and a {out} output, f'(h) cancels, so δ = y − ŷ",
                symbol=n.delta(L, k),
                formula=rf"{n.delta(L, k)} = -\frac{{\partial E}}{{\partial {n.h(L, k)}}} = {n.y(k)} - {n.a(L, k)}",
                numbers=f"{n.delta(L, k)} = {y_k} - {_paren(y_hat_k)} = {delta_k}",
                numpy=(f"{self.code.delta(L)} = error  # {loss.title} with {out}: f'(h) cancels;"
                       f" {shape(error)} -> {shape(deltas[-1])}"),
            )
        if net.activation_functions[-1].jacobian is not None:  # softmax with squared error
            return self._softmax_delta_text(k)
        fp_sym, _, fp_code, _ = self._fprime(L, k)

        def write(d):
            _, fp_num, _, slope = self._fprime(L, k, d)
            text = f"({number(y[k], d)} - {factor(y_hat[k], d)}) \\times {fp_num}"
            return text, lambda: [((read(number(y[k], d)) - read(number(y_hat[k], d))) * slope(), deltas[-1][k])]

        return StepText(
            title=f"δ of output unit {k + 1}: its error times the slope f'(h)",
            symbol=n.delta(L, k),
            formula=f"{n.delta(L, k)} = ({n.y(k)} - {n.a(L, k)})\\, {fp_sym}",
            numbers=f"{n.delta(L, k)} = {_settled(write)} = {_result(deltas[-1][k])}",
            numpy=(f"{self.code.delta(L)} = error * {fp_code}"
                   f"  # {shape(error)} * {shape(y_hat)} -> {shape(deltas[-1])}"),
        )

    def _softmax_delta_text(self, k: int) -> StepText:
        """δ_k = ŷ_k ((y_k − ŷ_k) − Σ_j (y_j − ŷ_j) ŷ_j): every output's error reaches h_k through softmax."""
        n, L, code = self.names, self.L, self.code
        y_hat, error, deltas = self.fwd.output, self.bwd.error, self.bwd.deltas
        act = self.net.activation_functions[-1]
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
            numbers=f"{n.delta(L, k)} = {_settled(write)} = {_result(deltas[-1][k])}",
            numpy=(f"{code.delta(L)} = {act.numpy_backprop('error', code.a(L), code.h(L))}"
                   f"  # {shape(error)} -> {shape(deltas[-1])}"),
        )

    def _hidden_delta_text(self, layer: int, j: int) -> StepText:
        n, net, deltas, l = self.names, self.net, self.bwd.deltas, layer - 1
        W, d_next = net.weights[layer], deltas[layer]
        fp_sym, _, fp_code, _ = self._fprime(layer, j)
        n_next = net.sizes[layer + 1]

        def write(d):
            _, fp_num, _, slope = self._fprime(layer, j, d)
            products = [f"{factor(W[j, k], d)} \\times {factor(d_next[k], d)}" for k in range(n_next)]
            summed = products[0] if n_next == 1 else "(" + " + ".join(products) + ")"

            def checks():
                value = sum(read(number(W[j, k], d)) * read(number(d_next[k], d)) for k in range(n_next))
                return [(value * slope(), deltas[l][j])]
            return f"{summed} \\times {fp_num}", checks

        code = self.code
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
            numbers=f"{n.delta(layer, j)} = {_settled(write)} = {_result(deltas[l][j])}",
            numpy=(
                f"{code.delta(layer)} = np.dot({code.delta(layer + 1)}, {code.w(layer)}.T) * {fp_code}"
                f"  # {shape(d_next)} @ {shape(W.T)} -> {shape(deltas[l])}"
            ),
        )

    # -- Δw and the update -----------------------------------------------------------------
    def weight_step_steps(self) -> None:
        net = self.net
        for l in range(self.L - 1, -1, -1):
            layer = l + 1
            steps = self.bwd.weight_steps[l]
            n_in, n_out = steps.shape
            self._add(
                phase="weight_step", kind="weight_step", layer=layer, unit=None,
                reads=tuple(node_id(layer, j) for j in range(n_out)) + tuple(node_id(l, i) for i in range(n_in)),
                writes={edge_id(l, i, j): float(steps[i, j]) for i in range(n_in) for j in range(n_out)},
                text=partial(self._weight_step_text, l),
            )
            if net.biases is not None:
                b_steps = self.bwd.bias_steps[l]
                self._add(
                    phase="weight_step", kind="bias_step", layer=layer, unit=None,
                    reads=tuple(node_id(layer, j) for j in range(n_out)),
                    writes={bias_id(l, j): float(b_steps[j]) for j in range(n_out)},
                    text=partial(self._bias_step_text, l),
                )

    def _weight_step_text(self, l: int) -> StepText:
        n, eta, layer = self.names, self.bwd.learning_rate, l + 1
        a_in, delta, steps = self._a(l), self.bwd.deltas[l], self.bwd.weight_steps[l]
        n_in, n_out = steps.shape
        w_name = n.w(l)
        d_sym = n.delta(layer, 0).split("_")[0]
        a_sym = n.a(l, 0).split("_")[0]
        i_sub = "_i" if n_in > 1 else ""
        j_sub = "_j" if n_out > 1 else ""
        ij = ("i" if n_in > 1 else "") + ("j" if n_out > 1 else "")
        formula = rf"\Delta {w_name}{'_{' + ij + '}' if ij else ''} = \eta\, {d_sym}{j_sub}\, {a_sym}{i_sub}"
        penalties = self._penalties()
        if penalties:
            w_ij = w_name + ("_{" + ij + "}" if ij else "")
            return self._penalised_weight_step_text(l, w_ij, rf"{d_sym}{j_sub}\, {a_sym}{i_sub}", penalties)

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

        numbers = _settled(write) + " = " + _step_results(steps)
        return StepText(
            title=f"weight steps into layer {layer}: η times δ of the unit the weight leads to times the value it carries",
            symbol=rf"\Delta {w_name}",
            formula=formula,
            numbers=rf"\Delta {w_name} = {numbers}",
            numpy=(
                f"{self.code.weight_step(l)} = learnrate * {self.code.delta(layer)} * {self._a_code(l)}[:, None]"
                f"  # {shape(delta)} * ({len(a_in)}, 1) -> {shape(steps)}"
            ),
        )

    def _penalties(self) -> list[tuple]:
        """(record, λ) of each penalty in use, L1 first."""
        return [(PENALTIES[name], rate) for name, rate in (("l1", self.bwd.l1), ("l2", self.bwd.l2)) if rate]

    def _penalised_weight_step_text(self, l: int, w_ij: str, delta_a: str, penalties: list[tuple]) -> StepText:
        """Δw = η (δ a − λ₂ w − λ₁ sign w): the penalties pull every weight towards 0."""
        n, eta, layer, code = self.names, self.bwd.learning_rate, l + 1, self.code
        a_in, delta, steps = self._a(l), self.bwd.deltas[l], self.bwd.weight_steps[l]
        w = self.net.weights[l]
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
            numbers=rf"\Delta {w_name} = {_settled(write)} = {_step_results(steps)}",
            numpy=(
                f"{code.weight_step(l)} = learnrate * ({code.delta(layer)} * {self._a_code(l)}[:, None]{code_pulls})"
                f"  # {shape(delta)} * ({len(a_in)}, 1) -> {shape(steps)}"
            ),
        )

    def _bias_step_text(self, l: int) -> StepText:
        n, eta, layer = self.names, self.bwd.learning_rate, l + 1
        delta, b_steps = self.bwd.deltas[l], self.bwd.bias_steps[l]
        j_sub = "_j" if len(delta) > 1 else ""
        d_sym = n.delta(layer, 0).split("_")[0]
        b_sym = n.b(l, 0).split("_")[0]

        def write(d):
            text = rf"{number(eta, d)} \times {_scalar_or_vector(delta, d)}"
            return text, lambda: [(read(number(eta, d)) * read(number(v, d)), s)
                                  for v, s in zip(delta, b_steps)]

        return StepText(
            title=f"bias steps of layer {layer}: η times the unit's δ",
            symbol=rf"\Delta {b_sym}",
            formula=rf"\Delta {b_sym}{j_sub} = \eta\, {d_sym}{j_sub}",
            numbers=rf"\Delta {b_sym} = {_settled(write)} = {_result(b_steps[0]) if len(b_steps) == 1 else _results(b_steps)}",
            numpy=(f"{self.code.bias_step(l)} = learnrate * {self.code.delta(layer)}"
                   f"  # {shape(delta)} -> {shape(b_steps)}"),
        )

    def update_step(self) -> None:
        net, writes = self.net, {}
        for l, (w, step) in enumerate(zip(net.weights, self.bwd.weight_steps)):
            new = w + step
            for i in range(w.shape[0]):
                for j in range(w.shape[1]):
                    writes[edge_id(l, i, j)] = float(new[i, j])
        if net.biases is not None:
            for l, (b, step) in enumerate(zip(net.biases, self.bwd.bias_steps)):
                new = b + step
                for j in range(len(b)):
                    writes[bias_id(l, j)] = float(new[j])
        self._add(phase="update", kind="update", layer=self.L, unit=None, reads=tuple(writes), writes=writes,
                  text=self._update_text)

    def _update_text(self) -> StepText:
        n, net, code = self.names, self.net, self.code
        # one "w = old + step = new" per line, aligned on "=", for every weight and bias (the
        # pane scrolls): old and step with the same decimal places, so that they add up exactly
        lines = []

        def line(name, old, step):
            (old_text, step_text), new_text = _sum([old, step], old + step, max(places(old), places(step)))
            lines.append(f"{name} &= {old_text} + {_paren(step_text)} = {new_text}")

        for l, (w, step) in enumerate(zip(net.weights, self.bwd.weight_steps)):
            for i in range(w.shape[0]):
                for j in range(w.shape[1]):
                    line(n.w(l, i, j), w[i, j], step[i, j])
        if net.biases is not None:
            for l, (b, step) in enumerate(zip(net.biases, self.bwd.bias_steps)):
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


def _scalar_or_vector(values, digits: int = DIGITS) -> str:
    return factor(values[0], digits) if len(values) == 1 else vector(values, digits)


def _settled(write: Callable[[int], tuple[str, Callable[[], list]]]) -> str:
    """The text write(d) at the fewest significant figures d whose printed terms give the result.

    write(d) returns the text and a thunk listing (value worked out from the printed terms,
    the result printed beside them[, its significant figures]); each must round to what is printed (notation.agrees).
    """
    text = None
    for digits in _TRIES:
        text, checks = write(digits)
        try:
            if all(agrees(value, result, *(shown or [_digits(result)])) for value, result, *shown in checks()):
                return text
        except (ValueError, ZeroDivisionError, OverflowError):  # ∞ or NaN printed: nothing to redo
            return write(DIGITS)[0]
    return text


def _sum(terms, result: float, decimals: int) -> tuple[list[str], str]:
    """terms and their sum, each with the same decimal places, so that the written terms add up exactly.

    The sum written is the sum of the written terms; one more place is tried (up to three)
    when that sum is not also the true result rounded to those places.
    """
    terms = [float(t) for t in terms]
    if not all(np.isfinite(terms)) or not np.isfinite(result):
        return [number(t) for t in terms], number(result)
    decimals = min(decimals, _MAX_PLACES)
    for places_now in range(decimals, decimals + 4):
        shown = [fixed(t, places_now) for t in terms]
        total = exact(sum(Fraction(t) for t in shown), places_now)
        if total == fixed(result, places_now):
            break
    return shown, total


def _digits(values) -> int:
    """Significant figures for a result: 3, or every digit before the point (2601, not 2600) below 10⁶."""
    biggest = float(np.max(np.abs(values))) if np.size(values) else 0.0
    if not np.isfinite(biggest) or biggest >= 1e6 or biggest < 10**DIGITS:
        return DIGITS
    return len(str(int(round(biggest))))


def _result(value: float) -> str:
    return number(value, _digits(value))


def _results(values, matrix: bool = False) -> str:
    """Results as a tuple, or a LaTeX matrix, each element with the figures _result gives it."""
    if not matrix:
        return "(" + ", ".join(_result(v) for v in np.ravel(values)) + ")"
    body = r" \\ ".join(" & ".join(_result(v) for v in row) for row in np.atleast_2d(values))
    return r"\begin{pmatrix} " + body + r" \end{pmatrix}"


def _step_results(steps: np.ndarray) -> str:
    """Weight steps as one number, a tuple (one row or column), or a matrix."""
    n_in, n_out = steps.shape
    if steps.size == 1:
        return _result(steps[0, 0])
    return _results(steps) if n_in == 1 or n_out == 1 else _results(steps, matrix=True)


def _difference(y: float, y_hat: float, result: float) -> tuple[str, str, str]:
    """y, ŷ and y − ŷ written with the same decimal places, so that the difference is exact."""
    (y_text, minus_y_hat), result_text = _sum([y, -y_hat], result, max(places(y), places(y_hat)))
    y_hat_text = minus_y_hat[1:] if minus_y_hat.startswith("-") else f"-{minus_y_hat}" if minus_y_hat != "0" else minus_y_hat
    return y_text, y_hat_text, result_text


def _paren(text: str) -> str:
    return f"({text})" if text.startswith("-") else text

