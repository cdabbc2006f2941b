"""The one object that owns the app's state; every view is computed from it.

Inputs a learner can change are params with doc and bounds; what follows from them
(the forward and backward passes, the teaching steps, the diagram's picture) is derived
in `param.depends(..., watch=True)` methods here, never in widget callbacks. Every change
is tried on a copy first: input the core refuses leaves the last good state in place and
puts the reason in `message`.
"""
from __future__ import annotations

import numpy as np
import param

from core import ACTIVATIONS, PRESETS, Network, preset, walkthrough
from core.activations import OUTPUT_ACTIVATIONS
from core.losses import LOSSES

from . import labels
from .layout import layout
from .picture import picture
from .shape import parse_architecture, reshaped, shape_params

WEIGHT_LIMIT = 1e6  # an update that takes a weight past this is refused as diverging


class LabState(param.Parameterized):
    """Everything the simulator shows follows from these params."""

    preset = param.Selector(default="worked_example", objects=list(PRESETS), doc="The ready-made network to start from.")
    architecture = param.String(default="2-1-1", doc="Units per layer, inputs first, such as 2-3-1.")
    activation = param.Selector(default="sigmoid", objects=list(ACTIVATIONS), doc="f of the hidden layers.")
    output_activation = param.Selector(default="sigmoid", objects=list(OUTPUT_ACTIVATIONS), doc="f of the output layer.")
    loss = param.Selector(default="squared_error", objects=list(LOSSES), doc="E, the loss that backward follows down.")
    l1 = param.Number(default=0.0, bounds=(0.0, 10.0), softbounds=(0.0, 0.1),
                      doc="λ₁, the rate of the L1 penalty λ₁ Σ|w| on the weights.")
    l2 = param.Number(default=0.0, bounds=(0.0, 10.0), softbounds=(0.0, 0.1),
                      doc="λ₂, the rate of the L2 penalty λ₂ ½ Σ w² on the weights.")
    biases = param.Boolean(default=False, doc="Give every hidden and output unit a bias b.")
    seed = param.Integer(default=0, bounds=(0, 2**31 - 1), doc="The seed Randomise draws weights from.")
    learning_rate = param.Number(default=0.5, bounds=(1e-6, 1e6), softbounds=(0.01, 5.0), doc="η, the step size of gradient descent.")
    step = param.Integer(default=0, bounds=(0, None), doc="How many steps of the walk-through are shown.")
    updates = param.Integer(default=0, bounds=(0, None), doc="Updates applied since the network was set up.")
    selected = param.String(default=None, allow_None=True, doc="The weight (edge id) picked for editing.")
    message = param.String(default="", doc="Why the last input was refused; empty when all is well.")
    sample_from = param.String(default="", doc=(
        "Where x and y came from when not from the preset or the sliders (training hands its "
        "current example over when paused); empty otherwise."))
    highlight = param.List(default=[], item_type=str, doc=(
        "Diagram ids drawn with a halo: what the lesson's page talks about, what a prediction asks for."))
    plot_width = param.Number(default=labels.PLOT_WIDTH_PX, bounds=(labels.MIN_PLOT_WIDTH_PX, labels.PLOT_WIDTH_PX), doc=(
        "The width in pixels the diagram's labels are placed for: the plot's drawn width as the page "
        "reports it (app/diagram.py), through labels.placement_width."))
    predict = param.Boolean(default=False, doc="Predict before you see: stop before each h, a, δ and Δw and ask for it.")
    lesson = param.Integer(default=0, bounds=(0, None), doc="The lesson's page on screen; 0 while exploring freely.")

    network = param.ClassSelector(class_=Network, doc="The network: weights, biases, activations.")
    x = param.Array(doc="The sample's inputs x, shape (n_in,).")
    target = param.Array(doc="The target y, shape (n_out,).")

    # derived, never set from outside
    forward = param.Parameter(doc="The core's ForwardPass for x.")
    backward = param.Parameter(doc="The core's BackwardPass for x, y and η.")
    steps = param.List(default=[], doc="The teaching steps of this pass.")
    layout = param.Parameter(doc="Where each unit and edge is drawn.")
    picture = param.Parameter(doc="The diagram's column data after `step` steps.")
    practice_deltas = param.Dict(default={}, doc="Node id -> a learner's own δ (Practice tab), drawn beside the true δ.")

    def __init__(self, **params):
        name = params.pop("preset", "worked_example")
        super().__init__(**params)
        self._quiet = False
        self.load_preset(name)

    # -- what a learner does -----------------------------------------------------------------
    def load_preset(self, name: str) -> None:
        """Start over from a preset: its network, sample, target and η, at step 0 (nothing computed
        yet), so that Next and Play start the lesson."""
        p = preset(name)
        self._set_model(
            p.network, p.x, p.target, step=0,
            preset=name, learning_rate=p.learning_rate, updates=0, selected=None, **shape_params(p.network),
        )

    def reset(self) -> None:
        """Back to the current preset as it was loaded."""
        self.load_preset(self.preset)

    def randomise(self) -> None:
        """New weights for the current architecture, drawn from `seed`."""
        sizes = parse_architecture(self.architecture)
        net = Network.random(sizes, seed=self.seed, activation=self.activation,
                             output_activation=self.output_activation, biases=self.biases, loss=self.loss)
        self._set_model(net, self.x, self.target, updates=0)

    def set_weight(self, element: str, value) -> bool:
        """Set weights[l][i, j] (id 'w{l}.{i}.{j}') or biases[l][j] (id 'b{l}.{j}')."""
        value = self._number(value, "a weight")
        if value is None:
            return False
        net = self.network.copy()
        try:
            kind, *index = element[0], *map(int, element[1:].split("."))
            if kind == "w":
                net.weights[index[0]][index[1], index[2]] = value
            elif kind == "b" and net.biases is not None:
                net.biases[index[0]][index[1]] = value
            else:
                raise IndexError
        except (IndexError, ValueError):
            self.message = f"there is no weight called {element!r} in this network"
            return False
        return self._set_model(net, self.x, self.target)

    def set_input(self, i: int, value) -> bool:
        """Set the input xᵢ."""
        value = self._number(value, "an input x")
        if value is None:
            return False
        x = self.x.copy()
        x[i] = value
        return self._set_model(self.network, x, self.target)

    def set_target(self, k: int, value) -> bool:
        """Set the target y_k."""
        value = self._number(value, "a target y")
        if value is None:
            return False
        target = self.target.copy()
        target[k] = value
        return self._set_model(self.network, self.x, target)

    def apply_update(self) -> bool:
        """w ← w + Δw for every weight, then the next pass; refused if it diverges."""
        new = self.network.copy().apply(self.backward)
        big = max(float(np.max(np.abs(w))) for w in new.weights)
        if not np.isfinite(big) or big > WEIGHT_LIMIT:
            self.message = (
                f"this update would take a weight to {big:.3g}: η = {self.learning_rate:g} is too large. "
                "The network is unchanged; lower η and apply again."
            )
            return False
        step = self.step
        if not self._set_model(new, self.x, self.target, updates=self.updates + 1):
            return False
        self.step = min(step, len(self.steps))
        return True

    def show_sample(self, network: Network, x, target, step: int | None = None, sample_from: str = "") -> bool:
        """Show this network on one sample (training hands its current batch's first example here)."""
        if not self._set_model(network, x, target, sample_from=sample_from):
            return False
        if step is not None:
            self.step = min(step, len(self.steps))
        return True

    def restore(self, network: Network, x, target, learning_rate: float, seed: int, step: int, preset: str,
                l1: float = 0.0, l2: float = 0.0) -> bool:
        """Take over a saved or shared state (already checked) as a whole."""
        return self._set_model(
            network, x, target, step=step, learning_rate=learning_rate, seed=seed, preset=preset, updates=0,
            selected=None, l1=l1, l2=l2, **shape_params(network),
        )

    def goto(self, step: int) -> None:
        """Show the first `step` steps (a button, not a drag: everything is drawn at once)."""
        self.step = max(0, min(int(step), len(self.steps)))

    def first(self) -> None:
        self.goto(0)

    def back(self) -> None:
        self.goto(self.step - 1)

    def next(self) -> None:
        self.goto(self.step + 1)

    def last(self) -> None:
        self.goto(len(self.steps))

    @property
    def current_step(self):
        """The step last revealed, or None before the first."""
        return self.steps[self.step - 1] if 0 < self.step <= len(self.steps) else None

    # -- keeping the model consistent --------------------------------------------------------
    def _number(self, value, what: str) -> float | None:
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.message = f"{what} must be a number, got {str(value)[:40]!r}"
            return None
        if not np.isfinite(number) or abs(number) > WEIGHT_LIMIT:
            self.message = f"{what} must be a finite number no larger than {WEIGHT_LIMIT:g} in size, got {value!r}"
            return None
        return number

    def _set_model(self, network: Network, x, target, **others) -> bool:
        """Compute the passes for a candidate state; adopt it only if the core accepts it.

        `step`, if given, is the step to show with it (in the same update, so that the address
        changes once).
        """
        eta = others.get("learning_rate", self.learning_rate)
        # the note on where the sample came from stays while the sample does
        same_sample = (self.x is not None and self.target is not None and np.shape(x) == self.x.shape
                       and np.array_equal(x, self.x) and np.array_equal(target, self.target))
        others.setdefault("sample_from", self.sample_from if same_sample else "")
        try:
            fwd, bwd, steps = walkthrough(network, x, target, eta, l1=others.get("l1", self.l1), l2=others.get("l2", self.l2))
            if not np.isfinite(bwd.loss):
                raise ValueError("the loss is not finite for these weights")
        except ValueError as error:
            self.message = f"not applied: {error}"
            return False
        old = self.network
        same_shape = (
            self.layout is not None and old is not None and network.sizes == old.sizes
            and (network.biases is None) == (old.biases is None)
        )
        lay = self.layout if same_shape else self._layout_for(network)
        step = min(others.pop("step", self.step), len(steps))
        pic = picture(lay, network, fwd, bwd, steps, step, others.get("selected", self.selected),
                      learner=self.practice_deltas, highlight=self.highlight, width_px=self.plot_width)
        values = dict(
            network=network, x=np.asarray(x, dtype=float).copy(), target=np.asarray(target, dtype=float).copy(),
            forward=fwd, backward=bwd, steps=steps, message="", step=step, **others,
        )
        self._quiet = True
        try:
            if same_shape:
                # the diagram first: its data then reaches the page before the formula panes,
                # the URL and the other views that follow the network (measured: bench_serve.py)
                self.picture = pic
                self.param.update(**values)
            else:
                self.param.update(layout=lay, picture=pic, **values)
        finally:
            self._quiet = False
        return True

    def _layout_for(self, network: Network):
        """Where its units go on this plot: a crowded layer's spread out for labels under them."""
        return layout(network.sizes, network.biases is not None, crowded=labels.crowded(network.sizes, self.plot_width))

    @param.depends("learning_rate", "l1", "l2", watch=True)
    def _learning_rate_changed(self) -> None:
        if not self._quiet:
            self._set_model(self.network, self.x, self.target)

    @param.depends("preset", watch=True)
    def _preset_changed(self) -> None:
        if not self._quiet:
            self.load_preset(self.preset)

    @param.depends("architecture", "activation", "output_activation", "biases", "loss", watch=True)
    def _shape_changed(self) -> None:
        """A new architecture draws new weights; a new activation, bias or loss keeps the rest."""
        if self._quiet:
            return
        old = self.network
        try:
            sizes = parse_architecture(self.architecture)
        except ValueError as error:
            self.message = str(error)
            self._quiet = True
            self.architecture = "-".join(map(str, old.sizes))
            self._quiet = False
            return
        try:
            net, x, target = reshaped(old, self.x, self.target, sizes, self.seed, activation=self.activation,
                                      output_activation=self.output_activation, biases=self.biases, loss=self.loss)
        except ValueError as error:  # a loss and output that do not go together, say
            self._quiet = True
            self.param.update(**shape_params(old))
            self._quiet = False
            self.message = f"not applied: {error}"
            return
        if self._set_model(net, x, target, updates=0, selected=None) and sizes != old.sizes:
            self.step = len(self.steps)

    @param.depends("plot_width", watch=True, on_init=False)
    def _refit(self) -> None:
        """A plot of another width: its crowded layers may now stack their labels, or no longer."""
        if self._quiet or self.layout is None:
            return
        lay = self._layout_for(self.network)
        if lay != self.layout:
            self.layout = lay
        self._draw()

    @param.depends("step", "selected", "practice_deltas", "highlight", watch=True)
    def _draw(self) -> None:
        if self._quiet or self.layout is None or self.forward is None:
            return
        self.picture = picture(self.layout, self.network, self.forward, self.backward,
                               self.steps, self.step, self.selected,
                               learner=self.practice_deltas, highlight=self.highlight, width_px=self.plot_width)
