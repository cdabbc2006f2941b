"""Panel's unused parts imported on first use in the site's worker, not at its start.

`import panel` imports every pane, widget and template Panel has: ~0.8 s of the worker's start
(Pyodide, this machine). Some of that goes to parts this simulator never shows: the chat
components, the terminal and debugger, speech, the panes for VTK, ECharts, Deck.gl and other
libraries the site does not ship. The build rewrites their imports in three of the panel
wheel's `__init__.py` files into a module `__getattr__` (PEP 562): `pn.chat`,
`pn.widgets.Terminal` and the rest still work, imported the first time they are asked for.
`panel serve` runs Panel as installed. Figures: docs/static-build.md.

A Panel whose lines differ stops the build, so an upgrade never ships a half-edited package.
Panel 1.7.5 imports all of itself at once; deferring is the site's choice, not a Panel fix.
"""
from __future__ import annotations

import re

from sitebuild.paths import BuildError

# file in the panel wheel -> the submodules (relative to it) whose names wait for first use.
# Not deferred, as Panel's own modules import them at once: `.ipywidget` (panel/pane/plot.py),
# `.tables` (panel/param.py), `.holoviews` and with it `.plotly` (panel/pipeline.py), the
# templates (panel/template/__init__.py names them all in a table).
LAZY = {
    "panel/__init__.py": (".chat",),
    "panel/widgets/__init__.py": (".codeeditor", ".debugger", ".speech_to_text", ".terminal",
                                  ".text_to_speech"),
    "panel/pane/__init__.py": (".deckgl", ".echarts", ".perspective", ".streamz", ".textual",
                               ".vizzu", ".vtk"),
}

_GETATTR = '''

# Backprop Lab's site build (sitebuild/lazy_imports.py): imported the first time they are
# asked for, not with the package.
_LAZY_NAMES = {names!r}
_LAZY_MODULES = {modules!r}


def __getattr__(name):
    import importlib
    if name in _LAZY_MODULES:
        return importlib.import_module("." + name, __name__)
    if name in _LAZY_NAMES:
        value = getattr(importlib.import_module(_LAZY_NAMES[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {{__name__!r}} has no attribute {{name!r}}")
'''


def lazy(path: str, source: str) -> str:
    """`source` of the wheel's file `path` with the imports of LAZY[path] made lazy."""
    names: dict[str, str] = {}
    modules: list[str] = []
    for module in LAZY[path]:
        # `from .terminal import Terminal  # noqa`, or `from . import chat  # ...`
        own = re.compile(rf"^from {re.escape(module)} import ([\w, ]+?)\s*#[^\n]*\n", re.M)
        sub = re.compile(rf"^from \. import {re.escape(module[1:])}\s*#[^\n]*\n", re.M)
        found = own.search(source)
        if found:
            names.update({name.strip(): module for name in found.group(1).split(",")})
        else:
            found = sub.search(source)
            if not found:
                raise BuildError(f"{path} in the panel wheel has no single-line import of {module}: "
                                 "a Panel other than the pinned one? See sitebuild/lazy_imports.py")
        modules.append(module[1:])
        source = source[:found.start()] + source[found.end():]
    for name in [*names, *modules]:
        # a name the file itself uses (not only lists in quotes, as in __all__) cannot wait
        if re.search(rf"(?<![\w\"'.]){name}(?![\w\"'])", source):
            raise BuildError(f"{path} in the panel wheel uses {name} itself, so it cannot be imported "
                             "on first use: a Panel other than the pinned one? See sitebuild/lazy_imports.py")
    return source + _GETATTR.format(names=names, modules=tuple(modules))
