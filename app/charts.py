"""The tabs' charts: bokeh.plotting's figure, imported when a tab first needs it, and drawn on
white in the page's dark theme too, as the diagram is, since the colours in app/theme.py are
chosen against white.

Panel's dark theme gives the whole document a dark Bokeh theme, and a theme fills every property
that was not set. So `on_paper` sets the colours such a theme changes, explicitly, on every model
of a chart, leaving those our code set alone. (Bokeh records a value only where it differs from
the current one: its default white is "#ffffff", so ours is named "white".)
"""
from __future__ import annotations

from . import theme

# the colours Bokeh's dark themes change (bokeh/themes/_dark_minimal.py, Bokeh 3.7), by model class
PAPER_LOOK = {
    "Plot": {"background_fill_color": "white", "border_fill_color": "white", "outline_line_color": theme.GRID_LINE},
    "Grid": {"grid_line_color": theme.GRID_LINE},
    "Axis": {"axis_line_color": theme.NODE_LINE, "major_tick_line_color": theme.NODE_LINE,
             "minor_tick_line_color": theme.NODE_LINE, "major_label_text_color": theme.TEXT,
             "axis_label_text_color": theme.TEXT},
    "Legend": {"label_text_color": theme.TEXT, "background_fill_color": "white"},
    "ColorBar": {"title_text_color": theme.TEXT, "major_label_text_color": theme.TEXT, "background_fill_color": "white"},
    "Title": {"text_color": theme.TEXT},
}


def figure(*args, **kwargs):
    """bokeh.plotting.figure: importing bokeh.plotting costs the static site ~0.3-0.45 s of
    start-up in Pyodide, and the start-up view has no use for it."""
    from bokeh.plotting import figure as make_figure
    fig = make_figure(*args, **kwargs)
    if "width" in kwargs and "height" in kwargs:
        # its own width where there is room, narrower and the same shape on a phone (app/flow.py)
        fig.update(sizing_mode="scale_width", max_width=kwargs["width"], min_width=200)
    return fig


def on_paper(fig):
    """`fig` as it looks in the light theme whatever the page's theme (call it again after adding
    a legend). Returns `fig`."""
    import bokeh.models

    kinds = [(getattr(bokeh.models, name), look) for name, look in PAPER_LOOK.items()]
    for model in fig.references():
        for kind, look in kinds:
            if isinstance(model, kind):
                chosen = model.properties_with_values(include_defaults=False)
                model.update(**{prop: value for prop, value in look.items() if prop not in chosen})
    return fig
