"""Colours (Okabe-Ito, safe for colour-blind readers) and sizes shared by the views.

Contrast against white (WCAG 2.2 AA, tests/app/test_theme.py): every line or mark 3:1, every
text 4.5:1. The diagram is drawn on white (PAPER) in the dark page theme too. Where an Okabe-Ito colour is too light for that, a darker shade of its hue.
"""

PAPER = "#FFFFFF"  # what the diagram is drawn on, in the page's light and dark themes alike
POSITIVE = "#0072B2"  # blue: a positive weight
NEGATIVE = "#B84F00"  # vermillion, darkened (Okabe-Ito's #D55E00 is 2.96:1 when dimmed): a negative weight
FORWARD = "#009E73"  # bluish green: the forward pass's current step
BACKWARD = "#CC79A7"  # reddish purple: the backward pass's current step (error, δ, Δw)
UPDATE = "#A86400"  # orange, darkened (Okabe-Ito's #E69F00 is 2.25:1 on white): the update step
NODE_FILL = "#F7F7F7"  # units: light fill with dark text reads in light and dark themes
INPUT_FILL = "#DDDDDD"
NODE_LINE = "#4D4D4D"
TEXT = "#1A1A1A"
GRID_LINE = "#DDDDDD"  # a chart's grid and frame (app/charts.py): faint, not a mark
DELTA_TEXT = "#8B2F6B"  # a darker reddish purple for δ labels, readable on the label's pale box
LABEL_BOX = "#FFFFFF"
LEARNER = "#0057A0"  # a dark blue for a learner's own δ (Practice), apart from the true δ's purple
# text in a phase's colour (the legend's words): the marks' hues, dark enough for 4.5:1
TEXT_COLOURS = {"#009E73": "#00785A", "#CC79A7": DELTA_TEXT}
DIMMED_ALPHA = 0.8  # the edges a step does not use: still 3:1 against white (0.55 was 2.1-2.3:1)
# the two directions of flow differ in more than hue: forward arrows solid, backward dashed
ARROW_DASH = {"forward": "solid", "backward": "dashed"}

# one line per layer in a chart: hues told apart by colour-blind readers (Okabe-Ito's, darkened
# where needed for 3:1 on white; its yellow and sky blue cannot be), then the same hues dashed
SERIES = [POSITIVE, NEGATIVE, "#00785A", DELTA_TEXT, UPDATE, TEXT]
SERIES_DASH = ["solid", "dashed", "dotted"]

PHASE_COLOURS = {
    "forward": FORWARD,
    "error": BACKWARD,
    "delta": BACKWARD,
    "weight_step": BACKWARD,
    "update": UPDATE,
}

MAX_LABELLED_EDGES = 30  # above this many weights, only the selected and current edges carry labels
# ... and the current step's edges only when it touches one unit's few (an h or a δ): a
# whole-layer step (weight steps, the update) would stack dozens of labels on each other
MAX_STEP_LABELS = 8

# A code pane's text on the code background, in both themes and whether or not Pygments coloured
# it: without Pygments (the static site ships none) Panel's Markdown writes <pre class="codehilite">,
# which gets the dark code background while Bootstrap's `pre code { color: inherit }` gives it the
# page's dark text. The colours are Panel's own code colours (#263238, #EEFFFF: 15:1).
# buttons a finger can hit (44 px, WCAG 2.5.5) on a touch screen or a narrow window
TOUCH_BUTTON_CSS = "@media (pointer: coarse), (max-width: 820px) { .bk-btn { min-height: 44px; } }"
CODE_PANE_CSS = ("pre, .codehilite { background: #263238; color: #EEFFFF; } "
                 "pre code { color: inherit; background: transparent; }")

# A table's rows dark on white in both themes: Panel's dark theme whitens a Bokeh DataTable's
# text but leaves its rows white (white on white; #909090 on #F0F0F0 is 2.9:1)
TABLE_CSS = (".slick-row { background: #FFFFFF; } .slick-row.odd { background: #F0F0F0; } "
             ".slick-cell { color: #1A1A1A; }")
