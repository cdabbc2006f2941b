"""Style sheets in a notebook with no network: inline copies of Panel's own files."""
from __future__ import annotations

import weakref

import panel as pn

from .pyodide_hold import in_pyodide


# ---------------------------------------------------------------------------------------------
# Style sheets in a notebook with no network
# ---------------------------------------------------------------------------------------------
def _inline_notebook(doc) -> bool:
    """A notebook's document with `pn.extension(..., inline=True)`: no server, not Pyodide."""
    return (doc is not None and pn.config.inline and not in_pyodide()
            and getattr(doc, "session_context", None) is None)


class _InlineStyleSheets(dict):
    """One document's style-sheet cache that answers a Panel CDN URL with the file's text inline."""

    def _local(self, url):
        from panel.io.resources import CDN_DIST, DIST_DIR

        if isinstance(url, str) and url.startswith(CDN_DIST):
            path = DIST_DIR / url[len(CDN_DIST):].split("?")[0]
            return path if path.is_file() else None
        return None

    def __bool__(self):
        return True  # Panel's theme code skips an empty cache

    def __setitem__(self, url, sheet):
        # Panel's `Reactive._get_properties` reads a cached sheet's `url` to check it, and on the
        # inline sheet's AttributeError caches the URL's ImportedStyleSheet in its place: from the
        # first render on, later changes of a pane (the table after a drag) named the CDN again
        from bokeh.models import ImportedStyleSheet

        if isinstance(sheet, ImportedStyleSheet) and self._local(url) is not None:
            return
        super().__setitem__(url, sheet)

    def __contains__(self, url):
        return super().__contains__(url) or self._local(url) is not None

    def __missing__(self, url):
        from bokeh.models import InlineStyleSheet

        path = self._local(url)
        if path is None:
            raise KeyError(url)
        sheet = self[url] = InlineStyleSheet(css=path.read_text(encoding="utf-8"))
        return sheet


class _StyleSheetCaches(weakref.WeakKeyDictionary):
    """Panel's per-document style-sheet caches (`state._stylesheets`), inline ones in a notebook."""

    def _ensure(self, doc):
        if _inline_notebook(doc) and not super().__contains__(doc):
            super().__setitem__(doc, _InlineStyleSheets())

    def __contains__(self, doc):
        self._ensure(doc)
        return doc is not None and super().__contains__(doc)

    def __getitem__(self, doc):
        self._ensure(doc)
        return super().__getitem__(doc)

    def get(self, doc, default=None):
        if doc is None:
            return default
        self._ensure(doc)
        return super().get(doc, default)


def inline_style_sheets_in_notebooks() -> None:
    """In a notebook with `inline=True`, every Panel style sheet goes inline, later ones too.

    `inline=True` inlines the scripts and, at the first render, the style sheets; but models
    Panel makes afterwards (an opened tab, rebuilt sliders, a changed pane) and its theme
    still name their style sheets by URL on cdn.holoviz.org, so offline those requests fail.
    Panel keeps one cache of style-sheet models per document (`state._stylesheets`), which
    both its widgets and its themes read; for a notebook's document this cache answers each CDN
    URL with an inline copy of Panel's own file, and keeps it there. No upstream issue found in
    holoviz/panel. Without it (found by a JupyterLab test, `git log -- tests/ui/test_jupyter.py`;
    tests/app/test_panel_compat.py::test_a_notebooks_inline_style_sheet_is_not_replaced_by_its_cdn_url)
    JupyterLab offline asked cdn.holoviz.org
    for loading.css, katex.css and the theme's default.css and native.css; with the inline copies
    but not kept, for loading.css once a drag had redrawn the diagram's table).
    """
    from panel.io.state import state

    if not isinstance(state._stylesheets, _StyleSheetCaches):
        caches = _StyleSheetCaches()
        caches.update(state._stylesheets)
        type(state)._stylesheets = caches
