"""Saving and sharing the whole state: a JSON snapshot, and the same snapshot as URL query keys.

`URL_KEYS` is the one place that says what goes into a link. Everything read back, from a
link or a file, is checked in full before any of it is used: a malformed, truncated or
hostile snapshot raises ValueError with a message for the learner and changes nothing.
"""
from __future__ import annotations

import json
import math

from core import PRESETS, Network

from .state import WEIGHT_LIMIT, LabState, parse_architecture
from .training import TrainingState

VERSION = 1
MAX_JSON_BYTES = 200_000
MAX_QUERY_CHARS = 20_000  # per key: 448 weights of 20 characters fit with room to spare
HIDEABLE = ("network", "sample", "weights", "training", "vanishing", "gradcheck", "share")

# query key -> what it holds (in the order links are written)
URL_KEYS = {
    "preset": "the preset the network came from",
    "arch": "units per layer, inputs first: 2-3-1",
    "act": "hidden activations, comma-separated, one per hidden layer",
    "out": "the output activation",
    "w": "every weight, layer by layer, row by row, comma-separated",
    "b": "every bias, layer by layer (absent: no biases)",
    "x": "the sample's inputs",
    "y": "the target",
    "eta": "the learning rate η",
    "seed": "the random seed",
    "step": "how many steps of the walk-through are shown",
    "data": "training data set",
    "points": "training data set size",
    "noise": "training data noise",
    "split": "share held out for testing",
    "batch": "training batch size",
    "hide": "classroom: controls to hide, comma-separated",
    "lesson": "the lesson's page on screen (1 to 10); absent: exploring freely",
    "predict": "1: predict before you see (each h, a, δ and Δw is asked before it is shown)",
}
# where the learner is in the lesson, read and written beside the snapshot: a lesson link may
# carry no network at all (the page sets its own up), and then only these and hide are read
GUIDE_KEYS = ("lesson", "predict")
LESSON_LINK_KEYS = ("preset", "hide", *GUIDE_KEYS)


def snapshot(lab: LabState, training: TrainingState | None = None, hide: list[str] | None = None) -> dict:
    """The whole state as a JSON-safe dict."""
    snap = {
        "version": VERSION,
        "preset": lab.preset,
        "network": lab.network.to_dict(),
        "x": lab.x.tolist(),
        "target": lab.target.tolist(),
        "learning_rate": lab.learning_rate,
        "seed": lab.seed,
        "step": lab.step,
        "hide": list(hide or []),
    }
    if training is not None:
        snap["training"] = {
            "dataset": training.dataset if training.dataset != "custom" else "xor",
            "n_points": training.n_points,
            "noise": training.noise,
            "test_fraction": training.test_fraction,
            "batch_size": training.batch_size,
        }
    return snap


def check(snap) -> dict:
    """A validated copy of a snapshot; ValueError naming the first problem found."""
    if not isinstance(snap, dict):
        raise ValueError("a saved state must be a JSON object")
    if snap.get("version") != VERSION:
        raise ValueError(f"unknown save format version {str(snap.get('version'))[:20]!r} (this app reads {VERSION})")
    net = snap.get("network")
    if not isinstance(net, dict) or not isinstance(net.get("weights"), list):
        raise ValueError("the saved state has no network")
    sizes = net.get("sizes")
    if not isinstance(sizes, list) or not all(isinstance(n, int) and not isinstance(n, bool) for n in sizes):
        raise ValueError("the network's sizes must be a list of whole numbers")
    parse_architecture("-".join(map(str, sizes)))  # within the drawing limits, before building arrays
    network = Network.from_dict(net)
    for w in network.weights + (network.biases or []):
        if float(abs(w).max()) > WEIGHT_LIMIT:
            raise ValueError(f"a weight is larger than {WEIGHT_LIMIT:g} in size")
    x = _numbers(snap.get("x"), "x", network.sizes[0])
    target = _numbers(snap.get("target"), "target", network.sizes[-1])
    eta = _number(snap.get("learning_rate"), "the learning rate")
    lo, hi = LabState.param.learning_rate.bounds
    if not lo <= eta <= hi:
        raise ValueError(f"the learning rate must be between {lo:g} and {hi:g}")
    seed = _whole(snap.get("seed", 0), "the seed", 0, 2**31 - 1)
    step = _whole(snap.get("step", 0), "the step", 0, 10_000)
    preset = snap.get("preset", "worked_example")
    if preset not in PRESETS:
        raise ValueError("unknown preset")
    hide = snap.get("hide", [])
    if not isinstance(hide, list) or any(h not in HIDEABLE for h in hide):
        raise ValueError(f"'hide' may list only: {', '.join(HIDEABLE)}")
    checked = {"version": VERSION, "preset": preset, "network": network.to_dict(), "x": x, "target": target,
               "learning_rate": eta, "seed": seed, "step": step, "hide": list(hide)}
    if "training" in snap:
        checked["training"] = _check_training(snap["training"])
    return checked


