"""The lesson the page tells: its pages (data, in lesson_pages.json), setting the lab up for
each, and moving between them. The live values in a page's text: app/lesson_values.py.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import param

from core import PRESETS

from .lesson_predict import PREDICTABLE, Predictor
from .lesson_values import BRACED, PLACEHOLDER, Values, known, render, terms
from .state import LabState

PAGES_FILE = Path(__file__).with_name("lesson_pages.json")


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
            for braced in BRACED.findall(text):
                match = PLACEHOLDER.fullmatch(braced)
                if not match or not all(known(k, a) for k, a in terms(match)):
                    raise ValueError(f"lesson page {number}: {braced} is not a placeholder this app knows")
        pages.append(page)
    return pages


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
