"""The diagram's colours against a white page: marks 3:1, text 4.5:1 (WCAG 2.2 AA)."""
import re

import pytest

from app import theme
from app.lab import LEGEND
from app.state import LabState

WHITE = "#FFFFFF"


def _channels(colour: str) -> list[float]:
    return [int(colour.lstrip("#")[k:k + 2], 16) / 255 for k in (0, 2, 4)]


def luminance(colour: str) -> float:
    c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in _channels(colour)]
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def blend(colour: str, alpha: float, background: str = WHITE) -> str:
    mixed = [alpha * f + (1 - alpha) * b for f, b in zip(_channels(colour), _channels(background))]
    return "#" + "".join(f"{round(255 * x):02x}" for x in mixed)


def test_known_contrasts():  # the formula itself, on pairs with known ratios
    assert contrast("#000000", WHITE) == pytest.approx(21.0)
    assert contrast("#767676", WHITE) == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("step", range(0, 11))
def test_every_edge_as_drawn_at_every_step_is_3_to_1_against_white(step):
    state = LabState()
    state.goto(step)
    edges = state.picture.edges
    for colour, alpha in zip(edges["colour"], edges["alpha"]):
        assert contrast(blend(colour, alpha), WHITE) >= 3.0, (step, colour, alpha)


def test_every_phase_mark_is_3_to_1_and_every_coloured_word_4_5_to_1():
    for colour in (*theme.PHASE_COLOURS.values(), theme.POSITIVE, theme.NEGATIVE, theme.NODE_LINE):
        assert contrast(colour, WHITE) >= 3.0, colour
    for colour in (theme.TEXT, theme.DELTA_TEXT, *theme.TEXT_COLOURS.values()):
        assert contrast(colour, theme.LABEL_BOX) >= 4.5, colour
    for colour in re.findall(r"color:(#[0-9A-Fa-f]{6})", LEGEND):
        assert contrast(colour, theme.LABEL_BOX) >= 4.5, colour


def test_forward_and_backward_arrows_differ_in_line_style_not_only_hue():
    assert theme.ARROW_DASH["forward"] != theme.ARROW_DASH["backward"]


def test_the_diagram_is_drawn_on_white_in_every_page_theme():
    """The contrasts above are against white: the diagram draws its own white, so the dark page
    theme (whose background is #212529) cannot put the edges at 3.0:1 or less."""
    from app.diagram import NetworkDiagram

    fig = NetworkDiagram(state=LabState()).figure
    assert fig.background_fill_color == fig.border_fill_color == theme.PAPER == WHITE
    assert fig.background_fill_alpha == fig.border_fill_alpha == 1


def test_a_tables_rows_are_dark_on_white_in_every_page_theme():
    """Panel's dark theme whitens a Bokeh table's text and leaves its rows white."""
    rules = dict((k.strip(), v) for k, v in re.findall(r"([.\w -]+?)\s*\{\s*([^}]*)\}", theme.TABLE_CSS))
    text = re.search(r"color:\s*(#[0-9A-Fa-f]{6})", rules[".slick-cell"]).group(1)
    for row in (".slick-row", ".slick-row.odd"):
        background = re.search(r"background:\s*(#[0-9A-Fa-f]{6})", rules[row]).group(1)
        assert contrast(text, background) >= 4.5, row


def test_every_charts_line_colour_is_3_to_1_against_white():
    for colour in theme.SERIES:
        assert contrast(colour, WHITE) >= 3.0, colour
    assert len(set(theme.SERIES)) == len(theme.SERIES)


def _charts():
    from app.insight_views import VanishingView
    from app.training import TrainingState
    from app.training_view import TrainingView

    state = LabState()
    training = TrainingState(lab=state)
    vanishing = VanishingView(state=state, training=training)
    training.one_epoch()  # the history chart gains a line per layer, and its legend
    assert vanishing.over_training.legend.items
    view = TrainingView(training=training)
    return [vanishing.deltas, vanishing.steps, vanishing.over_training, view.plane, view.loss, view.units]


def test_every_chart_keeps_its_white_paper_under_the_dark_theme():
    """Panel's dark page theme gives the document Bokeh's dark_minimal theme; a chart's own values
    beat a theme's, so each keeps a white plot, dark axes and a white legend."""
    from bokeh.models import Axis, Legend, Title
    from bokeh.themes import built_in_themes

    dark = built_in_themes["dark_minimal"]
    for fig in _charts():
        for model in fig.references():
            dark.apply_to_model(model)
        assert fig.background_fill_color == fig.border_fill_color == "white", fig.name
        for model in fig.references():
            if isinstance(model, Axis) and model.visible:
                assert contrast(model.major_label_text_color, WHITE) >= 4.5, fig.name
            if isinstance(model, Title) and model.text:
                assert contrast(model.text_color, WHITE) >= 4.5, fig.name
            if isinstance(model, Legend):
                assert contrast(model.label_text_color, WHITE) >= 4.5, fig.name
