"""The app under `panel serve`, driven in Debian's chromium as a learner would."""
from __future__ import annotations

import os
import re

import numpy as np
import pytest

from core import Network, teaching_steps, walkthrough
from core.notation import plain

from app import labels

from .browser import (
    show_every_step,
    ROOT, diagram_height, drag_slider, source, text_of, type_a_deep_wide_network, wait_for, wait_until_ready,
)

pytestmark = pytest.mark.ui
# Pictures go to a git-ignored folder, so a test run never rewrites tracked files; the README's
# own pictures are refreshed on purpose with `BACKPROP_SCREENSHOTS=docs/img` (README, "Tests and benchmarks").
SCREENSHOTS = ROOT / os.environ.get("BACKPROP_SCREENSHOTS", "build/screens")


def open_app(page, url):
    page.goto(url)
    wait_until_ready(page)


def lesson_network(w1: float = 0.4) -> Network:
    return Network(weights=[np.array([[w1], [-0.2]]), np.array([[0.1]])])


def update_formula(w1: float) -> str:
    """The update step's formula with numbers, as the page shows it, for the lesson's network with this w1."""
    net = lesson_network(w1)
    fwd = net.forward([0.1, 0.3])
    return "$$" + teaching_steps(net, fwd, net.backward(fwd, [1.0], 0.5))[-1].numbers + "$$"


def test_dragging_a_weight_slider_changes_the_diagram_to_the_cores_values(page, served_app):
    open_app(page, served_app)
    show_every_step(page)
    assert source(page, "edges")["w"][0] == repr(0.4)
    drag_slider(page, "weight-w0-0-0", 60)
    wait_for(lambda: source(page, "edges")["w"][0] != repr(0.4))

    def diagram_matches_core():
        # edges and nodes arrive as separate messages per drag event: read both, then
        # compare with the core for the weight the diagram shows, until the last event landed
        edges, nodes = source(page, "edges"), source(page, "nodes")
        w1 = float(edges["w"][0])
        fwd, bwd, _ = walkthrough(lesson_network(w1), [0.1, 0.3], [1.0], 0.5)
        expected = [
            f"h = {plain(fwd.layer_inputs[0][0])}\na = {plain(fwd.layer_outputs[0][0])}",
            f"h = {plain(fwd.layer_inputs[1][0])}\nŷ = {plain(fwd.output[0])}",
        ]
        return (
            nodes["value_text"][2:] == expected
            and nodes["delta_text"][2] == f"δ = {plain(bwd.deltas[0][0])}"
            and float(edges["dw"][2]) == pytest.approx(bwd.weight_steps[1][0, 0], rel=1e-11)
            and w1 > 0.4
        )

    wait_for(diagram_matches_core, timeout=20)
    # the formula panes wait for the drag to pause (MathJax is slow), then show the numbers of
    # the weight the diagram shows (read each time: the drag's last events may still be arriving)
    wait_for(lambda: text_of(page, "step-numbers") == update_formula(float(source(page, "edges")["w"][0])), timeout=20)
    assert page.console_log.errors == []
    assert page.console_log.external == []


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name))


def test_stepping_through_the_backward_pass_shows_each_formula(page, served_app):
    open_app(page, served_app)
    page.get_by_text("Step 0 of 10", exact=True).wait_for(timeout=10000)
    symbols = page.get_by_text("In symbols", exact=True)
    assert symbols.is_hidden()  # step 0 has no formula: no empty headings
    formulas = []
    for n in range(1, 11):
        page.locator(".step-next button").click()
        page.get_by_text(f"Step {n} of 10", exact=True).wait_for(timeout=10000)
        symbols.wait_for(state="visible", timeout=10000)
        previous = formulas[-1] if formulas else ""
        wait_for(lambda: text_of(page, "step-numbers") not in (previous, ""))  # each step has its own formula
        formulas.append(text_of(page, "step-numbers"))
        # the step's text, its formula and each source of the diagram arrive as separate
        # messages: wait for each value asserted, not for a neighbour of it
        if n == 3:  # the output's h: the forward pass flowing up into ŷ
            wait_for(lambda: source(page, "forward_arrows")["x_start"] != [])
            shoot(page, "forward-pass.png")
        if n == 7:
            wait_for(lambda: source(page, "nodes")["delta_text"] == ["", "", "δ = 0.00305", "δ = 0.122"])
            wait_for(lambda: source(page, "forward_arrows")["x_start"] == [])
            wait_for(lambda: source(page, "backward_arrows")["y_start"] != [])
            arrows = source(page, "backward_arrows")
            assert arrows["y_start"][0] > arrows["y_end"][0]  # δ flows down, from ŷ towards x
            shoot(page, "backward-pass.png")
    assert formulas[4] == r"$$y - \hat{y} = 1 - 0.512 = 0.488$$"
    assert formulas[5] == r"$$\delta^{o} = (1 - 0.512) \times 0.512 \times (1 - 0.512) = 0.122$$"
    assert formulas[6] == r"$$\delta^{h} = 0.1 \times 0.122 \times 0.495 \times (1 - 0.495) = 0.00305$$"
    assert formulas[7] == r"$$\Delta W = 0.5 \times 0.122 \times 0.495 = 0.0302$$"
    assert "(0.000152, 0.000457)" in formulas[8]
    # the formula is typeset, not shown as LaTeX source
    assert page.locator(".step-numbers mjx-container").count() >= 1
    assert page.console_log.errors == []
    assert page.console_log.external == []


def test_apply_update_moves_weights_and_counts(page, served_app):
    open_app(page, served_app)
    show_every_step(page)
    before = float(source(page, "edges")["w"][2])
    step = float(source(page, "edges")["dw"][2])
    page.locator(".apply-update button").click()
    page.get_by_text(re.compile(r"Updates applied:\s*1")).wait_for(timeout=10000)
    # the count and the diagram arrive as separate messages: wait for the diagram's own
    wait_for(lambda: float(source(page, "edges")["w"][2]) != before)
    assert float(source(page, "edges")["w"][2]) == before + step
    assert page.console_log.errors == []


def test_bad_architecture_gets_a_message_and_keeps_the_network(page, served_app):
    open_app(page, served_app)
    field = page.locator(".architecture-input input")
    field.fill("2-99-1")
    field.press("Enter")
    # the reason beside the box (app/typed.py), and the box shows the architecture in force
    page.locator(".architecture-input-message", has_text="each layer must be a whole number from 1 to 8").wait_for(timeout=10000)
    wait_for(lambda: field.input_value() == "2-1-1")
    assert len(source(page, "nodes")["id"]) == 4
    assert page.console_log.errors == []


def test_a_deep_wide_network_stacks_its_labels_and_gets_a_taller_diagram(page, served_app):
    """Beside the units, an 8-unit layer's h and a ran into the next unit and off the plot."""
    open_app(page, served_app)
    assert diagram_height(page) == pytest.approx(labels.PLOT_HEIGHT_PX, abs=2)
    type_a_deep_wide_network(page)
    assert page.console_log.errors == []
