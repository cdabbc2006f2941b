"""The lesson's pages without a browser: every placeholder is the core's value, every highlight is drawn."""
from __future__ import annotations

import json
import re

import numpy as np
import pytest

from app import share
from app.drag import drag_of
from app.layout import layout
from app.lesson import PAGES, Lesson, load_pages, open_page
from app.lesson_values import PLACEHOLDER, Values, render, shown
from app.lesson_predict import Predictor, close_enough, worked
from app.state import LabState
from core import Network, preset, walkthrough
from core.inputs import InputError
from core.notation import plain


def expected(kind: str, arg: str | None, network: Network, x, target, eta: float, updates: int = 0) -> float:
    """The value a placeholder names, straight from the core's passes (not from the app)."""
    fwd, bwd, _ = walkthrough(network, x, target, eta)
    if kind == "eta":
        return eta
    if kind == "updates":
        return updates
    if kind == "loss":
        return bwd.loss
    if kind == "loss_after":
        net = network.copy()
        for _ in range(int(arg)):
            net.apply(net.backward(net.forward(x), target, eta))
        return net.backward(net.forward(x), target, eta).loss
    letter, *index = arg[0], *map(int, arg[1:].split("."))
    if letter == "w":
        l, i, j = index
        return {"w": network.weights[l][i, j], "dw": bwd.weight_steps[l][i, j],
                "new": network.weights[l][i, j] + bwd.weight_steps[l][i, j]}[kind]
    if letter == "b":
        l, j = index
        return {"b": network.biases[l][j], "db": bwd.bias_steps[l][j],
                "new": network.biases[l][j] + bwd.bias_steps[l][j]}[kind]
    layer, j = index
    if kind == "a":
        return fwd.x[j] if layer == 0 else fwd.layer_outputs[layer - 1][j]
    if kind == "h":
        return fwd.layer_inputs[layer - 1][j]
    if kind == "delta":
        return bwd.deltas[layer - 1][j]
    if kind == "error":
        return bwd.error[j]
    if kind == "y":
        return bwd.target[j]
    if kind == "fprime":
        a = fwd.layer_outputs[layer - 1][j]
        activation = network.activation_functions[layer - 1]
        return activation.derivative(fwd.layer_inputs[layer - 1][j], a)
    raise AssertionError(kind)


def placeholders(page, tabs=()):
    return list(PLACEHOLDER.finditer(page.text_for(tabs)))


def check_page(state: LabState, page, tabs=()) -> None:
    values = Values(state)
    text = render(page.text_for(tabs), values)
    for match in placeholders(page, tabs):
        kind, arg, kind2, arg2 = match.groups()
        want = expected(kind, arg, state.network, state.x, state.target, state.learning_rate, state.updates)
        assert values.get(kind, arg) == pytest.approx(want, rel=1e-12, abs=1e-15), (page.number, match.group())
        if kind2:
            want = want / expected(kind2, arg2, state.network, state.x, state.target, state.learning_rate)
            assert plain(want) in text, (page.number, match.group())
        else:
            assert shown(kind, want).lstrip("-") in text, (page.number, match.group())


def test_there_are_ten_pages_each_with_live_values():
    assert len(PAGES) == 10
    assert all(placeholders(page) for page in PAGES)


@pytest.mark.parametrize("number", range(1, 11))
def test_every_placeholder_is_the_cores_value_on_the_pages_own_network(number):
    state = LabState()
    page = open_page(state, number)
    assert state.lesson == number and state.preset == page.preset
    check_page(state, page)
    check_page(state, page, tabs=("Practice",))


@pytest.mark.parametrize("number", range(1, 11))
def test_every_placeholder_is_the_cores_value_on_a_random_network(number):
    state = LabState()
    page = open_page(state, number)
    rng = np.random.default_rng(number)
    net = Network.random(state.network.sizes, seed=number + 100)
    state.show_sample(net, rng.uniform(-1, 1, net.sizes[0]), rng.uniform(0, 1, net.sizes[-1]))
    open_page(state, number)  # the same shape: the page keeps the learner's network
    assert state.network is net or np.array_equal(state.network.weights[0], net.weights[0])
    check_page(state, page)


def test_the_lessons_own_numbers_are_on_its_pages():
    state = LabState()
    text = {n: render(PAGES[n - 1].text, Values(state)) for n in range(1, 7) if open_page(state, n)}
    assert "= -0.02" in text[2] and "0.495" in text[2] and "0.512" in text[2]
    assert "**0.122**" in text[3]
    assert "**0.00305**" in text[4]
    assert "**0.0302**" in text[5] and "**0.000152**" in text[5] and "**0.000457**" in text[5]
    assert "0.400152" in text[6] and "0.130153" in text[6]
    assert "0.3 × (-0.2)" in text[2]  # a negative factor is bracketed


@pytest.mark.parametrize("number", range(1, 11))
def test_every_highlighted_id_is_drawn_in_the_diagram_the_page_sets_up(number):
    state = LabState()
    page = open_page(state, number)
    net = preset(page.preset).network
    lay = layout(net.sizes, net.biases is not None)
    ids = {n.id for n in lay.nodes} | {e.id for e in lay.edges} | {b.id for b in lay.biases}
    assert page.highlight and set(page.highlight) <= ids
    lesson = Lesson(state=state)
    assert lesson.state.highlight == list(page.highlight)
    assert state.picture.halo_points["id"] + state.picture.halo_edges["id"] == [
        i for i in [n.id for n in lay.nodes] + [e.id for e in lay.edges] if i in page.highlight]


