"""A fully connected network and the lesson's three phases: forward, backward, apply.

Notation (the lesson's, generalised to L layers of weights):
  layer 0 holds the inputs x; layers 1..L-1 are hidden; layer L is the output ŷ.
  weights[l][i, j] is the weight from unit i of layer l to unit j of layer l+1
  (the lesson's w_ij for l = 0 and W_jk for the last layer).
  layer_inputs[l] is h of layer l+1 and layer_outputs[l] is a = f(h) of layer l+1:
  Python lists start at 0 while the lesson's layers start at the inputs.
Arrays are batch-first: one sample is a row. A 1-D x is a batch of one.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from .activations import Activation, get_activation
from .losses import Loss, check_rates, get_loss, penalty_gradient, penalty_value
from .passes import BackwardPass, ForwardPass, backward_arrays, forward_arrays
from .validation import as_finite_array, check_learning_rate


class Network:
    """A fully connected feed-forward network with one activation per layer."""

    def __init__(
        self,
        weights: Sequence,
        biases: Sequence | None = None,
        activation: str | Sequence[str] = "sigmoid",
        output_activation: str = "sigmoid",
        loss: str = "squared_error",
    ):
        if isinstance(weights, np.ndarray) or not isinstance(weights, Sequence) or not weights:
            raise ValueError("weights must be a non-empty list of arrays, one per layer")
        self.weights = [_as_weight_matrix(w, l) for l, w in enumerate(weights)]
        for l in range(len(self.weights) - 1):
            n_out, n_next = self.weights[l].shape[1], self.weights[l + 1].shape[0]
            if n_out != n_next:
                raise ValueError(
                    f"weights[{l}] has {n_out} output units but weights[{l + 1}] "
                    f"expects {n_next} inputs"
                )
        self.biases = None if biases is None else self._check_biases(biases)
        n_hidden_layers = len(self.weights) - 1
        if isinstance(activation, str):
            hidden = [activation] * n_hidden_layers
        elif isinstance(activation, Sequence):
            hidden = list(activation)
            if len(hidden) != n_hidden_layers:
                raise ValueError(
                    f"got {len(hidden)} hidden activations for {n_hidden_layers} hidden layers"
                )
        else:
            raise ValueError(
                f"activation must be a name or a list of names, one per hidden layer, got {activation!r}"
            )
        self.activations = hidden + [output_activation]  # names, one per layer 1..L
        self._functions: list[Activation] = [get_activation(n) for n in hidden]
        self._functions.append(get_activation(output_activation, output=True))
        if self._functions[-1].jacobian is not None and self.sizes[-1] < 2:
            # softmax of one unit is 1 whatever h is: nothing could be learnt
            raise ValueError(f"{output_activation} needs at least 2 output units, this network has 1")
        self._loss: Loss = get_loss(loss)
        self._loss.check(output_activation)
        self.loss = loss  # the name of E (core.losses.LOSSES)

    def _check_biases(self, biases) -> list[np.ndarray]:
        if isinstance(biases, np.ndarray) or not isinstance(biases, Sequence):
            raise ValueError("biases must be None or a list of 1-D arrays, one per layer")
        if len(biases) != len(self.weights):
            raise ValueError(
                f"got {len(biases)} bias vectors for {len(self.weights)} layers of weights"
            )
        checked = []
        for l, b in enumerate(biases):
            b = as_finite_array(b, f"biases[{l}]").copy()
            if b.shape != (self.weights[l].shape[1],):
                raise ValueError(
                    f"biases[{l}] has shape {b.shape}, expected ({self.weights[l].shape[1]},)"
                )
            checked.append(b)
        return checked

    # -- shape ---------------------------------------------------------------------------
    @property
    def sizes(self) -> list[int]:
        """Units per layer, inputs first: the lesson's worked example is [2, 1, 1]."""
        return [self.weights[0].shape[0]] + [w.shape[1] for w in self.weights]

    @property
    def n_layers(self) -> int:
        """L, the number of weight layers (the inputs do not count as a layer)."""
        return len(self.weights)

    @property
    def activation(self) -> list[str]:
        """The hidden layers' activation names."""
        return self.activations[:-1]

    @property
    def output_activation(self) -> str:
        return self.activations[-1]

    @property
    def activation_functions(self) -> list[Activation]:
        return list(self._functions)

    @property
    def loss_function(self) -> Loss:
        return self._loss

    @property
    def backward_functions(self) -> list[Activation]:
        """The activations as backward uses them: the output's f' is 1 where the loss cancels it."""
        return self._functions[:-1] + [self._loss.output_function(self._functions[-1])]

    # -- the three phases ----------------------------------------------------------------
    def forward(self, x) -> ForwardPass:
        """h = Σ w a_in (+ b) and a = f(h), layer by layer from the inputs to ŷ."""
        x = as_finite_array(x, "x")
        single = x.ndim == 1
        x2 = x[None, :] if single else x
        if x2.ndim != 2 or x2.shape[1] != self.sizes[0]:
            raise ValueError(
                f"x has shape {x.shape}, expected ({self.sizes[0]},) or (batch, {self.sizes[0]})"
            )
        if x2.shape[0] == 0:
            raise ValueError("x is an empty batch")
        with np.errstate(over="ignore", invalid="ignore"):
            hs, as_ = forward_arrays(self.weights, self.biases, self._functions, x2)
        if single:
            hs, as_ = [h[0] for h in hs], [a[0] for a in as_]
        return ForwardPass(x=x.copy(), layer_inputs=hs, layer_outputs=as_, single=single)

    def backward(
        self, forward: ForwardPass, target, learning_rate: float, l1: float = 0.0, l2: float = 0.0
    ) -> BackwardPass:
        """δ of every layer from the output back, and the steps Δw = η (δ a_in − λ₂ w − λ₁ sign w)."""
        if not isinstance(forward, ForwardPass):
            raise ValueError("backward needs the ForwardPass that forward() returned")
        if [h.shape[-1] for h in forward.layer_inputs] != self.sizes[1:]:
            raise ValueError("that forward pass was computed by a network of another shape")
        eta = check_learning_rate(learning_rate)
        l1, l2 = check_rates(l1, l2)
        y = as_finite_array(target, "target")
        output = forward.output
        if y.ndim == 0 and output.shape == (1,):
            y = y.reshape(1)
        if y.shape != output.shape:
            raise ValueError(f"target has shape {y.shape}, expected {output.shape} like ŷ")
        self._loss.check_target(y, self.output_activation)

        def batch(a):
            return a[None, :] if forward.single else a

        with np.errstate(over="ignore", invalid="ignore"):
            error, deltas, w_steps, b_steps, loss = backward_arrays(
                self.weights,
                self.backward_functions,
                batch(forward.x),
                [batch(h) for h in forward.layer_inputs],
                [batch(a) for a in forward.layer_outputs],
                batch(y),
                eta,
            )
            # E from the loss's record (cross-entropy from h, so that it stays finite)
            batch_size = 1 if forward.single else len(y)
            loss = self._loss.value(y, output, forward.layer_inputs[-1], self.output_activation) / batch_size
            data_loss = loss
            if l1 or l2:
                loss += penalty_value(self.weights, l1, l2)
                for w, step in zip(self.weights, w_steps):
                    step -= eta * penalty_gradient(w, l1, l2)  # −η ∂penalty/∂w; biases have none
        if forward.single:
            error, deltas = error[0], [d[0] for d in deltas]
        return BackwardPass(
            target=y.copy(),
            error=error,
            deltas=deltas,
            weight_steps=w_steps,
            bias_steps=b_steps if self.biases is not None else None,
            loss=loss,
            learning_rate=eta,
            loss_name=self.loss,
            l1=l1,
            l2=l2,
            data_loss=data_loss,
        )

    def apply(self, backward: BackwardPass) -> "Network":
        """w ← w + Δw (and b ← b + Δb) for every layer; the only method that changes weights."""
        if [s.shape for s in backward.weight_steps] != [w.shape for w in self.weights]:
            raise ValueError("those weight steps belong to a network of another shape")
        for w, step in zip(self.weights, backward.weight_steps):
            w += step
        if self.biases is not None and backward.bias_steps is not None:
            for b, step in zip(self.biases, backward.bias_steps):
                b += step
        return self

    # -- construction and persistence ------------------------------------------------------
    @classmethod
    def random(
        cls,
        sizes: Sequence[int],
        seed: int | None = 0,
        activation: str | Sequence[str] = "sigmoid",
        output_activation: str = "sigmoid",
        biases: bool = False,
        loss: str = "squared_error",
    ) -> "Network":
        """Glorot-uniform weights for the given layer sizes, reproducible from the seed."""
        sizes = list(sizes)
        if len(sizes) < 2 or any(
            isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1 for n in sizes
        ):
            raise ValueError(f"sizes must be at least two positive integers, got {sizes}")
        try:
            rng = np.random.default_rng(seed)
        except (TypeError, ValueError):
            raise ValueError(f"seed must be None or a non-negative integer, got {seed!r}") from None
        weights = []
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            limit = np.sqrt(6.0 / (n_in + n_out))
            weights.append(rng.uniform(-limit, limit, size=(n_in, n_out)))
        bias_list = [np.zeros(n) for n in sizes[1:]] if biases else None
        return cls(weights, bias_list, activation, output_activation, loss)

    def copy(self) -> "Network":
        """An independent copy: applying steps to it leaves this network as it is."""
        return Network(self.weights, self.biases, self.activation, self.output_activation, self.loss)

    def to_dict(self) -> dict:
        """A JSON-safe description: sizes, activations, loss, weights and biases as lists."""
        d = {
            "sizes": self.sizes,
            "activation": self.activation,
            "output_activation": self.output_activation,
            "weights": [w.tolist() for w in self.weights],
            "biases": None if self.biases is None else [b.tolist() for b in self.biases],
        }
        if self.loss != "squared_error":  # absent means squared error, as in files saved before losses
            d["loss"] = self.loss
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Network":
        """The network that to_dict described; ValueError if the description is malformed."""
        if not isinstance(d, dict):
            raise ValueError("a network description must be a JSON object")
        missing = {"weights", "activation", "output_activation"} - set(d)
        if missing:
            raise ValueError(f"network description lacks {', '.join(sorted(missing))}")
        weights = d["weights"]
        if not isinstance(weights, list):
            raise ValueError("'weights' must be a list of matrices")
        net = cls(
            [np.asarray(w, dtype=object) for w in weights],
            d.get("biases"),
            d["activation"],
            d["output_activation"],
            d.get("loss", "squared_error"),
        )
        if "sizes" in d and d["sizes"] != net.sizes:
            raise ValueError(f"'sizes' says {d['sizes']} but the weights give {net.sizes}")
        return net

    def __repr__(self) -> str:
        acts = "/".join(self.activations)
        bias = ", biases" if self.biases is not None else ""
        loss = "" if self.loss == "squared_error" else f", {self.loss}"
        return f"Network({'-'.join(map(str, self.sizes))}, {acts}{bias}{loss})"


def _as_weight_matrix(w, l: int) -> np.ndarray:
    """weights[l] as a float matrix; the lesson's 1-D weights_hidden_output becomes a column."""
    w = as_finite_array(w, f"weights[{l}]").copy()
    if w.ndim == 1:
        w = w[:, None]
    if w.ndim != 2 or 0 in w.shape:
        raise ValueError(f"weights[{l}] must be a non-empty 2-D matrix, got shape {w.shape}")
    return w
