"""Links: a snapshot as URL query keys and back, and the lesson's own keys beside it.

Which keys a link holds, and how each is read and written, is declared once in
`schema.PROPS` (the state) and `schema.GUIDE` (where the learner is in the lesson). Reading
a link is total: `read_link` and `read_guide` use every key they can and say in plain text
why each other key of ours was not used; keys of others are left alone.
"""
from __future__ import annotations

from collections.abc import Mapping

from core import Network
from core.inputs import InputError, plain

from .schema import BY_KEY, GUIDE, NETWORK_KEYS, PROPS, TRAINING_KEYS
from .snapshot import check, preset_snapshot, training_defaults
from .state import LabState

MAX_QUERY_CHARS = 20_000  # per key: 448 weights of 20 characters fit with room to spare
URL_KEYS = {p.key: p.what for p in (*PROPS, *GUIDE)}  # the keys a link may hold, in the order links are written

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
    snap = preset_snapshot(given.get("preset", "worked_example"))
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
