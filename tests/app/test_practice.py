"""The Practice tab without a browser: Run and Submit show the checker's verdicts as text, the
learner's δ reaches the diagram's columns, and a server beyond loopback refuses to run code."""
from __future__ import annotations

import pytest

from app import practice_safety
from app.practice import PracticeView
from app.practice_safety import decide, is_loopback, serve_address
from core import exercise_numpy
from core.ids import node_id


@pytest.fixture
def view(monkeypatch):
    monkeypatch.setattr("app.practice.practice_allowed", lambda: (True, ""))
    view = PracticeView()
    view.__panel__()
    return view


def test_run_shows_values_and_puts_the_learners_deltas_on_the_diagram(view):
    view.code.value_input = exercise_numpy.SOLUTION.replace("error * output * (1 - output)", "error")
    view.run()
    assert "Ran: 1 of 5 right" in view.status.object
    assert "✗ del_err_output: This is the error alone" in view.results.object
    assert "del_err_output\n  yours: 0.115 (shape ())\n  right: 0.0287 (shape ())" in view.values.object
    state = view.diagrams["numpy_exercise"][0]
    nodes = state.picture.nodes
    out = nodes["id"].index(node_id(2, 0))
    assert nodes["learner_text"][out] == "yours = 0.115" and nodes["delta_text"][out] == "δ = 0.0287"
    assert view.solution_button.disabled  # Show solution waits for a failed Submit


def test_submit_reports_every_todo_and_offers_the_solution_after_a_failure(view):
    view.code.value_input = exercise_numpy.SOLUTION
    view.submit()
    assert view.status.object.startswith("Submitted: all 5 right")
    assert view.results.object.count("✓") == 5 and view.solution_button.disabled
    view.code.value_input = "error = target - output\n"
    view.submit()
    assert not view.solution_button.disabled
    view.show_solution()
    assert view.solution.visible and exercise_numpy.SOLUTION in view.solution.object


def test_hints_give_the_formula_then_the_numbers(view):
    row = view.hints.objects[0]
    button, text = row.objects
    button.clicks += 1
    assert text.object == exercise_numpy.TODOS[0].hint_symbols
    button.clicks += 1
    assert text.object.endswith("error = 0.6 − 0.485 = 0.115")


def test_the_learners_code_is_shown_as_text_never_as_markup(view):
    view.code.value_input = "error = '<b>bold</b>' # **not bold**\n"
    view.run()
    import panel as pn
    assert isinstance(view.results, pn.pane.Str) and isinstance(view.values, pn.pane.Str)
    assert "yours: a str" in view.values.object


@pytest.mark.parametrize("address, loopback", [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.0.1.1", True),
    ("0.0.0.0", False), ("", False), (None, False), ("192.168.1.5", False), ("example.org", False),
])
def test_loopback_addresses(address, loopback):
    assert is_loopback(address) is loopback


def test_a_server_beyond_loopback_refuses_without_the_opt_in():
    assert decide(True, "127.0.0.1", {}) == (True, "")
    allowed, why = decide(True, "0.0.0.0", {})
    assert not allowed and "static site" in why and practice_safety.OPT_IN in why
    assert decide(True, None, {})[0] is False  # panel serve without --address listens everywhere
    assert decide(True, "0.0.0.0", {practice_safety.OPT_IN: "1"})[0] is True
    assert decide(True, "0.0.0.0", {practice_safety.OPT_IN: "yes"})[0] is False
    assert decide(False, None, {})[0] is True  # Jupyter, a script, the tests: the learner's own process


def test_the_address_is_read_from_panel_serves_arguments():
    assert serve_address([".venv/bin/panel", "serve", "app/main.py", "--address", "0.0.0.0"]) == (True, "0.0.0.0")
    assert serve_address(["/x/bin/panel", "serve", "app/main.py", "--address=127.0.0.1"]) == (True, "127.0.0.1")
    assert serve_address(["/x/bin/panel", "serve", "app/main.py"]) == (True, None)
    assert serve_address(["/x/bin/pytest", "tests"]) == (False, None)


def test_a_refusing_server_shows_why_and_runs_nothing(monkeypatch):
    monkeypatch.setattr("app.practice.practice_allowed", lambda: (False, practice_safety.REFUSED))
    view = PracticeView()
    layout = view.__panel__()
    assert layout.objects[0].object == practice_safety.REFUSED
    view.code.value_input = "error = 1"
    view.run()
    assert view.status.object == practice_safety.REFUSED and view.results.object == ""


def test_the_worked_example_by_hand_in_the_tab(view):
    view.exercise = "worked_example"
    for name, typed in (("delta_o", "0.122"), ("delta_h", "0.0305"), ("delta_W", "0.0302"),
                        ("delta_w1", "0.000152"), ("delta_w2", "<i>x</i>")):
        view.numbers[name].value_input = typed
    view.submit()
    assert view.status.object == "Submitted: 3 of 5 right on the lesson's example."
    assert "✗ delta_h: δᵒ reaches the hidden unit through the weight" in view.results.object
    nodes = view.diagrams["worked_example"][0].picture.nodes
    assert nodes["learner_text"][nodes["id"].index(node_id(1, 0))] == "yours = 0.0305"


def test_switching_exercises_keeps_what_was_typed(view):
    view.code.value_input = "error = target - output\n"
    view.exercise = "any_layers"
    assert view.code.value_input.startswith("## Backwards pass for any number of layers")
    assert [row.objects[0].name for row in view.hints.objects] == ["Hint: error", "Hint: deltas", "Hint: delta_w"]
    view.exercise = "numpy_exercise"
    assert view.code.value_input == "error = target - output\n"
