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
from functools import cached_property, partial
from typing import Callable

import numpy as np

from .losses import PENALTIES, loss_latex
from .network import BackwardPass, ForwardPass, Network
from .notation import factor, matrix, number, shape, vector

PHASES = ("forward", "error", "delta", "weight_step", "update")


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
        self.L = network.n_layers
        self.steps: list[Step] = []

    def _add(self, text: Callable[[], StepText], **kwargs) -> None:
        self.steps.append(Step(index=len(self.steps), write_text=text, **kwargs))

    def _a(self, layer: int) -> np.ndarray:
        """Outputs of layer `layer`; layer 0 is x."""
        return self.fwd.x if layer == 0 else self.fwd.layer_outputs[layer - 1]

    def _a_code(self, layer: int) -> str:
        return "x" if layer == 0 else f"layer_outputs[{layer - 1}]"

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
        n, net, l = self.names, self.net, layer - 1
        a_in, w, h = self._a(layer - 1), net.weights[l], self.fwd.layer_inputs[l]
        matmul = f"layer_inputs[{l}] = {self._a_code(layer - 1)} @ weights[{l}]"
        shapes = f"{shape(a_in)} @ {shape(w)} -> {shape(h)}"
        if net.biases is not None:
            matmul += f" + biases[{l}]"
        terms_sym = n.weighted_sum(l, j)
        terms_num = " + ".join(f"{factor(a_in[i])} \\times {factor(w[i, j])}" for i in range(w.shape[0]))
        if net.biases is not None:
            terms_sym += f" + {n.b(l, j)}"
            terms_num += f" + {factor(net.biases[l][j])}"
        return StepText(
            title=f"h of {n.unit_word(layer)} {j + 1}: the weighted sum of its inputs",
            symbol=n.h(layer, j),
            formula=f"{n.h(layer, j)} = {terms_sym}",
            numbers=f"{n.h(layer, j)} = {terms_num} = {number(h[j])}",
            numpy=f"{matmul}  # {shapes}",
        )

    def _a_text(self, layer: int, j: int) -> StepText:
        n, l = self.names, layer - 1
        act = self.net.activation_functions[l]
        h, a = self.fwd.layer_inputs[l], self.fwd.layer_outputs[l]
        return StepText(
            title=f"output of {n.unit_word(layer)} {j + 1}: f(h) with f = {act.name}",
            symbol=n.a(layer, j),
            formula=f"{n.a(layer, j)} = f({n.h(layer, j)})",
            numbers=rf"{n.a(layer, j)} = \mathrm{{{act.name}}}({number(h[j])}) = {number(a[j])}",
            numpy=f"layer_outputs[{l}] = {act.name}(layer_inputs[{l}])  # {shape(h)} -> {shape(a)}",
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
        return StepText(
            title=f"error of output unit {k + 1}: target minus prediction; the loss is {loss.title}",
            symbol=f"{n.y(k)} - {n.a(L, k)}",
            formula=rf"{n.y(k)} - {n.a(L, k)} \qquad {loss_latex(loss, self.net.output_activation)}",
            numbers=f"{n.y(k)} - {n.a(L, k)} = {number(y[k])} - {factor(y_hat[k])} = {number(error[k])}",
            numpy=f"error = target - layer_outputs[{L - 1}]  # {shape(y)} - {shape(y_hat)} -> {shape(error)}",
        )

    def _fprime(self, layer: int, j: int) -> tuple[str, str, str]:
        """f'(h) of a unit: symbolic LaTeX, with numbers, and the NumPy expression."""
        act = self.net.activation_functions[layer - 1]
        h, a = self.fwd.layer_inputs[layer - 1][j], self.fwd.layer_outputs[layer - 1][j]
        code = act.numpy_derivative.format(a=f"layer_outputs[{layer - 1}]", h=f"layer_inputs[{layer - 1}]")
        return f"f'({self.names.h(layer, j)})", act.derivative_numbers(h, a, number), code

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
            return StepText(
                title=f"δ of output unit {k + 1}: with {loss.title} and a {out} output, f'(h) cancels, so δ = y − ŷ",
                symbol=n.delta(L, k),
                formula=rf"{n.delta(L, k)} = -\frac{{\partial E}}{{\partial {n.h(L, k)}}} = {n.y(k)} - {n.a(L, k)}",
                numbers=f"{n.delta(L, k)} = {number(y[k])} - {factor(y_hat[k])} = {number(deltas[-1][k])}",
                numpy=f"deltas[{L - 1}] = error  # {loss.title} with {out}: f'(h) cancels; {shape(error)} -> {shape(deltas[-1])}",
            )
        if net.activation_functions[-1].jacobian is not None:  # softmax with squared error
            return self._softmax_delta_text(k)
        fp_sym, fp_num, fp_code = self._fprime(L, k)
        return StepText(
            title=f"δ of output unit {k + 1}: its error times the slope f'(h)",
            symbol=n.delta(L, k),
            formula=f"{n.delta(L, k)} = ({n.y(k)} - {n.a(L, k)})\\, {fp_sym}",
            numbers=f"{n.delta(L, k)} = ({number(y[k])} - {factor(y_hat[k])}) \\times {fp_num} = {number(deltas[-1][k])}",
            numpy=f"deltas[{L - 1}] = error * {fp_code}  # {shape(error)} * {shape(y_hat)} -> {shape(deltas[-1])}",
        )

    def _softmax_delta_text(self, k: int) -> StepText:
        """δ_k = ŷ_k ((y_k − ŷ_k) − Σ_j (y_j − ŷ_j) ŷ_j): every output's error reaches h_k through softmax."""
        n, L = self.names, self.L
        y_hat, error, deltas = self.fwd.output, self.bwd.error, self.bwd.deltas
        act = self.net.activation_functions[-1]
        mean = float(np.sum(error * y_hat))
        code = act.numpy_backprop("error", f"layer_outputs[{L - 1}]", f"layer_inputs[{L - 1}]")
        return StepText(
            title=f"δ of output unit {k + 1}: softmax passes every output's error back to each h",
            symbol=n.delta(L, k),
            formula=(rf"{n.delta(L, k)} = {n.a(L, k)} \left( ({n.y(k)} - {n.a(L, k)}) - "
                     rf"\sum_j (y_j - \hat{{y}}_j)\, \hat{{y}}_j \right)"),
            numbers=(f"{n.delta(L, k)} = {factor(y_hat[k])} \\times ({factor(error[k])} - {factor(mean)}) "
                     f"= {number(deltas[-1][k])}"),
            numpy=f"deltas[{L - 1}] = {code}  # {shape(error)} -> {shape(deltas[-1])}",
        )

    def _hidden_delta_text(self, layer: int, j: int) -> StepText:
        n, net, deltas, l = self.names, self.net, self.bwd.deltas, layer - 1
        W, d_next = net.weights[layer], deltas[layer]
        fp_sym, fp_num, fp_code = self._fprime(layer, j)
        n_next = net.sizes[layer + 1]
        products = [f"{factor(W[j, k])} \\times {factor(d_next[k])}" for k in range(n_next)]
        summed = products[0] if n_next == 1 else "(" + " + ".join(products) + ")"
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
            numbers=f"{n.delta(layer, j)} = {summed} \\times {fp_num} = {number(deltas[l][j])}",
            numpy=(
                f"deltas[{l}] = (deltas[{layer}] @ weights[{layer}].T) * {fp_code}"
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
        products = [
            f"{number(eta)} \\times {factor(delta[j])} \\times {factor(a_in[i])}"
            for i in range(n_in) for j in range(n_out)
        ]
        if len(products) == 1:
            numbers = f"{products[0]} = {number(steps[0, 0])}"
        elif n_in == 1 or n_out == 1:
            numbers = "(" + ", ".join(products) + ") = " + vector(steps)
        else:
            numbers = (
                f"{number(eta)} \\times {matrix(np.asarray(a_in)[:, None])} {matrix(np.asarray(delta)[None, :])} = {matrix(steps)}"
            )
        return StepText(
            title=f"weight steps into layer {layer}: η times δ of the unit the weight leads to times the value it carries",
            symbol=rf"\Delta {w_name}",
            formula=formula,
            numbers=rf"\Delta {w_name} = {numbers}",
            numpy=(
                f"weight_steps[{l}] = learning_rate * deltas[{l}] * {self._a_code(l)}[:, None]"
                f"  # {shape(delta)} * ({len(a_in)}, 1) -> {shape(steps)}"
            ),
        )

    def _penalties(self) -> list[tuple]:
        """(record, λ) of each penalty in use, L1 first."""
        return [(PENALTIES[name], rate) for name, rate in (("l1", self.bwd.l1), ("l2", self.bwd.l2)) if rate]

    def _penalised_weight_step_text(self, l: int, w_ij: str, delta_a: str, penalties: list[tuple]) -> StepText:
        """Δw = η (δ a − λ₂ w − λ₁ sign w): the penalties pull every weight towards 0."""
        n, eta, layer = self.names, self.bwd.learning_rate, l + 1
        a_in, delta, steps = self._a(l), self.bwd.deltas[l], self.bwd.weight_steps[l]
        w = self.net.weights[l]
        n_in, n_out = steps.shape
        w_name = n.w(l)
        terms = "".join(f" - {p.step_latex.replace('{w}', w_ij)}" for p, _ in penalties)
        formula = rf"\Delta {w_ij} = \eta \left( {delta_a}{terms} \right)"

        def one(i, j):
            pulls = "".join(f" - {p.step_numbers(rate, w[i, j], number)}" for p, rate in penalties)
            return f"{number(eta)} \\times ({factor(delta[j])} \\times {factor(a_in[i])}{pulls})"

        if n_in * n_out == 1:
            numbers = f"{one(0, 0)} = {number(steps[0, 0])}"
        elif n_in == 1 or n_out == 1:
            numbers = "(" + ", ".join(one(i, j) for i in range(n_in) for j in range(n_out)) + ") = " + vector(steps)
        else:
            pulls = "".join(
                rf" - {number(rate)} \times " + (rf"\operatorname{{sign}} {matrix(w)}" if p.name == "l1" else matrix(w))
                for p, rate in penalties
            )
            numbers = (rf"{number(eta)} \times \left( {matrix(np.asarray(a_in)[:, None])} "
                       rf"{matrix(np.asarray(delta)[None, :])}{pulls} \right) = {matrix(steps)}")
        code_pulls = "".join(
            f" - {self.bwd.l1 if p.name == 'l1' else self.bwd.l2!r} * {p.numpy_gradient.format(w=f'weights[{l}]')}"
            for p, _ in penalties
        )
        return StepText(
            title=(f"weight steps into layer {layer}: η times (δ times the value the weight carries, "
                   f"minus the {' and '.join(p.name.upper() for p, _ in penalties)} pull towards 0)"),
            symbol=rf"\Delta {w_name}",
            formula=formula,
            numbers=rf"\Delta {w_name} = {numbers}",
            numpy=(
                f"weight_steps[{l}] = learning_rate * (deltas[{l}] * {self._a_code(l)}[:, None]{code_pulls})"
                f"  # {shape(delta)} * ({len(a_in)}, 1) -> {shape(steps)}"
            ),
        )

    def _bias_step_text(self, l: int) -> StepText:
        n, eta, layer = self.names, self.bwd.learning_rate, l + 1
        delta, b_steps = self.bwd.deltas[l], self.bwd.bias_steps[l]
        j_sub = "_j" if len(delta) > 1 else ""
        d_sym = n.delta(layer, 0).split("_")[0]
        b_sym = n.b(l, 0).split("_")[0]
        return StepText(
            title=f"bias steps of layer {layer}: η times the unit's δ",
            symbol=rf"\Delta {b_sym}",
            formula=rf"\Delta {b_sym}{j_sub} = \eta\, {d_sym}{j_sub}",
            numbers=rf"\Delta {b_sym} = {number(eta)} \times {_scalar_or_vector(delta)} = {_scalar_or_vector(b_steps)}",
            numpy=f"bias_steps[{l}] = learning_rate * deltas[{l}]  # {shape(delta)} -> {shape(b_steps)}",
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
        n, net = self.names, self.net
        # one "w = old + step = new" per line, aligned on "=": on one line the lesson's 3
        # weights were already wider than the formula pane. Six at most, then how many more.
        lines, total = [], 0
        for l, (w, step) in enumerate(zip(net.weights, self.bwd.weight_steps)):
            for i in range(w.shape[0]):
                for j in range(w.shape[1]):
                    total += 1
                    if len(lines) < 6:
                        new = w[i, j] + step[i, j]
                        lines.append(f"{n.w(l, i, j)} &= {number(w[i, j])} + {factor(step[i, j])} = {number(new, 6)}")
        if net.biases is not None:
            for l, (b, step) in enumerate(zip(net.biases, self.bwd.bias_steps)):
                for j in range(len(b)):
                    total += 1
                    if len(lines) < 6:
                        lines.append(f"{n.b(l, j)} &= {number(b[j])} + {factor(step[j])} = {number(b[j] + step[j], 6)}")
        if total > 6:
            lines = lines[:5] + [rf"&\;\vdots \quad \text{{and {total - 5} more (hover an edge)}}"]
        numpy = "for w, step in zip(weights, weight_steps): w += step  # each (n_l, n_{l+1})"
        if net.biases is not None:
            numpy += "\nfor b, step in zip(biases, bias_steps): b += step  # each (n_{l+1},)"
        return StepText(
            title="update: every weight moves by its step"
            + (" and every bias by its own" if net.biases is not None else ""),
            symbol=r"w \leftarrow w + \Delta w",
            formula=r"w \leftarrow w + \Delta w",
            numbers=r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}",
            numpy=numpy,
        )


def _scalar_or_vector(values) -> str:
    return factor(values[0]) if len(values) == 1 else vector(values)
