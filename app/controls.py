"""Widgets that change the state: weights, the sample, η, the preset and the architecture."""
from __future__ import annotations

from functools import partial

import panel as pn
import param
from panel.io.state import set_curdoc

from core import PRESETS

from . import theme
from .pacing import Trailing, children_sent, one_message
from .picture import sub, weight_name
from .state import WEIGHT_LIMIT, LabState

SLIDER_RANGE = 5.0  # sliders span ±5, or more when a weight has grown past that


class LiveSlider(pn.widgets.FloatSlider):
    """A FloatSlider whose drags are answered while the page's change is being applied.

    Panel hands a widget's change to Python in a callback of its own, `_debounce` ms after the
    change arrived (50 by default), and that callback's answer then had to wait for Bokeh's "OK"
    to the page to be written. A drag's answer goes out sooner from a Bokeh `on_change`
    callback on the slider's own model: Bokeh runs it as it applies the page's change, before
    it answers "OK", so the diagram's new data is the first thing the page gets back
    (measured: benchmarks/bench_serve.py, docs/benchmarks.md). `on_page_change(value)` is
    that callback; Panel still sets `value` as usual, a few ms later.
    """

    # Panel's own update of `value` follows 3 ms after the page's change rather than 50:
    # `value` then lags the page by as little as it can without Panel's writes meeting Bokeh's "OK"
    _debounce = 3
    # Panel counts each change as "busy" (two param updates, ~0.9 ms a drag) to drive a busy
    # indicator; this page shows none, so a drag step need not be counted
    _busy__ignore = ["value"]

    def __init__(self, **params):
        super().__init__(**params)
        self.on_page_change = None  # called with each value the page sends, as Bokeh applies it

    def _get_model(self, doc, root=None, parent=None, comm=None):
        model = super()._get_model(doc, root, parent, comm)
        model.on_change("value", partial(self._page_changed, doc))
        return model

    def _page_changed(self, doc, attr, old, new) -> None:
        # Bokeh also calls this when Python changes the model (Panel passing `value` on):
        # on_page_change sees a value it has already had and leaves it
        if self.on_page_change is not None:
            with set_curdoc(doc):
                self.on_page_change(new)


def _css(element: str) -> str:
    """A CSS class for a diagram id: 'w0.1.0' -> 'weight-w0-1-0' (stable names for tests)."""
    return "weight-" + element.replace(".", "-")


def _span(value: float) -> float:
    return max(SLIDER_RANGE, abs(value) * 1.25)


class _Slider:
    """A LiveSlider that sends drags to the state and follows the state's value back.

    A value reaches `on_change` once, whichever way it comes first: from the page as Bokeh
    applies it (`LiveSlider.on_page_change`), or as the widget's `value` set in Python.
    """

    def __init__(self, name: str, value: float, on_change, css: str, start: float | None = None, end: float | None = None):
        span = _span(value)
        self.widget = LiveSlider(
            name=name, value=value, start=-span if start is None else start, end=span if end is None else end,
            step=0.01, format="0[.]000", css_classes=[css], sizing_mode="stretch_width",
        )
        self._on_change = on_change
        self._handled = value  # the last value given to on_change or shown from the state
        self._syncing = False
        self.widget.on_page_change = self._take
        self.widget.param.watch(self._changed, "value")

    def _changed(self, event) -> None:
        if not self._syncing:
            self._take(event.new)

    def _take(self, value) -> None:
        if value == self._handled:  # Panel's update of a value the page sent and was answered
            return
        # every model the change touches goes to the page in one message, not one each
        with one_message():
            self._on_change(value)
        # only now: should on_change fail, Panel's own update of `value` tries once more,
        # on Panel's path, whose error handling shows the failure
        self._handled = value

    def show(self, value: float) -> None:
        self._handled = value
        if self.widget.value == value:
            return
        self._syncing = True
        try:
            if abs(value) > self.widget.end or -abs(value) < self.widget.start:
                span = _span(value)
                self.widget.param.update(start=-span, end=span)
            self.widget.value = value
        finally:
            self._syncing = False


class WeightControls(pn.viewable.Viewer):
    """A slider per weight and bias, grouped by layer; for big networks, one slider for the picked edge."""

    state = param.ClassSelector(class_=LabState, doc="The state the sliders edit.")

    def __init__(self, **params):
        super().__init__(**params)
        self._panel = pn.Column(sizing_mode="stretch_width", css_classes=["weight-controls"])
        self._sliders: dict[str, _Slider] = {}
        self._sizes = None
        self._showing = False
        self._later = Trailing(self._follow)
        self.picked = _Slider("picked weight", 0.0, lambda v: self._set_picked(v, live=True), "weight-picked")
        self.typed = pn.widgets.FloatInput(name="type an exact value", value=0.0, step=0.01,
                                           start=-WEIGHT_LIMIT, end=WEIGHT_LIMIT, css_classes=["weight-typed"])
        self.typed.param.watch(self._typed, "value")
        self._rebuild()

    def _typed(self, event) -> None:
        if not self._showing:
            self._set_picked(event.new)

    def _set_picked(self, value, live: bool = False) -> None:
        if self.state.selected:
            self.state.set_weight(self.state.selected, value, live=live)

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
        slider = _Slider(name, float(value), lambda v, e=element: self.state.set_weight(e, v, live=True), _css(element))
        self._sliders[element] = slider
        return slider.widget

    @param.depends("state.network", "state.selected", watch=True)
    def _changed(self) -> None:
        # a drag moves only the slider under the mouse: the others, the picked weight's
        # label and its typed value catch up when the drag pauses
        same_shape = (tuple(self.state.network.sizes), self.state.network.biases is not None) == self._sizes
        self._later.when(self.state.live and same_shape)

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
            if self.typed.value != value:
                # showing the state's value is not typing one: no second recomputation
                self._showing = True
                try:
                    self.typed.value = value
                finally:
                    self._showing = False
        self.picked.widget.disabled = self.typed.disabled = not self.state.selected

    def __panel__(self):
        return self._panel


