"""Stepping through the pass: buttons, a player, and the current step's formula three ways."""
from __future__ import annotations

import panel as pn
import param

from .lesson_view import PredictPanel
from .pacing import Trailing
from .state import LabState

PHASE_WORDS = {
    "forward": "Forward pass",
    "error": "Backward pass · the error",
    "delta": "Backward pass · δ flows back",
    "weight_step": "Backward pass · weight steps",
    "update": "Update",
}


def _math(latex: str) -> str:
    # display maths; no "dollar-brace" anywhere (panel convert rewrites it, holoviz/panel#4356)
    return "$$" + latex + "$$"


class Stepper(pn.viewable.Viewer):
    """First / back / next / last / play through state.steps, and Apply update."""

    state = param.ClassSelector(class_=LabState, doc="The state whose steps are walked.")
    predictor = param.Parameter(default=None, doc="Predict before you see (app/lesson_predict.py), or None.")

    def __init__(self, **params):
        super().__init__(**params)
        buttons = {
            "first": ("|◀ First", self.state.first),
            "back": ("◀ Back", self.state.back),
            "next": ("Next ▶", self._next),
            "last": ("Last ▶|", self.state.last),
        }
        self.buttons = {}
        for key, (label, action) in buttons.items():
            button = pn.widgets.Button(name=label, css_classes=[f"step-{key}"], width=90)
            button.on_click(lambda event, action=action: action())
            self.buttons[key] = button
        self.apply = pn.widgets.Button(name="Apply update  w ← w + Δw", button_type="primary",
                                       css_classes=["apply-update"])
        self.apply.on_click(lambda event: self.state.apply_update())
        self.player = pn.widgets.Player(
            start=0, end=max(len(self.state.steps), 1), value=self.state.step, interval=900,
            loop_policy="once", show_loop_controls=False, visible_buttons=["play", "pause"],
            show_value=False, width=120, css_classes=["step-player"], name="play",
        )
        self.player.param.watch(self._played, "value")
        self.progress = pn.pane.Markdown(css_classes=["step-progress"], margin=(0, 10))
        self.title = pn.pane.Markdown(css_classes=["step-title"], margin=(0, 10))
        # the update step of a bigger network is one long line: scroll it rather than overflow the pane
        wide = [":host { overflow-x: auto; overflow-y: hidden; max-width: 100%; }"]
        self.formula = pn.pane.LaTeX(css_classes=["step-formula"], renderer="mathjax", sizing_mode="stretch_width",
                                     stylesheets=wide)
        self.numbers = pn.pane.LaTeX(css_classes=["step-numbers"], renderer="mathjax", sizing_mode="stretch_width",
                                     stylesheets=wide)
        self.numpy = pn.pane.Markdown(css_classes=["step-numpy"], sizing_mode="stretch_width", margin=(0, 10),
                                      stylesheets=["pre, code { font-size: 14px !important; white-space: pre-wrap; }"])
        self.status = pn.pane.Markdown(css_classes=["lab-status"], margin=(0, 10))
        self._later = Trailing(self._show)
        self._show()

    def _next(self) -> None:
        # while a prediction waits for its answer, Next says so instead of showing the value
        (self.predictor.next if self.predictor is not None else self.state.next)()

    def _played(self, event) -> None:
        if event.new != self.state.step:
            self.state.goto(event.new)

    @param.depends("state.step", "state.steps", "state.updates", "state.predict", watch=True)
    def _changed(self) -> None:
        # while a slider is dragged MathJax would re-typeset the formula on every step
        # of the drag; the diagram follows at once and the panes when the drag pauses
        self._later.when(self.state.live)

    def _show(self) -> None:
        s = self.state
        n = len(s.steps)
        if self.player.end != n or self.player.value != s.step:
            self.player.param.update(end=max(n, 1), value=s.step)
        step = s.current_step
        if step is None:
            self.progress.object = f"**Step 0 of {n}** · nothing computed yet: press **Next**."
            self.title.object = "The inputs and weights are set; the forward pass starts at the first layer."
            self.formula.object = ""
            self.numbers.object = ""
            self.numpy.object = ""
        else:
            self.progress.object = f"**Step {s.step} of {n}** · {PHASE_WORDS[step.phase]}"
            self.title.object = step.title
            self.formula.object = _math(step.formula)
            self.numbers.object = _math(step.numbers)
            self.numpy.object = f"```python\n{step.numpy}\n```"
        self.buttons["first"].disabled = self.buttons["back"].disabled = s.step == 0
        self.buttons["next"].disabled = self.buttons["last"].disabled = s.step >= n
        # Last and play would skip the questions: off while predicting
        self.buttons["last"].disabled |= s.predict
        self.player.disabled = s.predict
        loss = s.backward.loss
        self.status.object = (
            f"**Updates applied:** {s.updates} &nbsp;·&nbsp; **Loss** E = ½ Σ (y − ŷ)² = {loss:.6g}"
        )

    def __panel__(self):
        predict = [PredictPanel(predictor=self.predictor)] if self.predictor is not None else []
        return pn.Column(
            pn.Row(*self.buttons.values(), self.player, self.apply),
            self.progress, self.title, *predict,
            pn.pane.Markdown("**In symbols**", margin=(0, 10)), self.formula,
            pn.pane.Markdown("**With the numbers**", margin=(0, 10)), self.numbers,
            pn.pane.Markdown("**In NumPy**", margin=(0, 10)), self.numpy,
            self.status,
            sizing_mode="stretch_width",
        )
