"""Entry point: `panel serve app/main.py`, and the script `build.py` converts for Pyodide."""
import sys
from urllib.parse import parse_qs

import panel as pn

from app import page
from app.a11y import PAGE_CSS
from app.lab import TAGLINE, BackpropLab
from app.panel_compat import send_frames_at_once, send_patches_as_json

# MathJax rather than KaTeX: Panel 1.7.5's KaTeX model loads its script from a CDN,
# while MathJax comes inside BokehJS itself, so formulas render with no network at all.
# apply_signatures=False: Panel would otherwise write a signature on each of its classes, for an
# IDE's tab completion, which no page uses; 50-70 ms of the static page's start in Pyodide.
# browser_info=False: Panel would add a root that reports the browser's dark mode, time zone and
# WebGL support, which nothing here reads; its view opens a WebGL context to find out, 13-16 ms
# of the page's main thread (headless chromium here) before the lesson's controls are drawn.
pn.extension("mathjax", sizing_mode="stretch_width", apply_signatures=False, browser_info=False)


def theme_from_address() -> None:
    """`?theme=dark` in the static site. Under `panel serve` Panel reads it from the session's
    request; the Pyodide worker has no request, but static/early-worker.js starts it with the
    page's query string in its own address."""
    if sys.platform != "emscripten":
        return
    import js

    theme = parse_qs(str(js.location.search).lstrip("?")).get("theme", [""])[0]
    if theme in ("dark", "default"):
        pn.config.theme = theme


def create_app(lab: BackpropLab | None = None):
    """The simulator in a template; the template lives only here, the Viewer stays reusable.
    `lab`: the one to show (app/baked.py keeps it, to step it), else a new one."""
    theme_from_address()
    send_patches_as_json()
    lab = lab if lab is not None else BackpropLab()
    pn.state.onload(send_frames_at_once)
    page.attach(pn.state.curdoc)  # upload limits in the page, and a notice when the server is lost
    # Bootstrap rather than Fast: the Fast design imports a web font from Google's CDN
    template = pn.template.BootstrapTemplate(
        title="Backprop Lab",
        sidebar=[lab.sidebar()],
        main=[pn.pane.Markdown(TAGLINE, css_classes=["lab-tagline"]), lab.main()],
        sidebar_width=350,
        header_background="#0072B2", busy_indicator=None,
        # a phone or a tablet lays the page out at its own width, not as a shrunk 980-px desktop
        meta_viewport="width=device-width, initial-scale=1", raw_css=[PAGE_CSS],
    )
    return template


# `panel serve` runs this module as bokeh_app_*; the Pyodide worker runs it as __main__
if __name__ == "__main__" or __name__.startswith("bokeh_app"):
    # The template adds its roots one at a time, and Bokeh walks the whole model graph after
    # each (10 walks, ~0.2 s of the static page's start in Pyodide); frozen, it walks it once.
    # The document is the same either way (docs/benchmarks.md, "Static site").
    with pn.state.curdoc.models.freeze():
        create_app().servable(title="Backprop Lab")
