"""Stepping through the pass: buttons, a player, and the current step's formula three ways."""
from __future__ import annotations

import numpy as np
import panel as pn
import param

from core.losses import loss_latex

from . import theme
from .lesson_view import PredictPanel
from .pacing import Trailing
from .views import StateView

PHASE_WORDS = {
    "forward": "Forward pass",
    "error": "Backward pass · the error",
    "delta": "Backward pass · δ flows back",
    "weight_step": "Backward pass · weight steps",
    "update": "Update",
}


PLAY, PAUSE = "▶ Play", "⏸ Pause"
INTERVAL_MS = 900
TALL_LINES = 8  # update lines that no longer fit the pane's height
WIDE_HINT = "↔ a formula above is wider than its pane: scroll it sideways to see all of it"
# the class that hides the formula panes at step 0
NO_DETAILS = "step-no-details"


def _lesson_rounding(state: LabState, step) -> str:
    """Where the lesson's worked example, rounding δʰ first, prints other digits than the page."""
    if step is None or state.preset != "worked_example" or state.updates:
        return ""
    from core import preset
    p = preset("worked_example")
    same = (state.network.sizes == p.network.sizes and all(np.array_equal(a, b) for a, b in zip(state.network.weights, p.network.weights))
            and np.array_equal(state.x, p.x) and np.array_equal(state.target, p.target)
            and state.learning_rate == p.learning_rate)
    if not same or (step.kind, step.layer) not in (("delta", 1), ("weight_step", 1)):
        return ""
    return ("*The lesson rounds δʰ to 0.003 before going on, so it prints Δw₂ = 0.5 × 0.003 × 0.3 = 0.00045; "
            "the page carries δʰ = 0.00305 and gets Δw₂ = 0.000457.*")


def _math(latex: str) -> str:
    # display maths; no "dollar-brace" anywhere (panel convert rewrites it, holoviz/panel#4356)
    return "$$" + latex + "$$"


