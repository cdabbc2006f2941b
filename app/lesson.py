"""The lesson the page tells: its pages (data, in lesson_pages.json) and the live values in their text.

A page's text names live values with placeholders over the diagram's element ids
(core/steps.py: "n{l}.{j}" unit j of layer l, "w{l}.{i}.{j}" weights[l][i, j], "b{l}.{j}" biases[l][j]):

    {h[n1.0]} {a[n1.0]} {delta[n2.0]} {error[n2.0]} {fprime[n1.0]} {y[n2.0]}   of a unit (a of layer 0 is x)
    {w[w0.0.0]} {dw[w0.0.0]} {new[w0.0.0]}   {b[b0.0]} {db[b0.0]} {new[b0.0]}   of a weight, of a bias
    {eta} {loss} {updates} {loss_after[3]}                                      of the whole network
    {delta[n2.0] / delta[n1.0]}                                                 the quotient of two

Every value is read from the state's teaching steps, passes and network: the core's numbers,
never worked out again here (loss_after runs the core's own update on a copy). Numbers are
printed as the diagram prints them, three significant figures (a weight after the update, six).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import param

from core import PRESETS
from core.notation import plain

from .lesson_predict import PREDICTABLE, Predictor
from .state import LabState

PAGES_FILE = Path(__file__).with_name("lesson_pages.json")
HIDDEN = "?"  # a value the learner is about to predict
MISSING = "—"  # a value this network does not have (the learner changed its shape)

# the value a teaching step writes, by the step's kind -> the placeholder's name for it
FROM_STEPS = {"h": "h", "a": "a", "error": "error", "delta": "delta",
              "weight_step": "dw", "bias_step": "db", "update": "new"}
UNIT_KINDS = ("h", "a", "delta", "error", "fprime", "y")
ELEMENT_KINDS = UNIT_KINDS + ("w", "dw", "new", "b", "db")
SCALAR_KINDS = ("eta", "loss", "updates", "loss_after")
_TERM = r"(\w+)(?:\[([\w.]+)\])?"
PLACEHOLDER = re.compile(r"\{\s*" + _TERM + r"(?:\s*/\s*" + _TERM + r")?\s*\}")
_BRACED = re.compile(r"\{[^{}]*\}")


@dataclass(frozen=True)
class Page:
    """One page: its words, the network and step it shows, and what it highlights."""

    number: int  # from 1
    title: str
    text: str
    preset: str
    step: object  # 0, "all", or "<kind> <id>"
    highlight: tuple[str, ...]
    if_tab: dict = field(default_factory=dict)  # tab name -> the text to use when that tab is on the page

    def text_for(self, tabs=()) -> str:
        for tab, text in self.if_tab.items():
            if tab in tabs:
                return text
        return self.text


def load_pages(path: Path = PAGES_FILE) -> list[Page]:
    """The pages of the data file, checked: ValueError naming the page and what is wrong."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    pages = []
    for number, raw in enumerate(data["pages"], start=1):
        page = Page(number, raw["title"], raw["text"], raw["preset"], raw.get("step", "all"),
                    tuple(raw.get("highlight", [])), dict(raw.get("if_tab", {})))
        if page.preset not in PRESETS:
            raise ValueError(f"lesson page {number}: unknown preset {page.preset!r}")
        for text in (page.text, *page.if_tab.values()):
            for braced in _BRACED.findall(text):
                match = PLACEHOLDER.fullmatch(braced)
                if not match or not all(_known(k, a) for k, a in _terms(match)):
                    raise ValueError(f"lesson page {number}: {braced} is not a placeholder this app knows")
        pages.append(page)
    return pages


def _terms(match: re.Match) -> list[tuple[str, str | None]]:
    kind, arg, kind2, arg2 = match.groups()
    return [(kind, arg)] + ([(kind2, arg2)] if kind2 else [])


def _known(kind: str, arg: str | None) -> bool:
    if kind in ELEMENT_KINDS:
        return arg is not None
    if kind == "loss_after":
        return arg is not None and arg.isdigit() and 0 < int(arg) <= 10
    return kind in SCALAR_KINDS and arg is None


def _index(element: str) -> tuple[str, list[int]]:
    """'w0.1.0' -> ('w', [0, 1, 0]); the id format of core/steps.py."""
    return element[0], [int(part) for part in element[1:].split(".")]


class Values:
    """The live values a page can name, read from one state; `hide_unrevealed` for prediction."""

    def __init__(self, state: LabState, hide_unrevealed: bool = False):
        self.state = state
        self.shown = state.step if hide_unrevealed else len(state.steps)
        self.written: dict[tuple[str, str], tuple[float, int]] = {}
        for s in state.steps:
            for element, value in s.writes.items():
                self.written[(FROM_STEPS[s.kind], element)] = (value, s.index)

    def get(self, kind: str, arg: str | None = None):
        """The value, HIDDEN if the learner has not seen it yet, MISSING if this network has none."""
        s = self.state
        if kind == "eta":
            return s.learning_rate
        if kind == "updates":
            return s.updates
        if kind in ("loss", "loss_after"):
            outputs = [i for (k, _), (_, i) in self.written.items() if k == "error"]
            if any(i >= self.shown for i in outputs):
                return HIDDEN
            return s.backward.loss if kind == "loss" else _loss_after(s, int(arg))
        try:
            letter, index = _index(arg)
            return self._element(kind, letter, index, arg)
        except (IndexError, ValueError, KeyError):
            return MISSING

    def _element(self, kind: str, letter: str, index: list[int], element: str):
        s, net = self.state, self.state.network
        if kind == "w":
            l, i, j = index
            return float(net.weights[l][i, j])
        if kind == "b":
            l, j = index
            return float(net.biases[l][j])
        if kind == "a" and letter == "n" and index[0] == 0:
            return float(s.forward.x[index[1]])
        if kind == "y":
            layer, k = index
            if layer != net.n_layers:
                raise KeyError(element)
            return float(s.backward.target[k])
        if kind == "fprime":
            layer, j = index
            h, a = self._written("h", element), self._written("a", element)
            if HIDDEN in (h, a):
                return HIDDEN
            return float(net.activation_functions[layer - 1].derivative(h, a))
        return self._written(kind, element)

    def _written(self, kind: str, element: str):
        value, index = self.written[(kind, element)]
        return HIDDEN if index >= self.shown else value


