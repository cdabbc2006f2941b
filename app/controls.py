"""Widgets that change the state: weights, the sample, η, the preset and the architecture."""
from __future__ import annotations

from functools import partial

import panel as pn
import param

from core import PRESETS, preset as get_preset
from core.inputs import InputError, parse_number, parse_whole

from . import theme
from .pacing import Trailing
from .panel_compat import LiveSlider, children_sent, one_message
from .picture import sub, weight_name
from .state import MAX_HIDDEN_LAYERS, MAX_UNITS, WEIGHT_LIMIT, LabState, parse_architecture
from .typed import TypedNumber, shortest
from .views import StateView

CUSTOM = "custom"  # the preset selector's word for a network no preset has

SLIDER_RANGE = 5.0  # sliders span ±5, or more when a weight has grown past that


def _css(element: str) -> str:
    """A CSS class for a diagram id: 'w0.1.0' -> 'weight-w0-1-0' (stable names for tests)."""
    return "weight-" + element.replace(".", "-")


def _span(value: float) -> float:
    return max(SLIDER_RANGE, abs(value) * 1.25)


def _clean(value):
    """`value` to 12 significant digits: a slider step's float noise gone, any typed value kept."""
    try:
        return float(f"{float(value):.12g}")
    except (TypeError, ValueError):
        return value


class _Slider:
    """A LiveSlider that sends drags to the state and follows the state's value back.

    A value reaches `on_change` once, whichever way it comes first: from the page as Bokeh
    applies it (`LiveSlider.on_page_change`), or as the widget's `value` set in Python.
    """

    def __init__(self, name: str, value: float, on_change, css: str, start: float | None = None,
                 end: float | None = None, on_release=None):
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
        self._on_release = on_release
        self._moved = False  # the page has moved the handle since it was last let go
        # the page sets value_throttled when the handle is let go, and in the static site also
        # when Python has moved the handle (a trained network's weights): only a move counts
        self.widget.param.watch(self._let_go, "value_throttled")

    def _changed(self, event) -> None:
        if not self._syncing:
            self._take(event.new)

    def _take(self, value) -> None:
        # Panel's update of a value the page sent and was answered, or the page's echo of a value
        # Python gave it (the static site's slider sends it back): the same value, unrounded
        if value == self._handled:
            return
        # the page's slider adds its steps in floating point: a drag to 3.03 sends
        # 3.030000000000001, which the diagram rounds but a shared link would carry in full
        value = _clean(value)
        if value == self._handled:
            return
        self._moved = True
        # every model the change touches goes to the page in one message, not one each
        with one_message():
            self._on_change(value)
        # only now: should on_change fail, Panel's own update of `value` tries once more,
        # on Panel's path, whose error handling shows the failure
        self._handled = value

    def _let_go(self, event) -> None:
        if self._moved and self._on_release is not None:
            self._moved = False
            self._on_release()

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


class WeightControls(StateView):
    """A slider per weight and bias, grouped by layer; for big networks, one slider for the picked edge."""

    def __init__(self, **params):
        super().__init__(**params)
        self._panel = pn.Column(sizing_mode="stretch_width", css_classes=["weight-controls"])
        self._sliders: dict[str, _Slider] = {}
        self._sizes = None
        self._showing = False
        self._later = Trailing(self._follow)
        self.picked = _Slider("picked weight", 0.0, lambda v: self._set_picked(v, live=True), "weight-picked",
                              on_release=self._released)
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
        slider = _Slider(name, float(value), lambda v, e=element: self.state.set_weight(e, v, live=True), _css(element),
                         on_release=self._released)
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
        self._sliders: list[tuple[str, int, _Slider]] = []
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
            slider = _Slider(f"x{sub(i)}", float(self.state.x[i]), lambda v, i=i: self.state.set_input(i, v, live=True),
                             f"input-x{i}", -2.0, 2.0, on_release=self._released)
            self._sliders.append(("x", i, slider))
        for k in range(sizes[-1]):
            name = "y" if sizes[-1] == 1 else f"y{sub(k)}"
            slider = _Slider(f"target {name}", float(self.state.target[k]), lambda v, k=k: self.state.set_target(k, v, live=True),
                             f"target-y{k}", -2.0, 2.0, on_release=self._released)
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


