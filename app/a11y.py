"""The page's help for keyboards and screen readers: the keys hint, and the small script
(app/page.js) that gives the keys, the tab headers' roles and focus that never falls to <body>.

A Panel JSComponent (panel.custom, Panel's documented way to ship a component's own JS) so
that the same script runs under `panel serve`, in the static site and in a notebook.
"""
from __future__ import annotations

import re
from pathlib import Path

import panel as pn
import param
from panel.custom import JSComponent

from .picture import bias_name, unit_name, weight_name
from .state import LabState
from .words import LATEX_WORDS

HERE = Path(__file__).parent
PAGE_CSS = (HERE / "page.css").read_text()

KEYS_HINT = ("Keys: ← → back and next · Home End first and last · Space play or pause · "
             "A apply the update")


# A file input's name for a screen reader, by its widget's CSS class: Bokeh's FileInput has
# only an empty, hidden <label>, and Panel's `name` does not reach the page.
FILE_NAMES = {
    "csv-input": "Your own CSV file of points (x1, x2, label)",
    "share-import": "Import a saved view (a .json file)",
}


class PageHelp(JSComponent):
    """Draws the keys hint; its script listens for the keys on the whole page."""

    file_names = param.Dict(default=FILE_NAMES, doc="A file input's name, by its widget's CSS class.")
    # a formula's picture (MathJax's SVG) is named with its LaTeX said as text, by the very rules
    # the live region uses (app/words.py), rewritten for JavaScript's String.replace
    latex_words = param.List(default=[[pattern, re.sub(r"\\(\d)", r"$\1", words)] for pattern, words in LATEX_WORDS],
                             doc="(pattern, replacement) pairs that turn LaTeX into text.")

    _esm = (HERE / "page.js").read_text()
    # page.js is plain JavaScript: named as the component's bundle (Panel's documented way to
    # ship compiled code), the page runs it as it is, where an _esm alone is first put through
    # Panel's TypeScript transform in the browser (its first run, ~0.1 s, was on the path to
    # the static page's first Next). Under `panel serve --dev` Panel uses the _esm again.
    _bundle = "page.js"

    def __init__(self, **params):
        params.setdefault("stylesheets", [".lab-keys { margin: 2px 10px; font-size: 0.9em; }"])
        params.setdefault("sizing_mode", "stretch_width")
        super().__init__(**params)


class WeightPicker(pn.viewable.Viewer):
    """Pick any weight or bias from a list, as clicking its edge does: for a keyboard, a screen
    reader, or a network too big to click its edges."""

    state = param.ClassSelector(class_=LabState, doc="The state whose weight is picked.")

    def __init__(self, **params):
        super().__init__(**params)
        self.select = pn.widgets.Select(name="pick a weight (as clicking its edge)", css_classes=["weight-pick"],
                                        sizing_mode="stretch_width")
        self._options()
        self.select.param.watch(self._picked, "value")

    @param.depends("state.layout", "state.selected", watch=True)
    def _options(self) -> None:
        net = self.state.network
        options = {"(none picked)": ""}
        for l, w in enumerate(net.weights):
            for i in range(w.shape[0]):
                for j in range(w.shape[1]):
                    options[f"{weight_name(net.sizes, l, i, j)} ({unit_name(net.sizes, l, i)} → "
                            f"{unit_name(net.sizes, l + 1, j)})"] = f"w{l}.{i}.{j}"
            if net.biases is not None:
                for j in range(net.biases[l].size):
                    options[f"{bias_name(net.sizes, l, j)} (bias of {unit_name(net.sizes, l + 1, j)})"] = f"b{l}.{j}"
        self.select.param.update(options=options, value=self.state.selected or "")

    def _picked(self, event) -> None:
        wanted = event.new or None
        if wanted != self.state.selected:
            self.state.selected = wanted

    def __panel__(self):
        return self.select
