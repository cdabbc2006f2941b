"""The whole simulator as one Viewer: works under `panel serve`, in Jupyter and in Pyodide."""
from __future__ import annotations


import panel as pn
import param

from . import theme
from .controls import NetworkControls, SampleControls, WeightControls
from .diagram import NetworkDiagram
from .insight_views import GradientCheckView, VanishingView
from .lesson import Lesson
from .lesson_predict import Predictor
from .lesson_view import LessonPanel
from .pacing import children_sent
from .state import LabState
from .stepper import Stepper
from .share_view import ShareView
from .training import TrainingState
from .training_view import TrainingView

TAGLINE = (
    "Backprop Lab: drag a weight and watch every number downstream change, then step through "
    "the backward pass unit by unit, each δ with its formula and its numbers."
)


def chip(colour: str, word: str) -> str:
    """A word in its colour on a white chip, as the diagram's labels are: readable in both themes."""
    return (f'<span style="color:{colour};background:{theme.LABEL_BOX};padding:0 0.25em;border-radius:3px">'
            f"**{word}**</span>")


LEGEND = f"""
**How to read this**
- Inputs **x** are at the bottom, the output **ŷ** at the top; each edge is a weight **w**,
  {chip(theme.POSITIVE, "blue")} when positive and
  {chip(theme.NEGATIVE, "vermillion")} when negative, thicker when larger.
- Next to each unit: **h** (its weighted input) and **a = f(h)** (its output);
  on its left, in {chip(theme.DELTA_TEXT, "purple")}, its error term **δ**.
  Where units of a layer are close, h and a go under the unit and δ over it.
- A small square beside a unit is its bias **b**.
- The current step is {chip(theme.FORWARD, "green")} in the forward pass and
  {chip(theme.BACKWARD, "purple")} in the backward pass; dashed arrows show the flow:
  up while computing h, **down from ŷ towards the inputs** while computing δ.
- Edge labels gain **Δ** (the weight step η δ a) and **→** (the weight after the update).
  Hover over a unit, an edge or a bias for full precision; a big network labels only
  the edges of the current step and the one you click.
"""


class LazyTab(pn.viewable.Viewer):
    """A tab whose view is made the first time the tab is opened.

    Start-up in the browser is spent in Python making and serialising Bokeh models, and the
    four tabs nobody sees at first were 356 of the page's 651. Until it is opened a lazy tab
    is one line of text; `open()` makes the view and puts it in the same Column, which the
    page receives as one change of that Column's children (`pacing.children_sent` sees that it does in
    Pyodide). Opening a tab the first time then costs 0.5-1.2 s in the static site.
    """

    make = param.Callable(doc="Makes the view; called once, when the tab is first opened.")
    view = param.Parameter(default=None, doc="The view, once made; None until the tab is opened.")

    def __init__(self, **params):
        super().__init__(**params)
        self.layout = pn.Column(pn.pane.Markdown("Loading…", margin=(0, 10), css_classes=["lab-loading"]),
                                sizing_mode="stretch_width")

    def open(self):
        """The view, made now if this is the first time it is needed."""
        if self.view is None:
            self.view = self.make()
            with children_sent():
                self.layout.objects = [self.view]
        return self.view

    def __panel__(self):
        return self.layout


class LabTabs(pn.Tabs):
    """Tabs a learner cannot close, so a change of the page's tab list only ever comes from Python.

    Panel 1.7.5 reads every change of the model's tabs back as the learner closing one. When the
    change was made while the document was held (in the static site, a classroom link opened
    before the page is linked to Python) that read-back runs later, finds the objects already
    changed and raises IndexError, which stops Bokeh sending the rest of the held events: the
    tabs never left the page. There is nothing to read back here.
    """

    def _process_close(self, ref, attr, old, new):
        return old, None  # Panel's "ignore this change"


