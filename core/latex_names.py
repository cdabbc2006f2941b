"""The LaTeX names of the lesson's symbols (h, a, ŷ, δ, w, b), as the step formulas write them.

Units are numbered from 1 in the formulas, as in the lesson; `layer` is the lesson's layer
(0 = inputs) and `l` the index into `network.weights` (the weight leads into layer l + 1),
as in core/names.py, which names the same quantities in NumPy.
"""
from __future__ import annotations


class LatexNames:
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
