"""The network's controls: the preset, the architecture, activations, loss, penalties, biases, the seed."""
from __future__ import annotations

from functools import partial

import panel as pn
import param

from core import PRESETS, preset as get_preset
from core.inputs import InputError, parse_whole

from .shape import MAX_HIDDEN_LAYERS, MAX_UNITS, parse_architecture
from .typed import TypedNumber
from .views import StateView

CUSTOM = "custom"  # the preset selector's word for a network no preset has


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
