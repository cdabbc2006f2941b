"""The steps the static page can show before Python has started, computed at build time.

A cold static page shows its pre-rendered diagram at once but takes ~5 s to start Python,
and the first thing most visitors do is press Next on a preset or open the lesson: numbers
the build already knows. `bake()` builds the page with the app's own code, opens every
preset at every step the way a link `?preset=P&step=k` opens it, and every lesson page at
every step the way `?lesson=N&preset=P&step=k` does (the paths the page's hand-over takes),
and records what changes on the page: the diagram's columns and highlight, the step panel's
and the lesson panel's texts, the buttons' states. static/baked.js replays these into the pre-rendered document until
Python is ready, then hands the live page the preset and step the learner reached.

Models are found by keys both documents share, and read in Bokeh's own JSON encoding
(app/page_snapshot.py).

    python -m app.baked out.json      # what build.py does
"""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

from core import PRESETS

from .page_snapshot import WAITING_ATTRS, differs, is_parts, snapshot
from .plot_scale import BAKED_NARROW_WIDTHS_PX, PLOT_WIDTH_PX

VERSION = 3  # 2: the lesson pages; 3: the walks placed for a phone's plot ("narrow")
DEFAULT_PRESET = "worked_example"
# what the page's address holds in baked mode: nothing else can be shown without Python
LINK_KEYS = ("preset", "step", "lesson")
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
        if key not in old or key not in new:  # not on the page there: inside a layout that waits
            continue
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


def lesson_link(number: int, preset: str, step: int) -> str:
    """Where the page is on lesson page `number` at `step`: what the page's address holds."""
    return "?" + urlencode({"lesson": number, "preset": preset, "step": step})


def _walk(lab, link, doc, base, only=None) -> list[dict]:
    """The page at every step of the network `link(0)` opens: snapshots (of the keys in `only`),
    step 0 first."""
    lab.share._open_link(link(0))
    n = len(lab.state.steps)
    snaps = []
    for step in range(n + 1):
        lab.share._open_link(link(step))
        assert lab.state.step == step, (link(step), lab.state.step)
        snaps.append(snapshot(doc, base, only))
    return snaps


def _bake() -> dict:
    from panel.io.state import set_curdoc

    from .lesson import PAGES
    from .stepper import INTERVAL_MS, PAUSE, PLAY

    doc, lab = build_page()
    base = snapshot(doc)

    def walk_all(lab, doc, only=None):  # from a page as opened, as a link opens it
        states = {name: _walk(lab, lambda k, name=name: "?" + urlencode({"preset": name, "step": k}), doc, base, only)
                  for name in PRESETS}
        lessons = []
        for page in PAGES:
            lab.share._open_link("?" + urlencode({"lesson": page.number}))  # a teacher's link to the page
            start = lab.state.step
            snaps = _walk(lab, lambda k, page=page: lesson_link(page.number, page.preset, k), doc, base, only)
            lessons.append((page, start, snaps))
        return states, lessons

    with set_curdoc(doc):
        states, lessons = walk_all(lab, doc)
    every = [*states.values(), *(snaps for _, _, snaps in lessons)]
    replayed, waiting = set(), set()
    for snaps in every:
        for snap in snaps:
            for key, props in snap.items():
                if key not in base:  # a model the page has no twin of: its layout waits (below)
                    continue
                for prop, value in props.items():
                    if differs(value, base[key][prop]):
                        if prop in WAITING_ATTRS or is_parts(value):
                            waiting.add(key)
                        else:
                            replayed.add((key, prop))

    # the same walks with the labels placed for a phone's plot (app/plot_scale.py's widths), on a
    # page as opened; only the replayed models are read (reading the whole page is most of a walk)
    narrow = {}
    for width in BAKED_NARROW_WIDTHS_PX:
        narrow_doc, narrow_lab = build_page()
        with set_curdoc(narrow_doc):
            narrow_lab.state.plot_width = width
            narrow[width] = walk_all(narrow_lab, narrow_doc, only={key for key, _ in replayed})

    def walk(snaps: list[dict]) -> dict:
        return {
            "steps": len(snaps) - 1,
            **_changes(base, snaps, replayed),
            # parts of the page that a preset's own models replace (its sliders): shown once Python is
            "waiting": sorted(key for key in waiting
                              if any(differs(snap[key][prop], base[key][prop]) for snap in snaps if key in snap
                                     for prop in snap[key] if (key, prop) not in replayed)),
        }

    return {
        "version": VERSION,
        "width": PLOT_WIDTH_PX,  # the labels' placement in the walks below; "narrow": for a phone's plot
        "default": DEFAULT_PRESET,
        "link_keys": list(LINK_KEYS),
        "interval_ms": INTERVAL_MS,
        "play": PLAY,
        "pause": PAUSE,
        "base": _values(base, replayed),
        "presets": {name: {"title": PRESETS[name].title, **walk(snaps)} for name, snaps in states.items()},
        # lesson page N is lessons[N - 1]; `start`: the step its Next page, Previous page and
        # Start over open it at (the lesson's own open_page)
        "lessons": [{"number": page.number, "preset": page.preset, "start": start, **walk(snaps)}
                    for page, start, snaps in lessons],
        "narrow": {str(width): _variant(base, replayed, states, lessons, *walks) for width, walks in narrow.items()},
    }


def _variant(base: dict, usual: set, states: dict, lessons: list, narrow_states: dict, narrow_lessons: list) -> dict:
    """The same walks with the labels placed for a narrower plot: only the replayed properties
    (`usual`) that differ somewhere from the usual walks (the diagram's), each walk's changes
    from `base` as above."""
    pairs = [(states[name], narrow_states[name]) for name in states]
    pairs += [(snaps, narrow_snaps) for (_, _, snaps), (_, _, narrow_snaps) in zip(lessons, narrow_lessons)]
    replayed = {(key, prop) for walks in pairs for a, b in zip(*walks) for key, prop in usual
                if key in a and key in b and differs(b[key][prop], a[key][prop])}

    return {
        "base": _values(base, replayed),
        "presets": {name: _changes(base, snaps, replayed) for name, snaps in narrow_states.items()},
        "lessons": [_changes(base, snaps, replayed) for _, _, snaps in narrow_lessons],
    }


def _values(base: dict, replayed: set) -> dict:
    """The replayed properties' values in `base`, key -> property -> value."""
    return {key: {prop: base[key][prop] for k, prop in sorted(replayed) if k == key}
            for key in sorted({k for k, _ in replayed})}


def _changes(base: dict, snaps: list[dict], replayed: set) -> dict:
    """A walk's changes: `enter`, from `base` to its step 0; `next[k]`, from step k to k + 1."""
    return {"enter": diff(base, snaps[0], replayed), "next": [diff(a, b, replayed) for a, b in zip(snaps, snaps[1:])]}


def state_at(baked: dict, preset: str, step: int, lesson: int = 0, width: float = PLOT_WIDTH_PX) -> dict:
    """The replayed properties at (preset, step), or at lesson page `lesson`'s step, with the
    labels placed for `width` (PLOT_WIDTH_PX or one of BAKED_NARROW_WIDTHS_PX), as
    static/baked.js computes them."""
    out = _replayed(baked, preset, step, lesson)
    if width != PLOT_WIDTH_PX:
        for key, props in _replayed(baked["narrow"][str(int(width))], preset, step, lesson).items():
            out.setdefault(key, {}).update(props)
    return out


def _replayed(baked: dict, preset: str, step: int, lesson: int) -> dict:
    out = {key: dict(props) for key, props in baked["base"].items()}
    p = baked["lessons"][lesson - 1] if lesson else baked["presets"][preset]
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
