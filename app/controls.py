"""Widgets that change the state's numbers: a slider per weight and bias, the sample, and η."""
from __future__ import annotations

from functools import partial

import panel as pn
import param

from core import preset as get_preset
from core.inputs import InputError, parse_number

from . import theme
from .pacing import Trailing
from .panel_compat import children_sent
from .picture import sub, weight_name
from .sliders import StateSlider
from .state import WEIGHT_LIMIT
from .typed import TypedNumber, shortest
from .views import StateView


def _css(element: str) -> str:
    """A CSS class for a diagram id: 'w0.1.0' -> 'weight-w0-1-0' (stable names for tests)."""
    return "weight-" + element.replace(".", "-")


class WeightControls(StateView):
    """A slider per weight and bias, grouped by layer; for big networks, one slider for the picked edge."""

    def __init__(self, **params):
        super().__init__(**params)
        self._panel = pn.Column(sizing_mode="stretch_width", css_classes=["weight-controls"])
        self._sliders: dict[str, StateSlider] = {}
        self._sizes = None
        self._showing = False
        self._later = Trailing(self._follow)
        self.picked = StateSlider("picked weight", 0.0, self._set_picked, "weight-picked", self.drag)
        self.typed = TypedNumber("type an exact value", partial(parse_number, what="a weight"), self._typed,
                                 self._picked_text, "weight-typed")
        self._rebuild()

    def _picked_text(self) -> str:
        return shortest(_value(self.state.network, self.state.selected)) if self.state.selected else ""

    def _typed(self, value: float) -> str:
        if not self.state.selected:
            raise InputError("click an edge in the diagram first to pick the weight to type")
        if abs(value) > WEIGHT_LIMIT:
            raise InputError(f"a weight must be between {-WEIGHT_LIMIT:g} and {WEIGHT_LIMIT:g}, not {value:g}")
        if not self.state.set_weight(self.state.selected, value):
            raise InputError(self.state.message)
        return ""

    def _set_picked(self, value) -> None:
        if self.state.selected:
            self.state.set_weight(self.state.selected, value)

    @param.depends("state.layout", watch=True)
    def _rebuild(self) -> None:
        net = self.state.network
        key = (tuple(net.sizes), net.biases is not None)
        if key == self._sizes:
            return
        self._sizes = key
        self._sliders = {}
        groups = []
        n_weights = sum(w.size for w in net.weights) + (sum(b.size for b in net.biases) if net.biases else 0)
        if n_weights <= theme.MAX_LABELLED_EDGES:
            for l, w in enumerate(net.weights):
                rows = []
                for i in range(w.shape[0]):
                    for j in range(w.shape[1]):
                        element = f"w{l}.{i}.{j}"
                        rows.append(self._slider(element, weight_name(net.sizes, l, i, j), w[i, j]))
                if net.biases is not None:
                    for j, b in enumerate(net.biases[l]):
                        rows.append(self._slider(f"b{l}.{j}", f"b{sub(j)} of layer {l + 1}", b))
                title = "inputs → hidden" if l == 0 and net.n_layers > 1 else f"into layer {l + 1}"
                if l == net.n_layers - 1:
                    title = "→ output" if net.n_layers > 1 else "inputs → output"
                groups.append(pn.Card(*rows, title=f"Weights {title}", collapsed=False, sizing_mode="stretch_width"))
            hint = pn.pane.Markdown("Drag a weight, or click an edge and type its exact value:", margin=(0, 10))
        else:
            hint = pn.pane.Markdown(
                f"This network has {n_weights} weights: **click an edge** in the diagram to pick one, then drag or type it. "
                "Labels show on the picked edge and on the edges of a one-unit step; hover any edge for its w and Δw.",
                margin=(0, 10),
            )
        with children_sent():  # in Pyodide Panel's own hold kept the new sliders from the page
            self._panel[:] = [*groups, hint, self.picked.widget, self.typed]
        self._follow()

    def _slider(self, element: str, name: str, value: float):
        slider = StateSlider(name, float(value), lambda v, e=element: self.state.set_weight(e, v),
                             _css(element), self.drag)
        self._sliders[element] = slider
        return slider.widget

    @param.depends("state.network", "state.selected", watch=True)
    def _changed(self) -> None:
        # a drag moves only the slider under the mouse: the others, the picked weight's
        # label and its typed value catch up when the drag pauses
        same_shape = (tuple(self.state.network.sizes), self.state.network.biases is not None) == self._sizes
        self.when_settled(self._later, also=same_shape)

    def _follow(self) -> None:
        net = self.state.network
        if (tuple(net.sizes), net.biases is not None) != self._sizes:
            # the network and its layout change together; whichever watcher runs first,
            # the sliders must be those of the new shape before they are given its values
            self._rebuild()
            return
        for element, slider in self._sliders.items():
            slider.show(_value(net, element))
        if self.state.selected:
            value = _value(net, self.state.selected)
            l, i, j = map(int, self.state.selected[1:].split(".")) if self.state.selected[0] == "w" else (0, 0, 0)
            self.picked.widget.name = (
                f"picked: {weight_name(net.sizes, l, i, j)}" if self.state.selected[0] == "w" else "picked: bias"
            )
            self.picked.show(value)
        # showing the state's value is not typing one: no second recomputation
        self.typed.follow(clear_if_changed=True)
        self.picked.widget.disabled = self.typed.disabled = not self.state.selected

    def __panel__(self):
        return self._panel


