"""The network diagram: Bokeh glyphs fed by ColumnDataSources, redrawn from state.picture."""
from __future__ import annotations

import panel as pn
import param
from bokeh.models import (
    Arrow, CDSView, ColumnDataSource, GlyphRenderer, HoverTool, LabelSet, Plot,
    Range1d, Scatter, Segment, TapTool, Toolbar, VeeHead,
)

from . import labels, theme
from .pacing import Trailing
from .picture import Picture
from .views import StateView

NODE_SIZE = labels.NODE_SIZE_PX  # screen pixels
# columns only the hover tool shows: full-precision values as text
PROJECTOR = 1.6  # the smallest label (a bias's, 10 px) becomes 16 px
HOVER_ONLY = ("h", "a", "delta", "w", "dw", "b", "db")
# the lesson's highlight: a highlighter-pen yellow band with a dark amber rim (3:1 and more on white)
HALO_FILL = "#F0E442"
HALO_LINE = "#8A6500"


class NetworkDiagram(StateView):
    """Draws state.picture; clicking an edge selects that weight for editing."""

    projector = param.Boolean(default=False, doc="Large type for the back of a classroom: everything PROJECTOR times as big.")

    def __init__(self, **params):
        super().__init__(**params)
        picture: Picture = self.state.picture
        self.nodes = ColumnDataSource(picture.nodes, name="nodes")
        self.edges = ColumnDataSource(_with_hover_ends(picture.edges), name="edges")
        self.biases = ColumnDataSource(picture.biases, name="biases")
        # one annotation per direction, each with its own colour: a head's colour
        # changed from Python is not repainted reliably, a source's data is
        self.forward_arrows = ColumnDataSource(_arrows(picture.arrows, theme.FORWARD), name="forward_arrows")
        self.backward_arrows = ColumnDataSource(_arrows(picture.arrows, theme.BACKWARD), name="backward_arrows")
        self.targets = ColumnDataSource(picture.targets, name="targets")
        self.edge_labels = ColumnDataSource(picture.edge_labels, name="edge_labels")
        self.halo_points = ColumnDataSource(picture.halo_points, name="halo_points")
        self.halo_edges = ColumnDataSource(picture.halo_edges, name="halo_edges")
        self.figure = self._figure()
        self._fit()
        self.edges.selected.on_change("indices", self._edge_tapped)
        # the page reports the plot's drawn size after each layout; labels are placed for it
        self.figure.on_change("inner_width", self._measured)
        self._full_later = Trailing(self._draw_all)
        self._pane = pn.pane.Bokeh(self.figure, sizing_mode="stretch_width", css_classes=["network-diagram"])

    def _figure(self):
        # Built from bokeh.models, not bokeh.plotting.figure: importing bokeh.plotting is
        # ~0.3-0.45 s of the static site's start-up in Pyodide. No axes or grids (figure() made
        # ten hidden models for them), and glyph copies only where the diagram needs its own.
        fig = Plot(
            height=labels.plot_height(self.state.layout, self.state.plot_width), sizing_mode="stretch_width", toolbar=Toolbar(),
            toolbar_location=None, match_aspect=False, name="network-diagram",
            x_range=Range1d(name="diagram-x-range"), y_range=Range1d(name="diagram-y-range"),
        )
        fig.outline_line_color = None
        # on white in the dark page theme too: every colour in app/theme.py is chosen against white
        fig.background_fill_color = fig.border_fill_color = theme.PAPER
        fig.background_fill_alpha = fig.border_fill_alpha = 1
        _renderer(fig, Segment, self.halo_edges, name="halo-edge-glyph", x0="x0", y0="y0", x1="x1", y1="y1",
                  line_color=HALO_FILL, line_width=14, line_alpha=0.75, line_cap="round")
        edge_glyph = _renderer(
            fig, Segment, self.edges, name="edge-glyph", x0="x0", y0="y0", x1="x1", y1="y1",
            line_color="colour", line_width="width", line_alpha="alpha",
            nonselection={"line_alpha": "alpha"}, selection={"line_color": "colour"},
        )
        for arrows, colour, way in ((self.forward_arrows, theme.FORWARD, "forward"),
                                    (self.backward_arrows, theme.BACKWARD, "backward")):
            fig.add_layout(Arrow(
                end=VeeHead(size=14, fill_color=colour, line_color=colour),
                source=arrows, x_start="x_start", y_start="y_start", x_end="x_end", y_end="y_end",
                line_color=colour, line_width=3, line_dash=theme.ARROW_DASH[way], name=f"{way}-arrows",
            ))
        _renderer(fig, Scatter, self.halo_points, name="halo-glyph", x="x", y="y", size="size", marker="circle",
                  fill_color=HALO_FILL, fill_alpha=0.75, line_color=HALO_LINE, line_width=3)
        bias_glyph = _renderer(fig, Scatter, self.biases, name="bias-glyph", x="x", y="y", marker="square",
                               size=labels.BIAS_SIZE_PX, fill_color=theme.NODE_FILL, line_color="line", line_width=2)
        node_glyph = _renderer(
            fig, Scatter, self.nodes, name="node-glyph", x="x", y="y", size=NODE_SIZE, fill_color="fill",
            line_color="line", line_width="line_width",
        )
        label_style = dict(
            text_font_size="12px", text_color=theme.TEXT, background_fill_color=theme.LABEL_BOX,
            background_fill_alpha=0.85, text_line_height=1.15,
        )
        # where each unit's labels go (beside it, or under and over it in a crowded layer) is in
        # the nodes' columns, from labels.unit_labels, which keeps the edge labels clear of them
        for kind, extra in (("value", {}), ("delta", {"text_color": theme.DELTA_TEXT, "text_font_style": "bold"})):
            fig.add_layout(LabelSet(
                x="x", y="y", text=f"{kind}_text", source=self.nodes, name=f"{kind}-labels",
                x_offset=f"{kind}_dx", y_offset=f"{kind}_dy", text_align=f"{kind}_align",
                text_baseline=f"{kind}_baseline", **{**label_style, **extra, "text_font_size": f"{kind}_size"},
            ))
        self._sized = [(node_glyph.glyph, "size", NODE_SIZE), (bias_glyph.glyph, "size", labels.BIAS_SIZE_PX)]
        for source, name, size, extra in (
            (self.edge_labels, "edge-labels", 11, {"text_align": "center"}),
            (self.biases, "bias-labels", labels.BIAS_FONT_PX, {"x_offset": -labels.BIAS_LABEL_OFFSET_PX, "text_align": "right"}),
            (self.targets, "target-labels", 12, {"text_align": "center", "text_font_style": "bold"}),
        ):
            label_set = LabelSet(x="x", y="y", text="text", source=source, name=name,
                                 text_baseline="bottom" if name == "target-labels" else "middle",
                                 **{**label_style, **extra, "text_font_size": f"{size}px"})
            fig.add_layout(label_set)
            self._sized.append((label_set, "text_font_size", f"{size}px"))
            if "x_offset" in extra:
                self._sized.append((label_set, "x_offset", extra["x_offset"]))
        # a learner's own δ from the Practice tab, beside the true δ, in the learner's colour
        fig.add_layout(LabelSet(
            x="x", y="y", text="learner_text", source=self.nodes, name="learner-labels", x_offset="delta_dx",
            y_offset="learner_dy", text_align="delta_align", text_baseline="delta_baseline",
            **{**label_style, "text_color": theme.LEARNER, "text_font_style": "bold", "text_font_size": "delta_size"},
        ))
        # edges are hovered on their middle part only: every edge ends at a unit's centre, and
        # hovering a unit then showed a tooltip for it and one for each edge touching it
        edge_hover = _renderer(fig, Segment, self.edges, name="edge-hover", x0="hx0", y0="hy0", x1="hx1", y1="hy1",
                               line_width=8, line_alpha=0)
        fig.add_tools(
            HoverTool(renderers=[node_glyph], tooltips=[("unit", "@name"), ("h", "@h"), ("a", "@a"), ("δ", "@delta")]),
            HoverTool(renderers=[edge_hover], tooltips=[("weight", "@name"), ("w", "@w"), ("Δw", "@dw")], line_policy="interp"),
            HoverTool(renderers=[bias_glyph], tooltips=[("bias", "@name"), ("b", "@b"), ("Δb", "@db")]),
            TapTool(renderers=[edge_glyph]),
        )
        return fig

    def _fit(self) -> None:
        layout, width = self.state.layout, self.state.plot_width
        # the units' extent plus room for their labels; a wider margin only shrank every unit
        # and edge label into the middle of the plot. labels.py places the edge labels in it.
        # the same range models, moved: the static page replays their ends before Python
        # has started (app/baked.py), and a new model could not be replayed
        self.figure.x_range.update(**dict(zip(("start", "end"), labels.x_range(layout, width))))
        self.figure.y_range.update(**dict(zip(("start", "end"), labels.y_range(layout))))
        self.figure.height = round(labels.plot_height(layout, width) * self._scale())

    def _scale(self) -> float:
        return PROJECTOR if self.projector else 1.0

    def _measured(self, attr, old, new) -> None:
        self._place_for(new)

    def _place_for(self, drawn_px) -> None:
        # Not divided by PROJECTOR: a projector's labels placed for a plot that much narrower
        # stacked and grew the plot, the page relaid out, and the width it reported moved again
        # (the projector tests timed out); they keep the places of the usual size, drawn larger.
        self.state.plot_width = labels.placement_width(drawn_px)

    @param.depends("state.plot_width", watch=True)
    def _refit(self) -> None:
        self._fit()

    @param.depends("projector", watch=True)
    def _resize(self) -> None:
        """Labels are placed for the plot's drawn width (app/labels.py); a projector draws
        the same picture larger, every pixel size and the plot's height times PROJECTOR."""
        f = self._scale()
        for model, prop, base in self._sized:
            setattr(model, prop, f"{float(base[:-2]) * f:g}px" if isinstance(base, str) else base * f)
        self._fit()
        self._draw()

    @param.depends("state.picture", watch=True)
    def _redraw(self) -> None:
        # While a slider is dragged the mouse is on the slider, not on the diagram: the hover
        # tool's columns (two thirds of what a drag step sends) follow when the drag pauses.
        if self.drag.live:
            self._draw(skip=HOVER_ONLY)
        self.when_settled(self._full_later)

    def _draw_all(self) -> None:
        """Every column, the hover tool's too: after a drag pauses."""
        self._draw()
        # in a notebook nothing else may push these raw Bokeh changes to the page
        # (a no-op under panel serve and in Pyodide, which have no comm)
        pn.io.push_notebook(self._pane)

    def _draw(self, skip=()) -> None:
        picture = self.state.picture
        fitted = len(picture.nodes["id"]) != len(self.nodes.data["id"]) or picture.nodes["id"] != self.nodes.data["id"]
        if fitted or len(picture.edges["id"]) != len(self.edges.data["id"]):
            self.edges.selected.indices = []
            self._fit()
        # one assignment per changed source: each change is one message to the page, and a
        # drag changes the numbers on units and edges while the arrows stay where they are
        for source, data in (
            (self.nodes, picture.nodes), (self.edges, _with_hover_ends(picture.edges)), (self.biases, picture.biases),
            (self.forward_arrows, _arrows(picture.arrows, theme.FORWARD)),
            (self.backward_arrows, _arrows(picture.arrows, theme.BACKWARD)),
            (self.targets, picture.targets), (self.edge_labels, picture.edge_labels),
            (self.halo_points, picture.halo_points), (self.halo_edges, picture.halo_edges),
        ):
            if source is self.nodes and self.projector:
                data = _scaled_nodes(data, PROJECTOR)
            _show(source, data, skip)

    def _edge_tapped(self, attr, old, new) -> None:
        if new:
            self.state.selected = self.edges.data["id"][new[0]]

    def __panel__(self):
        return self._pane


