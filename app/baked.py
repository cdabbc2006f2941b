"""The steps the static page can show before Python has started, computed at build time.

A cold static page shows its pre-rendered diagram at once but takes ~5 s to start Python,
and the first thing most visitors do is press Next on a preset: numbers the build already
knows. `bake()` builds the page with the app's own code, opens every preset at every step
the way a link `?preset=P&step=k` opens it (the path the page's hand-over takes), and
records what changes on the page: the diagram's columns, the step panel's texts, the
buttons' states. static/baked.js replays these into the pre-rendered document until
Python is ready, then hands the live page the preset and step the learner reached.

Models are found by a key both documents share (a name or a CSS class used once in the
page), never by id: the pre-rendered page and the live one are made in different
processes. Values are in Bokeh's own JSON encoding, so the page decodes them with BokehJS
(`Document.apply_json_patch`) exactly as it decodes the live worker's patches.

    python -m app.baked out.json      # what build.py does
"""
from __future__ import annotations

import json
import re
import sys
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

from core import PRESETS

VERSION = 1
DEFAULT_PRESET = "worked_example"
# what the page's address holds in baked mode: nothing else can be shown without Python
LINK_KEYS = ("preset", "step")
# values that hold other models (a layout's children, a stylesheet) cannot be replayed
# without making models: the page marks those parts as waiting for Python instead
WAITING_ATTRS = ("children",)
# Panel swaps a pane's stylesheet models when its text changes; the CSS they carry does not
IGNORED_ATTRS = ("stylesheets",)


def _name(model) -> str | None:
    """The model's own name; not one Panel made up from a counter or an object's address
    ("Column00149", "main-1398…"), which differ between the two processes."""
    name = getattr(model, "name", None)
    return name if name and not re.search(r"\d{5}", name) else None


def model_keys(doc) -> dict[str, str]:
    """id → key for every model named, or carrying a CSS class, that no other model shares.

    The same rule runs in the page (static/baked.js `keyed`): a name first, then the
    classes in order.
    """
    names: dict[str, list] = {}
    classes: dict[str, list] = {}
    for model in doc.models:
        if _name(model):
            names.setdefault(model.name, []).append(model)
        for css in getattr(model, "css_classes", None) or []:
            classes.setdefault(css, []).append(model)
    keys: dict[str, str] = {}
    for model in doc.models:
        if _name(model) and len(names[model.name]) == 1:
            keys[model.id] = f"name:{model.name}"
            continue
        for css in getattr(model, "css_classes", None) or []:
            if len(classes[css]) == 1:
                keys[model.id] = f"class:{css}"
                break
    return keys


def _holds_models(value) -> bool:
    if isinstance(value, dict):
        return value.get("type") == "object" or set(value) == {"id"} or any(_holds_models(v) for v in value.values())
    if isinstance(value, list):
        return any(_holds_models(v) for v in value)
    return False


def snapshot(doc, keys: dict[str, str]) -> dict[str, dict]:
    """key → {property: value in Bokeh's JSON encoding} for every keyed model."""
    from bokeh.core.serialization import Serializer

    serializer = Serializer(references=set(doc.models), deferred=False)
    out = {}
    for model in doc.models:
        key = keys.get(model.id)
        if key is not None:
            out[key] = {name: serializer.encode(value)
                        for name, value in model.properties_with_values(include_defaults=True).items()
                        if name not in IGNORED_ATTRS}
    return out


def _columns(old: dict, new: dict):
    """A data source's change: only the columns that changed, unless its columns differ."""
    old_cols, new_cols = dict(old["entries"]), dict(new["entries"])
    if old_cols.keys() != new_cols.keys():
        return new
    return {"merge": [[k, v] for k, v in new["entries"] if old_cols[k] != v]}


