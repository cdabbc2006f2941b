"""The app under `panel serve`, driven in Debian's chromium as a learner would."""
from __future__ import annotations

import re

import numpy as np
import pytest

from core import Network, teaching_steps, walkthrough
from core.notation import plain

from app import labels

from .browser import (
    ROOT, diagram_height, drag_slider, source, text_of, type_a_deep_wide_network, wait_for, wait_until_ready,
)

pytestmark = pytest.mark.ui
SCREENSHOTS = ROOT / "docs" / "img"


def open_app(page, url):
    page.goto(url)
    wait_until_ready(page)


def lesson_network(w1: float = 0.4) -> Network:
    return Network(weights=[np.array([[w1], [-0.2]]), np.array([[0.1]])])


def test_dragging_a_weight_slider_changes_the_diagram_to_the_cores_values(page, served_app):
    open_app(page, served_app)
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
            and float(edges["dw"][2]) == pytest.approx(bwd.weight_steps[1][0, 0], rel=1e-12)
            and w1 > 0.4
        )

    wait_for(diagram_matches_core, timeout=20)
    # the formula panes wait for the drag to pause (MathJax is slow), then show its numbers
    w1 = float(source(page, "edges")["w"][0])
    net = lesson_network(w1)
    fwd = net.forward([0.1, 0.3])
    update = teaching_steps(net, fwd, net.backward(fwd, [1.0], 0.5))[-1]
    wait_for(lambda: text_of(page, "step-numbers") == "$$" + update.numbers + "$$", timeout=20)
    assert page.console_log.errors == []
    assert page.console_log.external == []


def test_stepping_through_the_backward_pass_shows_each_formula(page, served_app):
    open_app(page, served_app)
    page.locator(".step-first button").click()
    page.get_by_text("Step 0 of 10").wait_for(timeout=10000)
    formulas = []
    for n in range(1, 11):
        page.locator(".step-next button").click()
        page.get_by_text(f"Step {n} of 10").wait_for(timeout=10000)
        previous = formulas[-1] if formulas else ""
        wait_for(lambda: text_of(page, "step-numbers") not in (previous, ""))  # each step has its own formula
        formulas.append(text_of(page, "step-numbers"))
        if n == 3:  # the output's h: the forward pass flowing up into ŷ
            assert source(page, "forward_arrows")["x_start"] != []
            page.screenshot(path=str(SCREENSHOTS / "forward-pass.png"))
        if n == 7:
            deltas = source(page, "nodes")["delta_text"]
            assert deltas == ["", "", "δ = 0.00305", "δ = 0.122"]
            assert source(page, "forward_arrows")["x_start"] == []
            arrows = source(page, "backward_arrows")
            assert arrows["y_start"][0] > arrows["y_end"][0]  # δ flows down, from ŷ towards x
            page.screenshot(path=str(SCREENSHOTS / "backward-pass.png"))
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
    page.get_by_text("each layer needs 1 to 8 units").wait_for(timeout=10000)
    assert len(source(page, "nodes")["id"]) == 4
    assert page.console_log.errors == []


def test_a_deep_wide_network_stacks_its_labels_and_gets_a_taller_diagram(page, served_app):
    """Beside the units, an 8-unit layer's h and a ran into the next unit and off the plot."""
    open_app(page, served_app)
    assert diagram_height(page) == pytest.approx(labels.PLOT_HEIGHT_PX, abs=2)
    type_a_deep_wide_network(page)
    assert page.console_log.errors == []
