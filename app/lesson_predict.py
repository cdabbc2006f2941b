"""Predict before you see: the step-through stops before each h, a, δ and Δw and asks for it.

The question is always about the next step (state.steps[state.step]) when prediction is on
and that step is one of PREDICTABLE; a step that writes a whole layer (the weight steps)
asks for one of its values, the picked edge if it is among them. An answer is right within
one unit of the last of the three significant figures the page shows; a wrong one brings
the step's own formula with the numbers in it (from its StepText), its result left out.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import param

from core.inputs import InputError, parse_number, quote
from core.notation import DIGITS, number, plain

from .picture import unit_name, weight_name
from .state import LabState

PREDICTABLE = ("h", "a", "delta", "weight_step")


@dataclass(frozen=True)
class Question:
    """What the learner is asked: one value of the next step."""

    index: int  # the step's index
    element: str  # the diagram id whose value is asked
    value: float
    prompt: str  # plain text
    highlight: tuple[str, ...]  # the ids to draw a halo round while asking


def close_enough(typed: float, value: float, digits: int = DIGITS) -> bool:
    """Right to the precision shown: within one unit of the value's last shown figure."""
    if value == 0:
        return abs(typed) < 10.0 ** -12
    unit = 10.0 ** (math.floor(math.log10(abs(value))) - (digits - 1))
    return abs(typed - value) <= unit * (1 + 1e-9)


def worked(numbers: str, value: float) -> str:
    """The step's formula with the numbers in it, without its result: "... = 0.00305" -> "..."."""
    for result in (f" = {number(value)}", f"= {number(value)}"):
        if numbers.endswith(result):
            return numbers[: -len(result)]
    head, sep, _ = numbers.rpartition(" = ")
    return head if sep else numbers


def question_for(state: LabState) -> Question | None:
    """The question the next step asks, or None (prediction off, nothing left, or not asked)."""
    if not state.predict or state.step >= len(state.steps):
        return None
    step = state.steps[state.step]
    if step.kind not in PREDICTABLE:
        return None
    element = state.selected if state.selected in step.writes else next(iter(step.writes))
    sizes = state.network.sizes
    kind, *index = element[0], *map(int, element[1:].split("."))
    if kind == "w":
        name = weight_name(sizes, *index)
        prompt = f"Δ{name}, the step of weight {name}"
        highlight = (element,)
    elif index[0] == len(sizes) - 1 and step.kind == "a":
        prompt = "ŷ = f(h), the network's output"
        highlight = (element,)
    else:
        name = unit_name(sizes, *index)
        name = f"the output unit {name}" if index[0] == len(sizes) - 1 else name
        word = {"h": "h", "a": "a = f(h)", "delta": "δ"}[step.kind]
        prompt = f"{word} of {name}"
        highlight = (element,)
    return Question(step.index, element, float(step.writes[element]), prompt, highlight + tuple(
        r for r in step.reads if r not in highlight and not r.startswith("b")))


class Predictor(param.Parameterized):
    """The question on screen, the learner's answers to it, and the session's score."""

    state = param.ClassSelector(class_=LabState, doc="The lab whose steps are predicted.")
    question = param.Parameter(default=None, doc="The Question asked now, or None.")
    feedback = param.String(default="", doc="Plain text: what the last answer earned.")
    hint = param.String(default="", doc="LaTeX: the worked formula, shown after a wrong answer.")
    right = param.Integer(default=0, bounds=(0, None), doc="Answers right this session.")
    wrong = param.Integer(default=0, bounds=(0, None), doc="Wrong tries this session.")
    revealed = param.Integer(default=0, bounds=(0, None), doc="Questions revealed without a right answer.")

    @param.depends("state.predict", "state.step", "state.steps", "state.selected", watch=True, on_init=True)
    def _ask(self) -> None:
        question = question_for(self.state)
        same_place = (question is not None and self.question is not None
                      and (question.index, question.element) == (self.question.index, self.question.element))
        if question != self.question:
            self.question = question
        # after a wrong try the worked formula follows the network (a drag changes its numbers)
        self.hint = self._worked() if (same_place and self.hint) else ""

    def _worked(self) -> str:
        q = self.question
        return worked(self.state.steps[q.index].numbers, q.value) if q else ""

    def check(self, text) -> bool:
        """Take the learner's answer: right -> revealed with a tick; wrong -> the worked formula."""
        q = self.question
        if q is None:
            self.feedback = "There is nothing to predict here: press Next."
            return False
        try:
            typed = parse_number(text, "your prediction")
        except InputError as error:
            self.feedback = str(error)
            return False
        if close_enough(typed, q.value):
            self.right += 1
            self.feedback = f"✓ Right: {q.prompt} = {plain(q.value)} (you said {quote(str(text).strip(), 20)})."
            self.hint = ""
            self.state.next()
            return True
        self.wrong += 1
        self.feedback = (f"✗ Not {quote(str(text).strip(), 20)}. Work it out from the formula below "
                         "and try again, or press Reveal.")
        self.hint = self._worked()
        return False

    def reveal(self) -> None:
        q = self.question
        if q is None:
            return
        self.revealed += 1
        self.feedback = f"Revealed: {q.prompt} = {plain(q.value)}."
        self.hint = ""
        self.state.next()

    def next(self) -> None:
        """The step-through's Next: refuses, saying why, while a question waits for its answer."""
        if self.question is not None:
            self.feedback = f"First say what {self.question.prompt} is (type it and press Check), or press Reveal."
            return
        self.state.next()

    @property
    def score(self) -> str:
        return f"Score this session: {self.right} right · {self.wrong} wrong tries · {self.revealed} revealed"