def _loss_after(state: LabState, updates: int) -> float:
    """The loss after `updates` more updates on this sample, by the core's own apply."""
    net = state.network.copy()
    for _ in range(updates):
        net.apply(net.backward(net.forward(state.x), state.target, state.learning_rate))
    return net.backward(net.forward(state.x), state.target, state.learning_rate).loss


def shown(kind: str, value) -> str:
    """A value as the page prints it: the diagram's three figures; a weight after the update with
    six, as the update step writes it (the step is too small to see in three)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    return plain(value, 6) if kind == "new" else plain(value)


def render(text: str, values: Values) -> str:
    """The text with every placeholder replaced by its live value."""
    def fill(match: re.Match) -> str:
        (kind, arg), *rest = _terms(match)
        value = values.get(kind, arg)
        if rest:
            other = values.get(*rest[0])
            if isinstance(value, str) or isinstance(other, str):
                return HIDDEN if HIDDEN in (value, other) else MISSING
            return plain(value / other) if other else MISSING
        out = shown(kind, value)
        # a negative factor in a product or sum is bracketed, as the formulas write it
        if out.startswith("-") and match.string[:match.start()].endswith(("× ", "+ ", "− ", "- ")):
            out = f"({out})"
        return out

    return PLACEHOLDER.sub(fill, text)


def step_index(spec, steps) -> int:
    """How many steps a page's `step` reveals: 0, 'all', or '<kind> <id>' (through that step)."""
    if spec == "all":
        return len(steps)
    if isinstance(spec, int):
        return min(spec, len(steps))
    kind, element = str(spec).split()
    for s in steps:
        if s.kind == kind and element in s.writes:
            return s.index + 1
    raise ValueError(f"no {kind} step writes {element}")


def open_page(state: LabState, number: int, preset: str | None = None, fresh: bool = False) -> Page:
    """Set the state up for page `number`: its preset (kept, with the learner's weights, if it is
    already the one shown), its step (one before, so that it is asked, when predicting), its page."""
    page = PAGES[max(1, min(int(number), len(PAGES))) - 1]
    name = preset if preset in PRESETS else page.preset
    loaded = PRESETS[name].network
    same = (state.preset == name and state.network.sizes == loaded.sizes
            and (state.network.biases is None) == (loaded.biases is None))
    if fresh or not same:
        state.load_preset(name)
    try:
        target = step_index(page.step, state.steps)
    except ValueError:
        target = len(state.steps)
    if state.predict and 0 < target and state.steps[target - 1].kind in PREDICTABLE:
        target -= 1
    state.goto(target)
    state.lesson = page.number
    return page


class Lesson(param.Parameterized):
    """Where the learner is in the lesson, and what the diagram highlights for it."""

    state = param.ClassSelector(class_=LabState, doc="The lab the lesson is told over.")
    predictor = param.ClassSelector(class_=Predictor, doc="Asks before a value is shown.")
    last_page = param.Integer(default=0, bounds=(0, None), doc="The page to come back to; 0 before the first.")

    def __init__(self, **params):
        if params.get("predictor") is None:
            params["predictor"] = Predictor(state=params["state"])
        super().__init__(**params)

    @property
    def page(self) -> Page | None:
        n = self.state.lesson
        return PAGES[n - 1] if 0 < n <= len(PAGES) else None

    def open(self, number: int, fresh: bool = False) -> None:
        open_page(self.state, number, fresh=fresh)

    def next_page(self) -> None:
        if self.page and self.page.number < len(PAGES):
            self.open(self.page.number + 1)

    def back_page(self) -> None:
        if self.page and self.page.number > 1:
            self.open(self.page.number - 1)

    def restart_page(self) -> None:
        if self.page:
            self.open(self.page.number, fresh=True)

    def leave(self) -> None:
        """Out to free exploration: the network stays as it is."""
        self.state.lesson = 0

    def resume(self) -> None:
        self.open(self.last_page or 1)

    def text(self, tabs=()) -> str:
        page = self.page
        if page is None:
            return ""
        return render(page.text_for(tabs), Values(self.state, hide_unrevealed=self.state.predict))

    @param.depends("state.lesson", "state.layout", "predictor.question", watch=True, on_init=True)
    def _highlight(self) -> None:
        page = self.page
        if page is not None:
            self.last_page = page.number
        ids = list(page.highlight) if page else []
        question = self.predictor.question if self.predictor is not None else None
        if question is not None:
            ids += [i for i in question.highlight if i not in ids]
        if ids != self.state.highlight:
            self.state.highlight = ids


PAGES = load_pages()
