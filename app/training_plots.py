"""Training's figures, computed apart from the view that updates them: the input plane with
its heatmap and points, the loss curves, each hidden unit's map, and the confusion table."""
from __future__ import annotations

import numpy as np
from bokeh.models import FixedTicker, LinearColorMapper, Range1d

from . import theme
from .charts import figure, on_paper
from .training_data import EXTENT

# vermillion (label 0) through white to blue (label 1): the weight colours, colour-blind safe
PALETTE = [
    "#%02x%02x%02x" % tuple(int(round(c0 + (c1 - c0) * t)) for c0, c1 in zip(a, b))
    for a, b, steps in (((0xD5, 0x5E, 0x00), (0xFF, 0xFF, 0xFF), 128), ((0xFF, 0xFF, 0xFF), (0x00, 0x72, 0xB2), 128))
    for t in np.linspace(0, 1, steps)
]
# one colour per class, Okabe-Ito (colour-blind safe): orange, sky blue, bluish green, reddish purple
CLASS_COLOURS = ["#E69F00", "#56B4E9", "#009E73", "#CC79A7"]
CLASS_ALPHA = 0.45  # the class regions are paler than the points drawn on them in the same colours
REGRESSION_RANGE = (-1.0, 1.0)  # the output surface's colours: vermillion at -1, white at 0, blue at 1
PLANE_PX = 360  # the plane's and the loss figure's width where there is room (a phone's is ~360)
UNITS_PX = 420
UNIT_MAP_SIZE = 2 * EXTENT  # each unit's map is drawn as a square of this side
LOSS_HEADROOM = 1.25  # the loss figure's top, over the largest loss: room for its one-line legend
# the input plane's title per problem, on two lines (on one line it was cut off)
PLANE_TITLES = {"binary": "ŷ over the plane\nblue 1, vermillion 0",
                "regression": "ŷ over the plane\nblue 1, white 0, vermillion −1",
                "classes": "predicted class over the plane, {k} colours"}



def plane_figure(field, points, mapper):
    """The input plane: the output heatmap (`field`) under the data's points; the figure and its image glyph."""
    fig = figure(width=PLANE_PX, height=PLANE_PX, x_range=(-EXTENT, EXTENT), y_range=(-EXTENT, EXTENT),
                 title=PLANE_TITLES["binary"], tools="", toolbar_location=None,
                 name="plane")
    image = fig.image(image="image", x=-EXTENT, y=-EXTENT, dw=2 * EXTENT, dh=2 * EXTENT,
                      source=field, color_mapper=mapper)
    fig.scatter("x1", "x2", source=points, marker="marker", size=7, fill_color="colour",
                line_color=theme.TEXT, line_width=0.8, level="overlay")
    fig.xaxis.axis_label, fig.yaxis.axis_label = "x₁", "x₂"
    # BokehJS paints a figure on two canvases, the "overlay" level on its own: with the points,
    # the axes and the title there, a heatmap change (each frame of Play) repaints the image
    # alone, not 500 markers, the tick labels and the title over it
    fig.axis.level = "overlay"
    fig.title.level = "overlay"
    # the heatmap covers the grid, which Bokeh would still paint (reading its colours from the
    # page's style) at every frame of Play
    fig.grid.visible = False
    # Bokeh measures every tick label again at each frame, and each measure reads the page's
    # style: three ticks an axis say where the plane is and cost half of the default's seven
    fig.axis.ticker = FixedTicker(ticks=[-1, 0, 1])
    return on_paper(fig), image


def loss_figure(curve):
    """Train and test loss E per epoch, on the ranges `curve_ranges` gives.

    Fixed ranges that Python moves, not Bokeh's automatic ones: the page sends an automatic
    range's new bounds back to the server each time the curve grows, two messages and their
    answers ten times a second while Play runs, time taken from the heatmap's frames."""
    (x0, x1), (y0, y1) = curve_ranges(curve.data)
    fig = figure(width=PLANE_PX, height=260, title="loss E per epoch", tools="", toolbar_location=None,
                 name="loss-figure", x_range=Range1d(x0, x1), y_range=Range1d(y0, y1))
    fig.line("epoch", "train", source=curve, line_color=theme.POSITIVE, line_width=2, legend_label="train")
    fig.line("epoch", "test", source=curve, line_color=theme.NEGATIVE, line_width=2,
             line_dash="dashed", legend_label="test")
    fig.xaxis.axis_label = "epoch"
    # one line across the top, in the headroom curve_ranges leaves above the highest loss, so
    # that it never covers the curve, falling or flat
    fig.legend.location = "top_right"
    fig.legend.orientation = "horizontal"
    fig.legend.padding = fig.legend.margin = 4
    return on_paper(fig)


