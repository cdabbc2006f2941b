"""Saving and sharing the whole state: a JSON snapshot, and the same snapshot as URL query keys.

What a link and a file hold is declared once, in `schema.PROPS`; this module builds a
snapshot (the JSON file's dict) from the state, checks one, and turns it into a link and
back. Every way in is total: `check`, `from_json`, `from_query` and `read_link` return a
checked value or raise `InputError` with a plain-text message for the learner.
"""
from __future__ import annotations

import json
from collections.abc import Mapping

import numpy as np

from core import Network, preset
from core.losses import get_loss
from core.inputs import InputError, parse_number, parse_whole, plain, quote

from .schema import BY_KEY, GUIDE, HIDEABLE, NETWORK_KEYS, PROPS, TRAINING_KEYS, kind_of  # noqa: F401 (HIDEABLE is read here)
from .state import LabState
from .training import TrainingState

VERSION = 1
MAX_JSON_BYTES = 200_000
MAX_QUERY_CHARS = 20_000  # per key: 448 weights of 20 characters fit with room to spare
URL_KEYS = {p.key: p.what for p in (*PROPS, *GUIDE)}  # the keys a link may hold, in the order links are written
CUSTOM_DATA_NOTE = ("a data set you uploaded cannot travel in a link or a file: whoever opens it gets the "
                    "generated data set named in it, so share the CSV file too")

# query keys of how the page is shown, not of the state: kept in the address as they are
# (the share view leaves keys it does not own alone) and read by the view they set
VIEW_KEYS = {
    "projector": "1: large type for a projector (app/lab.py)",
}
# where the learner is in the lesson (schema.GUIDE), read and written beside the snapshot: a
# lesson link may carry no network at all (the page sets its own up), and then only these,
# its preset and hide are read
GUIDE_KEYS = tuple(p.key for p in GUIDE)
LESSON_LINK_KEYS = ("preset", "hide", *GUIDE_KEYS)


def snapshot(lab: LabState, training: TrainingState | None = None, hide: list[str] | None = None) -> dict:
    """The whole state as a JSON-safe dict."""
    snap = {"version": VERSION, "preset": lab.preset, "network": lab.network.to_dict(), "x": lab.x.tolist(),
            "target": lab.target.tolist(), "learning_rate": lab.learning_rate, "l1": lab.l1, "l2": lab.l2,
            "seed": lab.seed, "step": lab.step, "hide": list(hide or [])}
    if training is not None:
        t = {field: _json_safe(getattr(training, field)) for field in training_defaults()}
        if training.dataset == "custom":  # cannot travel (CUSTOM_DATA_NOTE): the link names the default
            t["dataset"] = TrainingState.param.dataset.default
        snap["training"] = t
    return snap


def _preset_snapshot(name: str) -> dict:
    """A preset as a snapshot: what a link that names only the preset opens (step 0)."""
    p = preset(name)
    return {"version": VERSION, "preset": name, "network": p.network.to_dict(), "x": p.x.tolist(),
            "target": p.target.tolist(), "learning_rate": p.learning_rate,
            "seed": LabState.param.seed.default, "step": 0, "hide": []}


def _json_safe(value):
    return list(value) if isinstance(value, (list, tuple)) else value


def training_defaults() -> dict:
    return {p.field.split(".")[1]: TrainingState.param[p.field.split(".")[1]].default
            for p in PROPS if p.key in TRAINING_KEYS}


# -- checking a snapshot (a parsed JSON file) ---------------------------------------------------
REQUIRED = ("network", "x", "target", "learning_rate")