def _value(net, element: str) -> float:
    index = list(map(int, element[1:].split(".")))
    if element[0] == "w":
        return float(net.weights[index[0]][index[1], index[2]])
    return float(net.biases[index[0]][index[1]])


class SampleControls(StateView):
    """Sliders for the inputs xᵢ and the targets y_k, and η as a slider and a typed number."""

    def __init__(self, **params):
        super().__init__(**params)
        self._panel = pn.Column(sizing_mode="stretch_width", css_classes=["sample-controls"])
        self._sliders: list[tuple[str, int, StateSlider]] = []
        self._size = None
        self.eta_slider = pn.widgets.FloatSlider.from_param(
            self.state.param.learning_rate, name="learning rate η", step=0.01, css_classes=["eta-slider"],
            sizing_mode="stretch_width",
        )
        self.eta_input = TypedNumber("η (type any value)", partial(parse_number, what="η"), self._typed_eta,
                                     lambda: shortest(self.state.learning_rate), "eta-input")
        self.sample_note = pn.pane.Str("", css_classes=["sample-from"], visible=False, margin=(0, 10),
                                       styles={"white-space": "normal"}, sizing_mode="stretch_width")
        self.lesson_sample = pn.widgets.Button(name="Back to the preset's sample", visible=False,
                                               css_classes=["lesson-sample-button"])
        self.lesson_sample.on_click(lambda e: self._back_to_preset_sample())
        self._rebuild()
        self._sample_from()

    @param.depends("state.sample_from", watch=True)
    def _sample_from(self) -> None:
        where = self.state.sample_from
        self.sample_note.object = f"Stepping through {where}." if where else ""
        self.sample_note.visible = self.lesson_sample.visible = bool(where)

    def _back_to_preset_sample(self) -> None:
        p = get_preset(self.state.preset)
        if (len(p.x), len(p.target)) == (len(self.state.x), len(self.state.target)):
            self.state.show_sample(self.state.network, p.x, p.target)
        else:  # the network no longer takes the preset's sample: start the preset over
            self.state.load_preset(self.state.preset)

    def _typed_eta(self, value: float) -> str:
        lo, hi = self.state.param.learning_rate.bounds
        if value <= 0:
            raise InputError(f"η must be greater than 0 (a step down the gradient), not {value:g}")
        if not lo <= value <= hi:
            raise InputError(f"η must be from {lo:g} to {hi:g}, not {value:g}")
        self.state.learning_rate = value
        if self.state.learning_rate != value:
            raise InputError(self.state.message or f"η = {value:g} was not applied")
        big = self.state.param.learning_rate.softbounds[1]
        if value > big:
            return (f"η = {value:g} is very large (the slider stops at {big:g}): each update may overshoot "
                    "the minimum and training may diverge")
        return ""

    @param.depends("state.learning_rate", watch=True)
    def _eta_changed(self) -> None:
        self.eta_input.follow(clear_if_changed=True)

    @param.depends("state.layout", watch=True)
    def _rebuild(self) -> None:
        sizes = self.state.network.sizes
        if (sizes[0], sizes[-1]) == self._size:
            return
        self._size = (sizes[0], sizes[-1])
        self._sliders = []
        for i in range(sizes[0]):
            slider = StateSlider(f"x{sub(i)}", float(self.state.x[i]),
                                 lambda v, i=i: self.state.set_input(i, v),
                                 f"input-x{i}", self.drag, -2.0, 2.0)
            self._sliders.append(("x", i, slider))
        for k in range(sizes[-1]):
            name = "y" if sizes[-1] == 1 else f"y{sub(k)}"
            slider = StateSlider(f"target {name}", float(self.state.target[k]),
                                 lambda v, k=k: self.state.set_target(k, v),
                                 f"target-y{k}", self.drag, -2.0, 2.0)
            self._sliders.append(("y", k, slider))
        with children_sent():  # in Pyodide Panel's own hold kept the new sliders from the page
            self._panel[:] = [self.sample_note, self.lesson_sample, *(s.widget for _, _, s in self._sliders),
                              self.eta_slider, self.eta_input]

    @param.depends("state.x", "state.target", watch=True)
    def _follow(self) -> None:
        for kind, index, slider in self._sliders:
            values = self.state.x if kind == "x" else self.state.target
            if index < len(values):
                slider.show(float(values[index]))

    def __panel__(self):
        return self._panel
