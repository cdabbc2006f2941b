"""The lesson's NumPy exercise: the forward pass of a 3-2-1 sigmoid network is given, the learner writes the backward pass."""
from __future__ import annotations

import numpy as np

from .exercises import CodeExercise, Todo, register
from .notation import plain

LESSON = {
    "x": np.array([0.5, 0.1, -0.2]), "target": 0.6, "learnrate": 0.5,
    "weights_input_hidden": np.array([[0.5, -0.6], [0.1, -0.2], [0.1, 0.7]]),
    "weights_hidden_output": np.array([0.1, -0.3]),
}
IN_SCOPE = ("np", "sigmoid", "x", "target", "learnrate", "weights_input_hidden", "weights_hidden_output",
            "hidden_layer_input", "hidden_layer_output", "output_layer_in", "output")


def _array(a: np.ndarray) -> str:
    if a.ndim == 1:
        return "np.array([" + ", ".join(repr(float(v)) for v in a) + "])"
    rows = (",\n" + " " * 32).join("[" + ", ".join(repr(float(v)) for v in row) + "]" for row in a)
    return "np.array([" + rows + "])"


def given(data: dict) -> str:
    """The given part as the lesson writes it, with this data set's numbers."""
    return f"""import numpy as np

def sigmoid(x):
    return 1 / (1 + np.exp(-x))

x = {_array(data["x"])}
target = {data["target"]!r}
learnrate = {data["learnrate"]!r}

weights_input_hidden = {_array(data["weights_input_hidden"])}
weights_hidden_output = {_array(data["weights_hidden_output"])}

## Forward pass
hidden_layer_input = np.dot(x, weights_input_hidden)
hidden_layer_output = sigmoid(hidden_layer_input)

output_layer_in = np.dot(hidden_layer_output, weights_hidden_output)
output = sigmoid(output_layer_in)
"""


def datasets(n_random: int) -> list[dict]:
    """The lesson's numbers, then `n_random` networks of the same shape drawn from fixed seeds."""
    sets = [LESSON]
    for k in range(n_random):
        rng = np.random.default_rng(1800 + k)
        sets.append({
            "x": rng.uniform(-1, 1, 3).round(3), "target": round(float(rng.uniform(0.1, 0.9)), 3),
            "learnrate": float(rng.choice([0.1, 0.2, 0.3, 0.7, 1.0])),
            "weights_input_hidden": rng.normal(0, 0.6, (3, 2)).round(3),
            "weights_hidden_output": rng.normal(0, 0.6, 2).round(3),
        })
    return sets


def _forward(d: dict) -> tuple:
    a = 1 / (1 + np.exp(-np.dot(d["x"], d["weights_input_hidden"])))         # (3,) @ (3, 2) -> (2,)
    output = 1 / (1 + np.exp(-np.dot(a, d["weights_hidden_output"])))         # (2,) @ (2,) -> ()
    return a, output


def expected(d: dict) -> dict:
    """The reference backward pass: the lesson's solution, line by line."""
    a, output = _forward(d)
    error = d["target"] - output
    del_err_output = error * output * (1 - output)                            # δᵒ = (y − ŷ) f′(h)
    del_err_hidden = np.dot(del_err_output, d["weights_hidden_output"]) * a * (1 - a)  # δʰ_j = W_j δᵒ f′(h_j), (2,)
    delta_w_h_o = d["learnrate"] * del_err_output * a                         # ΔW_j = η δᵒ a_j, (2,)
    delta_w_i_h = d["learnrate"] * del_err_hidden * d["x"][:, None]           # Δw_ij = η δʰ_j x_i, (3, 1) * (2,) -> (3, 2)
    return {"error": error, "del_err_output": del_err_output, "del_err_hidden": del_err_hidden,
            "delta_w_h_o": delta_w_h_o, "delta_w_i_h": delta_w_i_h}


def _close(got, want) -> bool:
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    return got.size == want.size and bool(np.allclose(got.reshape(want.shape), want, rtol=1e-6, atol=1e-10))


