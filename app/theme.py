"""Colours (Okabe-Ito, safe for colour-blind readers) and sizes shared by the views."""

POSITIVE = "#0072B2"  # blue: a positive weight
NEGATIVE = "#D55E00"  # vermillion: a negative weight
FORWARD = "#009E73"  # bluish green: the forward pass's current step
BACKWARD = "#CC79A7"  # reddish purple: the backward pass's current step (error, δ, Δw)
UPDATE = "#E69F00"  # orange: the update step
NODE_FILL = "#F7F7F7"  # units: light fill with dark text reads in light and dark themes
INPUT_FILL = "#DDDDDD"
NODE_LINE = "#4D4D4D"
TEXT = "#1A1A1A"
DELTA_TEXT = "#8B2F6B"  # a darker reddish purple for δ labels, readable on the label's pale box
LABEL_BOX = "#FFFFFF"
LEARNER = "#0057A0"  # a dark blue for a learner's own δ (Practice), apart from the true δ's purple

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
CODE_PANE_CSS = ("pre, .codehilite { background: #263238; color: #EEFFFF; } "
                 "pre code { color: inherit; background: transparent; }")