def _value(net, element: str) -> float:
    index = list(map(int, element[1:].split(".")))
    if element[0] == "w":
        return float(net.weights[index[0]][index[1], index[2]])
    return float(net.biases[index[0]][index[1]])


class SampleControls(pn.viewable.Viewer):
    """Sliders for the inputs xᵢ and the targets y_k, and η as a slider and a typed number."""

    state = param.ClassSelector(class_=LabState, doc="The state the sliders edit.")

    def __init__(self, **params):
        super().__init__(**params)
        self._panel = pn.Column(sizing_mode="stretch_width", css_classes=["sample-controls"])
        self._sliders: list[tuple[str, int, _Slider]] = []
        self._size = None
        self.eta_slider = pn.widgets.FloatSlider.from_param(
            self.state.param.learning_rate, name="learning rate η", step=0.01, css_classes=["eta-slider"],
            sizing_mode="stretch_width",
        )
        self.eta_input = pn.widgets.FloatInput.from_param(
            self.state.param.learning_rate, name="η (type any value)", css_classes=["eta-input"],
            start=self.state.param.learning_rate.bounds[0], end=self.state.param.learning_rate.bounds[1],
        )
        self._rebuild()

    @param.depends("state.layout", watch=True)
    def _rebuild(self) -> None:
        sizes = self.state.network.sizes
        if (sizes[0], sizes[-1]) == self._size:
            return
        self._size = (sizes[0], sizes[-1])
        self._sliders = []
        for i in range(sizes[0]):
            slider = _Slider(f"x{sub(i)}", float(self.state.x[i]), lambda v, i=i: self.state.set_input(i, v, live=True),
                             f"input-x{i}", -2.0, 2.0)
            self._sliders.append(("x", i, slider))
        for k in range(sizes[-1]):
            name = "y" if sizes[-1] == 1 else f"y{sub(k)}"
            slider = _Slider(f"target {name}", float(self.state.target[k]), lambda v, k=k: self.state.set_target(k, v, live=True),
                             f"target-y{k}", -2.0, 2.0)
            self._sliders.append(("y", k, slider))
        self._panel[:] = [s.widget for _, _, s in self._sliders] + [self.eta_slider, self.eta_input]

    @param.depends("state.x", "state.target", watch=True)
    def _follow(self) -> None:
        for kind, index, slider in self._sliders:
            values = self.state.x if kind == "x" else self.state.target
            if index < len(values):
                slider.show(float(values[index]))

    def __panel__(self):
        return self._panel


class NetworkControls(pn.viewable.Viewer):
    """The preset, the architecture, activations, biases, the seed, reset and randomise."""

    state = param.ClassSelector(class_=LabState, doc="The state these controls set up.")

    def __init__(self, **params):
        super().__init__(**params)
        s = self.state.param
        self.preset = pn.widgets.Select.from_param(
            s.preset, name="preset", options={p.title: name for name, p in PRESETS.items()},
            css_classes=["preset-select"],
        )
        self.architecture = pn.widgets.TextInput.from_param(
            s.architecture, name="architecture (units per layer, inputs first)", css_classes=["architecture-input"],
        )
        self.activation = pn.widgets.Select.from_param(s.activation, name="hidden activation f")
        self.output_activation = pn.widgets.Select.from_param(s.output_activation, name="output activation f")
        self.loss = pn.widgets.Select.from_param(
            s.loss, name="loss E", options={"squared error": "squared_error", "cross-entropy": "cross_entropy"},
            css_classes=["loss-select"])
        self.l1 = pn.widgets.FloatSlider.from_param(s.l1, name="L1 penalty λ₁", step=0.001, css_classes=["l1-slider"])
        self.l2 = pn.widgets.FloatSlider.from_param(s.l2, name="L2 penalty λ₂", step=0.001, css_classes=["l2-slider"])
        self.biases = pn.widgets.Checkbox.from_param(s.biases, name="biases")
        self.seed = pn.widgets.IntInput.from_param(s.seed, name="seed")
        self.randomise = pn.widgets.Button(name="Randomise weights", button_type="default", css_classes=["randomise-button"])
        self.reset = pn.widgets.Button(name="Reset to preset", button_type="default", css_classes=["reset-button"])
        self.randomise.on_click(lambda e: self.state.randomise())
        self.reset.on_click(lambda e: self.state.reset())

    def __panel__(self):
        return pn.Column(
            self.preset, self.architecture,
            pn.Row(self.activation, self.output_activation),
            self.loss,
            pn.Row(self.l1, self.l2),
            pn.Row(self.biases, self.seed),
            pn.Row(self.randomise, self.reset),
            sizing_mode="stretch_width",
        )