def _check_training(t) -> dict:
    if not isinstance(t, dict):
        raise ValueError("'training' must be an object")
    p = TrainingState.param
    dataset = t.get("dataset", "xor")
    if dataset not in ("xor", "circle", "gaussians", "spiral"):
        raise ValueError("unknown data set")
    out = {"dataset": dataset}
    for key, kind in (("n_points", int), ("noise", float), ("test_fraction", float), ("batch_size", int)):
        value = t.get(key, p[key].default)
        lo, hi = p[key].bounds
        value = _whole(value, key, lo, hi) if kind is int else _number(value, key)
        if not lo <= value <= hi:
            raise ValueError(f"{key} must be between {lo} and {hi}")
        out[key] = value
    return out


def apply(lab: LabState, training: TrainingState | None, snap: dict) -> dict:
    """Check a snapshot, then make it the state; returns the checked snapshot."""
    snap = check(snap)
    network = Network.from_dict(snap["network"])
    lab.restore(network, snap["x"], snap["target"], learning_rate=snap["learning_rate"], seed=snap["seed"],
                step=snap["step"], preset=snap["preset"])
    if training is not None and "training" in snap:
        t = snap["training"]
        training.param.update(dataset=t["dataset"], n_points=t["n_points"], noise=t["noise"],
                              test_fraction=t["test_fraction"], batch_size=t["batch_size"])
        training.restart()
    return snap


# -- JSON files ------------------------------------------------------------------------------
def to_json(snap: dict) -> str:
    return json.dumps(snap, indent=1, allow_nan=False)


def from_json(text: str | bytes) -> dict:
    """Parse a saved file; ValueError (never a traceback) if it is not a snapshot."""
    if len(text) > MAX_JSON_BYTES:
        raise ValueError(f"the file is larger than {MAX_JSON_BYTES // 1000} kB")
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError("the file is not UTF-8 text") from None
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise ValueError(f"the file is not valid JSON ({error.msg}, line {error.lineno})") from None
    return check(data)


def _refuse_constant(name: str):
    raise ValueError(f"the file holds {name}, which is not a number")


# -- links -----------------------------------------------------------------------------------
def to_query(snap: dict) -> dict[str, str]:
    """The snapshot as URL query keys (exact: floats are written with repr)."""
    net = snap["network"]
    q = {
        "preset": snap["preset"],
        "arch": "-".join(map(str, net["sizes"])),
        "act": ",".join(net["activation"]),
        "out": net["output_activation"],
        "w": _join(v for w in net["weights"] for row in w for v in row),
        "x": _join(snap["x"]),
        "y": _join(snap["target"]),
        "eta": repr(float(snap["learning_rate"])),
        "seed": str(snap["seed"]),
        "step": str(snap["step"]),
    }
    if net.get("biases") is not None:
        q["b"] = _join(v for b in net["biases"] for v in b)
    if "training" in snap:
        t = snap["training"]
        q.update(data=t["dataset"], points=str(t["n_points"]), noise=repr(float(t["noise"])),
                 split=repr(float(t["test_fraction"])), batch=str(t["batch_size"]))
    if snap.get("hide"):
        q["hide"] = ",".join(snap["hide"])
    return q