class Stepper(StateView):
    """First / back / next / last / play through state.steps, and Apply update."""

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
            button = pn.widgets.Button(name=label, css_classes=[f"step-{key}"], width=90, stylesheets=[theme.TOUCH_BUTTON_CSS])
            button.on_click(lambda event, action=action: action())
            self.buttons[key] = button
        self.apply = pn.widgets.Button(name="Apply update  w ← w + Δw", button_type="primary",
                                       css_classes=["apply-update"], stylesheets=[theme.TOUCH_BUTTON_CSS])
        self.apply.on_click(lambda event: self.state.apply_update())
        # a Toggle, not pn.widgets.Player: the Player's buttons are unnamed icons a screen reader
        # reads as "button, button" and axe-core fails (button-name); this one says what it does
        self.player = pn.widgets.Toggle(name=PLAY, width=110, css_classes=["step-player"],
                                        stylesheets=[theme.TOUCH_BUTTON_CSS])
        self.player.param.watch(self._play, "value")
        self._ticker = None
        self.progress = pn.pane.Markdown(css_classes=["step-progress"], margin=(0, 10))
        self.title = pn.pane.Markdown(css_classes=["step-title"], margin=(0, 10))
        # a wide Δw matrix scrolls sideways and a long update (one line per weight) down
        # app/page.js marks a pane whose formula is wider than it is (.bp-wide), measured in the
        # page, since only the browser knows the typeset width: a shade at its right edge, and the
        # sideways hint under the numbers (.bp-shown), say that it scrolls
        wide = [":host { overflow-x: auto; overflow-y: auto; max-width: 100%; max-height: 360px; }",
                ":host(.bp-wide) { box-shadow: inset -16px 0 12px -12px rgba(128, 128, 128, 0.8); }"]
        self.formula = pn.pane.LaTeX(css_classes=["step-formula"], renderer="mathjax", sizing_mode="stretch_width",
                                     stylesheets=wide)
        self.numbers = pn.pane.LaTeX(css_classes=["step-numbers"], renderer="mathjax", sizing_mode="stretch_width",
                                     stylesheets=wide)
        self.scroll_hint = pn.pane.Markdown("", css_classes=["step-scroll-hint"], visible=False, margin=(0, 10))
        self.wide_hint = pn.pane.Markdown(WIDE_HINT, css_classes=["step-wide-hint"], margin=(0, 10),
                                          sizing_mode="stretch_width",
                                          stylesheets=[":host(:not(.bp-shown)) { display: none !important; }"])
        self.rounding = pn.pane.Markdown(css_classes=["step-rounding-note"], visible=False, margin=(0, 10))
        self.numpy = pn.pane.Markdown(css_classes=["step-numpy"], sizing_mode="stretch_width", margin=(0, 10),
                                      stylesheets=["pre, code { font-size: 14px !important; white-space: pre-wrap; }",
                                                   theme.CODE_PANE_CSS])
        self.status = pn.pane.Markdown(css_classes=["lab-status"], margin=(0, 10))
        # the step's formula three ways; hidden at step 0, which has none (three empty headings).
        # Hidden by a class, not by `visible`: BokehJS builds and lays out a layout again when its
        # visibility changes, ~80 ms of each step 0 <-> 1 in the static page (docs/benchmarks.md)
        self.details = pn.Column(
            pn.pane.Markdown("**In symbols**", margin=(0, 10)), self.formula,
            pn.pane.Markdown("**With the numbers**", margin=(0, 10)), self.scroll_hint, self.numbers, self.wide_hint,
            self.rounding,
            pn.pane.Markdown("**In NumPy**", margin=(0, 10)), self.numpy,
            css_classes=["step-details"], sizing_mode="stretch_width", margin=0,
            stylesheets=[f":host(.{NO_DETAILS}) {{ display: none !important; }}"])
        self._later = Trailing(self._show)
        self._show()

    def _play(self, event) -> None:
        """Play from here (from the start when at the end) one step every INTERVAL_MS; stop at the end."""
        self.player.name = PAUSE if event.new else PLAY
        if not event.new:
            if self._ticker is not None:
                self._ticker.stop()
                self._ticker = None
            return
        if self.state.step >= len(self.state.steps):
            self.state.first()
        if self._ticker is None:
            self._ticker = pn.state.add_periodic_callback(self._tick, period=INTERVAL_MS)

    def _tick(self) -> None:
        self.state.next()
        if self.state.step >= len(self.state.steps):
            self.player.value = False

    def _next(self) -> None:
        # while a prediction waits for its answer, Next says so instead of showing the value
        (self.predictor.next if self.predictor is not None else self.state.next)()

    @param.depends("state.step", "state.steps", "state.updates", "state.predict", watch=True)
    def _changed(self) -> None:
        # while a slider is dragged MathJax would re-typeset the formula on every step
        # of the drag; the diagram follows at once and the panes when the drag pauses
        self.when_settled(self._later)

    def _show(self) -> None:
        s = self.state
        n = len(s.steps)
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
        self._notes(step)
        self.details.css_classes = ["step-details"] + ([NO_DETAILS] if step is None else [])
        self.buttons["first"].disabled = self.buttons["back"].disabled = s.step == 0
        self.buttons["next"].disabled = self.buttons["last"].disabled = s.step >= n
        # Last and play would skip the questions: off while predicting (and a running play stops)
        self.buttons["last"].disabled |= s.predict
        if s.predict and self.player.value:
            self.player.value = False
        self.player.disabled = s.predict
        # E needs ŷ: it is shown once the forward pass has reached the output
        forward = sum(1 for st in s.steps if st.phase == "forward")
        loss = f"{s.backward.loss:.6g}" if s.step >= forward else "… (once the forward pass reaches ŷ)"
        formula = loss_latex(s.network.loss_function, s.network.output_activation, plain=True)
        penalty = "".join(f" + {term}" for rate, term in ((s.l1, "λ₁ Σ|w|"), (s.l2, "λ₂ ½ Σ w²")) if rate)
        self.status.object = (
            f"**Updates applied:** {s.updates} &nbsp;·&nbsp; **Loss** {formula}{penalty} = {loss}"
        )

    def _notes(self, step) -> None:
        """Say when the update is longer than its pane, and where the lesson rounds differently."""
        lines = step.numbers.count(r"\\") + 1 if step and step.kind == "update" else 0
        tall = lines > TALL_LINES
        self.scroll_hint.object = f"↕ scroll down: {lines} lines, one per weight and bias" if tall else ""
        self.scroll_hint.visible = tall
        note = _lesson_rounding(self.state, step)
        self.rounding.object = note
        self.rounding.visible = bool(note)

    def __panel__(self):
        predict = [PredictPanel(predictor=self.predictor)] if self.predictor is not None else []
        return pn.Column(
            # wrapping, so that every control stays inside a narrow window (no sideways scroll)
            pn.FlexBox(*self.buttons.values(), self.player, self.apply, flex_wrap="wrap",
                       css_classes=["step-controls"], sizing_mode="stretch_width"),
            self.progress, self.title, *predict, self.details,
            self.status,
            sizing_mode="stretch_width",
        )
