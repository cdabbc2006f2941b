"""The exercise checker: the lesson's solution passes, each known slip fails with words for it, and
endless or greedy code comes back failed in time while the process that asked stays healthy."""
from __future__ import annotations

import time

import numpy as np
import pytest

from core import exercise_layers, exercise_numpy, sandbox
from core.exercises import check

SOLUTION = exercise_numpy.SOLUTION
NAMES = ["error", "del_err_output", "del_err_hidden", "delta_w_h_o", "delta_w_i_h"]


def verdict(report) -> dict:
    return {c.name: (c.passed, c.message) for c in report.checks}


def test_the_lessons_solution_passes_every_todo_in_the_lessons_order():
    report = check("numpy_exercise", SOLUTION, timeout_s=5.0)
    assert [c.name for c in report.checks] == NAMES
    assert report.passed and all(c.passed for c in report.checks)
    assert "3 random networks" in report.checks[0].message
    np.testing.assert_allclose(report.values["delta_w_i_h"], report.expected["delta_w_i_h"])
    assert report.values["delta_w_i_h"].shape == (3, 2)


def test_the_starter_passes_nothing():
    report = check("numpy_exercise", exercise_numpy.STARTER)
    assert not report.passed
    assert all("still None" in c.message for c in report.checks)


@pytest.mark.parametrize("find, replace, name, words", [
    ("target - output", "output - target", "error", "sign is the other way round"),
    ("error * output * (1 - output)", "error", "del_err_output", "f′(h)"),
    ("* \\\n    hidden_layer_output * (1 - hidden_layer_output)", "", "del_err_hidden", "f′(h) factor of the hidden units is missing"),
    ("np.dot(del_err_output, weights_hidden_output)", "del_err_output", "del_err_hidden", "without the weights"),
    ("learnrate * del_err_output", "del_err_output", "delta_w_h_o", "learning rate is missing"),
    ("del_err_hidden * x[:, None]", "del_err_hidden[:, None] * x", "delta_w_i_h", "one row per input"),
])
def test_each_slip_fails_its_todo_with_its_message(find, replace, name, words):
    assert find in SOLUTION
    report = verdict(check("numpy_exercise", SOLUTION.replace(find, replace)))
    passed, message = report[name]
    assert not passed and words in message
    earlier = NAMES[:NAMES.index(name)]
    assert all(report[n][0] for n in earlier)  # the TODOs before the slip still pass


def test_a_later_todo_that_only_follows_a_wrong_one_says_so():
    report = verdict(check("numpy_exercise", SOLUTION.replace("error * output * (1 - output)", "error")))
    assert "uses your del_err_output" in report["del_err_hidden"][1]


def test_the_lessons_broadcasting_mistake_is_explained():
    passed, message = verdict(check("numpy_exercise", SOLUTION.replace("x[:, None]", "x")))["delta_w_i_h"]
    assert not passed
    assert message.startswith("Line 12:") and "(2,) and (3,)" in message and "x[:, None]" in message


def test_a_name_the_exercise_does_not_have_is_named():
    code = SOLUTION.replace("delta_w_i_h = learnrate * del_err_hidden", "delta_w_i_h = learnrate * hidden_error")
    passed, message = verdict(check("numpy_exercise", code))["delta_w_i_h"]
    assert not passed and "hidden_error" in message and "del_err_hidden" in message
    passed, message = verdict(check("numpy_exercise", SOLUTION.replace("* output * (1", "* outptu * (1")))["del_err_output"]
    assert not passed and "outptu" in message and "did you mean output" in message


def test_a_variable_never_set_is_named():
    passed, message = verdict(check("numpy_exercise", SOLUTION.replace("delta_w_h_o =", "dw =")))["delta_w_h_o"]
    assert not passed and "does not set delta_w_h_o" in message


def test_a_syntax_error_gives_its_line():
    report = check("numpy_exercise", SOLUTION.replace("error = target - output", "error = (target - output"))
    assert not report.passed and report.checks[0].message.startswith("Line 3:")


def test_the_lessons_numbers_typed_as_constants_fail_on_random_networks():
    right = check("numpy_exercise", SOLUTION, random_sets=0).expected
    constants = "\n".join(f"{name} = np.array({np.asarray(value).tolist()!r})" for name, value in right.items())
    lesson_only = check("numpy_exercise", constants, random_sets=0)
    assert lesson_only.passed  # right on the lesson's numbers...
    report = check("numpy_exercise", constants)
    assert not any(c.passed for c in report.checks)  # ...and wrong on every random network
    assert all("compute it from the variables" in c.message for c in report.checks)


