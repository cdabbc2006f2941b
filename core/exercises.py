"""The lesson's exercises, checked: `check(name, code, timeout_s)` -> a `Report` with one `Check` per TODO.

    from core.exercises import check
    report = check("numpy_exercise", code, timeout_s=5.0)
    report.passed                    # every TODO right on every data set
    [(c.name, c.passed, c.message) for c in report.checks]

A code exercise runs the learner's part after its given part (the forward pass) on the lesson's
numbers and on random networks of the same shape, through `core.sandbox`, and compares each
variable with the reference; each exercise module says what a wrong value most likely means.
Messages are plain text (the page shows them as text, never as markup).
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from . import sandbox
from .inputs import plain as plain_text
from .notation import plain

MAX_CODE = 10_000  # characters of a learner's code accepted (the job must fit a pipe's buffer)
RTOL, ATOL = 1e-6, 1e-10  # a value is right when np.allclose with these


@dataclass(frozen=True)
class Check:
    """One TODO's verdict: its variable's name, whether it holds on every data set, and why not."""

    name: str
    passed: bool
    message: str


@dataclass(frozen=True)
class Report:
    """What `check` found: one Check per TODO, and the learner's and the right values on the lesson's numbers."""

    exercise: str
    checks: list[Check]
    values: dict = field(default_factory=dict)    # name -> the learner's value (array, list of arrays, or None)
    expected: dict = field(default_factory=dict)  # name -> the right value on the lesson's numbers

    @property
    def passed(self) -> bool:
        return bool(self.checks) and all(c.passed for c in self.checks)


@dataclass(frozen=True)
class Todo:
    """One TODO of an exercise: the variable it sets, its comment, and two hints (symbols, then numbers)."""

    name: str
    comment: str
    hint_symbols: str
    hint_numbers: str


@dataclass(frozen=True)
class CodeExercise:
    """An exercise where the learner writes code: its given part, TODOs, reference and diagnoses."""

    name: str
    title: str
    given: Callable[[dict], str]            # the given part's source for a data set
    datasets: Callable[[int], list[dict]]   # the lesson's data set first, then n random ones
    expected: Callable[[dict], dict]        # name -> right value for a data set
    todos: list[Todo]
    starter: str
    solution: str
    diagnose: Callable[[str, object, dict, dict, dict], str | None]  # (name, got, data, right, learner's values)
    names_in_scope: tuple[str, ...]
    aliases: dict = field(default_factory=dict)  # names the lesson's text uses -> the exercise's name


EXERCISES: dict = {}


def register(exercise) -> None:
    EXERCISES[exercise.name] = exercise


def check(name: str, code, timeout_s: float = 5.0, random_sets: int = 3) -> Report:
    """Check a learner's answer to exercise `name` on the lesson's data and `random_sets` random ones."""
    from . import exercise_hand, exercise_layers, exercise_numpy  # noqa: F401  (they register themselves)

    exercise = EXERCISES[name]
    if not isinstance(exercise, CodeExercise):
        return exercise.check(code)
    return check_code(exercise, code, timeout_s, random_sets)


def check_code(ex: CodeExercise, code, timeout_s: float, random_sets: int) -> Report:
    names = [t.name for t in ex.todos]
    if not isinstance(code, str):
        return _all_fail(ex, "The answer must be Python code, as text.")
    if len(code) > MAX_CODE:
        return _all_fail(ex, f"Your code is {len(code)} characters long; the checker reads at most {MAX_CODE}.")
    try:
        compile(code, sandbox.sandbox_child.YOUR_CODE, "exec")
    except SyntaxError as exc:
        line = exc.lineno or 1
        return _all_fail(ex, f"Line {line}: Python cannot read this line ({plain_text(exc.msg, 80)}). "
                             "Look for a missing bracket, colon or operator there or on the line before.",
                         f"Not checked: the code did not run because of the syntax error on line {line}.")
    datasets = ex.datasets(random_sets)
    expected = [ex.expected(d) for d in datasets]
    answer = sandbox.run(code, [ex.given(d) for d in datasets], names, timeout_s)
    if "stopped" in answer:
        return _all_fail(ex, f"Stopped after {plain(timeout_s)} s: your code took too long. Look for a loop that "
                             "never ends, such as while True: with nothing that breaks out of it.",
                         "Not checked: your code was stopped for taking too long.", expected[0])
    if "memory" in answer:
        return _all_fail(ex, "Your code asked for more memory than the exercise allows (about 0.5 GB); the "
                             "exercise's arrays are tiny, so look for an array made far too big.",
                         "Not checked: your code ran out of memory.", expected[0])
    results = answer.get("results")
    if not isinstance(results, list) or len(results) != len(datasets):
        return _all_fail(ex, "Your code ended the checker before it could answer (did it call exit() or "
                             "end the process?).", "Not checked: the checker got no answer.", expected[0])
    learner = [{k: _decode(v) for k, v in r.get("values", {}).items()} for r in results]
    checks = []
    for todo in ex.todos:
        message = None
        for k, (data, right, values, result) in enumerate(zip(datasets, expected, learner, results)):
            message = _judge(ex, todo.name, data, right, values, result.get("error"), k, expected[0])
            if message:
                break
        passed = message is None
        if passed:
            message = ("Right" + (f" on the lesson's numbers and on {len(datasets) - 1} random networks of the same shape."
                                  if len(datasets) > 1 else " on the lesson's numbers."))
        checks.append(Check(todo.name, passed, message))
    return Report(ex.name, checks, {n: learner[0][n] for n in names if n in learner[0]}, expected[0])


def _judge(ex, name, data, right, values, error, k, lesson_right) -> str | None:
    """Why `name` is wrong on data set k, or None when it is right."""
    where = "" if k == 0 else "On a random network of the same shape (other numbers than the lesson's): "
    if name not in values:
        if error is None:
            return (f"Your code does not set {name}. The checker reads the answer from a variable with exactly "
                    "this name.")
        first = next(t.name for t in ex.todos if t.name not in values)
        if name != first:
            return f"Not reached: your code stopped at line {error.get('line') or '?'} before it set {name} (see {first})."
        return where + explain_error(ex, error)
    got, want = values[name], right[name]
    if got is None:
        return f"{name} is still None: write its formula after the = sign."
    if isinstance(got, str):
        return f"{where}{name} is {got}, not numbers: it should be {_describe(want)}."
    if isinstance(want, list):
        return ex.diagnose(name, got, data, right, values) if not _same(got, want) else None
    got_shape, want_shape = np.shape(got), np.shape(want)
    if got_shape != want_shape and not (want_shape == () and np.size(got) == 1):
        return where + (ex.diagnose(name, got, data, right, values) or
                        f"{name} has shape {got_shape}; the right one has shape {want_shape}.")
    if _same(got, want):
        return None
    if k > 0 and _same(got, lesson_right[name]):
        return (f"{name} has the lesson's numbers, but on a random network of the same shape it must change with "
                "the network: compute it from the variables (x, the weights, output, …) instead of typing numbers.")
    return where + (ex.diagnose(name, got, data, right, values) or
                    f"{name} is not right: you have {show(got)}, the right value is {show(want)}.")


def explain_error(ex: CodeExercise, error: dict) -> str:
    """A Python error from the learner's code, in words they can act on."""
    line = error.get("line")
    at = f"Line {line}: " if line else ""
    kind, message = error.get("type", "Error"), plain_text(error.get("message", ""), 200)
    if kind == "NameError" and error.get("name"):
        missing = error["name"]
        if missing in ex.aliases:
            return (f"{at}there is no variable called {missing} here: the lesson's text uses that name, this exercise "
                    f"calls it {ex.aliases[missing]}.")
        known = list(ex.names_in_scope) + [t.name for t in ex.todos]
        close = difflib.get_close_matches(missing, known, n=1)
        if close:
            return f"{at}there is no variable called {plain_text(missing, 40)}; did you mean {close[0]}?"
        return (f"{at}there is no variable called {plain_text(missing, 40)}. The exercise gives you "
                f"{', '.join(ex.names_in_scope)}, and expects you to set {', '.join(t.name for t in ex.todos)}.")
    shapes = re.findall(r"\(([\d, ]*)\)", message) if "broadcast" in message else []
    if kind == "ValueError" and len(shapes) >= 2:
        a, b = (f"({s})" for s in shapes[:2])
        return (f"{at}NumPy cannot multiply arrays of shapes {a} and {b} element by element. It pairs the "
                "entries of the last axes, and lengths that differ (and neither is 1) cannot be paired. "
                "Multiplying one vector by another this way needs one of them as a column: x[:, None] "
                "has shape (n, 1), so del_err_hidden * x[:, None] makes the whole table δ_j x_i, one row per "
                "input and one column per hidden unit, the shape of weights_input_hidden.")
    if kind == "MemoryError":
        return f"{at}your code asked for more memory than the exercise allows; its arrays are tiny."
    return f"{at}{kind}: {message}"