class BackpropLab(pn.viewable.Viewer):
    """The diagram, the controls and the step-through over one LabState."""

    state = param.ClassSelector(class_=LabState, doc="The one state everything shows.")

    def __init__(self, **params):
        if "state" not in params:
            params["state"] = LabState()
        super().__init__(**params)
        self.alert = pn.pane.Alert("", alert_type="warning", visible=False, css_classes=["lab-message"])
        self._message()
        self.diagram = NetworkDiagram(state=self.state)
        self.predictor = Predictor(state=self.state)
        self.lesson = Lesson(state=self.state, predictor=self.predictor)
        self.stepper = Stepper(state=self.state, predictor=self.predictor)
        self.weights = WeightControls(state=self.state)
        self.sample = SampleControls(state=self.state)
        self.network = NetworkControls(state=self.state)
        # the training state and the share view exist from the start: a shared link sets both,
        # and the share view keeps the page's address equal to the state whichever tab is open
        self.training = TrainingState(lab=self.state)
        self.share = ShareView(state=self.state, training=self.training)
        self.share.param.watch(lambda event: self._hide_for_class(event.new), "hidden_on_load")
        self._lazy = {
            "Training": LazyTab(make=self._make_training_view),
            "Vanishing gradients": LazyTab(make=lambda: VanishingView(state=self.state, training=self.training)),
            "Gradient check": LazyTab(make=lambda: GradientCheckView(state=self.state)),
            "Share & save": LazyTab(make=lambda: self.share),
        }

    def _make_training_view(self) -> TrainingView:
        # the lab's network may have changed since training last looked: catch up before drawing
        self.training.refresh()
        return TrainingView(training=self.training)

    @property
    def training_view(self) -> TrainingView:
        """The Training tab's view (made now if its tab has not been opened yet)."""
        return self._lazy["Training"].open()

    @property
    def vanishing(self) -> VanishingView:
        """The Vanishing gradients tab's view (made now if its tab has not been opened yet)."""
        return self._lazy["Vanishing gradients"].open()

    @property
    def gradcheck(self) -> GradientCheckView:
        """The Gradient check tab's view (made now if its tab has not been opened yet)."""
        return self._lazy["Gradient check"].open()

    @param.depends("state.message", watch=True)
    def _message(self) -> None:
        # pn.pane.Alert renders Markdown; the message may quote what a learner typed, so
        # escape it to keep user text from being read as markup
        text = self.state.message
        self.alert.object = _escape(text)
        self.alert.visible = bool(text)

    def sidebar(self):
        self._groups = {
            "network": pn.Column(pn.pane.Markdown("### Network"), self.network, sizing_mode="stretch_width"),
            "sample": pn.Column(pn.pane.Markdown("### Sample and learning rate"), self.sample,
                                sizing_mode="stretch_width"),
            "weights": pn.Column(pn.pane.Markdown("### Weights"), self.weights, sizing_mode="stretch_width"),
        }
        self._hide_for_class(self.share.hidden_on_load)
        return pn.Column(*self._groups.values(), sizing_mode="stretch_width")

    def _hide_for_class(self, hidden: list[str]) -> None:
        """A classroom link hides the control groups and tabs the teacher chose.

        In the static site the page's address reaches Python only after the first render, so
        this runs again when the link is opened; a later link without them shows them again.
        """
        with children_sent():
            for name, group in getattr(self, "_groups", {}).items():
                group.visible = name not in hidden
            tabs = getattr(self, "tabs", None)
            if tabs is not None:
                titles = {"training": "Training", "vanishing": "Vanishing gradients",
                          "gradcheck": "Gradient check", "share": "Share & save"}
                gone = {titles[h] for h in hidden if h in titles}
                keep = [(name, obj) for name, obj in self._all_tabs if name not in gone]
                if [name for name, _ in keep] != list(tabs._names):
                    tabs[:] = keep

    def main(self):
        # the lesson beside the diagram it points at (app/lesson_view.py says why not a tab)
        self.lesson_panel = LessonPanel(lesson=self.lesson, tabs=["Step through", *self._lazy])
        walkthrough = pn.Column(
            pn.Row(
                pn.Column(self.diagram, sizing_mode="stretch_width"),
                pn.Column(self.lesson_panel, self.stepper, sizing_mode="stretch_width"),
                sizing_mode="stretch_width",
            ),
            pn.pane.Markdown(LEGEND, css_classes=["lab-legend"]),
            sizing_mode="stretch_width",
        )
        self.tabs = LabTabs(
            ("Step through", walkthrough),
            *((title, tab.layout) for title, tab in self._lazy.items()),
            sizing_mode="stretch_width", css_classes=["lab-tabs"],
        )
        self._all_tabs = list(zip(self.tabs._names, self.tabs.objects))
        self._hide_for_class(self.share.hidden_on_load)
        self.tabs.param.watch(lambda event: self._tab_shown(), "active")
        self._tab_shown()
        return pn.Column(self.alert, self.tabs, sizing_mode="stretch_width")

    def _tab_shown(self) -> None:
        """The open tab's view is made if it is new; only it keeps up with every change, the
        others catch up when opened."""
        shown = self.tabs.objects[self.tabs.active] if self.tabs.objects else None
        for tab in self._lazy.values():
            if tab.layout is shown:
                tab.open()
            if tab.view is not None and "active" in tab.view.param:  # the views that can wait off screen
                tab.view.active = tab.layout is shown

    def __panel__(self):
        return pn.Row(
            pn.Column(self.sidebar(), width=330),
            self.main(),
            sizing_mode="stretch_width",
        )


def _escape(text: str) -> str:
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("*", "&#42;"), ("_", "&#95;"), ("`", "&#96;"), ("[", "&#91;")):
        text = text.replace(char, entity)
    return text