def check(snap) -> dict:
    """A checked copy of a snapshot; InputError naming the first problem found."""
    if not isinstance(snap, dict):
        raise InputError(f"a saved state must be a JSON object, not {kind_of(snap)}")
    version = snap.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version != VERSION:
        raise InputError(f"this file's format version is {_shown(version)}; this app reads files of version {VERSION}")
    for field in REQUIRED:
        if field not in snap:
            raise InputError(f"the saved state lacks {BY_FIELD[field].what if field in BY_FIELD else field} ('{field}')")
    if not isinstance(snap["network"], dict):
        raise InputError(f"the saved state has no network (its 'network' is {kind_of(snap['network'])})")
    base = _preset_snapshot("worked_example")
    out = {"version": VERSION}
    for prop in PROPS:
        if prop.field.startswith(("network.", "training.")):
            continue
        value = prop.get(snap, prop.get(base, prop.default))
        out[prop.field] = prop.kind.check(value, prop.what)
    out["network"] = _checked_network(snap["network"])
    sizes = out["network"]["sizes"]
    _count(out["x"], sizes[0], BY_KEY["x"].what)
    _count(out["target"], sizes[-1], BY_KEY["y"].what)
    if "training" in snap:
        training = snap["training"]
        if not isinstance(training, dict):
            raise InputError(f"the training settings must be an object, not {kind_of(training)}")
        defaults = training_defaults()
        out["training"] = {p.field.split(".")[1]: p.kind.check(p.get(snap, defaults[p.field.split(".")[1]]), p.what)
                           for p in PROPS if p.key in TRAINING_KEYS}
    return out


BY_FIELD = {p.field: p for p in PROPS}


def _checked_network(net: dict) -> dict:
    wrapped = {"network": net}
    sizes = BY_KEY["arch"].kind.check(_required(wrapped, "arch"), BY_KEY["arch"].what)
    weights = BY_KEY["w"].kind.check(_required(wrapped, "w"), BY_KEY["w"].what)
    if len(weights) != len(sizes) - 1 or any(
            len(w) != a or any(len(row) != b for row in w) for w, a, b in zip(weights, sizes[:-1], sizes[1:])):
        raise InputError(f"the weights do not fit the architecture {'-'.join(map(str, sizes))}: "
                         "each layer needs a matrix of (units below) rows by (units above) columns")
    biases = BY_KEY["b"].get(wrapped)
    if biases is not None:
        biases = BY_KEY["b"].kind.check(biases, BY_KEY["b"].what)
        if [len(b) for b in biases] != sizes[1:]:
            raise InputError(f"the biases do not fit the architecture {'-'.join(map(str, sizes))}: "
                             "one list per layer after the inputs, one bias per unit")
    activation = BY_KEY["act"].kind.check(_required(wrapped, "act"), BY_KEY["act"].what)
    if len(activation) != len(sizes) - 2:
        raise InputError(f"{'-'.join(map(str, sizes))} needs {len(sizes) - 2} hidden activations, "
                         f"the file lists {len(activation)}")
    output = BY_KEY["out"].kind.check(_required(wrapped, "out"), BY_KEY["out"].what)
    checked = {"sizes": sizes, "activation": activation, "output_activation": output, "weights": weights,
               "biases": biases}
    loss = BY_KEY["loss"]
    name = loss.kind.check(loss.get(wrapped, loss.default), loss.what)
    try:
        get_loss(name).check(output)  # cross-entropy needs a sigmoid or softmax output
    except ValueError as error:
        raise InputError(str(error)) from None
    if name != loss.default:  # absent means squared error, as Network.to_dict writes it
        checked["loss"] = name
    return checked


def _required(snap: dict, key: str):
    prop = BY_KEY[key]
    missing = object()
    value = prop.get(snap, missing)
    if value is missing:
        raise InputError(f"the saved network lacks {prop.what} ('{prop.field.split('.')[-1]}')")
    return value


def _count(values: list, n: int, what: str) -> None:
    if len(values) != n:
        raise InputError(f"{what} must be a list of {n} numbers, not {len(values)}")


def _shown(value) -> str:
    return f"“{quote(str(value), 20)}”" if isinstance(value, (int, float)) and not isinstance(value, bool) \
        else kind_of(value)


def apply(lab: LabState, training: TrainingState | None, snap: dict) -> dict:
    """Check a snapshot, then make it the state; returns the checked snapshot."""
    snap = check(snap)
    net = snap["network"]
    network = Network([np.array(w, dtype=float) for w in net["weights"]],
                      None if net["biases"] is None else [np.array(b, dtype=float) for b in net["biases"]],
                      net["activation"], net["output_activation"], loss=net.get("loss", "squared_error"))
    if not lab.restore(network, snap["x"], snap["target"], learning_rate=snap["learning_rate"], seed=snap["seed"],
                       step=snap["step"], preset=snap["preset"], l1=snap["l1"], l2=snap["l2"]):
        raise InputError(plain(lab.message) or "the state could not be opened")
    if training is not None and "training" in snap:
        # in one update, features with (and before) the data set: the link's network already has
        # their inputs and outputs, and the new data is drawn through the new features
        training.param.update(**{"features": snap["training"]["features"], **snap["training"]})
        training.restart()
    return snap