def show(value) -> str:
    """A value for a message: its numbers (three significant figures) and, for arrays, its shape."""
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    array = np.asarray(value, dtype=float)
    if array.ndim == 0:
        return plain(float(array))
    text = np.array2string(array, formatter={"float_kind": plain}, separator=", ", threshold=30)
    return f"{' '.join(text.split())} (shape {array.shape})"


def _describe(value) -> str:
    return f"a list of {len(value)} arrays" if isinstance(value, list) else f"numbers of shape {np.shape(value)}"


def _same(got, want) -> bool:
    if isinstance(want, list):
        return (isinstance(got, list) and len(got) == len(want)
                and all(g is not None and not isinstance(g, str) and _same(g, w) for g, w in zip(got, want)))
    if isinstance(got, (str, list)) or got is None:
        return False
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    if got.size != want.size or (got.shape != want.shape and want.shape != ()):
        return False
    return bool(np.allclose(got.reshape(want.shape), want, rtol=RTOL, atol=ATOL))


def _decode(value):
    """The child's JSON for one value: an array, a list of them, None, or a string saying what it was instead."""
    if not isinstance(value, dict):
        return "something the checker cannot read"
    if "list" in value:
        return [_decode(v) for v in value["list"]]
    if value.get("none"):
        return None
    if "data" in value:
        try:
            return np.asarray(value["data"], dtype=float).reshape(value["shape"])
        except (TypeError, ValueError):
            return "something the checker cannot read"
    if value.get("too_big"):
        return f"an array of shape {tuple(value.get('shape', ()))}, far bigger than the exercise's"
    return f"a {plain_text(str(value.get('type', 'value')), 30)}"


def _all_fail(ex, first: str, rest: str | None = None, expected: dict | None = None) -> Report:
    checks = [Check(t.name, False, first if k == 0 or rest is None else rest) for k, t in enumerate(ex.todos)]
    return Report(ex.name, checks, {}, expected or {})