def units_figure(maps):
    """Each hidden unit's output a over the plane, one small map per unit, labelled layer.unit."""
    fig = figure(width=UNITS_PX, height=260, title="each hidden unit's a over the plane (layer.unit)",
                 tools="", toolbar_location=None, match_aspect=True, name="unit-maps")
    mapper = LinearColorMapper(palette=PALETTE, low=-1, high=1)
    fig.image(image="image", x="x", y="y", dw="dw", dh="dh", source=maps, color_mapper=mapper)
    fig.text("x", "label_y", text="label", source=maps, text_font_size="9px")
    fig.axis.visible = False
    fig.grid.visible = False
    return on_paper(fig)


def points_data(training) -> dict:
    """The training points (circles) and test points (triangles), each in its label's colour."""
    data = {"x1": [], "x2": [], "colour": [], "marker": []}
    t = training
    for x, y, marker in ((t.x_train, t.y_train, "circle"), (t.x_test, t.y_test, "triangle")):
        if x is None:
            continue
        data["x1"] += x[:, 0].tolist()
        data["x2"] += x[:, 1].tolist()
        data["colour"] += colours(t.problem, y)
        data["marker"] += [marker] * len(x)
    return data


def colours(problem: str, y) -> list[str]:
    """Each point's colour: its class's (K classes), blue or vermillion (2), its value's (regression)."""
    if problem == "classes" and y.shape[-1] > 1:
        return [CLASS_COLOURS[k % len(CLASS_COLOURS)] for k in np.argmax(y, axis=1)]
    if problem == "regression":
        low, high = REGRESSION_RANGE
        index = np.clip(((y[:, 0] - low) / (high - low) * (len(PALETTE) - 1)).round().astype(int), 0, len(PALETTE) - 1)
        return [PALETTE[i] for i in index]
    return [theme.POSITIVE if v >= 0.5 else theme.NEGATIVE for v in y[:, 0]]


def curve_data(history: dict) -> dict:
    """The loss figure's columns: epoch, train and test loss."""
    return {"epoch": list(history.get("epoch", [])), "train": list(history.get("train", [])),
            "test": list(history.get("test", []))}


def curve_ranges(data: dict) -> tuple[tuple[float, float], tuple[float, float]]:
    """The loss figure's (x, y) ranges for its columns: every epoch, and 0 to the largest finite
    loss with a fifth more above it for the legend."""
    epochs = data.get("epoch") or [0]
    losses = [v for key in ("train", "test") for v in data.get(key) or [] if np.isfinite(v)]
    top = max(losses, default=1.0) or 1.0
    last = max(epochs[-1], epochs[0] + 1)
    pad = 0.04 * (last - epochs[0])
    return (epochs[0] - pad, last + pad), (0.0, LOSS_HEADROOM * top)


def maps_data(unit_maps) -> dict:
    """(layer, unit, map) of each hidden unit as the units figure's columns: a row per layer."""
    data = {"image": [], "x": [], "y": [], "dw": [], "dh": [], "label": [], "label_y": []}
    for layer, unit, image in unit_maps:
        x = unit * (UNIT_MAP_SIZE + 0.4)
        y = -(layer - 1) * (UNIT_MAP_SIZE + 1.0)
        # each map is drawn ~40 px wide: every other point, in float32, is plenty and 8 times smaller to send
        data["image"].append(np.ascontiguousarray(image[::2, ::2], dtype=np.float32))
        data["x"].append(x)
        data["y"].append(y)
        data["dw"].append(UNIT_MAP_SIZE)
        data["dh"].append(UNIT_MAP_SIZE)
        data["label"].append(f"{layer}.{unit + 1}")
        data["label_y"].append(y + UNIT_MAP_SIZE + 0.1)
    return data


def confusion_table(counts) -> str:
    """A Markdown table of counts[true, predicted] on the test set; empty for regression."""
    if counts is None:
        return ""
    k = len(counts)
    head = "| true ↓ · predicted → | " + " | ".join(f"class {j + 1}" for j in range(k)) + " |"
    rule = "|---|" + "---|" * k
    rows = [f"| **class {i + 1}** | " + " | ".join(str(int(c)) for c in counts[i]) + " |" for i in range(k)]
    return "**Confusion matrix** (test set)\n\n" + "\n".join([head, rule, *rows])
