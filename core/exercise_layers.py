"""The backward pass for any number of layers, as one loop over them; checked on 1 to 4 hidden layers."""
from __future__ import annotations

import numpy as np

from .exercise_numpy import LESSON
from .exercises import CodeExercise, Todo, register, show
from .notation import plain

IN_SCOPE = ("np", "sigmoid", "x", "target", "learnrate", "weights", "L", "a", "h", "output")


def _array(a: np.ndarray) -> str:
    return "np.array(" + repr(np.asarray(a, dtype=float).tolist()) + ")"


def given(d: dict) -> str:
    weights = ",\n           ".join(_array(w) for w in d["weights"])
    return f"""import numpy as np

def sigmoid(x):
    return 1 / (1 + np.exp(-x))

x = {_array(d["x"])}
target = {_array(d["target"])}
learnrate = {d["learnrate"]!r}
# weights[l] has shape (units in layer l, units in layer l + 1); layer 0 is the inputs
weights = [{weights}]
L = len(weights)

## Forward pass: a[0] is x, h[l] the input of layer l + 1, a[l + 1] = sigmoid(h[l])
a = [x]
h = []
for l in range(L):
    h.append(np.dot(a[l], weights[l]))
    a.append(sigmoid(h[l]))
output = a[L]
"""


def datasets(n_random: int) -> list[dict]:
    """The lesson's 3-2-1 network, then (when any random set is asked for) at least one per depth of 1 to 4 hidden layers."""
    lesson = {"x": LESSON["x"], "target": np.array([LESSON["target"]]), "learnrate": LESSON["learnrate"],
              "weights": [LESSON["weights_input_hidden"], LESSON["weights_hidden_output"][:, None]]}
    sets = [lesson]
    for k in range(max(n_random, 4) if n_random else 0):
        rng = np.random.default_rng(1900 + k)
        sizes = [int(rng.integers(2, 5)) for _ in range(2 + k % 4)] + [int(rng.integers(1, 3))]
        sets.append({"x": rng.uniform(-1, 1, sizes[0]).round(3), "target": rng.uniform(0.1, 0.9, sizes[-1]).round(3),
                     "learnrate": float(rng.choice([0.1, 0.5, 1.0])),
                     "weights": [rng.normal(0, 0.8, (m, n)).round(3) for m, n in zip(sizes, sizes[1:])]})
    return sets


def _forward(d: dict) -> list:
    a = [d["x"]]
    for w in d["weights"]:
        a.append(1 / (1 + np.exp(-np.dot(a[-1], w))))   # (n_l,) @ (n_l, n_l+1) -> (n_l+1,)
    return a


def expected(d: dict) -> dict:
    a, weights, L = _forward(d), d["weights"], len(d["weights"])
    error = d["target"] - a[L]
    deltas, delta_w, back = [None] * L, [None] * L, error
    for l in reversed(range(L)):
        deltas[l] = back * a[l + 1] * (1 - a[l + 1])                # δ of layer l + 1: what reaches it times f′(h)
        delta_w[l] = d["learnrate"] * deltas[l] * a[l][:, None]     # (n_l, 1) * (n_l+1,) -> (n_l, n_l+1)
        back = np.dot(weights[l], deltas[l])                        # (n_l, n_l+1) @ (n_l+1,) -> (n_l,)
    return {"error": error, "deltas": deltas, "delta_w": delta_w}


def _close(got, want) -> bool:
    if got is None or isinstance(got, (str, list)):
        return False
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    return got.size == want.size and bool(np.allclose(got.reshape(want.shape), want, rtol=1e-6, atol=1e-10))