@pytest.mark.parametrize("in_process", [False, True])
def test_an_endless_loop_is_stopped_in_time(in_process, monkeypatch):
    monkeypatch.setattr(sandbox, "in_browser", lambda: in_process)
    report = check("numpy_exercise", "while True: pass", timeout_s=2.0)
    assert not report.passed and "took too long" in report.checks[0].message
    assert check("numpy_exercise", SOLUTION).passed  # and the process that asked is fine


@pytest.mark.parametrize("code", ["while True: pass", "import numpy as np\nwhile True: np.ones(100).sum()"])
def test_the_learners_time_ends_within_a_second_of_the_timeout(code):
    # timed from the child's "ready" (Python and NumPy started): a loaded machine's start-up is not the learner's
    answer = sandbox.run(code, [""], [], 2.0)
    assert answer["stopped"] and 2.0 <= answer["after_ready_s"] < 2.0 + sandbox.GRACE_S + 0.5
    started = time.monotonic()
    assert sandbox.run(code, [""], [], 1.0, in_process=True) == {"stopped": True}
    assert time.monotonic() - started < 1.5


def test_an_endless_loop_that_catches_exceptions_is_stopped_too(monkeypatch):
    monkeypatch.setattr(sandbox, "in_browser", lambda: True)
    code = "while True:\n    try:\n        pass\n    except Exception:\n        pass\n"
    report = check("numpy_exercise", code, timeout_s=1.0)
    assert "took too long" in report.checks[0].message


def test_a_10_gb_allocation_fails_and_the_process_stays_healthy():
    answer = sandbox.run("import numpy as np\nbig = np.ones(10 * 2**30 // 8)", [""], ["big"], 5.0)
    assert answer["results"][0]["error"]["type"] == "MemoryError" and answer["after_ready_s"] < 5.0
    report = check("numpy_exercise", "big = np.ones(10 * 2**30 // 8)\n" + SOLUTION, timeout_s=5.0)
    assert not report.passed and "more memory" in report.checks[0].message
    assert check("numpy_exercise", SOLUTION).passed


def test_the_learners_code_cannot_see_the_checker():
    code = "import sys\nerror = np.array(float('core.exercises' in sys.modules))\n"
    assert check("numpy_exercise", code, random_sets=0).values["error"] == 0.0


def test_the_layers_exercise_is_checked_on_one_to_four_hidden_layers():
    depths = {len(d["weights"]) - 1 for d in exercise_layers.datasets(3)}
    assert depths == {1, 2, 3, 4}
    assert check("any_layers", exercise_layers.SOLUTION).passed
    code = exercise_layers.SOLUTION.replace(" * a[l + 1] * (1 - a[l + 1])\n    delta_w", "\n    delta_w")
    report = verdict(check("any_layers", code))
    assert report["error"][0] and not report["deltas"][0] and "f′(h)" in report["deltas"][1]
    # only right for the lesson's one hidden layer: the top layer handled, the loop's others not
    shallow = exercise_layers.SOLUTION.replace("np.dot(weights[l + 1], deltas[l + 1])", "np.dot(weights[1], deltas[1])")
    assert check("any_layers", shallow, random_sets=0).passed and not check("any_layers", shallow).passed


def test_the_worked_example_by_hand():
    right = {"delta_o": "0.122", "delta_h": "0.00305", "delta_W": "0.0302", "delta_w1": "0.000152", "delta_w2": "0.000457"}
    assert check("worked_example", right).passed
    assert check("worked_example", {**right, "delta_h": "0.003", "delta_w2": "0.00045"}).passed  # the lesson's rounding
    report = verdict(check("worked_example", {**right, "delta_o": "0.488", "delta_h": "0.0305", "delta_W": "1,5"}))
    assert "y − ŷ alone" in report["delta_o"][1]
    assert "through the weight" in report["delta_h"][1]
    assert not report["delta_W"][0] and "must be a number" in report["delta_W"][1]
    assert not check("worked_example", {**right, "delta_W": "0.031"}).passed  # not to three significant figures