HOVER_TRIM = 0.22  # the share of an edge's length at each end where hovering finds its unit, not it


def _with_hover_ends(edges: dict) -> dict:
    """The edges' columns and where each one's hover segment starts and ends (its middle part)."""
    ends = {}
    for a, b in (("x0", "x1"), ("y0", "y1")):
        ends[f"h{a}"] = [p + (q - p) * HOVER_TRIM for p, q in zip(edges[a], edges[b])]
        ends[f"h{b}"] = [q - (q - p) * HOVER_TRIM for p, q in zip(edges[a], edges[b])]
    return {**edges, **ends}


def _scaled_nodes(nodes: dict, f: float) -> dict:
    """The units' label offsets and font sizes times f (the projector's large type)."""
    out = dict(nodes)
    for prefix in ("value", "delta"):
        out[f"{prefix}_dx"] = [v * f for v in nodes[f"{prefix}_dx"]]
        out[f"{prefix}_dy"] = [v * f for v in nodes[f"{prefix}_dy"]]
        out[f"{prefix}_size"] = [f"{float(v[:-2]) * f:g}px" for v in nodes[f"{prefix}_size"]]
    if "learner_dy" in nodes:  # the Practice tab's δ sits beside the true one at any size
        out["learner_dy"] = [v * f for v in nodes["learner_dy"]]
    return out


