"""The whole simulator as one Viewer: works under `panel serve`, in Jupyter and in Pyodide."""
from __future__ import annotations

import html
from functools import partial
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

import panel as pn
import param

from core.inputs import plain

from . import labels, theme
from .a11y import PageHelp, WeightPicker
from .words import DiagramWords
from .controls import SampleControls, WeightControls
from .network_controls import NetworkControls
from .diagram import PROJECTOR, NetworkDiagram
from .lesson import Lesson
from .lesson_predict import Predictor
from .lesson_view import LessonPanel
from .panel_compat import LabTabs, children_sent, tab_titles
from .state import LabState
from .stepper import Stepper
from .share_view import ShareView
from .tabs import TABS
from .training import TrainingState
from .views import StateView

if TYPE_CHECKING:  # the tabs' views are imported when their tab is first opened (app/tabs.py)
    from .insight_views import GradientCheckView, VanishingView
    from .training_view import TrainingView

TAGLINE = (
    "Backprop Lab: drag a weight and watch every number downstream change, then step through "
    "the backward pass unit by unit, each δ with its formula and its numbers."
)


def chip(colour: str, word: str) -> str:
    """A word in its colour on a white chip, as the diagram's labels are: readable in both themes."""
    colour = theme.TEXT_COLOURS.get(colour, colour)  # a text shade of the mark's hue (4.5:1)
    return (f'<span style="color:{colour};background:{theme.LABEL_BOX};padding:0 0.25em;border-radius:3px">'
            f"**{word}**</span>")


def _section(title: str) -> pn.pane.HTML:
    """A sidebar group's heading: the level after the page's title (h1), as small as an h3 of a
    Markdown pane (HTML, not Markdown: Markdown gives an h2 a "¶" link to itself)."""
    return pn.pane.HTML(f"<h2>{html.escape(title)}</h2>",
                        stylesheets=["h2 { font-size: 14.04px; font-weight: 700; margin-block: 7px; }"])


LEGEND = f"""
**How to read this**
- Inputs **x** are at the bottom, the output **ŷ** at the top; each edge is a weight **w**,
  {chip(theme.POSITIVE, "blue")} when positive and
  {chip(theme.NEGATIVE, "vermillion")} when negative, thicker when larger.
- Next to each unit: **h** (its weighted input) and **a = f(h)** (its output);
  on its left, in {chip(theme.DELTA_TEXT, "purple")}, its error term **δ**
  (where edges are in the way, one of them may sit on the other side: the colour tells them apart).
  Where units of a layer are close, h and a go under the unit and δ over it.
- A small square beside a unit is its bias **b**.
- The current step is {chip(theme.FORWARD, "green")} in the forward pass and
  {chip(theme.BACKWARD, "purple")} in the backward pass; arrows show the flow:
  solid and up while computing h, dashed and **down from ŷ towards the inputs** while computing δ.
- Edge labels gain **Δ** (the weight step η δ a) and **→** (the weight after the update).
  Hover over a unit, an edge or a bias for full precision; a big network labels only
  the edges of the current step and the one you click.
"""


# the tab headers wrap on a narrow screen rather than widen the page past it; app/page.js
# makes them tabs a keyboard can use, and this shows where focus is
TABS_CSS = """
.bk-header { flex-wrap: wrap; }
.bk-tab { min-height: 32px; }
.bk-tab:focus-visible { outline: 3px solid #0072B2; outline-offset: -3px; }
"""


