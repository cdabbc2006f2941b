"""The Practice tab: the lesson's exercises, typed by the learner and checked by `core.exercises`.

The given part is shown read-only; the learner's part is a plain monospace text area (Panel's
CodeEditor would load Ace from a CDN, which the offline site cannot reach, and a text area
needs nothing more and works with every keyboard and screen reader). Nothing the learner types
is rendered as markup: code, values and messages go to `pn.pane.Str`, which shows text as text.
**Run** checks on the lesson's numbers only and shows each variable beside the right one, and
the learner's δ on this tab's own diagram beside the true δ; **Submit** also checks random
networks. Under `panel serve` the check runs off the server's event loop (a thread that waits
for the child process), so one learner's slow code holds up no other session.
"""
from __future__ import annotations

import asyncio

import panel as pn
import param

from core import exercise_hand, exercise_layers, exercise_numpy  # noqa: F401  (importing registers them)
from core.exercises import EXERCISES, check
from core.sandbox import in_browser

from . import flow, theme
from .diagram import NetworkDiagram
from .panel_compat import TextArea, TextBox, children_sent
from .practice_safety import practice_allowed
from .practice_text import learner_deltas, results_text, values_text
from .state import LabState

TIMEOUT_S = 5.0
EXERCISE_TITLES = {
    "The lesson's NumPy exercise (3-2-1)": "numpy_exercise",
    "The 2-1-1 example by hand": "worked_example",
    "Any number of layers": "any_layers",
}
INTRO = {
    "numpy_exercise": "The forward pass of the lesson's 3-2-1 sigmoid network is given. Write the backward pass "
                      "under each TODO, then Run to see your values beside the right ones, and Submit to have them "
                      "checked on the lesson's numbers and on three random networks of the same shape.",
    "worked_example": "Work through the lesson's 2-1-1 example (x = (0.1, 0.3), w = (0.4, −0.2), W = 0.1, y = 1, "
                      "η = 0.5) with pen and paper and type each number; three significant figures are enough.",
    "any_layers": "The same backward pass for any number of layers, as one loop from the output down. It is "
                  "checked on the lesson's network and on networks with 1 to 4 hidden layers.",
}
TEXT_STYLE = [":host pre, pre { white-space: pre-wrap; margin: 0; font-size: 13px; }"]
SIDE_PX = 420  # the code's and the diagram's columns side by side above twice this, else one under the other
# the three choices on as many lines as the screen needs (Bokeh's button group keeps one line)
CHOOSER_STYLE = [".bk-btn-group { flex-wrap: wrap; row-gap: 4px; }"]
CODE_STYLE = ["textarea { font-family: ui-monospace, 'DejaVu Sans Mono', monospace; font-size: 13px; }"]


