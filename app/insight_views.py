"""Two views of what backward does: vanishing gradients per layer, and the gradient check."""
from __future__ import annotations

import numpy as np
import panel as pn
import param
from bokeh.models import ColumnDataSource, DataTable, NumberFormatter, ScientificFormatter, TableColumn

from core import Network
from core.diagnostics import DERIVATIVE_BOUND, check_rule, layer_statistics

from . import flow, theme
from .charts import figure, on_paper
from .picture import sub, weight_name
from .state import LabState
from .training import TrainingState
from .views import StateView

COMPARE = {"sigmoid": theme.NEGATIVE, "tanh": theme.POSITIVE, "relu": theme.FORWARD}
CHECK_TOLERANCE = 1e-6  # relative error below which a gradient counts as right
CHART_PX = 430  # each chart's width where there is room; narrower on a phone (app/flow.py)



def vanishing_data(network: Network, x, target, learning_rate: float) -> dict:
    """mean |δ| and ‖Δw‖/‖w‖ per layer for this network, and for it with each hidden activation swapped."""
    layers = list(range(1, network.n_layers + 1))
    data = {"layer": layers}
    for name in COMPARE:
        variant = Network(network.weights, network.biases, name, network.output_activation, network.loss)
        bwd = variant.backward(variant.forward(x), target, learning_rate)
        stats = layer_statistics(variant, bwd)
        data[f"delta_{name}"] = stats.mean_abs_delta
        data[f"step_{name}"] = stats.relative_step
    bwd = network.backward(network.forward(x), target, learning_rate)
    stats = layer_statistics(network, bwd)
    data["delta"] = stats.mean_abs_delta
    data["step"] = stats.relative_step
    data["bound"] = stats.bound
    return data


