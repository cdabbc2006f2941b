"""Training mode on screen: data and output heatmap, loss curves, per-unit maps, play/pause."""
from __future__ import annotations

import time

import numpy as np
import panel as pn
import param
from bokeh.models import ColumnDataSource, LinearColorMapper

from functools import partial

from core.datasets import ALL_DATASETS, PROBLEMS
from core.features import FEATURES
from core.inputs import InputError, parse_whole

from . import theme, uploads
from .panel_compat import one_message
from .repeating import Repeating
from .training import TrainingState
from .training_data import EXTENT, MAX_CSV_BYTES, outside_plot
from .typed import TypedNumber

# vermillion (label 0) through white to blue (label 1): the weight colours, colour-blind safe
PALETTE = [
    "#%02x%02x%02x" % tuple(int(round(c0 + (c1 - c0) * t)) for c0, c1 in zip(a, b))
    for a, b, steps in (((0xD5, 0x5E, 0x00), (0xFF, 0xFF, 0xFF), 128), ((0xFF, 0xFF, 0xFF), (0x00, 0x72, 0xB2), 128))
    for t in np.linspace(0, 1, steps)
]
# one colour per class, Okabe-Ito (colour-blind safe): orange, sky blue, bluish green, reddish purple
CLASS_COLOURS = ["#E69F00", "#56B4E9", "#009E73", "#CC79A7"]
CLASS_ALPHA = 0.45  # the class regions are paler than the points drawn on them in the same colours
REGRESSION_RANGE = (-1.0, 1.0)  # the output surface's colours: vermillion at -1, white at 0, blue at 1
UNIT_MAP_SIZE = 2 * EXTENT  # each unit's map is drawn as a square of this side
# Play trains an epoch and sends the output heatmap every 20 ms; the rest follows at most 10
# times a second: a loss-curve point re-measures that plot's axes in the browser, and the per-unit
# maps and the status line are read, not watched. Measured (benchmarks/bench_training.py, 2
# cores, painted updates per second): 30 ms gave 32 served / 33 static, 20 ms 41 / 42, 15 ms
# 26-40 / 36-53 (the browser then paints less often than updates arrive, and a served class
# pays twice the server's CPU for it)
PLAY_PERIOD_MS = 20
SECONDARY_PERIOD_S = 0.1


def figure(*args, **kwargs):
    """bokeh.plotting.figure, imported when this tab is first opened: importing bokeh.plotting
    costs the static site ~0.3-0.45 s of start-up in Pyodide, and the start-up view has no use for it."""
    from bokeh.plotting import figure as make_figure
    return make_figure(*args, **kwargs)


CSV_HINT = (f"**Your own data set**: a CSV file of rows `x1,x2,label` (numbers, label 0 or 1; a header line is "
            f"allowed), up to {MAX_CSV_BYTES // 1000} kB. The plot shows x₁ and x₂ from −{EXTENT} to {EXTENT}.")


def _escape(text: str) -> str:
    """Text for a Markdown pane, shown as typed (a file name or a message may hold markup)."""
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("*", "&#42;"), ("_", "&#95;"),
                         ("`", "&#96;"), ("[", "&#91;"), ("#", "&#35;"), ("|", "&#124;")):
        text = text.replace(char, entity)
    return text