# -- JSON files ------------------------------------------------------------------------------
def to_json(snap: dict) -> str:
    return json.dumps(snap, indent=1, allow_nan=False)


def from_json(data: str | bytes) -> dict:
    """Parse a saved file (text or bytes, UTF-8 with or without a byte-order mark); checked, or InputError."""
    if not isinstance(data, (str, bytes, bytearray)):
        raise InputError("the file could not be read")
    if len(data) > MAX_JSON_BYTES:
        raise InputError(f"the file is larger than {MAX_JSON_BYTES // 1000} kB")
    if isinstance(data, (bytes, bytearray)):
        try:
            data = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError("the file is not UTF-8 text") from None
    text = data.removeprefix("\ufeff")
    if not text.strip():
        raise InputError("the file is empty")
    try:
        parsed = json.loads(text, parse_constant=_refuse_constant, parse_int=_json_int, parse_float=_json_float)
    except json.JSONDecodeError as error:
        raise InputError(f"the file is not valid JSON ({plain(error.msg, 60)}, line {error.lineno})") from None
    except RecursionError:
        raise InputError("the file nests lists or objects too deeply to be a saved state") from None
    return check(parsed)


def _refuse_constant(name: str):
    raise InputError(f"the file holds {name}, which is not a number")


def _json_int(text: str) -> int:
    return parse_whole(text, "a number in the file")


def _json_float(text: str) -> float:
    return parse_number(text, "a number in the file")


# -- links -----------------------------------------------------------------------------------
def to_query(snap: dict) -> dict[str, str]:
    """The snapshot as URL query keys, in PROPS order (exact: floats are written with repr)."""
    query = {}
    for prop in PROPS:
        value = prop.get(snap)
        if prop.key == "b":
            query["b"] = "" if value is None else prop.kind.text(value)  # empty: no biases
        elif prop.key == "hide" and not value:
            continue
        elif prop.default is not None and value == prop.default:
            continue  # a link leaves out what it would mean anyway: no loss=squared_error, l1=0.0
        elif value is not None:
            query[prop.key] = prop.kind.text(value)
    return query


def from_query(query: Mapping) -> dict:
    """A checked snapshot from URL query keys; InputError if any key of ours cannot be used."""
    snap, problems = read_link(query)
    if problems:
        raise InputError("; ".join(problems))
    return snap


def read_link(query: Mapping) -> tuple[dict, list[str]]:
    """What a link opens: the preset it names (or the lesson's example), with every key it gives put over it.

    Returns the checked snapshot and, for each key that could not be used, a plain-text
    sentence naming it; the rest of the link still applies. Keys of others (a template's
    ?theme=dark, a tracker's) are left alone.
    """
    given, problems = {}, []

    def refuse(key: str, why: str) -> None:
        problems.append(f"'{key}' was not used: {plain(why, 160)}")

    for key in BY_KEY:  # the snapshot's keys; the guide's are read by read_guide
        text = _link_text(query, key, refuse)
        if text is not None:
            try:
                given[key] = BY_KEY[key].kind.read(text, BY_KEY[key].what) if key not in ("w", "b") else text
            except InputError as error:
                refuse(key, str(error))
    snap = _preset_snapshot(given.get("preset", "worked_example"))
    for key, value in given.items():
        prop = BY_KEY[key]
        if key not in NETWORK_KEYS and key not in TRAINING_KEYS and key not in ("x", "y"):
            snap[prop.field] = value
    _link_network(snap, given, refuse)
    for key, field in (("x", "x"), ("y", "target")):
        n = snap["network"]["sizes"][0 if key == "x" else -1]
        if key in given and len(given[key]) != n:
            refuse(key, f"{BY_KEY[key].what} needs {n} numbers, the link has {len(given[key])}")
        elif key in given:
            snap[field] = given[key]
        elif len(snap[field]) != n:
            snap[field] = (snap[field] + [0.5 if key == "x" else 1.0] * n)[:n]
    if any(key in given for key in TRAINING_KEYS):
        snap["training"] = training_defaults()
        for key in TRAINING_KEYS:
            if key in given:
                snap["training"][BY_KEY[key].field.split(".")[1]] = given[key]
    return check(snap), problems


