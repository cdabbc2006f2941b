"""The NumPy names the page's code lines and the exported script use: the lesson's own.

The lesson's exercise (a 2-layer network) calls its arrays `hidden_layer_input`,
`hidden_layer_output`, `output_layer_in`, `output`, `weights_input_hidden`,
`weights_hidden_output`, `error`, `del_err_output`, `del_err_hidden`, `delta_w_h_o`,
`delta_w_i_h` and `learnrate`. A deeper network numbers its hidden layers from 1, as the
formulas do: `hidden1_layer_input`, `weights_hidden1_hidden2`, `del_err_hidden2`,
`delta_w_h1_h2`. `l` below is always the index into `network.weights` (the layer the
weight leads into is l + 1); layer 0 is the inputs x.
"""
from __future__ import annotations


class CodeNames:
    """Variable names for a network with these layer sizes (inputs first)."""

    learning_rate = "learnrate"
    error = "error"

    def __init__(self, sizes: list[int]):
        self.L = len(sizes) - 1

    def layer(self, layer: int) -> str:
        """'input', 'hidden' (or 'hidden2' when there are several), 'output'."""
        if layer == 0:
            return "input"
        if layer == self.L:
            return "output"
        return "hidden" if self.L == 2 else f"hidden{layer}"

    def _short(self, layer: int) -> str:
        word = self.layer(layer)
        return word[0] + word[len("hidden"):] if word.startswith("hidden") else word[0]

    def h(self, layer: int) -> str:
        """h of layer 1..L."""
        return "output_layer_in" if layer == self.L else f"{self.layer(layer)}_layer_input"

    def a(self, layer: int) -> str:
        """a of layer 0..L: x for the inputs, output for the last."""
        if layer == 0:
            return "x"
        return "output" if layer == self.L else f"{self.layer(layer)}_layer_output"

    def w(self, l: int) -> str:
        return f"weights_{self.layer(l)}_{self.layer(l + 1)}"

    def b(self, l: int) -> str:
        return f"bias_{self.layer(l + 1)}"

    def delta(self, layer: int) -> str:
        """δ of layer 1..L."""
        return f"del_err_{self.layer(layer)}"

    def weight_step(self, l: int) -> str:
        return f"delta_w_{self._short(l)}_{self._short(l + 1)}"

    def bias_step(self, l: int) -> str:
        return f"delta_b_{self._short(l + 1)}"