def _show(source: ColumnDataSource, data: dict, skip=()) -> None:
    """Give the source these columns, sending the page only the columns that changed.

    A drag changes the numbers on units and edges but not where they are drawn: updating
    just those columns halves what is serialised and sent per drag (bench_serve.py).
    Columns named in `skip` keep their old values for now, unless the source changes shape.
    """
    old = source.data
    if old.keys() != data.keys() or any(len(old[key]) != len(data[key]) for key in data):
        source.data = data
        return
    changed = {key: column for key, column in data.items() if key not in skip and not _same(old[key], column)}
    if changed:
        source.data.update(changed)


def _same(old, new) -> bool:
    try:
        return list(old) == list(new)
    except (TypeError, ValueError):  # a column of arrays: compare no further, send it
        return False


def _arrows(arrows: dict, colour: str) -> dict:
    """The arrows of one colour (one direction of flow)."""
    keep = [k for k, c in enumerate(arrows["colour"]) if c == colour]
    return {key: [values[k] for k in keep] for key, values in arrows.items()}


def _renderer(plot, glyph_type, source, name=None, nonselection=None, selection=None, **visuals):
    """Add a glyph with the selection and nonselection copies given; BokehJS derives the others."""
    renderer = GlyphRenderer(
        data_source=source, view=CDSView(), glyph=glyph_type(**visuals),
        **({"nonselection_glyph": glyph_type(**{**visuals, **nonselection})} if nonselection else {}),
        **({"selection_glyph": glyph_type(**{**visuals, **selection})} if selection else {}),
        **({"name": name} if name else {}),
    )
    plot.renderers.append(renderer)
    return renderer