class NetworkControls(StateView):
    """The preset, the architecture, activations, biases, the seed, reset and randomise."""

    def __init__(self, **params):
        super().__init__(**params)
        s = self.state.param
        # a plain Select, not from_param: it also says "custom" for a network no preset has
        self.preset = pn.widgets.Select(
            name="preset", options={**{p.title: name for name, p in PRESETS.items()}, "custom network": CUSTOM},
            value=self._preset_shown(), css_classes=["preset-select"],
        )
        self._showing_preset = False
        self.preset.param.watch(self._preset_picked, "value")
        self.architecture = TypedNumber("architecture (units per layer, inputs first)", _read_architecture,
                                        self._typed_architecture, lambda: self.state.architecture,
                                        "architecture-input")
        self.activation = pn.widgets.Select.from_param(s.activation, name="hidden activation f",
                                                       css_classes=["activation-select"])
        self.output_activation = pn.widgets.Select.from_param(s.output_activation, name="output activation f")
        self.loss = pn.widgets.Select.from_param(
            s.loss, name="loss E", options={"squared error": "squared_error", "cross-entropy": "cross_entropy"},
            css_classes=["loss-select"])
        self.l1 = pn.widgets.FloatSlider.from_param(s.l1, name="L1 penalty λ₁", step=0.001, css_classes=["l1-slider"])
        self.l2 = pn.widgets.FloatSlider.from_param(s.l2, name="L2 penalty λ₂", step=0.001, css_classes=["l2-slider"])
        self.biases = pn.widgets.Checkbox.from_param(s.biases, name="biases")
        self.seed = TypedNumber("seed", partial(parse_whole, what="the seed", lo=0, hi=s.seed.bounds[1]),
                                self._typed_seed, lambda: str(self.state.seed), "seed-input")
        self.randomise = pn.widgets.Button(name="Randomise weights", button_type="default", css_classes=["randomise-button"])
        self.reset = pn.widgets.Button(name="Reset to preset", button_type="default", css_classes=["reset-button"])
        self.randomise.on_click(lambda e: self._randomise())
        self.reset.on_click(lambda e: self.state.reset())

    def _randomise(self) -> None:
        # the next seed each press, shown in its box: the same seed twice would draw the same weights
        self.state.seed = (self.state.seed + 1) % (self.state.param.seed.bounds[1] + 1)
        self.state.randomise()

    def _typed_seed(self, value: int) -> str:
        self.state.seed = value
        return ""

    def _typed_architecture(self, text: str) -> str:
        self.state.architecture = text
        if self.state.architecture != text:  # refused by the state: its message says why
            raise InputError(self.state.message)
        return ""

    def _preset_shown(self) -> str:
        """The preset's name while the network has its shape and activations; "custom" otherwise."""
        net, p = self.state.network, get_preset(self.state.preset).network
        same = (net.sizes == p.sizes and net.activations == p.activations
                and (net.biases is None) == (p.biases is None))
        return self.state.preset if same else CUSTOM

    def _preset_picked(self, event) -> None:
        if self._showing_preset:
            return
        if event.new == CUSTOM:
            self._follow()  # "custom" is a description, not something to load
        elif event.new != self.state.preset:
            self.state.preset = event.new
        else:  # the same preset again, after the network became custom: start it over
            self.state.load_preset(event.new)

    @param.depends("state.network", "state.preset", "state.seed", "state.architecture", watch=True)
    def _follow(self) -> None:
        shown = self._preset_shown()
        if self.preset.value != shown:
            self._showing_preset = True  # showing the state's preset is not picking one
            try:
                self.preset.value = shown
            finally:
                self._showing_preset = False
        self.seed.follow(clear_if_changed=True)
        self.architecture.follow(clear_if_changed=True)

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



def _read_architecture(text: str) -> str:
    """'2-3-1' as the state writes it; each part read by the app's rule for whole numbers."""
    if not isinstance(text, str) or not text.strip():
        raise InputError("the architecture is empty: type units per layer, inputs first, like 2-3-1")
    parts = text.replace(",", "-").split("-")
    try:
        sizes = [parse_whole(p, "each layer", 1, MAX_UNITS) for p in parts]
        return "-".join(map(str, parse_architecture("-".join(map(str, sizes)))))
    except InputError as error:
        raise InputError(f"{error}: write units per layer, inputs first, like 2-3-1 "
                         f"(1 to {MAX_UNITS} units, at most {MAX_HIDDEN_LAYERS} hidden layers)") from None
    except ValueError as error:
        raise InputError(str(error)) from None