class VanishingView(StateView):
    """mean |δ| per layer on a log scale, for the current pass and the same weights with sigmoid, tanh and ReLU."""

    training = param.ClassSelector(class_=TrainingState, doc="The training whose history is shown.")
    active = param.Boolean(default=True, doc="Whether the view is on screen; off screen it waits.")

    def __init__(self, **params):
        super().__init__(**params)
        self.source = ColumnDataSource(self._data(), name="vanishing")
        self.history = ColumnDataSource(self._history(), name="delta_history")
        self.deltas = figure(width=CHART_PX, height=320, y_axis_type="log", title="mean |δ| per layer (this pass)",
                             tools="hover", toolbar_location=None, name="delta-figure")
        for name, colour in COMPARE.items():
            self.deltas.line("layer", f"delta_{name}", source=self.source, line_color=colour, line_width=2,
                             legend_label=f"hidden f = {name}")
            self.deltas.scatter("layer", f"delta_{name}", source=self.source, color=colour, size=7)
        self.deltas.line("layer", "bound", source=self.source, line_color=theme.TEXT, line_dash="dotted",
                         line_width=2, legend_label="bound from max f′")
        self._bound_item = self.deltas.legend.items[-1]
        self.deltas.xaxis.axis_label = "layer (1 = first hidden, last = output)"
        self.deltas.legend.location = "bottom_right"
        self.steps = figure(width=CHART_PX, height=320, y_axis_type="log", title="relative step ‖Δw‖ / ‖w‖ per layer",
                            tools="hover", toolbar_location=None, name="step-figure")
        for name, colour in COMPARE.items():
            self.steps.line("layer", f"step_{name}", source=self.source, line_color=colour, line_width=2,
                            legend_label=name)
        self.steps.legend.location = "bottom_right"
        self.over_training = figure(width=CHART_PX, height=280, y_axis_type="log",
                                    title="mean |δ| per layer over training (training tab)",
                                    tools="", toolbar_location=None, name="delta-history-figure")
        self._history_lines = []
        self._history_keys = None
        for fig in (self.deltas, self.steps, self.over_training):
            fig.xaxis.ticker.desired_num_ticks = 6
        self.over_training.xaxis.axis_label = "epoch"
        for fig in (self.deltas, self.steps, self.over_training):
            on_paper(fig)
        self.table = pn.pane.Markdown(css_classes=["vanishing-table"], margin=(0, 10))
        self._redraw()
        self._redraw_history()

    def _data(self) -> dict:
        s = self.state
        return vanishing_data(s.network, s.x, s.target, s.learning_rate)

    def _history(self) -> dict:
        h = self.training.history
        return {k: list(v) for k, v in h.items() if k == "epoch" or k.startswith("delta")}

    @param.depends("state.backward", "active", watch=True)
    def _redraw(self) -> None:
        if not self.active:  # recomputed when its tab is opened, not on every drag elsewhere
            return
        data = self._data()
        self.source.data = data
        f = self.state.network.activations[0]
        # the bound of the activation in use, and a tick per layer (layers are whole numbers)
        self._bound_item.label = {"value": f"bound from max f′ ({DERIVATIVE_BOUND[f]:g} for {f})"}
        ticks = list(data["layer"])
        for fig in (self.deltas, self.steps):
            fig.xaxis.ticker = ticks
        rows = "\n".join(
            f"| {layer} | {d:.3g} | {b:.3g} | {r:.3g} |"
            for layer, d, b, r in zip(data["layer"], data["delta"], data["bound"], data["step"])
        )
        self.table.object = (
            f"Current network (hidden f = **{f}**, max f′ = {DERIVATIVE_BOUND[f]:g}): each layer down "
            "multiplies δ by Σ W f′(h), so with sigmoid it shrinks by at least 75 % per layer when |W| ≤ 1.\n\n"
            "| layer | mean abs δ | bound | ‖Δw‖/‖w‖ |\n|---|---|---|---|\n" + rows
        )

    @param.depends("training.history", "active", watch=True)
    def _redraw_history(self) -> None:
        if not self.active:  # while Play runs on the training tab, this would redraw every frame unseen
            return
        data = self._history()
        layers = [k for k in data if k.startswith("delta")]
        if self._history_keys != set(data):
            # new layers, or the first drawing: history recorded before this tab was made is drawn too
            self._history_keys = set(data)
            self.history.data = data
            for renderer in self._history_lines:
                renderer.visible = False
            self._history_lines = [
                self.over_training.line("epoch", key, source=self.history, line_width=2,
                                        line_color=theme.SERIES[k % len(theme.SERIES)],
                                        line_dash=theme.SERIES_DASH[k // len(theme.SERIES) % len(theme.SERIES_DASH)],
                                        legend_label=f"layer {key[5:]}")
                for k, key in enumerate(layers)
            ]
            on_paper(self.over_training)  # its legend is new
        else:
            self.history.data = data

    def __panel__(self):
        return pn.Column(
            pn.pane.Markdown(
                "**Vanishing gradients.** The lesson: the sigmoid's slope is at most 0.25, so δ shrinks by at "
                "least 75 % at each layer it passes back through. Load the *deep sigmoid chain* preset and "
                "compare the same weights with tanh and ReLU.", margin=(0, 10)),
            flow.row(flow.cell(self.deltas, width=CHART_PX), flow.cell(self.steps, width=CHART_PX)),
            flow.row(flow.cell(self.table, width=CHART_PX), flow.cell(self.over_training, width=CHART_PX)),
            sizing_mode="stretch_width",
        )


class GradientCheckView(StateView):
    """Compare every Δw with finite differences; a toggle breaks the rule by dropping f′(h)."""

    broken = param.Boolean(default=False, doc="Drop the f′(h) factor from every δ (a wrong backward pass).")
    active = param.Boolean(default=True, doc="Whether the view is on screen; off screen it checks when opened.")

    def __init__(self, **params):
        super().__init__(**params)
        self.button = pn.widgets.Button(name="Check gradients", button_type="primary", css_classes=["gradcheck-run"])
        self.button.on_click(lambda e: self.run())
        self.toggle = pn.widgets.Checkbox.from_param(self.param.broken, name="broken rule: drop f′(h) from δ",
                                                     css_classes=["gradcheck-broken"])
        self.source = ColumnDataSource({"weight": [], "analytic": [], "numeric": [], "error": []}, name="gradcheck")
        number = NumberFormatter(format="0.000000000")
        # no row numbers, and widths in proportion to what each column holds: on a phone an
        # 11-digit Δw still fits whole, and so do the short titles
        self.table = DataTable(source=self.source, height=280, sizing_mode="stretch_width", index_position=None,
                               columns=[
            TableColumn(field="weight", title="weight", width=50),
            TableColumn(field="analytic", title="Δw from backward", formatter=number, width=110),
            TableColumn(field="numeric", title="Δw from ±ε", formatter=number, width=110),
            TableColumn(field="error", title="relative error", formatter=ScientificFormatter(precision=2), width=80),
        ])
        self.summary = pn.pane.Markdown(css_classes=["gradcheck-summary"], margin=(0, 10))
        self._stale = True
        self._follow()

    @param.depends("state.network", "state.x", "state.target", "state.learning_rate", "broken", "active",
                   watch=True)
    def _follow(self) -> None:
        """The table always belongs to the network shown: checked again on every change while on screen."""
        if self.active:
            self.run()
        else:  # checked when the tab is opened again
            self._stale = True

    def run(self) -> float:
        """Check every weight of the lab's network on its sample; the worst relative error."""
        s = self.state
        result = check_rule(s.network, s.x, s.target, s.learning_rate, broken=self.broken, l1=s.l1, l2=s.l2)
        rows = {"weight": [], "analytic": [], "numeric": [], "error": []}
        sizes = s.network.sizes

        def add(name, value, numeric):
            scale = abs(value) + abs(numeric)
            rows["weight"].append(name)
            rows["analytic"].append(float(value))
            rows["numeric"].append(float(numeric))
            rows["error"].append(0.0 if scale == 0 else float(abs(value - numeric) / scale))

        for l, (a, n) in enumerate(zip(result.analytic, result.numeric)):
            for (i, j), value in np.ndenumerate(a):
                add(weight_name(sizes, l, i, j), value, n[i, j])
        for l, (a, n) in enumerate(zip(result.bias_analytic, result.bias_numeric)):
            for j, value in enumerate(a):
                add(f"b{sub(j)} of layer {l + 1}", value, n[j])
        self.source.data = rows
        self._stale = False
        worst = result.max_relative_error
        verdict = "**passes**" if worst < CHECK_TOLERANCE else "**fails**: this backward pass is wrong"
        rule = "the broken rule (no f′(h))" if self.broken else "the lesson's rule"
        self.summary.object = (
            f"With {rule}, the worst relative error per layer is {worst:.2e} over {len(rows['weight'])} "
            f"weights{' and biases' if result.bias_analytic else ''} of the {'-'.join(map(str, sizes))} "
            f"network shown: the check {verdict} (tolerance {CHECK_TOLERANCE:g})."
        )
        return worst

    def __panel__(self):
        return pn.Column(
            pn.pane.Markdown(
                "**Gradient check.** Each weight is nudged by ±ε and the loss measured; −η ∂E/∂w from those "
                "differences must equal backward's Δw = η δ a.", margin=(0, 10)),
            flow.row(self.button, self.toggle), self.summary,
            pn.pane.Bokeh(self.table, sizing_mode="stretch_width", stylesheets=[theme.TABLE_CSS]),
            sizing_mode="stretch_width",
        )