class TrainingView(pn.viewable.Viewer):
    """Widgets and Bokeh figures over one TrainingState."""

    training = param.ClassSelector(class_=TrainingState, doc="The training state drawn.")
    active = param.Boolean(default=True, doc="Whether the view is on screen (its tab is open).")

    def __init__(self, **params):
        super().__init__(**params)
        t = self.training
        self._callback = None
        self._secondary_drawn = 0.0
        self.problem = pn.widgets.Select.from_param(
            t.param.problem, name="problem", options={title: key for key, title in PROBLEMS.items()},
            css_classes=["problem-select"])
        self.dataset = pn.widgets.Select.from_param(t.param.dataset, name="data set", css_classes=["dataset-select"])
        self.features = pn.widgets.CheckButtonGroup.from_param(
            t.param.features, name="input features", options={f.label: key for key, f in FEATURES.items()},
            css_classes=["feature-buttons"])
        lab = t.lab.param
        self.learning_rate = pn.widgets.FloatSlider.from_param(lab.learning_rate, name="η", step=0.01,
                                                               css_classes=["train-eta"])
        self.l1 = pn.widgets.FloatSlider.from_param(lab.l1, name="L1 rate λ₁", step=0.001, css_classes=["train-l1"])
        self.l2 = pn.widgets.FloatSlider.from_param(lab.l2, name="L2 rate λ₂", step=0.001, css_classes=["train-l2"])
        self.confusion = pn.pane.Markdown(css_classes=["train-confusion"], margin=(0, 10))
        self.n_points = pn.widgets.IntSlider.from_param(t.param.n_points, name="points", step=10)
        self.noise = pn.widgets.FloatSlider.from_param(t.param.noise, name="noise", step=0.01)
        self.test_fraction = pn.widgets.FloatSlider.from_param(t.param.test_fraction, name="test share", step=0.05)
        lo, hi = t.param.batch_size.bounds
        self.batch_size = TypedNumber("batch size", partial(parse_whole, what="the batch size", lo=lo, hi=hi),
                                      self._typed_batch, lambda: str(t.batch_size), "batch-input")
        self.upload = pn.widgets.FileInput(accept=".csv,.txt", name="your own CSV (x1,x2,label)",
                                           css_classes=["csv-input", *uploads.limit_classes(MAX_CSV_BYTES)])
        self.upload.param.watch(self._uploaded, "value")
        self.upload_hint = pn.pane.Markdown(CSV_HINT, css_classes=["csv-hint"], margin=(0, 10))
        self.upload_note = pn.pane.Markdown("", css_classes=["csv-note"], margin=(0, 10))
        self.play = pn.widgets.Toggle(name="▶ Play", button_type="success", css_classes=["train-play"], width=100)
        self.play.param.watch(self._toggled, "value")
        self.epoch_button = pn.widgets.Button(name="One epoch", css_classes=["train-epoch"], width=100)
        self.batch_button = pn.widgets.Button(name="One batch", css_classes=["train-batch"], width=100)
        self.restart_button = pn.widgets.Button(name="Restart", css_classes=["train-restart"], width=90)
        self.default_button = pn.widgets.Button(name="Use 2-8-8-1 tanh", css_classes=["train-default"], width=150)
        self.back_button = pn.widgets.Button(name="Go back to the last finite state", button_type="warning",
                                             css_classes=["train-go-back"], visible=False)
        self.epoch_button.on_click(lambda e: self._step(t.one_epoch))
        self.batch_button.on_click(lambda e: self._step(t.one_batch))
        self.restart_button.on_click(lambda e: t.restart())
        self.default_button.on_click(lambda e: t.use_default_network())
        self.back_button.on_click(lambda e: t.go_back())
        self.status = pn.pane.Markdown(css_classes=["train-status"], margin=(0, 10))
        self.mapper = LinearColorMapper(palette=PALETTE, low=0, high=1)

        self.field = ColumnDataSource({"image": [t.heatmap]}, name="heatmap")
        self.points = ColumnDataSource(self._points(), name="points")
        self.curve = ColumnDataSource(self._curve(), name="loss_curve")
        self.maps = ColumnDataSource(self._maps(), name="unit_maps")
        self.plane = self._plane_figure()
        self.loss = self._loss_figure()
        self.units = self._units_figure()
        self._problem_shown()
        self._redraw()

    # -- figures -------------------------------------------------------------------------------
    def _plane_figure(self):
        fig = figure(width=360, height=360, x_range=(-EXTENT, EXTENT), y_range=(-EXTENT, EXTENT),
                     title="ŷ over the input plane (blue: 1, vermillion: 0)", tools="", toolbar_location=None,
                     name="plane")
        self._image = fig.image(image="image", x=-EXTENT, y=-EXTENT, dw=2 * EXTENT, dh=2 * EXTENT,
                                source=self.field, color_mapper=self.mapper)
        fig.scatter("x1", "x2", source=self.points, marker="marker", size=7, fill_color="colour",
                    line_color=theme.TEXT, line_width=0.8)
        fig.xaxis.axis_label, fig.yaxis.axis_label = "x₁", "x₂"
        return fig

    def _loss_figure(self):
        fig = figure(width=360, height=260, title="loss E per epoch", tools="", toolbar_location=None,
                     name="loss-figure")
        fig.line("epoch", "train", source=self.curve, line_color=theme.POSITIVE, line_width=2, legend_label="train")
        fig.line("epoch", "test", source=self.curve, line_color=theme.NEGATIVE, line_width=2,
                 line_dash="dashed", legend_label="test")
        fig.xaxis.axis_label = "epoch"
        fig.legend.location = "top_right"
        return fig

    def _units_figure(self):
        fig = figure(width=420, height=260, title="each hidden unit's a over the plane (layer.unit)",
                     tools="", toolbar_location=None, match_aspect=True, name="unit-maps")
        mapper = LinearColorMapper(palette=PALETTE, low=-1, high=1)
        fig.image(image="image", x="x", y="y", dw="dw", dh="dh", source=self.maps, color_mapper=mapper)
        fig.text("x", "label_y", text="label", source=self.maps, text_font_size="9px")
        fig.axis.visible = False
        fig.grid.visible = False
        return fig

    # -- data for the figures ------------------------------------------------------------------
    def _points(self) -> dict:
        t = self.training
        xs = [t.x_train, t.x_test]
        ys = [t.y_train, t.y_test]
        data = {"x1": [], "x2": [], "colour": [], "marker": []}
        for x, y, marker in zip(xs, ys, ("circle", "triangle")):
            if x is None:
                continue
            data["x1"] += x[:, 0].tolist()
            data["x2"] += x[:, 1].tolist()
            data["colour"] += self._colours(y)
            data["marker"] += [marker] * len(x)
        return data

    def _colours(self, y) -> list[str]:
        """Each point's colour: its class's (K classes), blue or vermillion (2), its value's (regression)."""
        problem = self.training.problem
        if problem == "classes" and y.shape[-1] > 1:
            return [CLASS_COLOURS[k % len(CLASS_COLOURS)] for k in np.argmax(y, axis=1)]
        if problem == "regression":
            low, high = REGRESSION_RANGE
            index = np.clip(((y[:, 0] - low) / (high - low) * (len(PALETTE) - 1)).round().astype(int), 0, len(PALETTE) - 1)
            return [PALETTE[i] for i in index]
        return [theme.POSITIVE if v >= 0.5 else theme.NEGATIVE for v in y[:, 0]]

    @param.depends("training.problem", "training.dataset", "training.features", watch=True)
    def _problem_shown(self) -> None:
        """The heatmap's colours and title, the data sets offered and the default network, for this problem."""
        t = self.training
        self.default_button.name = f"Use {t.default_architecture} tanh"
        names = [n for n, d in ALL_DATASETS.items() if d.problem == t.problem]
        self.dataset.options = {ALL_DATASETS[n].title: n for n in names} | (
            {"your own CSV": "custom"} if t.problem == "binary" else {})
        if t.problem == "classes":
            k = t.classes
            self.mapper.update(palette=CLASS_COLOURS[:k], low=-0.5, high=k - 0.5)
            self._image.glyph.global_alpha = CLASS_ALPHA
            self.plane.title.text = f"predicted class over the plane, {k} colours"
        elif t.problem == "regression":
            self.mapper.update(palette=PALETTE, low=REGRESSION_RANGE[0], high=REGRESSION_RANGE[1])
            self._image.glyph.global_alpha = 1.0
            self.plane.title.text = "ŷ over the plane (blue 1, white 0, vermillion −1)"
        else:
            self.mapper.update(palette=PALETTE, low=0, high=1)
            self._image.glyph.global_alpha = 1.0
            self.plane.title.text = "ŷ over the input plane (blue: 1, vermillion: 0)"

    def _curve(self) -> dict:
        h = self.training.history
        return {"epoch": list(h.get("epoch", [])), "train": list(h.get("train", [])), "test": list(h.get("test", []))}

    def _redraw_curve(self) -> None:
        """Send the loss curve's new points alone while the history only grows (its whole length otherwise)."""
        old, new = self.curve.data, self._curve()
        n = len(old["epoch"])
        if n and len(new["epoch"]) > n and new["epoch"][n - 1] == old["epoch"][-1] and new["train"][n - 1] == old["train"][-1]:
            self.curve.stream({key: values[n:] for key, values in new.items()})
        else:
            self.curve.data = new

    def _maps(self) -> dict:
        data = {"image": [], "x": [], "y": [], "dw": [], "dh": [], "label": [], "label_y": []}
        for layer, unit, image in self.training.unit_maps:
            x = unit * (UNIT_MAP_SIZE + 0.4)
            y = -(layer - 1) * (UNIT_MAP_SIZE + 1.0)
            # each map is drawn ~40 px wide: every other point, in float32, is plenty and 8 times smaller to send
            data["image"].append(np.ascontiguousarray(image[::2, ::2], dtype=np.float32))
            data["x"].append(x)
            data["y"].append(y)
            data["dw"].append(UNIT_MAP_SIZE)
            data["dh"].append(UNIT_MAP_SIZE)
            data["label"].append(f"{layer}.{unit + 1}")
            data["label_y"].append(y + UNIT_MAP_SIZE + 0.1)
        return data

    def _typed_batch(self, value: int) -> str:
        self.training.batch_size = value
        return ""

    @param.depends("training.batch_size", watch=True)
    def _batch_changed(self) -> None:
        self.batch_size.follow(clear_if_changed=True)

    @param.depends("active", watch=True)
    def _shown(self) -> None:
        if self.active:
            self.training.refresh()

    @param.depends("training.history", "training.heatmap", watch=True)
    def _redraw(self) -> None:
        t = self.training
        self.field.data = {"image": [t.heatmap]}
        # the loss curve, the per-unit maps and the status line follow at most every
        # SECONDARY_PERIOD_S while Play runs, so the browser's time goes to the output heatmap:
        # a changed line of text makes it restyle the page, a curve point re-measure the curve's axes
        if not t.running or time.monotonic() - self._secondary_drawn >= SECONDARY_PERIOD_S:
            self._redraw_secondary()

    def _redraw_secondary(self) -> None:
        self._secondary_drawn = time.monotonic()
        self._redraw_curve()
        t = self.training
        maps = self._maps()
        if all(maps[key] == self.maps.data[key] for key in maps if key != "image"):
            self.maps.data["image"] = maps["image"]  # the same units in the same places: send the pictures only
        else:
            self.maps.data = maps
        train = t.history["train"][-1] if t.history.get("train") else float("nan")
        test = t.history["test"][-1] if t.history.get("test") else float("nan")
        status = f"**Epoch** {t.epoch} · **train loss** {train:.4g} · **test loss** {test:.4g}"
        if t.problem != "regression":
            # a diverged network's outputs are NaN: it has no accuracy to report
            accuracy = "diverged" if t.diverged else f"{100 * t.accuracy('test'):.1f} %"
            status += f" · **test accuracy** {accuracy}"
        self.status.object = status
        self.confusion.object = _confusion_table(t.confusion("test"))

    @param.depends("training.x_train", "training.x_test", "training.problem", watch=True)
    def _new_data(self) -> None:
        self.points.data = self._points()

    @param.depends("training.running", "training.diverged", watch=True)
    def _running_changed(self) -> None:
        t = self.training
        self.back_button.visible = t.diverged
        if not t.running:
            self._redraw_secondary()  # the status line says "diverged", or again the state gone back to
        if self.play.value != t.running:
            self.play.value = t.running
        self.play.name = "Pause" if t.running else "▶ Play"
        if t.running and self._callback is None:
            self._callback = Repeating(self._tick, PLAY_PERIOD_MS)
        elif not t.running and self._callback is not None:
            self._callback.stop()
            self._callback = None
            self._redraw_secondary()  # the last epoch's maps and status, which the throttle may have skipped

    def _tick(self) -> None:
        # one message per frame under panel serve: without it each changed source and pane is
        # sent on its own (panel_compat.one_message says why not in Pyodide)
        with one_message():
            self.training.tick()

    def _toggled(self, event) -> None:
        t = self.training
        if event.new and not t.running:
            if t.fits() and not t.diverged:
                t.running = True
            else:
                self.play.value = False
        elif not event.new and t.running:
            t.pause()

    def _step(self, action) -> None:
        if action():
            self.training.pause()

    def _uploaded(self, event) -> None:
        name = self.upload.filename
        try:
            text = uploads.take(self.upload, MAX_CSV_BYTES)
        except InputError as error:
            self.training.lab.message = f"that file was not loaded: {error}"
            self.upload_note.object = f"**Not loaded**: {_escape(str(error))}."
            return
        if text is None:
            return
        if not self.training.load_csv(text):
            self.upload_note.object = "**Not loaded**: the message at the top says why."
            return
        t = self.training
        n = sum(len(x) for x in (t.x_train, t.x_test) if x is not None)
        outside = sum(outside_plot(x) for x in (t.x_train, t.x_test))
        shown = _escape(uploads.plain_name(name))
        note = f"**Loaded** {shown}: {n} points."
        if outside:
            note += (f" {outside} of them lie outside the plotted square (x₁ and x₂ from −{EXTENT} to {EXTENT}) "
                     "and are not drawn; they are still trained on.")
        self.upload_note.object = note

    def __panel__(self):
        return pn.Column(
            pn.Row(self.play, self.epoch_button, self.batch_button, self.restart_button, self.default_button),
            self.back_button,
            self.status,
            pn.Row(pn.Column(self.plane, self.confusion), pn.Column(self.loss, self.units)),
            pn.Row(self.problem, self.dataset, self.n_points, self.noise),
            pn.Row(pn.pane.Markdown("**Inputs**", margin=(10, 10)), self.features),
            pn.Row(self.learning_rate, self.batch_size, self.l1, self.l2),
            pn.Row(self.test_fraction, pn.Column(self.upload_hint, self.upload, self.upload_note)),
            pn.pane.Markdown(
                "Training uses the network, η, loss and activations set on the left; η, the batch size and the "
                "penalties may change while it plays. The chosen input features are the network's inputs. "
                "Train and test loss are E without the penalties. **Pause** hands the current batch's first "
                "example to the step-through tab, so you can walk its backward pass.",
                margin=(0, 10),
            ),
            sizing_mode="stretch_width",
        )


def _confusion_table(counts) -> str:
    """A Markdown table of counts[true, predicted] on the test set; empty for regression."""
    if counts is None:
        return ""
    k = len(counts)
    head = "| true ↓ · predicted → | " + " | ".join(f"class {j + 1}" for j in range(k)) + " |"
    rule = "|---|" + "---|" * k
    rows = [f"| **class {i + 1}** | " + " | ".join(str(int(c)) for c in counts[i]) + " |" for i in range(k)]
    return "**Confusion matrix** (test set)\n\n" + "\n".join([head, rule, *rows])