def _link_network(snap: dict, given: dict, refuse) -> None:
    """The network keys over the preset's network: a new architecture without weights draws them from the seed."""
    net = snap["network"]
    sizes = given.get("arch", net["sizes"])
    same = sizes == net["sizes"]
    n_hidden = len(sizes) - 2
    activation = given.get("act", net["activation"] if same else [])
    if len(activation) == 1 and n_hidden > 1:
        activation = activation * n_hidden
    if len(activation) != n_hidden:
        if "act" in given:
            refuse("act", f"{'-'.join(map(str, sizes))} needs {n_hidden} hidden activations, "
                          f"the link lists {len(activation)}")
        activation = (net["activation"][:1] or ["sigmoid"]) * n_hidden
    output = given.get("out", net["output_activation"])
    loss = given.get("loss", net.get("loss", BY_KEY["loss"].default))
    weights = net["weights"] if same else None
    if "w" in given:
        weights = _shaped(given["w"], "w", sizes, list(zip(sizes[:-1], sizes[1:])), refuse) or weights
    biases = net["biases"] if same else None
    if "b" in given:
        biases = None if not given["b"].strip() else (
            _shaped(given["b"], "b", sizes, [(1, n) for n in sizes[1:]], refuse, vectors=True) or biases)
    if weights is None:
        drawn = Network.random(sizes, seed=snap["seed"], activation=activation, output_activation=output,
                               biases=biases is not None)
        weights = [w.tolist() for w in drawn.weights]
    snap["network"] = {"sizes": sizes, "activation": activation, "output_activation": output,
                       "weights": weights, "biases": biases, "loss": loss}


def _shaped(text: str, key: str, sizes: list[int], shapes: list[tuple[int, int]], refuse, vectors=False):
    """The flat numbers of a link's 'w' or 'b' as one matrix (or vector) per layer; None if refused."""
    prop = BY_KEY[key]
    try:
        flat = prop.kind.read(text, prop.what)
    except InputError as error:
        refuse(key, str(error))
        return None
    expected = sum(a * b for a, b in shapes)
    if len(flat) != expected:
        noun = "biases" if vectors else "weights"
        refuse(key, f"the link has {len(flat)} {noun} where {'-'.join(map(str, sizes))} needs {expected}")
        return None
    out, k = [], 0
    for a, b in shapes:
        out.append(flat[k:k + b] if vectors else [flat[k + i * b:k + (i + 1) * b] for i in range(a)])
        k += a * b
    return out


def _link_text(query: Mapping, key: str, refuse) -> str | None:
    """The text a link gives for `key`, or None (absent, or refused as not text or too long)."""
    if key not in query:
        return None
    text = query[key]
    if not isinstance(text, str):
        refuse(key, "it is not text")
    elif len(text) > MAX_QUERY_CHARS:
        refuse(key, f"it is longer than {MAX_QUERY_CHARS:,} characters")
    else:
        return text
    return None


# -- the lesson's keys -----------------------------------------------------------------------
def guide_to_query(lab: LabState) -> dict[str, str]:
    """lesson=N while a page is on screen, predict=1 while predicting (schema.GUIDE's kinds write them)."""
    values = {"lesson": lab.lesson, "predict": lab.predict}
    return {p.key: p.kind.text(values[p.field]) for p in GUIDE if values[p.field]}


def read_guide(query: Mapping) -> tuple[dict, list[str]]:
    """{'lesson': page or None, 'predict': bool or None} from a link, and a plain-text sentence
    for each of the two that could not be used (read_link's way)."""
    guide, problems = {p.field: None for p in GUIDE}, []

    def refuse(key: str, why: str) -> None:
        problems.append(f"'{key}' was not used: {plain(why, 160)}")

    for prop in GUIDE:
        text = _link_text(query, prop.key, refuse)
        if text is not None:
            try:
                guide[prop.field] = prop.kind.read(text, prop.what)
            except InputError as error:
                refuse(prop.key, str(error))
    return guide, problems


def guide_from_query(query: Mapping) -> dict:
    """read_guide's values; InputError naming each key that cannot be used."""
    guide, problems = read_guide(query)
    if problems:
        raise InputError("; ".join(problems))
    return guide
