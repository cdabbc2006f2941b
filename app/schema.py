"""The one declaration of what a link and a saved file hold: `PROPS`, one row per shared value.

Each row names the value's link key, where it sits in the JSON file, and its kind; the kind
reads it from a link's text, checks it in a parsed JSON file and writes it back, with bounds
and names taken from the params (`LabState`, `TrainingState`) and from `core`.
`app/snapshot.py` and `app/links.py` build snapshots, links and files from this table and
nothing else (the model is TensorFlow Playground's `State.PROPS`). Every reader returns a
checked value or raises `InputError`.
"""
from __future__ import annotations

from dataclasses import dataclass

from core import ACTIVATIONS, PRESETS
from core.activations import OUTPUT_ACTIVATIONS
from core.datasets import ALL_DATASETS
from core.features import FEATURES, check_features
from core.inputs import InputError, parse_number, parse_whole, quote
from core.losses import LOSSES, get_loss

from .lesson import PAGES
from .shape import parse_architecture
from .state import WEIGHT_LIMIT, LabState
from .tabs import HIDEABLE  # the sidebar groups and tabs a classroom link may hide
from .training import TrainingState

MAX_STEP = 10_000  # more than any network within the drawing limits has steps


def kind_of(value) -> str:
    """What a JSON value is, in words (never its repr: it may be huge or deeply nested)."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return f"the text “{quote(value)}”"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "empty (null)"


def json_number(value, what: str, bounds=(None, None)) -> float:
    """A JSON number (not text, not true/false) within `bounds`."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"{what} must be a number, not {kind_of(value)}")
    return _within(parse_number(value, what), what, bounds)


def _within(number: float, what: str, bounds) -> float:
    lo, hi = bounds
    if (lo is not None and number < lo) or (hi is not None and number > hi):
        limits = f"between {lo:g} and {hi:g}" if lo is not None and hi is not None else (
            f"at least {lo:g}" if lo is not None else f"at most {hi:g}")
        raise InputError(f"{what} must be {limits}, not {number:g}")
    return number


@dataclass(frozen=True)
class Number:
    bounds: tuple = (None, None)

    def read(self, text: str, what: str) -> float:
        return _within(parse_number(text, what), what, self.bounds)

    def check(self, value, what: str) -> float:
        return json_number(value, what, self.bounds)

    def text(self, value) -> str:
        return repr(float(value))  # the shortest decimal that reads back as the same float


@dataclass(frozen=True)
class Whole:
    bounds: tuple

    def read(self, text: str, what: str) -> int:
        return parse_whole(text, what, *self.bounds)

    def check(self, value, what: str) -> int:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InputError(f"{what} must be a whole number, not {kind_of(value)}")
        return parse_whole(value, what, *self.bounds)

    def text(self, value) -> str:
        return str(int(value))


@dataclass(frozen=True)
class Choice:
    names: tuple

    def read(self, text: str, what: str) -> str:
        if text not in self.names:
            raise InputError(f"{what} must be one of {', '.join(self.names)}, not “{quote(text)}”")
        return text

    def check(self, value, what: str) -> str:
        if not isinstance(value, str):
            raise InputError(f"{what} must be one of {', '.join(self.names)}, not {kind_of(value)}")
        return self.read(value, what)

    def text(self, value) -> str:
        return value


@dataclass(frozen=True)
class Choices:
    """A list of names: comma-separated in a link, a JSON list in a file."""

    names: tuple

    def read(self, text: str, what: str) -> list[str]:
        return [Choice(self.names).read(part.strip(), what) for part in text.split(",") if part.strip()]

    def check(self, value, what: str) -> list[str]:
        if not isinstance(value, list):
            raise InputError(f"{what} must be a list, not {kind_of(value)}")
        return [Choice(self.names).check(v, what) for v in value]

    def text(self, value) -> str:
        return ",".join(value)


@dataclass(frozen=True)
class Loss(Choice):
    """A loss's name, refused with core's own message (get_loss names the choices)."""

    def read(self, text: str, what: str) -> str:
        try:
            return get_loss(text).name
        except ValueError as error:
            raise InputError(str(error)) from None


@dataclass(frozen=True)
class Features(Choices):
    """Input features: at least one, written in FEATURES' order; refused with core.features' message."""

    def read(self, text: str, what: str) -> list[str]:
        return self._checked([part.strip() for part in text.split(",") if part.strip()])

    def check(self, value, what: str) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InputError(f"{what} must be a list of feature names, not {kind_of(value)}")
        return self._checked(value)

    @staticmethod
    def _checked(names: list[str]) -> list[str]:
        try:
            return check_features(names)
        except ValueError as error:
            raise InputError(str(error)) from None


