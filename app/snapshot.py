"""The snapshot: the whole state as the JSON file's dict, built from the state, checked, and made the state again.

What a snapshot holds is declared once, in `schema.PROPS`. `check` is total: it returns a
checked copy or raises `InputError` with a plain-text message for the learner.
"""
from __future__ import annotations

import numpy as np

from core import Network, preset
from core.inputs import InputError, plain, quote
from core.losses import get_loss

from .schema import BY_KEY, PROPS, TRAINING_KEYS, kind_of
from .state import LabState
from .training import TrainingState

VERSION = 1
CUSTOM_DATA_NOTE = ("a data set you uploaded cannot travel in a link or a file: whoever opens it gets the "
                    "generated data set named in it, so share the CSV file too")


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


def preset_snapshot(name: str) -> dict:
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
    base = preset_snapshot("worked_example")
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