class LazyTab(pn.viewable.Viewer):
    """A tab whose view is made the first time the tab is opened.

    Start-up in the browser is spent in Python making and serialising Bokeh models, and the
    tabs nobody sees at first hold more than half of them. Until it is opened a lazy tab
    is one line of text; `open()` makes the view and puts it in the same Column, which the
    page receives as one change of that Column's children (`panel_compat.children_sent` sees
    that it does in Pyodide).
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


class BackpropLab(StateView):
    """The diagram, the controls and the step-through over one LabState."""

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
        self._lazy = {tab.title: LazyTab(make=partial(tab.make, self)) for tab in TABS}  # by title, as on the tab bar

    def tab_view(self, key: str):
        """The view of the tab `key` (app/tabs.py), made now if its tab has not been opened yet."""
        return self._lazy[next(tab.title for tab in TABS if tab.key == key)].open()

    @property
    def training_view(self) -> TrainingView:
        """The Training tab's view (made now if its tab has not been opened yet)."""
        return self.tab_view("training")

    @property
    def vanishing(self) -> VanishingView:
        """The Vanishing gradients tab's view (made now if its tab has not been opened yet)."""
        return self.tab_view("vanishing")

    @property
    def gradcheck(self) -> GradientCheckView:
        """The Gradient check tab's view (made now if its tab has not been opened yet)."""
        return self.tab_view("gradcheck")

    @param.depends("state.message", watch=True)
    def _message(self) -> None:
        # pn.pane.Alert renders Markdown, and the message may quote what a learner typed or a
        # link held: as one line of HTML-escaped text in a raw HTML block, none of it is markup
        # (no heading, rule, quote or clickable link), and it is shown literally
        text = plain(self.state.message) if self.state.message else ""
        self.alert.object = f'<div class="lab-message-text">{html.escape(text)}</div>' if text else ""
        self.alert.visible = bool(text)

    def sidebar(self):
        self._groups = {
            "network": pn.Column(_section("Network"), self.network, sizing_mode="stretch_width"),
            "sample": pn.Column(_section("Sample and learning rate"), self.sample, sizing_mode="stretch_width"),
            "weights": pn.Column(_section("Weights"), WeightPicker(state=self.state), self.weights,
                                 sizing_mode="stretch_width"),
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
                gone = {tab.title for tab in TABS if tab.key in hidden}
                keep = [(name, obj) for name, obj in self._all_tabs if name not in gone]
                if [name for name, _ in keep] != tab_titles(tabs):
                    tabs[:] = keep

    def _projected(self, on: bool) -> None:
        """Large type for a projector: the diagram (and the width it asks for) and the formulas."""
        self.diagram.projector = on
        width = labels.PLOT_WIDTH_PX * (PROJECTOR if on else 1)
        self._diagram_column.styles = {"flex": f"1 1 {width:g}px", "min-width": "0"}
        for pane in (self.stepper.formula, self.stepper.numbers):
            pane.styles = {"font-size": "150%" if on else "100%"}  # ({} would leave the old size on the page)
        for pane in (self.stepper.progress, self.stepper.title, self.stepper.numpy, self.stepper.status):
            pane.styles = {"font-size": "130%" if on else "100%"}

    def _projector_link(self, search: str) -> None:
        # the link key `projector=1` (app/share.py's VIEW_KEYS): a view setting, not the lab's state
        wanted = dict(parse_qsl((search or "").lstrip("?"))).get("projector")
        if wanted in ("1", "0"):
            self.projector.value = wanted == "1"

    def main(self):
        # the lesson above the stepper, beside the diagram it points at (app/lesson_view.py says why
        # not a tab); its tab names come from the one registry (app/tabs.py)
        self.lesson_panel = LessonPanel(lesson=self.lesson, tabs=["Step through", *(tab.title for tab in TABS)])
        # the table right after the canvas, so a screen reader meets the numbers where the picture is
        self._diagram_column = pn.Column(self.diagram, DiagramWords(state=self.state),
                                         sizing_mode="stretch_width", css_classes=["lab-diagram-column"],
                                         styles={"flex": f"1 1 {labels.PLOT_WIDTH_PX}px", "min-width": "0"})
        self.projector = pn.widgets.Checkbox(name="Projector: large type", css_classes=["lab-projector"],
                                             margin=(4, 10))
        self.projector.param.watch(lambda event: self._projected(event.new), "value")
        location = pn.state.location if pn.state.curdoc is not None else None
        if location is not None:
            self._projector_link(location.search)
            location.param.watch(lambda event: self._projector_link(event.new), "search")
        walkthrough = pn.Column(
            # side by side where both fit, else the stepper under the diagram (app/page.css):
            # the diagram first, at the width its labels need, and no control off-screen
            pn.FlexBox(
                self._diagram_column,
                pn.Column(self.lesson_panel, self.stepper, sizing_mode="stretch_width", css_classes=["lab-step-column"],
                          styles={"flex": "1 1 340px", "min-width": "0"}),
                flex_wrap="wrap", sizing_mode="stretch_width", css_classes=["lab-walkthrough"],
            ),
            pn.pane.Markdown(LEGEND, css_classes=["lab-legend"]),
            sizing_mode="stretch_width",
        )
        self.tabs = LabTabs(
            ("Step through", walkthrough),
            *((title, tab.layout) for title, tab in self._lazy.items()),
            sizing_mode="stretch_width", css_classes=["lab-tabs"], stylesheets=[TABS_CSS],
        )
        self._all_tabs = list(zip(tab_titles(self.tabs), self.tabs.objects))
        self._hide_for_class(self.share.hidden_on_load)
        self.tabs.param.watch(lambda event: self._tab_shown(), "active")
        self._tab_shown()
        return pn.Column(self.alert, pn.FlexBox(self.projector, PageHelp(), flex_wrap="wrap", align_items="center"),
                         self.tabs, self.share.address, sizing_mode="stretch_width")

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

