"""What the lesson's two passes produce, and the array arithmetic that computes them.

ForwardPass and BackwardPass are the records Network.forward and Network.backward return
(and the teaching steps replay); forward_arrays and backward_arrays are the same passes on
2-D batches with no checks, which Network wraps and training's hot path calls directly.
Indices follow core/network.py: layer_inputs[l] and layer_outputs[l] are h and a of layer l+1.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, eq=False)
class ForwardPass:
    """h and a of every layer for the inputs x; the last a is the prediction ŷ."""

    x: np.ndarray  # (batch, n_in), or (n_in,) for one sample
    layer_inputs: list[np.ndarray]  # h of layers 1..L, each (batch, n_l) or (n_l,)
    layer_outputs: list[np.ndarray]  # a = f(h) of layers 1..L
    single: bool  # True when x was one 1-D sample

    @property
    def output(self) -> np.ndarray:
        """ŷ, the network's output (the same array as layer_outputs[-1])."""
        return self.layer_outputs[-1]


@dataclass(frozen=True, eq=False)
class BackwardPass:
    """The error, every layer's δ and the steps Δw = η (δ a_in − ∂penalty/∂w); never applied by itself."""

    target: np.ndarray  # y, shaped like ŷ
    error: np.ndarray  # y - ŷ
    deltas: list[np.ndarray]  # δ of layers 1..L, shaped like layer_inputs
    weight_steps: list[np.ndarray]  # Δw per layer, shaped like weights: −η ∂loss/∂w
    bias_steps: list[np.ndarray] | None  # Δb per layer when the network has biases
    loss: float  # E averaged over the batch, plus λ₂ ½ Σ w² + λ₁ Σ |w|
    learning_rate: float  # η
    loss_name: str = "squared_error"  # which E (core.losses.LOSSES)
    l1: float = 0.0  # λ₁
    l2: float = 0.0  # λ₂
    data_loss: float | None = None  # E averaged over the batch, without the penalties


def forward_arrays(weights, biases, activations, x):
    """h and a of every layer for a 2-D batch x, with no checks (the training hot path)."""
    layer_inputs, layer_outputs = [], []
    a = x
    for l, w in enumerate(weights):
        h = a @ w  # (batch, n_l) @ (n_l, n_{l+1}) -> (batch, n_{l+1})
        if biases is not None:
            h = h + biases[l]
        a = activations[l].value(h)
        layer_inputs.append(h)
        layer_outputs.append(a)
    return layer_inputs, layer_outputs


def backward_arrays(weights, activations, x, layer_inputs, layer_outputs, y, eta):
    """error, δ per layer, Δw and Δb per layer, and ½Σ(y − ŷ)²/batch, for 2-D arrays, no checks.

    δᵒ = (y − ŷ) f'(h); a loss whose f' cancels passes its output activation with f' = 1
    (Loss.output_function), and Network.backward takes E itself from the loss's record.
    """
    n_layers = len(weights)
    batch = x.shape[0]
    error = y - layer_outputs[-1]  # (batch, n_out)
    deltas = [None] * n_layers
    # δᵒ = (y - ŷ) f'(h) at the output (softmax: through its Jacobian)
    delta = activations[-1].backprop(error, layer_inputs[-1], layer_outputs[-1])
    deltas[-1] = delta
    for l in range(n_layers - 2, -1, -1):
        # δʰ_j = Σ_k W_jk δ_k f'(h_j):
        # (batch, n_{l+2}) @ (n_{l+2}, n_{l+1}) -> (batch, n_{l+1})
        delta = activations[l].backprop(delta @ weights[l + 1].T, layer_inputs[l], layer_outputs[l])
        deltas[l] = delta
    scale = eta / batch
    weight_steps = []
    for l in range(n_layers):
        a_in = x if l == 0 else layer_outputs[l - 1]
        # Δw_ij = η δ_j a_i, averaged over the batch:
        # (n_l, batch) @ (batch, n_{l+1}) -> (n_l, n_{l+1})
        weight_steps.append((a_in.T @ deltas[l]) * scale)
    bias_steps = [d.sum(axis=0) * scale for d in deltas]  # Δb_j = η δ_j
    loss = 0.5 * float(np.sum(error * error)) / batch
    return error, deltas, weight_steps, bias_steps, loss