def test_pages_set_their_step_and_the_learners_weights_stay_on_the_same_network():
    state = LabState()
    lesson = Lesson(state=state)
    lesson.open(4)
    assert state.current_step.kind == "delta" and state.current_step.unit == 0 and state.current_step.layer == 1
    state.set_weight("w1.0.0", 0.5)
    lesson.next_page()
    assert state.lesson == 5 and state.network.weights[1][0, 0] == 0.5  # the same preset keeps the drag
    lesson.restart_page()
    assert state.network.weights[1][0, 0] == 0.1
    lesson.leave()
    assert state.lesson == 0 and state.highlight == []
    lesson.resume()
    assert state.lesson == 5
    lesson.open(9)
    assert state.preset == "deep_sigmoid_chain" and state.step == 19


def test_a_drag_changes_the_sentence_to_the_cores_new_value():
    state = LabState()
    lesson = Lesson(state=state)
    lesson.open(4)
    before = lesson.text()
    with drag_of(state).step():
        state.set_weight("w1.0.0", 0.7)
    new = walkthrough(state.network, state.x, state.target, 0.5)[1].deltas[0][0]
    assert f"δʰ is now {plain(new)}" in lesson.text() and f"δʰ is now {plain(new)}" not in before


def test_prediction_refuses_a_wrong_dh_with_the_worked_formula_and_accepts_0_00305():
    state = LabState()
    predictor = Predictor(state=state)
    lesson = Lesson(state=state, predictor=predictor)
    state.predict = True
    lesson.open(4)
    q = predictor.question
    assert q.element == "n1.0" and state.steps[q.index].kind == "delta"
    assert "δʰ = W δᵒ f′(h) = 0.1 × 0.122 × 0.25 = **?**" in lesson.text()
    assert "n1.0" in state.highlight
    predictor.next()
    assert state.step == q.index and "Reveal" in predictor.feedback  # Next refuses, saying why
    assert not predictor.check("abc") and "must be a number" in predictor.feedback
    assert not predictor.check("0.122")
    assert predictor.hint == r"\delta^{h} = 0.1 \times 0.122 \times 0.495 \times (1 - 0.495)"
    assert "0.00305" not in predictor.hint and predictor.wrong == 1
    state.set_weight("w1.0.0", 0.2)  # the worked formula follows the network
    assert predictor.hint.startswith(r"\delta^{h} = 0.2 \times")
    state.set_weight("w1.0.0", 0.1)
    assert predictor.check("0.00305")
    assert state.step == q.index + 1 and predictor.right == 1 and "✓" in predictor.feedback
    assert "**0.00305**" in lesson.text()
    # the next question is one weight of a layer's steps: ΔW
    assert predictor.question.element == "w1.0.0"
    predictor.reveal()
    assert predictor.revealed == 1 and predictor.question.element == "w0.0.0"


def test_prediction_asks_for_one_unit_of_a_big_layer():
    state = LabState()
    state.architecture = "2-8-8-1"
    state.predict = True
    state.goto(0)
    predictor = Predictor(state=state)
    for _ in range(40):
        q = predictor.question
        if q is None:
            state.next()
            continue
        assert q.value == state.steps[q.index].writes[q.element]
        assert predictor.check(repr(q.value))
    assert predictor.right > 20


def test_close_enough_is_one_unit_of_the_last_figure_shown():
    assert close_enough(0.00305, 0.003045501323732555)
    assert close_enough(0.00304, 0.003045501323732555)
    assert not close_enough(0.003, 0.003045501323732555)
    assert close_enough(-0.02, -0.02) and not close_enough(0.02, -0.02)
    assert close_enough(0.0, 0.0) and not close_enough(0.001, 0.0)


def test_worked_drops_only_the_result():
    assert worked("a = 1 + 2 = 3", 3.0) == "a = 1 + 2"


def test_a_page_with_an_unknown_placeholder_is_refused(tmp_path):
    data = {"pages": [{"title": "t", "preset": "worked_example", "text": "δ = {delta}", "highlight": []}]}
    path = tmp_path / "pages.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match="lesson page 1: {delta} is not a placeholder"):
        load_pages(path)


def test_the_data_file_ships_with_the_package():
    text = open("pyproject.toml").read()
    listed = re.search(r'\[tool\.setuptools\.package-data\]\s*app = \[([^\]]*)\]', text)
    assert listed and '"*.json"' in listed.group(1).split(", ")


def test_the_lesson_link_keys():
    state = LabState()
    assert share.guide_to_query(state) == {}
    state.predict = True
    open_page(state, 4)
    assert share.guide_to_query(state) == {"lesson": "4", "predict": "1"}
    assert share.guide_from_query({"lesson": "9", "predict": "0"}) == {"lesson": 9, "predict": False}
    for bad in ({"lesson": "11"}, {"lesson": "two"}, {"predict": "yes"}):
        with pytest.raises(InputError, match=f"'{next(iter(bad))}' was not used: "):
            share.guide_from_query(bad)
    assert "lesson" in share.URL_KEYS and "predict" in share.URL_KEYS