def diff(old: dict, new: dict, replayed: set) -> dict:
    """What changed from snapshot `old` to `new`, for the (key, property) pairs replayed."""
    out: dict[str, dict] = {}
    for key, prop in sorted(replayed):
        a, b = old[key][prop], new[key][prop]
        if a != b:
            out.setdefault(key, {})[prop] = _columns(a, b) if prop == "data" and isinstance(a, dict) else b
    return out


def build_page():
    """The page as the static site pre-renders it, and the lab behind it."""
    import runpy

    from bokeh.document import Document
    from panel.io.state import set_curdoc

    from .lab import BackpropLab

    doc = Document()
    with set_curdoc(doc):
        main = runpy.run_path(str(Path(__file__).with_name("main.py")), run_name="backprop_lab_bake")
        lab = BackpropLab()
        main["create_app"](lab).server_doc(doc)
    return doc, lab


@contextmanager
def as_in_the_site():
    """Python as the static site has it: no Pygments (sitebuild/pins.py ships none), so Markdown
    writes code plain, as the page's Python will write it."""
    from markdown.extensions import codehilite

    had = codehilite.pygments
    codehilite.pygments = False
    try:
        yield
    finally:
        codehilite.pygments = had


def bake() -> dict:
    """Every preset at every step, as static/baked.js reads it (its header says the format)."""
    with as_in_the_site():
        return _bake()


def _bake() -> dict:
    from panel.io.state import set_curdoc

    from .stepper import INTERVAL_MS, PAUSE, PLAY

    doc, lab = build_page()
    keys = model_keys(doc)
    base = snapshot(doc, keys)
    with set_curdoc(doc):
        states = {}
        for name in PRESETS:
            lab.share._open_link("?" + urlencode({"preset": name, "step": 0}))
            n = len(lab.state.steps)
            states[name] = []
            for step in range(n + 1):
                lab.share._open_link("?" + urlencode({"preset": name, "step": step}))
                states[name].append(snapshot(doc, keys))
    replayed, waiting = set(), set()
    for snaps in states.values():
        for snap in snaps:
            for key, props in snap.items():
                for prop, value in props.items():
                    if value != base[key][prop]:
                        if prop in WAITING_ATTRS or _holds_models(value):
                            waiting.add(key)
                        else:
                            replayed.add((key, prop))
    presets = {}
    for name, snaps in states.items():
        presets[name] = {
            "title": PRESETS[name].title,
            "steps": len(snaps) - 1,
            "enter": diff(base, snaps[0], replayed),
            "next": [diff(a, b, replayed) for a, b in zip(snaps, snaps[1:])],
            # parts of the page that a preset's own models replace (its sliders): shown once Python is
            "waiting": sorted(key for key in waiting
                              if any(snap[key][prop] != base[key][prop] for snap in snaps
                                     for prop in snap[key] if (key, prop) not in replayed)),
        }
    return {
        "version": VERSION,
        "default": DEFAULT_PRESET,
        "link_keys": list(LINK_KEYS),
        "interval_ms": INTERVAL_MS,
        "play": PLAY,
        "pause": PAUSE,
        "base": {key: {prop: base[key][prop] for k, prop in sorted(replayed) if k == key}
                 for key in sorted({k for k, _ in replayed})},
        "presets": presets,
    }


def state_at(baked: dict, preset: str, step: int) -> dict:
    """The replayed properties at (preset, step), as static/baked.js computes them."""
    out = {key: dict(props) for key, props in baked["base"].items()}
    p = baked["presets"][preset]
    for change in [p["enter"], *p["next"][:step]]:
        for key, props in change.items():
            for prop, value in props.items():
                if isinstance(value, dict) and "merge" in value:
                    cols = dict(out[key][prop]["entries"])
                    cols.update(dict(value["merge"]))
                    value = {"type": "map", "entries": [[k, v] for k, v in cols.items()]}
                out[key][prop] = value
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    baked = bake()
    Path(argv[0]).write_text(json.dumps(baked, separators=(",", ":"), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