class PracticeView(pn.viewable.Viewer):
    """The exercises, a text area for the learner's part, Run / Submit / Hint / Show solution, and a diagram."""

    exercise = param.Selector(default="numpy_exercise", objects=list(EXERCISE_TITLES.values()),
                              doc="Which of the lesson's exercises is open.")

    def __init__(self, **params):
        super().__init__(**params)
        self.allowed, self.refusal = practice_allowed()
        self.diagrams = {}
        self.chooser = pn.widgets.RadioButtonGroup(options=EXERCISE_TITLES, value=self.exercise, name="Exercise",
                                                   css_classes=["practice-exercise"], button_type="default",
                                                   stylesheets=[*CHOOSER_STYLE, theme.TOUCH_BUTTON_CSS],
                                                   sizing_mode="stretch_width")
        self.chooser.param.watch(lambda event: setattr(self, "exercise", event.new), "value")
        self.intro = pn.pane.Str("", stylesheets=TEXT_STYLE, css_classes=["practice-intro"], sizing_mode="stretch_width")
        self.given = pn.pane.Str("", stylesheets=TEXT_STYLE, css_classes=["practice-given"], sizing_mode="stretch_width")
        self.code = TextArea(name="Your part (the backward pass)", rows=16, stylesheets=CODE_STYLE,
                                             css_classes=["practice-code"], sizing_mode="stretch_width")
        self.numbers = {t.name: TextBox(name=t.comment, css_classes=[f"practice-number-{t.name}"],
                                                     width=260) for t in exercise_hand.TODOS}
        self.run_button = pn.widgets.Button(name="Run", button_type="primary", css_classes=["practice-run"])
        self.submit_button = pn.widgets.Button(name="Submit", button_type="success", css_classes=["practice-submit"])
        self.solution_button = pn.widgets.Button(name="Show solution", disabled=True, css_classes=["practice-show-solution"])
        self.reset_button = pn.widgets.Button(name="Start again", css_classes=["practice-reset"])
        self.status = pn.pane.Str("", stylesheets=TEXT_STYLE, css_classes=["practice-status"], sizing_mode="stretch_width")
        self.results = pn.pane.Str("", stylesheets=TEXT_STYLE, css_classes=["practice-results"], sizing_mode="stretch_width")
        self.values = pn.pane.Str("", stylesheets=TEXT_STYLE, css_classes=["practice-values"], sizing_mode="stretch_width")
        self.solution = pn.pane.Str("", stylesheets=TEXT_STYLE, css_classes=["practice-solution"], visible=False,
                                    sizing_mode="stretch_width")
        self.hints = pn.Column(sizing_mode="stretch_width")
        self.diagram_slot = pn.Column(sizing_mode="stretch_width")
        self._connect(self.run_button, 0)
        self._connect(self.submit_button, 3)
        self.solution_button.on_click(lambda event: self.show_solution())
        self.reset_button.on_click(lambda event: self.start_again())
        self._codes: dict = {}
        self._open()

    # -- what a learner does -------------------------------------------------------------------
    def run(self) -> None:
        """TEST RUN: the learner's part on the lesson's numbers; values beside the right ones, δ on the diagram."""
        self._show(self._check(random_sets=0), submitted=False)

    def submit(self) -> None:
        """SUBMIT ANSWER: every TODO on the lesson's numbers and on random networks of the same shape."""
        self._show(self._check(random_sets=3), submitted=True)

    def show_solution(self) -> None:
        ex = EXERCISES[self.exercise]
        if self.exercise == "worked_example":
            from core.notation import plain

            text = "\n".join(f"{t.comment} = {plain(exercise_hand.V[t.name])}   ({t.hint_symbols})" for t in ex.todos)
        else:
            text = ex.solution
        self.solution.object = "The lesson's solution:\n" + text
        self.solution.visible = True

    def start_again(self) -> None:
        ex = EXERCISES[self.exercise]
        if hasattr(ex, "starter"):
            self.code.value = self.code.value_input = ex.starter
        for box in self.numbers.values():
            box.value = box.value_input = ""
        self._clear()

    # -- how ---------------------------------------------------------------------------------
    def _connect(self, button, random_sets: int) -> None:
        if in_browser():  # Pyodide: no threads; the settrace budget bounds the wait
            button.on_click(lambda event: self._show(self._check(random_sets), submitted=random_sets > 0))
            return

        async def later(event):
            button.disabled = True
            self.status.object = "Checking…"
            answer = self._answer()  # read here, on the page's own loop
            document = pn.state.curdoc
            try:
                report = await asyncio.get_running_loop().run_in_executor(None, self._check, random_sets, answer)
            finally:
                button.disabled = False

            def show():
                self._show(report, submitted=random_sets > 0)
            # after the await this coroutine no longer holds the document's lock, which the
            # diagram's raw Bokeh sources need: show the verdict in a callback that does
            if document is not None and document.session_context is not None:
                document.add_next_tick_callback(show)
            else:
                show()
        button.on_click(later)

    def _answer(self):
        if self.exercise == "worked_example":
            return {name: box.value_input if box.value_input is not None else box.value for name, box in self.numbers.items()}
        return self.code.value_input if self.code.value_input is not None else self.code.value

    def _check(self, random_sets: int, answer=None):
        if not self.allowed:
            return None
        answer = self._answer() if answer is None else answer
        return check(self.exercise, answer, timeout_s=TIMEOUT_S, random_sets=random_sets)

    def _show(self, report, submitted: bool) -> None:
        if report is None:
            self.status.object = self.refusal
            return
        self.results.object = results_text(report)
        self.values.object = "Your values beside the right ones (the lesson's numbers):\n" + values_text(report)
        self.diagrams[self.exercise][0].practice_deltas = learner_deltas(self.exercise, report.values)
        right = sum(c.passed for c in report.checks)
        where = ("the lesson's example" if self.exercise == "worked_example" else
                 "the lesson's numbers and random networks" if submitted else "the lesson's numbers")
        word = "Submitted" if submitted else "Ran"
        self.status.object = (f"{word}: all {right} right on {where}." + (" Well done." if submitted else "")
                              if report.passed else f"{word}: {right} of {len(report.checks)} right on {where}.")
        if submitted and not report.passed:
            self.solution_button.disabled = False

    def _clear(self) -> None:
        for pane in (self.status, self.results, self.values):
            pane.object = ""
        self.solution.visible = False
        self.solution_button.disabled = True
        if self.exercise in self.diagrams:
            self.diagrams[self.exercise][0].practice_deltas = {}

    @param.depends("exercise", watch=True)
    def _open(self) -> None:
        """Show the chosen exercise: its text, given part, starting code, hints and diagram."""
        ex = EXERCISES[self.exercise]
        if getattr(self, "_current", None) is not None:
            self._codes[self._current] = self.code.value_input or self.code.value
        self._current = self.exercise
        self.intro.object = INTRO[self.exercise]
        if self.exercise == "worked_example":
            self.given.object = "Given: x₁ = 0.1, x₂ = 0.3, w₁ = 0.4, w₂ = −0.2, W = 0.1, target y = 1, η = 0.5, sigmoid units."
        else:
            self.given.object = "Given (read-only):\n" + ex.given(ex.datasets(0)[0]).strip()
        if hasattr(ex, "starter"):
            self.code.value = self.code.value_input = self._codes.get(self.exercise, ex.starter)
        with children_sent():  # in Pyodide Panel's own hold kept a changed layout from the page
            self.hints.objects = [self._hint_row(t) for t in ex.todos]
        if self.exercise not in self.diagrams:
            preset = "worked_example" if self.exercise == "worked_example" else "numpy_exercise"
            state = LabState(preset=preset)
            state.step = len(state.steps)  # every true value shown, the learner's beside them
            diagram = NetworkDiagram(state=state)
            for source in (diagram.nodes, diagram.edges, diagram.biases, diagram.edge_labels, diagram.targets,
                           diagram.forward_arrows, diagram.backward_arrows):
                source.name = "practice_" + source.name  # apart from the Step through tab's diagram
            self.diagrams[self.exercise] = (state, diagram)
        with children_sent():
            self.diagram_slot.objects = [self.diagrams[self.exercise][1]]
        self._clear()

    def _hint_row(self, todo) -> pn.FlexBox:
        text = pn.pane.Str("", stylesheets=TEXT_STYLE, css_classes=[f"practice-hint-text-{todo.name}"],
                           sizing_mode="stretch_width")
        button = pn.widgets.Button(name=f"Hint: {todo.name}", css_classes=[f"practice-hint-{todo.name}"], width=190)

        def more(event):  # the formula first, then the page's numbers in it
            text.object = todo.hint_symbols if not text.object else f"{todo.hint_symbols}\n{todo.hint_numbers}"
        button.on_click(more)
        return flow.row(button, text)

    @param.depends("exercise")
    def _answer_area(self):
        if self.exercise == "worked_example":
            return pn.Column(*self.numbers.values(), flow.row(self.submit_button, self.solution_button, self.reset_button))
        return pn.Column(self.code, flow.row(self.run_button, self.submit_button, self.solution_button, self.reset_button))

    def __panel__(self):
        if not self.allowed:
            return pn.Column(pn.pane.Str(self.refusal, stylesheets=TEXT_STYLE, css_classes=["practice-refused"]),
                             sizing_mode="stretch_width")
        left = flow.cell(self.intro, self.given, self._answer_area, self.status, self.results, self.solution,
                         width=SIDE_PX, grow=True)
        right = flow.cell(self.diagram_slot, self.values, pn.pane.Markdown("**Hints**"), self.hints,
                          width=SIDE_PX, grow=True)
        return pn.Column(self.chooser, flow.row(left, right), sizing_mode="stretch_width")
