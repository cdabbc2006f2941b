"""Training mode on screen: the widgets, play/pause, and the figures (training_plots.py) kept up to date."""
from __future__ import annotations

import time
from functools import partial

import panel as pn
import param
from bokeh.models import ColumnDataSource, LinearColorMapper

from core.datasets import ALL_DATASETS, PROBLEMS
from core.features import FEATURES
from core.inputs import InputError, parse_whole

from . import flow, uploads
from .panel_compat import one_message
from .repeating import Repeating
from .training import TrainingState
from .training_data import EXTENT, MAX_CSV_BYTES, outside_plot
from .training_plots import (CLASS_ALPHA, CLASS_COLOURS, PALETTE, PLANE_PX, PLANE_TITLES, REGRESSION_RANGE, UNITS_PX,
                             confusion_table, curve_data, curve_ranges, loss_figure, maps_data, plane_figure,
                             points_data, units_figure)
from .typed import TypedNumber

# Play trains an epoch and sends the output heatmap every 15 ms; the rest follows at most 10
# times a second: a loss-curve point re-measures that plot's axes in the browser, and the per-unit
# maps and the status line are read, not watched. Each of those three goes with a heatmap of its
# own, so that no frame carries all of them: 60.0-60.4 visible updates a second against 59.3-60.3
# with the three in one frame (benchmarks/bench_training.py; docs/benchmarks.md)
PLAY_PERIOD_MS = 15
SECONDARY_PERIOD_S = 0.1


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
        self._secondary_left = []  # while Play runs: the parts of this round not drawn yet, one a tick
        self.problem = pn.widgets.Select.from_param(
            t.param.problem, name="problem", options={title: key for key, title in PROBLEMS.items()},
            css_classes=["problem-select"])
        self.dataset = pn.widgets.Select.from_param(t.param.dataset, name="data set", css_classes=["dataset-select"])
        self.features = pn.widgets.CheckButtonGroup.from_param(
            t.param.features, name="input features", options={f.label: key for key, f in FEATURES.items()},
            css_classes=["feature-buttons"], max_width=640)
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
        self.points = ColumnDataSource(points_data(t), name="points")
        self.curve = ColumnDataSource(curve_data(t.history), name="loss_curve")
        self.maps = ColumnDataSource(maps_data(t.unit_maps), name="unit_maps")
        self.plane, self._image = plane_figure(self.field, self.points, self.mapper)
        self.loss = loss_figure(self.curve)
        self.units = units_figure(self.maps)
        self._problem_shown()
        self._redraw()

    # -- keeping the figures up to date --------------------------------------------------------
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
            self.plane.title.text = PLANE_TITLES["classes"].format(k=k)
        elif t.problem == "regression":
            self.mapper.update(palette=PALETTE, low=REGRESSION_RANGE[0], high=REGRESSION_RANGE[1])
            self._image.glyph.global_alpha = 1.0
            self.plane.title.text = PLANE_TITLES["regression"]
        else:
            self.mapper.update(palette=PALETTE, low=0, high=1)
            self._image.glyph.global_alpha = 1.0
            self.plane.title.text = PLANE_TITLES["binary"]

    def _redraw_curve(self) -> None:
        """Send the loss curve's new points alone while the history only grows (its whole length otherwise)."""
        old, new = self.curve.data, curve_data(self.training.history)
        n = len(old["epoch"])
        if n and len(new["epoch"]) > n and new["epoch"][n - 1] == old["epoch"][-1] and new["train"][n - 1] == old["train"][-1]:
            self.curve.stream({key: values[n:] for key, values in new.items()})
        else:
            self.curve.data = new
        (x0, x1), (y0, y1) = curve_ranges(new)
        self.loss.x_range.update(start=x0, end=x1)
        self.loss.y_range.update(start=y0, end=y1)
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
        # SECONDARY_PERIOD_S while Play runs, one in each of the next three ticks, so that the
        # browser's time goes to the output heatmap: a changed line of text makes it restyle the
        # page, a curve point re-measure the curve's axes
        if not t.running:
            self._redraw_secondary()
            return
        if not self._secondary_left and time.monotonic() - self._secondary_drawn >= SECONDARY_PERIOD_S:
            self._secondary_drawn = time.monotonic()
            self._secondary_left = self._secondary_parts()
        if self._secondary_left:
            self._secondary_left.pop(0)()

    def _secondary_parts(self) -> list:
        return [self._redraw_curve, self._redraw_maps, self._redraw_text]

    def _redraw_secondary(self) -> None:
        """The loss curve, the unit maps, the status line and the confusion table, all at once."""
        self._secondary_drawn = time.monotonic()
        self._secondary_left = []
        for part in self._secondary_parts():
            part()

    def _redraw_maps(self) -> None:
        t = self.training
        maps = maps_data(t.unit_maps)
        if all(maps[key] == self.maps.data[key] for key in maps if key != "image"):
            self.maps.data["image"] = maps["image"]  # the same units in the same places: send the pictures only
        else:
            self.maps.data = maps

    def _redraw_text(self) -> None:
        t = self.training
        train = t.history["train"][-1] if t.history.get("train") else float("nan")
        test = t.history["test"][-1] if t.history.get("test") else float("nan")
        status = f"**Epoch** {t.epoch} · **train loss** {train:.4g} · **test loss** {test:.4g}"
        if t.problem != "regression":
            # a diverged network's outputs are NaN: it has no accuracy to report
            accuracy = "diverged" if t.diverged else f"{100 * t.accuracy('test'):.1f} %"
            status += f" · **test accuracy** {accuracy}"
        self.status.object = status
        self.confusion.object = confusion_table(t.confusion("test"))

    @param.depends("training.x_train", "training.x_test", "training.problem", watch=True)
    def _new_data(self) -> None:
        self.points.data = points_data(self.training)

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
            flow.row(self.play, self.epoch_button, self.batch_button, self.restart_button, self.default_button),
            flow.touch(self.back_button),
            self.status,
            flow.row(flow.cell(self.plane, self.confusion, width=PLANE_PX), flow.cell(self.loss, self.units, width=UNITS_PX)),
            flow.row(self.problem, self.dataset, self.n_points, self.noise),
            flow.row(pn.pane.Markdown("**Inputs**", margin=(10, 10), width=60, sizing_mode="fixed"), self.features),
            flow.row(self.learning_rate, flow.cell(self.batch_size, width=flow.ITEM_PX), self.l1, self.l2),
            flow.row(self.test_fraction, flow.cell(self.upload_hint, self.upload, self.upload_note, width=flow.ITEM_PX,
                                                   grow=True)),
            pn.pane.Markdown(
                "Training uses the network, η, loss and activations set on the left; η, the batch size and the "
                "penalties may change while it plays. The chosen input features are the network's inputs. "
                "Train and test loss are E without the penalties. **Pause** hands the current batch's first "
                "example to the step-through tab, so you can walk its backward pass.",
                margin=(0, 10),
            ),
            sizing_mode="stretch_width",
        )