def from_query(query: dict) -> dict:
    """A checked snapshot from URL query keys; ValueError saying what in the link is wrong."""
    # keys of others (a template's ?theme=dark, a tracker's) are left alone
    query = {key: value for key, value in query.items() if key in URL_KEYS and key not in GUIDE_KEYS}
    for key, value in query.items():
        if not isinstance(value, str):
            raise ValueError(f"the link's '{key}' is not text")
        if len(value) > MAX_QUERY_CHARS:
            raise ValueError(f"the link's '{key}' is too long")
    if "arch" not in query or "w" not in query:
        raise ValueError("the link needs at least 'arch' and 'w'")
    sizes = parse_architecture(query["arch"])
    n_layers = len(sizes) - 1
    flat = _split(query["w"], "w")
    expected = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    if len(flat) != expected:
        raise ValueError(f"the link has {len(flat)} weights where {query['arch']} needs {expected}")
    weights, k = [], 0
    for a, b in zip(sizes[:-1], sizes[1:]):
        weights.append([flat[k + i * b:k + (i + 1) * b] for i in range(a)])
        k += a * b
    biases = None
    if "b" in query:
        flat_b = _split(query["b"], "b")
        if len(flat_b) != sum(sizes[1:]):
            raise ValueError(f"the link has {len(flat_b)} biases where {query['arch']} needs {sum(sizes[1:])}")
        biases, k = [], 0
        for n in sizes[1:]:
            biases.append(flat_b[k:k + n])
            k += n
    activations = query.get("act", "sigmoid").split(",")
    if len(activations) == 1:
        activations = activations * (n_layers - 1)
    snap = {
        "version": VERSION,
        "preset": query.get("preset", "worked_example"),
        "network": {"sizes": sizes, "weights": weights, "biases": biases, "activation": activations,
                    "output_activation": query.get("out", "sigmoid")},
        "x": _split(query.get("x", ",".join(["0.5"] * sizes[0])), "x"),
        "target": _split(query.get("y", ",".join(["1"] * sizes[-1])), "y"),
        "learning_rate": _number(query.get("eta", "0.5"), "eta"),
        "seed": _whole(query.get("seed", "0"), "seed", 0, 2**31 - 1),
        "step": _whole(query.get("step", "0"), "step", 0, 10_000),
        "hide": [h for h in query.get("hide", "").split(",") if h],
    }
    if "data" in query:
        snap["training"] = {
            "dataset": query["data"],
            "n_points": _whole(query.get("points", "200"), "points", 20, 2000),
            "noise": _number(query.get("noise", "0.1"), "noise"),
            "test_fraction": _number(query.get("split", "0.2"), "split"),
            "batch_size": _whole(query.get("batch", "10"), "batch", 1, 2000),
        }
    return check(snap)


# -- the lesson's keys ---------------------------------------------------------------------------
def guide_to_query(lab: LabState) -> dict[str, str]:
    """lesson=N while a page is on screen, predict=1 while predicting."""
    return {**({"lesson": str(lab.lesson)} if lab.lesson else {}), **({"predict": "1"} if lab.predict else {})}


def guide_from_query(query: dict) -> dict:
    """{'lesson': page or None, 'predict': bool or None} from a link; ValueError naming the bad key."""
    from core.inputs import InputError, parse_whole

    from .lesson import PAGES

    guide = {"lesson": None, "predict": None}
    try:
        if "lesson" in query:
            guide["lesson"] = parse_whole(query["lesson"], "the link's 'lesson'", 1, len(PAGES))
        if "predict" in query:
            guide["predict"] = bool(parse_whole(query["predict"], "the link's 'predict'", 0, 1))
    except InputError as error:
        raise ValueError(str(error)) from None
    return guide


def hide_from_query(query: dict) -> list[str]:
    """The classroom's hidden controls of a link, checked."""
    hide = [h for h in str(query.get("hide", "")).split(",") if h]
    if any(h not in HIDEABLE for h in hide):
        raise ValueError(f"'hide' may list only: {', '.join(HIDEABLE)}")
    return hide


# -- small parsers -------------------------------------------------------------------------------
def _join(values) -> str:
    return ",".join(repr(float(v)) for v in values)


def _split(text: str, what: str) -> list[float]:
    return [_number(part, what) for part in text.split(",")] if text else []


def _number(value, what: str) -> float:
    if isinstance(value, bool):
        raise ValueError(f"{what} must be a number")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a number, got {str(value)[:20]!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"{what} must be a finite number")
    return number


def _whole(value, what: str, lo: int, hi: int) -> int:
    number = _number(value, what)
    if number != int(number) or not lo <= number <= hi:
        raise ValueError(f"{what} must be a whole number from {lo} to {hi}")
    return int(number)


def _numbers(values, what: str, n: int) -> list[float]:
    if not isinstance(values, list) or len(values) != n:
        raise ValueError(f"{what} must be a list of {n} numbers")
    numbers = [_number(v, what) for v in values]
    if any(abs(v) > WEIGHT_LIMIT for v in numbers):
        raise ValueError(f"{what} holds a value larger than {WEIGHT_LIMIT:g}")
    return numbers
