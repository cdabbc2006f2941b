"""What the backward pass does to the size of the error: the vanishing-gradient view's numbers."""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial

import numpy as np

from .losses import penalty_gradient
from .network import Network
from .passes import BackwardPass

from .activations import OUTPUT_ACTIVATIONS

# max f'(h) of each activation, from its record: the lesson's "maximum derivative of the sigmoid is 0.25"
DERIVATIVE_BOUND = {name: f.derivative_bound for name, f in OUTPUT_ACTIVATIONS.items()}


@dataclass(frozen=True)
class LayerStatistics:
    """Per layer 1..L: mean |δ|, and the relative step ‖Δw‖ / ‖w‖."""

    mean_abs_delta: list[float]
    relative_step: list[float]
    bound: list[float]  # the most |δ| can be at each layer given |y − ŷ|, |w| and max f'


def layer_statistics(network: Network, backward: BackwardPass) -> LayerStatistics:
    """mean |δ| and ‖Δw‖/‖w‖ per layer, with the bound that max f' puts on |δ| layer by layer."""
    mean_abs = [float(np.mean(np.abs(d))) for d in backward.deltas]
    relative = [
        float(np.linalg.norm(step) / max(np.linalg.norm(w), 1e-300))
        for w, step in zip(network.weights, backward.weight_steps)
    ]
    # |δᵒ| ≤ max f' · |y − ŷ|; going down one layer, |δ_j| ≤ max f' · Σ_k |w_jk| |δ_k|
    bound = [0.0] * network.n_layers
    # (where the loss cancels the output's f', as cross-entropy does, δᵒ = y − ŷ: a bound of 1)
    functions = network.backward_functions
    level = float(np.mean(np.abs(backward.error))) * functions[-1].derivative_bound
    bound[-1] = level
    for l in range(network.n_layers - 2, -1, -1):
        fan = float(np.max(np.sum(np.abs(network.weights[l + 1]), axis=1)))
        level *= fan * functions[l].derivative_bound
        bound[l] = level
    return LayerStatistics(mean_abs, relative, bound)


def _no_slope(activation):
    """The same activation with f'(h) replaced by 1: the broken rule that forgets the slope."""
    return replace(activation, derivative=lambda h, a: np.ones_like(h), jacobian=None)


def broken_backward(network: Network, forward, target, learning_rate: float,
                    l1: float = 0.0, l2: float = 0.0) -> BackwardPass:
    """backward with the f'(h) factor dropped from every δ: what a wrong backward pass gives."""
    from .passes import backward_arrays

    correct = network.backward(forward, target, learning_rate, l1=l1, l2=l2)  # validates the inputs

    def batch(a):
        return a[None, :] if forward.single else a

    funcs = [_no_slope(f) for f in network.backward_functions]
    error, deltas, w_steps, b_steps, loss = backward_arrays(
        network.weights, funcs, batch(forward.x), [batch(h) for h in forward.layer_inputs],
        [batch(a) for a in forward.layer_outputs], batch(correct.target), correct.learning_rate,
    )
    if l1 or l2:  # the penalties' part of Δw is kept right: only the slope is forgotten
        for w, step in zip(network.weights, w_steps):
            step -= correct.learning_rate * penalty_gradient(w, l1, l2)
    if forward.single:
        error, deltas = error[0], [d[0] for d in deltas]
    return BackwardPass(correct.target, error, deltas, w_steps,
                        b_steps if network.biases is not None else None, correct.loss, correct.learning_rate,
                        correct.loss_name, l1, l2, correct.data_loss)


def check_rule(network: Network, x, target, learning_rate: float = 1.0, broken: bool = False,
               l1: float = 0.0, l2: float = 0.0):
    """gradient_check of the correct rule, or of the broken one against the same finite differences."""
    from .gradcheck import gradient_check

    backward = partial(broken_backward, l1=l1, l2=l2) if broken else None
    return gradient_check(network, x, target, learning_rate, backward=backward, l1=l1, l2=l2)
