"""A standalone NumPy script, in the lesson's style, that prints the numbers the page shows."""
from __future__ import annotations

from .network import Network

_FUNCTIONS = {
    "sigmoid": ("def sigmoid(h):\n    return 1 / (1 + np.exp(-h))\n", "{a} * (1 - {a})"),
    "tanh": ("def tanh(h):\n    return np.tanh(h)\n", "(1 - {a} ** 2)"),
    "relu": ("def relu(h):\n    return np.maximum(h, 0.0)\n", "({h} > 0)"),
    "linear": ("def linear(h):\n    return h\n", "1"),
}


def _array(values) -> str:
    return f"np.array({values.tolist()!r})"


def numpy_script(network: Network, x, target, learning_rate: float) -> str:
    """Python source that recomputes one forward and backward pass with plain NumPy and prints it."""
    L = network.n_layers
    fwd = network.forward(x)
    bwd = network.backward(fwd, target, learning_rate)  # validates x, target and η
    lines = [
        '"""One forward and backward pass, exported from Backprop Lab. Needs only NumPy."""',
        "import numpy as np",
        "",
    ]
    for name in sorted(set(network.activations)):
        lines.append(_FUNCTIONS[name][0])
    lines += [
        "",
        "def show(name, values):",
        '    """Three significant figures as the page shows them, then full precision."""',
        "    values = np.atleast_1d(values).ravel()",
        '    short = ", ".join(np.format_float_positional(v, precision=3, unique=False, fractional=False, trim="-") for v in values)',
        '    print(f"{name} = {short}    # {values.tolist()}")',
        "",
        "",
        f"x = {_array(fwd.x)}",
        f"target = {_array(bwd.target)}",
        f"learnrate = {float(learning_rate)!r}",
    ]
    for l, w in enumerate(network.weights):
        lines.append(f"w{l + 1} = {_array(w)}  # layer {l} -> layer {l + 1}, shape {w.shape}")
    if network.biases is not None:
        for l, b in enumerate(network.biases):
            lines.append(f"b{l + 1} = {_array(b)}")
    lines += ["", "## Forward pass"]
    for l in range(L):
        a_in = "x" if l == 0 else f"a{l}"
        bias = f" + b{l + 1}" if network.biases is not None else ""
        lines.append(f"h{l + 1} = np.dot({a_in}, w{l + 1}){bias}")
        lines.append(f"a{l + 1} = {network.activations[l]}(h{l + 1})")
    lines += [f"output = a{L}", "", "## Backward pass", "error = target - output"]
    derivative = _FUNCTIONS[network.activations[-1]][1].format(a="output", h=f"h{L}")
    lines.append(f"delta{L} = error * {derivative}")
    for l in range(L - 1, 0, -1):
        derivative = _FUNCTIONS[network.activations[l - 1]][1].format(a=f"a{l}", h=f"h{l}")
        lines.append(f"delta{l} = np.dot(delta{l + 1}, w{l + 1}.T) * {derivative}")
    for l in range(L, 0, -1):
        a_in = "x" if l == 1 else f"a{l - 1}"
        lines.append(f"step{l} = learnrate * delta{l} * {a_in}[:, None]  # Δw of w{l}")
    lines += ["", "for name, value in ["]
    for l in range(1, L + 1):
        lines.append(f'    ("h{l}", h{l}), ("a{l}", a{l}),')
    lines.append('    ("error", error),')
    for l in range(L, 0, -1):
        lines.append(f'    ("delta{l}", delta{l}),')
    for l in range(L, 0, -1):
        lines.append(f'    ("step{l}", step{l}),')
    lines += ["]:", "    show(name, value)", ""]
    return "\n".join(lines)