def diagnose(name: str, got, d: dict, right: dict, values: dict) -> str | None:
    L = len(d["weights"])
    depth = f"On a network with {L - 1} hidden layer{'s' if L > 2 else ''}: "
    if name == "error":
        return "The sign is the other way round: error = target − output." if _close(got, -right["error"]) else None
    if not isinstance(got, list) or len(got) != L:
        return f"{depth}{name} must be a list of L = {L} arrays, one per layer of weights (start from [None] * L)."
    a = _forward(d)
    for l in reversed(range(L)):  # the first wrong one, from the output down, is where to look
        mine, want = got[l], right[name][l]
        if _close(mine, want):
            continue
        where = f"{depth}{name}[{l}] "
        if mine is None:
            return where + "is still None: the loop must set it for every l."
        if isinstance(mine, str):
            return where + f"is {mine}, not numbers."
        f_prime = a[l + 1] * (1 - a[l + 1])
        if name == "deltas":
            if _close(mine, want / f_prime):
                return where + "lacks the f′(h) factor of its layer: a[l + 1] * (1 - a[l + 1])."
            if _close(mine, -want):
                return where + "has the wrong sign."
            if l < L - 1 and not _close(got[l + 1], right[name][l + 1]):
                return where + "is wrong because deltas[l + 1] above it is; fix that first."
            if l < L - 1:
                return where + ("is not right: the error term of a hidden layer is what comes down from the layer "
                                "above, np.dot(weights[l + 1], deltas[l + 1]), times a[l + 1] * (1 - a[l + 1]).")
            return where + "is not right: at the output, δ = error * output * (1 - output)."
        if not _close(values.get("deltas", [None] * L)[l] if isinstance(values.get("deltas"), list)
                      and len(values["deltas"]) == L else None, right["deltas"][l]):
            return where + f"is wrong because deltas[{l}] is; fix that first."
        if np.shape(mine) == np.shape(want)[::-1] and _close(np.transpose(mine), want):
            return where + "is transposed: it needs one row per unit of layer l (a[l][:, None]), like weights[l]."
        if _close(mine, want / d["learnrate"]):
            return where + "lacks the learning rate."
        if np.shape(mine) != np.shape(want):
            return where + f"has shape {np.shape(mine)}; it must have the shape of weights[{l}], {np.shape(want)}."
        return where + f"is not right: you have {show(mine)}, the right value is {show(want)}."
    return None


_LESSON_OUT = float(_forward(datasets(0)[0])[-1][0])
TODOS = [
    Todo("error", "# TODO: Calculate error", "error = y − ŷ, the target minus a[L].",
         f"On the lesson's 3-2-1 network: error = 0.6 − {plain(_LESSON_OUT)} = {plain(0.6 - _LESSON_OUT)}."),
    Todo("deltas", "    # TODO: deltas[l], the error term of layer l + 1",
         "At the output δ = (y − ŷ) f′(h); below it δ_l = (W_{l+1} δ_{l+1}) f′(h_l), f′(h) = a (1 − a).",
         "For l = L − 1: error * a[L] * (1 - a[L]); otherwise np.dot(weights[l + 1], deltas[l + 1]) * a[l + 1] * (1 - a[l + 1])."),
    Todo("delta_w", "    # TODO: delta_w[l], the step of weights[l]",
         "Δw = η δ a_in: the learning rate, the error term of the layer above, the outputs of the layer below.",
         "learnrate * deltas[l] * a[l][:, None], shape of weights[l]: on the lesson's network (3, 2), then (2, 1)."),
]
STARTER = """## Backwards pass for any number of layers
# TODO: Calculate error
error = None
deltas = [None] * L    # deltas[l] is the error term of layer l + 1
delta_w = [None] * L   # delta_w[l] is the step of weights[l]
for l in reversed(range(L)):
    # TODO: deltas[l], the error term of layer l + 1
    deltas[l] = None
    # TODO: delta_w[l], the step of weights[l]
    delta_w[l] = None
"""
SOLUTION = """## Backwards pass for any number of layers
error = target - output
deltas = [None] * L
delta_w = [None] * L
for l in reversed(range(L)):
    if l == L - 1:
        deltas[l] = error * a[l + 1] * (1 - a[l + 1])
    else:
        deltas[l] = np.dot(weights[l + 1], deltas[l + 1]) * a[l + 1] * (1 - a[l + 1])
    delta_w[l] = learnrate * deltas[l] * a[l][:, None]
"""

register(CodeExercise("any_layers", "Any number of layers, as a loop", given, datasets, expected, TODOS, STARTER,
                      SOLUTION, diagnose, IN_SCOPE, aliases={"delta": "deltas", "weight_steps": "delta_w"}))
