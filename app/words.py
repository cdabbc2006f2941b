"""The diagram in words, for a screen reader and for anyone who wants the numbers as a table:
a live region that says each step with its numbers, and a table of every value the steps
have revealed so far (no more: it shows what the picture shows).

Texts come from the teaching steps (core/steps.py); nothing here computes a value.
"""
from __future__ import annotations

import html
import re

import panel as pn
import param

from core.notation import plain

from .drag import drag_of
from .pacing import Trailing
from .picture import revealed_values, unit_name, weight_name
from .state import LabState
from .stepper import PHASE_WORDS

LATEX_WORDS = [  # LaTeX the steps write, as text a screen reader says
    (r"\\begin\{[^}]*\}|\\end\{[^}]*\}|&", ""), (r"\\\\", "; "),
    (r"\\hat\{y\}", "ŷ"), (r"\\times", "×"), (r"\\cdot", "·"), (r"\\leftarrow", "←"), (r"\\sum", "Σ"),
    (r"\\delta", "δ"), (r"\\Delta", "Δ"), (r"\\eta", "η"), (r"\\text\{([^}]*)\}", r"\1"),
    (r"\\mathrm\{([^}]*)\}", r"\1"), (r"\\operatorname\{([^}]*)\}", r"\1"), (r"\\left|\\right", ""),
    (r"\\frac\{([^}]*)\}\{([^}]*)\}", r"(\1)/(\2)"), (r"\\[,;!]|\\quad|~", " "), (r"\^\{([^}]*)\}", r"^\1"),
    (r"_\{([^}]*)\}", r"_\1"), (r"\\", ""), (r"[{}]", ""), (r"(?<=\s)-(?=\s)", "−"), (r"\s+", " "),
]


def speech(latex: str) -> str:
    """Plain text of a step's LaTeX: "\\delta^{h} = 0.1 \\times 0.122" -> "δ^h = 0.1 × 0.122"."""
    text = latex
    for pattern, replacement in LATEX_WORDS:
        text = re.sub(pattern, replacement, text)
    return text.strip()


def step_words(state: LabState) -> str:
    """"Step 7 of 10, backward pass · δ flows back: δ of hidden unit 1: δ^h = … = 0.00305"."""
    n = len(state.steps)
    step = state.current_step
    if step is None:
        return f"Step 0 of {n}: nothing computed yet."
    return f"Step {state.step} of {n}, {PHASE_WORDS[step.phase]}: {step.title}: {speech(step.numbers)}"


def _cell(value) -> str:
    return "not yet" if value is None else plain(value)


def table_html(state: LabState) -> str:
    """Units (h, a, δ) and weights (w, Δw, new w) as far as the steps have gone."""
    net, sizes = state.network, state.network.sizes
    values = revealed_values(state.steps, state.step)
    rows = []
    for n in state.layout.nodes:
        v = values.get(n.id, {})
        if n.layer == 0:
            h, a = None, float(state.forward.x[n.unit])
        else:
            h, a = v.get("h"), v.get("a")
        rows.append((unit_name(sizes, n.layer, n.unit), "—" if n.layer == 0 else _cell(h), _cell(a),
                     "—" if n.layer == 0 else _cell(v.get("delta"))))
    units = "".join(f"<tr><th scope='row'>{html.escape(name)}</th><td>{h}</td><td>{a}</td><td>{d}</td></tr>"
                    for name, h, a, d in rows)
    edges = []
    for e in state.layout.edges:
        v = values.get(e.id, {})
        edges.append(f"<tr><th scope='row'>{html.escape(weight_name(sizes, e.layer, e.i, e.j))}</th>"
                     f"<td>{plain(float(net.weights[e.layer][e.i, e.j]))}</td><td>{_cell(v.get('weight_step'))}</td>"
                     f"<td>{'not yet' if 'update' not in v else plain(v['update'], 6)}</td></tr>")
    return (
        "<details class='lab-table'><summary>The diagram as a table (follows the steps)</summary>"
        f"<table><caption>Units after step {state.step}</caption>"
        "<tr><th scope='col'>unit</th><th scope='col'>h</th><th scope='col'>a</th><th scope='col'>δ</th></tr>"
        f"{units}</table>"
        f"<table><caption>Weights after step {state.step}</caption>"
        "<tr><th scope='col'>weight</th><th scope='col'>w</th><th scope='col'>Δw</th><th scope='col'>new w</th></tr>"
        f"{''.join(edges)}</table></details>"
    )


TABLE_CSS = """
details.lab-table { margin: 4px 10px; }
details.lab-table summary { cursor: pointer; min-height: 32px; line-height: 32px; }
details.lab-table table { border-collapse: collapse; margin: 6px 0 10px; font-size: 14px; }
details.lab-table caption { text-align: left; font-weight: 600; }
details.lab-table th, details.lab-table td { border: 1px solid #767676; padding: 2px 8px; text-align: right; }
details.lab-table th[scope=row] { text-align: left; }
"""
# read by a screen reader, not drawn: the visible "Step N of M" says the same
LIVE_CSS = ":host { position: absolute !important; width: 1px !important; height: 1px !important; overflow: hidden; clip-path: inset(50%); }"


class DiagramWords(pn.viewable.Viewer):
    """The live region (the step in words) and the table (the diagram in numbers)."""

    state = param.ClassSelector(class_=LabState, doc="The state described.")

    def __init__(self, **params):
        super().__init__(**params)
        # app/page.js makes the live pane's host role=status, aria-live=polite
        self.live = pn.pane.HTML("", css_classes=["lab-live"], stylesheets=[LIVE_CSS], margin=0)
        self.table = pn.pane.HTML("", css_classes=["lab-table"], stylesheets=[TABLE_CSS], sizing_mode="stretch_width")
        self._later = Trailing(self._show)
        self._show()

    # the step too: a link to another step of the same network sets the picture before the
    # step (app/state.py draws the diagram first), and the words would tell the old step
    @param.depends("state.picture", "state.step", watch=True)
    def _changed(self) -> None:
        drag_of(self.state).when_settled(self._later)  # a drag is described when it pauses

    def _show(self) -> None:
        self.live.object = html.escape(step_words(self.state))
        self.table.object = table_html(self.state)

    def __panel__(self):
        return pn.Column(self.live, self.table, sizing_mode="stretch_width")
