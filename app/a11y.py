"""The page's help for keyboards and screen readers: the keys hint, and the small script
(app/page.js) that gives the keys, the tab headers' roles and focus that never falls to <body>.

A Panel JSComponent (panel.custom, Panel's documented way to ship a component's own JS) so
that the same script runs under `panel serve`, in the static site and in a notebook.
"""
from __future__ import annotations

from pathlib import Path

from panel.custom import JSComponent

HERE = Path(__file__).parent
PAGE_CSS = (HERE / "page.css").read_text()

KEYS_HINT = ("Keys: ← → back and next · Home End first and last · Space play or pause · "
             "A apply the update")


class PageHelp(JSComponent):
    """Draws the keys hint; its script listens for the keys on the whole page."""

    _esm = (HERE / "page.js").read_text()

    def __init__(self, **params):
        params.setdefault("stylesheets", [".lab-keys { margin: 2px 10px; font-size: 0.9em; color: #333; }"])
        params.setdefault("sizing_mode", "stretch_width")
        super().__init__(**params)
