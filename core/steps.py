"""The teaching steps of one forward and backward pass, in the order a learner walks them.

Each Step carries what the diagram needs to replay it without computing anything: the
phase, the unit, the values it produced and which diagram elements it reads and writes
(core/ids.py); and, written when first read, its text (core/step_text.py): the formula in
symbols and with the numbers in it (LaTeX) and the NumPy line with its shapes, one module
per part of the pass (text_forward, text_backward, text_update).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Callable

from .ids import bias_id, edge_id, node_id
from .network import Network
from .passes import BackwardPass, ForwardPass
from .step_text import StepSource, StepText
from .text_backward import error_text, hidden_delta_text, output_delta_text
from .text_forward import a_text, h_text
from .text_update import bias_step_text, update_text, weight_step_text

PHASES = ("forward", "error", "delta", "weight_step", "update")


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
    """Adds the steps in order; each step's text is a partial of a `*_text` function, run when read."""

    def __init__(self, network: Network, fwd: ForwardPass, bwd: BackwardPass):
        # StepSource keeps a copy: text written later must show these weights even if the
        # network is updated in place (Network.apply) before anyone reads it
        self.src = StepSource.of(network, fwd, bwd)
        self.net, self.fwd, self.bwd = self.src.net, fwd, bwd
        self.L = network.n_layers
        self.steps: list[Step] = []

    def _add(self, text: Callable[[], StepText], **kwargs) -> None:
        self.steps.append(Step(index=len(self.steps), write_text=text, **kwargs))

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
                    writes={node_id(layer, j): float(h[j])}, text=partial(h_text, self.src, layer, j),
                )
                self._add(
                    phase="forward", kind="a", layer=layer, unit=j, reads=(node_id(layer, j),),
                    writes={node_id(layer, j): float(a[j])}, text=partial(a_text, self.src, layer, j),
                )

    # -- error and δ ---------------------------------------------------------------------
    def error_steps(self) -> None:
        L, error = self.L, self.bwd.error
        for k in range(len(error)):
            self._add(
                phase="error", kind="error", layer=L, unit=k, reads=(node_id(L, k),),
                writes={node_id(L, k): float(error[k])}, text=partial(error_text, self.src, k),
            )

    def delta_steps(self) -> None:
        L, net, deltas = self.L, self.net, self.bwd.deltas
        for k in range(net.sizes[L]):
            self._add(
                phase="delta", kind="delta", layer=L, unit=k, reads=(node_id(L, k),),
                writes={node_id(L, k): float(deltas[-1][k])}, text=partial(output_delta_text, self.src, k),
            )
        for layer in range(L - 1, 0, -1):
            n_next = net.sizes[layer + 1]
            for j in range(net.sizes[layer]):
                reads = [node_id(layer + 1, k) for k in range(n_next)]
                reads += [edge_id(layer, j, k) for k in range(n_next)] + [node_id(layer, j)]
                self._add(
                    phase="delta", kind="delta", layer=layer, unit=j, reads=tuple(reads),
                    writes={node_id(layer, j): float(deltas[layer - 1][j])},
                    text=partial(hidden_delta_text, self.src, layer, j),
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
                text=partial(weight_step_text, self.src, l),
            )
            if net.biases is not None:
                b_steps = self.bwd.bias_steps[l]
                self._add(
                    phase="weight_step", kind="bias_step", layer=layer, unit=None,
                    reads=tuple(node_id(layer, j) for j in range(n_out)),
                    writes={bias_id(l, j): float(b_steps[j]) for j in range(n_out)},
                    text=partial(bias_step_text, self.src, l),
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
                  text=partial(update_text, self.src))
