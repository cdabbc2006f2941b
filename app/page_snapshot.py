"""What the page shows, read from a Bokeh document so that another process's document can be
matched to it: keys for models that do not depend on the process, and snapshots of every
keyed model's properties (app/baked.py bakes the static page's steps from these).

Models are found by a key both documents share (a name or a CSS class used once in the
page), never by id: the pre-rendered page and the live one are made in different
processes. Values are in Bokeh's own JSON encoding, so the page decodes them with BokehJS
(`Document.apply_json_patch`) exactly as it decodes the live worker's patches.
"""
from __future__ import annotations

import re

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

    The same rule runs in the page (static/model-keys.js): a name first, then the
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


def _label(model) -> str:
    return f"name:{_name(model)}" if _name(model) else ",".join(getattr(model, "css_classes", None) or []) or type(model).__name__


def _shape(value) -> list:
    """What a property holding models holds: the names or classes of the models in it and in
    them, not their ids (a preset opened again makes equal models with new ids). Stylesheets,
    which Panel swaps whenever a pane's text changes, do not count (IGNORED_ATTRS)."""
    from bokeh.model import Model

    found: list = []
    seen: set = set()

    def walk(v):
        if isinstance(v, Model):
            if v.id in seen:
                return
            seen.add(v.id)
            found.append(_label(v))
            for name, inner in v.properties_with_values(include_defaults=False).items():
                if name not in IGNORED_ATTRS and isinstance(inner, (Model, list, tuple, dict)):
                    walk(inner)
        elif isinstance(v, (list, tuple)):
            for x in v:
                walk(x)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)

    walk(value)
    return found


def is_parts(value) -> bool:
    return isinstance(value, dict) and set(value) == {"models", "ids"}


def differs(a, b) -> bool:
    """Whether the page shows something else: for models held, other names or classes."""
    if is_parts(a) and is_parts(b):
        return a["models"] != b["models"]
    return a != b


def snapshot(doc, base: dict | None = None, only: set[str] | None = None) -> dict[str, dict]:
    """key → {property: value in Bokeh's JSON encoding} for every keyed model (`model_keys`, on
    the document as it is now: a preset's new sliders take the keys of the ones they replace),
    or for the keys in `only`.
    A value that holds models, which the page cannot replay, is kept as what it holds
    (`_shape`), worked out again only where it holds other models than in `base`."""
    from bokeh.core.serialization import Serializer

    serializer = Serializer(references=set(doc.models), deferred=False)
    keys = model_keys(doc)
    out = {}
    for model in doc.models:
        key = keys.get(model.id)
        if key is None or (only is not None and key not in only):
            continue
        props = {}
        for name, value in model.properties_with_values(include_defaults=True).items():
            if name in IGNORED_ATTRS:
                continue
            encoded = serializer.encode(value)
            if name in WAITING_ATTRS or _holds_models(encoded):
                was = (base or {}).get(key, {}).get(name)
                encoded = was if is_parts(was) and was["ids"] == encoded else {"models": _shape(value), "ids": encoded}
            props[name] = encoded
        out[key] = props
    return out