def diagnose(name: str, got, d: dict, right: dict, values: dict) -> str | None:
    """What a wrong value most likely means: the same formula with one known slip, or a wrong value upstream."""
    a, output = _forward(d)
    f_out, f_hid = output * (1 - output), a * (1 - a)
    eta, W = d["learnrate"], d["weights_hidden_output"]
    mine = {k: v for k, v in values.items() if isinstance(v, np.ndarray)}
    slips = {
        "error": [(-right["error"], "The sign is the other way round: the error is target − output (y − ŷ), "
                                    "positive when the network's output is too small.")],
        "del_err_output": [
            (right["error"], "This is the error alone: the output error term also needs f′(h) of the output unit, "
                             "which for the sigmoid is output * (1 - output)."),
            (-right["del_err_output"], "The sign is the other way round: δᵒ = (target − output) × f′(h)."),
            (right["error"] * 0.25, "f′(h) = output * (1 - output) changes with the output; 0.25 is only its maximum."),
        ],
        "del_err_hidden": [
            (right["del_err_output"] * W, "The f′(h) factor of the hidden units is missing: multiply by "
                                          "hidden_layer_output * (1 - hidden_layer_output)."),
            (right["del_err_output"] * f_hid, "The output error is used without the weights: each hidden unit gets "
                                              "its share of δᵒ through the weight it feeds the output with, "
                                              "weights_hidden_output."),
            (right["del_err_output"] * W * f_out, "That f′ is the output unit's: δʰ needs f′ of each hidden unit, "
                                                  "hidden_layer_output * (1 - hidden_layer_output)."),
            (-right["del_err_hidden"], "The sign is the other way round."),
        ],
        "delta_w_h_o": [
            (right["delta_w_h_o"] / eta, "The learning rate is missing: the step is learnrate × δᵒ × the hidden outputs."),
            (-right["delta_w_h_o"], "The sign is the other way round: with error = target − output the step is added."),
            (eta * right["del_err_output"] * np.ones(2), "The step needs the hidden layer's outputs, "
                                                         "hidden_layer_output, the inputs of these weights."),
        ],
        "delta_w_i_h": [
            (right["delta_w_i_h"].T, "This has one row per hidden unit, but weights_input_hidden has one row per "
                                     "input (shape (3, 2)): write del_err_hidden * x[:, None], with x as the column."),
            (right["delta_w_i_h"] / eta, "The learning rate is missing: the step is learnrate × δʰ × x."),
            (-right["delta_w_i_h"], "The sign is the other way round."),
        ],
    }
    upstream = {
        "del_err_output": ("error", lambda m: m["error"] * f_out),
        "del_err_hidden": ("del_err_output", lambda m: np.dot(m["del_err_output"], W) * f_hid),
        "delta_w_h_o": ("del_err_output", lambda m: eta * m["del_err_output"] * a),
        "delta_w_i_h": ("del_err_hidden", lambda m: eta * m["del_err_hidden"] * d["x"][:, None]),
    }
    if name in upstream:
        source, formula = upstream[name]
        if source in mine and not _close(mine[source], right[source]):
            try:
                follows = _close(got, formula(mine))
            except ValueError:
                follows = False
            if follows:
                return f"The formula is right, but it uses your {source}, which is not right yet: fix that first."
    for wrong, message in slips.get(name, []):
        if _close(got, wrong):
            return message
    if name == "delta_w_i_h" and np.shape(got) != (3, 2):
        return (f"delta_w_i_h has shape {np.shape(got)}, but it is one step per weight, the shape of "
                "weights_input_hidden, (3, 2): row i for input x_i, column j for hidden unit j. "
                "del_err_hidden * x[:, None] gives exactly that table.")
    return None


def _hints() -> list[Todo]:
    r, (a, output) = expected(LESSON), _forward(LESSON)
    W, eta = LESSON["weights_hidden_output"], LESSON["learnrate"]
    p = plain
    return [
        Todo("error", "## TODO: Calculate error", "error = y − ŷ: the target minus the network's output.",
             f"error = {p(LESSON['target'])} − {p(output)} = {p(r['error'])}"),
        Todo("del_err_output", "# TODO: Calculate error gradient for output layer",
             "δᵒ = (y − ŷ) f′(h), and for the sigmoid f′(h) = ŷ (1 − ŷ).",
             f"δᵒ = {p(r['error'])} × {p(output)} × (1 − {p(output)}) = {p(r['del_err_output'])}"),
        Todo("del_err_hidden", "# TODO: Calculate error gradient for hidden layer",
             "δʰ_j = W_j δᵒ f′(h_j), with f′(h_j) = a_j (1 − a_j) of hidden unit j.",
             "δʰ = " + ", ".join(f"{p(W[j])} × {p(r['del_err_output'])} × {p(a[j])} × (1 − {p(a[j])})"
                                 for j in range(2)) + f" = {', '.join(p(v) for v in r['del_err_hidden'])}"),
        Todo("delta_w_h_o", "# TODO: Calculate change in weights for hidden layer to output layer",
             "ΔW_j = η δᵒ a_j: learning rate × output error term × hidden unit j's output.",
             "ΔW = " + ", ".join(f"{p(eta)} × {p(r['del_err_output'])} × {p(a[j])}" for j in range(2))
             + f" = {', '.join(p(v) for v in r['delta_w_h_o'])}"),
        Todo("delta_w_i_h", "# TODO: Calculate change in weights for input layer to hidden layer",
             "Δw_ij = η δʰ_j x_i, one per weight: a table with a row per input i and a column per hidden unit j "
             "(x as a column: x[:, None]).",
             f"Δw_11 = {p(eta)} × {p(r['del_err_hidden'][0])} × {p(LESSON['x'][0])} = {p(r['delta_w_i_h'][0, 0])}, "
             f"and so on for all {r['delta_w_i_h'].size}, shape {r['delta_w_i_h'].shape}"),
    ]


TODOS = _hints()
STARTER = "## Backwards pass\n" + "".join(f"{t.comment}\n{t.name} = None\n" for t in TODOS)
SOLUTION = """## Backwards pass
## TODO: Calculate error
error = target - output
# TODO: Calculate error gradient for output layer
del_err_output = error * output * (1 - output)
# TODO: Calculate error gradient for hidden layer
del_err_hidden = np.dot(del_err_output, weights_hidden_output) * \\
    hidden_layer_output * (1 - hidden_layer_output)
# TODO: Calculate change in weights for hidden layer to output layer
delta_w_h_o = learnrate * del_err_output * hidden_layer_output
# TODO: Calculate change in weights for input layer to hidden layer
delta_w_i_h = learnrate * del_err_hidden * x[:, None]
"""

register(CodeExercise(
    "numpy_exercise", "The lesson's NumPy exercise (3-2-1)", given, datasets, expected, TODOS, STARTER, SOLUTION,
    diagnose, IN_SCOPE,
    aliases={"hidden_error": "del_err_hidden", "output_error": "del_err_output", "inputs": "x",
             "output_error_term": "del_err_output", "hidden_error_term": "del_err_hidden"},
))
