"""The lesson's panel beside the diagram, and the prediction box of the step-through.

The lesson sits beside the diagram rather than in a tab of its own: each page points at
units and edges of the very diagram the learner drags and steps through, so there is one
diagram to draw (a second would double what every drag sends) and the sidebar's sliders,
the step-through and the highlight all stay in view together.
"""
from __future__ import annotations

import panel as pn
import param

from . import theme
from .drag import drag_of
from .lesson import PAGES, Lesson
from .lesson_predict import Predictor
from .pacing import Trailing
from .panel_compat import TextBox, children_sent


def _escaped(text: str) -> str:
    """Text the learner typed, made inert for a Markdown pane."""
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("*", "&#42;"), ("_", "&#95;"),
                         ("`", "&#96;"), ("[", "&#91;"), ("#", "&#35;"), ("$", "&#36;")):
        text = text.replace(char, entity)
    return text


class LessonPanel(pn.viewable.Viewer):
    """The page on screen: counter, title, live text; Back / Next, start over, leave and come back."""

    lesson = param.ClassSelector(class_=Lesson, doc="Where the learner is in the lesson.")
    tabs = param.List(default=[], item_type=str, doc="The tabs on the page (a page may point to one).")

    def __init__(self, **params):
        super().__init__(**params)
        self.start = pn.widgets.Button(name=f"Lesson: backpropagation in {len(PAGES)} short pages", button_type="primary",
                                       css_classes=["lesson-start"], sizing_mode="stretch_width",
                                       stylesheets=[theme.TOUCH_BUTTON_CSS])
        self.start.on_click(lambda event: self.lesson.resume())
        self.counter = pn.pane.Markdown(css_classes=["lesson-counter"], margin=(0, 10))
        self.title = pn.pane.Markdown(css_classes=["lesson-title"], margin=(0, 10))
        self.text = pn.pane.Markdown(css_classes=["lesson-text"], sizing_mode="stretch_width", margin=(0, 10))
        # widths of their own, so that they sit two to a row beside the diagram (stretched, one to a
        # row, they pushed the step buttons below the fold of a 1280×720 projector)
        buttons = (("◀ Previous page", "lesson-back", self.lesson.back_page, 150),
                   ("Next page ▶", "lesson-next", self.lesson.next_page, 150),
                   ("↺ Start over", "lesson-restart", self.lesson.restart_page, 120),
                   ("✕ Leave", "lesson-leave", self.lesson.leave, 120))
        self.buttons = {}
        for label, css, action, width in buttons:
            button = pn.widgets.Button(name=label, css_classes=[css], width=width, stylesheets=[theme.TOUCH_BUTTON_CSS])
            button.on_click(lambda event, action=action: action())
            self.buttons[css] = button
        self.page_view = pn.Column(
            self.counter, self.title, self.text, pn.FlexBox(*self.buttons.values()),
            sizing_mode="stretch_width", css_classes=["lesson-page"],
            styles={"border-left": "4px solid #8A6500", "padding-left": "6px"},
        )
        # both parts are always in the layout, the one not in use hidden: the static page can then
        # show a lesson page before Python has started by replaying baked values (app/baked.py),
        # which cannot make models; a change of children could not be replayed
        self.layout = pn.Column(self.start, self.page_view, sizing_mode="stretch_width", css_classes=["lesson-panel"])
        self._later = Trailing(self._show)
        self._show()

    @param.depends("lesson.state.lesson", "lesson.state.steps", "lesson.state.step", "lesson.state.predict",
                   "lesson.state.updates", "tabs", watch=True)
    def _changed(self) -> None:
        # a drag changes every number: the text follows when the drag pauses, as the formulas do
        drag_of(self.lesson.state).when_settled(self._later)

    def _show(self) -> None:
        # in Pyodide Panel's hold can drop what a button's callback changes (panel_compat.children_sent)
        with children_sent():
            self._fill(self.lesson.page)

    def _fill(self, page) -> None:
        self.page_view.visible = page is not None
        self.start.visible = page is None
        if page is None:
            last = self.lesson.last_page
            self.start.name = (f"Back to the lesson, page {last} of {len(PAGES)}" if last
                               else f"Lesson: backpropagation in {len(PAGES)} short pages")
            return
        self.counter.object = f"**Lesson · page {page.number} of {len(PAGES)}**"
        self.title.object = f"### {page.title}"
        self.text.object = self.lesson.text(self.tabs)
        self.buttons["lesson-back"].disabled = page.number == 1
        self.buttons["lesson-next"].disabled = page.number == len(PAGES)

    def __panel__(self):
        return self.layout


class PredictPanel(pn.viewable.Viewer):
    """The switch, the question with a box for the answer, what the answer earned, and the score."""

    predictor = param.ClassSelector(class_=Predictor, doc="The questions and the score.")

    def __init__(self, **params):
        super().__init__(**params)
        p = self.predictor
        self.switch = pn.widgets.Checkbox.from_param(p.state.param.predict, name="Predict before you see",
                                                     css_classes=["predict-switch"])
        self.prompt = pn.pane.Markdown(css_classes=["predict-prompt"], margin=(0, 10))
        self.answer = TextBox(name="your prediction", placeholder="a number, such as 0.5",
                                           css_classes=["predict-input"], width=200)
        self.answer.param.watch(lambda event: self._check(), "enter_pressed")
        self.check = pn.widgets.Button(name="Check", button_type="primary", css_classes=["predict-check"])
        self.check.on_click(lambda event: self._check())
        self.reveal = pn.widgets.Button(name="Reveal", css_classes=["predict-reveal"])
        self.reveal.on_click(lambda event: p.reveal())
        self.asking = pn.Column(self.prompt, pn.Row(self.answer, self.check, self.reveal),
                                sizing_mode="stretch_width")
        self.feedback = pn.pane.Markdown(css_classes=["predict-feedback"], margin=(0, 10))
        self.hint = pn.pane.LaTeX(css_classes=["predict-hint"], renderer="mathjax", sizing_mode="stretch_width",
                                  stylesheets=[":host { overflow-x: auto; max-width: 100%; }"])
        self.score = pn.pane.Markdown(css_classes=["predict-score"], margin=(0, 10))
        self.layout = pn.Column(sizing_mode="stretch_width", css_classes=["predict-panel"])
        self._show()

    def _check(self) -> None:
        text = self.answer.value_input if self.answer.value_input is not None else self.answer.value
        if self.predictor.check(text):
            self.answer.param.update(value="", value_input="")

    @param.depends("predictor.question", "predictor.feedback", "predictor.hint", "predictor.right",
                   "predictor.wrong", "predictor.revealed", "predictor.state.predict", watch=True)
    def _show(self) -> None:
        p = self.predictor
        on = p.state.predict
        q = p.question
        if q is not None:
            self.prompt.object = f"**Your prediction:** what is {q.prompt}? (three significant figures)"
        self.feedback.object = _escaped(p.feedback) if on else ""
        self.hint.object = "$$" + p.hint + "$$" if (on and p.hint) else ""  # no dollar-brace (holoviz/panel#4356)
        self.score.object = p.score
        # swapped in rather than made visible: in Pyodide a change of `visible` made here
        # never reached the page, a change of a layout's children does (panel_compat.children_sent)
        shown = [self.switch] + [part for part, show in (
            (self.asking, q is not None), (self.feedback, on and bool(p.feedback)),
            (self.hint, on and bool(p.hint)), (self.score, on)) if show]
        if self.layout.objects != shown:
            with children_sent():
                self.layout.objects = shown

    def __panel__(self):
        return self.layout