@dataclass(frozen=True)
class Numbers:
    """Numbers of at most WEIGHT_LIMIT in size: comma-separated in a link, a (nested) JSON list in a file.

    `depth` is how deep the JSON list nests (1: a vector, 3: a list of matrices); a link
    always writes them flat, in the order NumPy's ravel gives, and `share` reshapes them.
    """

    depth: int = 1

    def read(self, text: str, what: str) -> list[float]:
        return [self._one(parse_number(part, what), what) for part in text.split(",")] if text.strip() else []

    def check(self, value, what: str, depth: int | None = None) -> list:
        depth = self.depth if depth is None else depth
        if not isinstance(value, list):
            raise InputError(f"{what} must be a list, not {kind_of(value)}")
        if depth == 1:
            return [self._one(json_number(v, what), what) for v in value]
        return [self.check(v, what, depth - 1) for v in value]

    def text(self, value) -> str:
        return ",".join(repr(float(v)) for v in _flat(value))

    @staticmethod
    def _one(number: float, what: str) -> float:
        if abs(number) > WEIGHT_LIMIT:
            raise InputError(f"{what} holds {number:g}, larger than {WEIGHT_LIMIT:g} in size")
        return number


@dataclass(frozen=True)
class Flag:
    """On or off: 1 or 0 in a link."""

    def read(self, text: str, what: str) -> bool:
        return bool(parse_whole(text, what, 0, 1))

    def check(self, value, what: str) -> bool:
        if not isinstance(value, bool):
            raise InputError(f"{what} must be true or false, not {kind_of(value)}")
        return value

    def text(self, value) -> str:
        return "1" if value else "0"


@dataclass(frozen=True)
class Sizes:
    """Units per layer: '2-3-1' in a link, [2, 3, 1] in a file; within the drawing limits."""

    def read(self, text: str, what: str) -> list[int]:
        return parse_architecture(text)

    def check(self, value, what: str) -> list[int]:
        if not isinstance(value, list):
            raise InputError(f"{what} must be a list of whole numbers, not {kind_of(value)}")
        sizes = [Whole((1, None)).check(n, what) for n in value]
        return parse_architecture("-".join(map(str, sizes)))

    def text(self, value) -> str:
        return "-".join(map(str, value))


@dataclass(frozen=True)
class Prop:
    key: str  # its name in a link
    field: str  # where it sits in the JSON file: "training.n_points" is snap["training"]["n_points"]
    kind: object
    what: str  # its name in a message
    # the value meant when a link or file leaves it out (files saved before it existed), and a
    # link leaves it out when it is this; None: always written
    default: object = None

    def get(self, snap: dict, default=None):
        node = snap
        for part in self.field.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node


def _bounds(owner, name: str) -> tuple:
    return owner.param[name].bounds


def _choices_of(owner, name: str, leave_out=()) -> tuple:
    return tuple(n for n in owner.param[name].objects if n not in leave_out)


_lab, _training = LabState, TrainingState
PROPS = (
    Prop("preset", "preset", Choice(tuple(PRESETS)), "the preset"),
    Prop("arch", "network.sizes", Sizes(), "the architecture"),
    Prop("act", "network.activation", Choices(tuple(ACTIVATIONS)), "the hidden activation"),
    Prop("out", "network.output_activation", Choice(tuple(OUTPUT_ACTIVATIONS)), "the output activation"),
    Prop("loss", "network.loss", Loss(tuple(LOSSES)), "the loss", default="squared_error"),
    Prop("w", "network.weights", Numbers(depth=3), "the weights"),
    Prop("b", "network.biases", Numbers(depth=2), "the biases"),
    Prop("x", "x", Numbers(), "the inputs x"),
    Prop("y", "target", Numbers(), "the target y"),
    Prop("eta", "learning_rate", Number(_bounds(_lab, "learning_rate")), "the learning rate η"),
    Prop("l1", "l1", Number(_bounds(_lab, "l1")), "l1", default=0.0),
    Prop("l2", "l2", Number(_bounds(_lab, "l2")), "l2", default=0.0),
    Prop("seed", "seed", Whole(_bounds(_lab, "seed")), "the seed"),
    Prop("step", "step", Whole((0, MAX_STEP)), "the step"),
    # a custom (uploaded) data set cannot travel in a link or a file: only the generated ones
    Prop("data", "training.dataset", Choice(tuple(n for n in _choices_of(_training, "dataset") if n in ALL_DATASETS)),
         "the data set"),
    Prop("points", "training.n_points", Whole(_bounds(_training, "n_points")), "the number of points"),
    Prop("noise", "training.noise", Number(_bounds(_training, "noise")), "the noise"),
    Prop("split", "training.test_fraction", Number(_bounds(_training, "test_fraction")), "the test share"),
    Prop("batch", "training.batch_size", Whole(_bounds(_training, "batch_size")), "the batch size"),
    Prop("features", "training.features", Features(tuple(FEATURES)), "the input features",
         default=list(_training.param.features.default)),
    Prop("hide", "hide", Choices(HIDEABLE), "hide"),
)
BY_KEY = {p.key: p for p in PROPS}
# how the page guides the learner, not what the network is: link keys only (a saved file holds
# the network, not where the learner is in the lesson); `field` names the LabState param
GUIDE = (
    Prop("lesson", "lesson", Whole((1, len(PAGES))), "the lesson page"),
    Prop("predict", "predict", Flag(), "predict (1 or 0)"),
)
NETWORK_KEYS = tuple(p.key for p in PROPS if p.field.startswith("network."))
TRAINING_KEYS = tuple(p.key for p in PROPS if p.field.startswith("training."))


def _flat(value):
    if isinstance(value, list):
        for v in value:
            yield from _flat(v)
    else:
        yield value
