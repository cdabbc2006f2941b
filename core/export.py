"""A standalone NumPy script, in the lesson's style, that prints the numbers the page shows."""
from __future__ import annotations

from .names import CodeNames
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
    """Python source that recomputes one forward and backward pass with plain NumPy and prints it.

    Its names are the page's and the lesson's (core.names): hidden_layer_input, del_err_output,
    delta_w_i_h, ...; it prints every array, the loss E and the weights after the update.
    """
    L, code = network.n_layers, CodeNames(network.sizes)
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
        lines.append(f"{code.w(l)} = {_array(w)}  # shape {w.shape}")
    if network.biases is not None:
        for l, b in enumerate(network.biases):
            lines.append(f"{code.b(l)} = {_array(b)}")
    lines += ["", "## Forward pass"]
    for layer in range(1, L + 1):
        bias = f" + {code.b(layer - 1)}" if network.biases is not None else ""
        lines.append(f"{code.h(layer)} = np.dot({code.a(layer - 1)}, {code.w(layer - 1)}){bias}")
        lines.append(f"{code.a(layer)} = {network.activations[layer - 1]}({code.h(layer)})")
    lines += ["", "## Backward pass", f"error = target - {code.a(L)}"]
    derivative = _FUNCTIONS[network.activations[-1]][1].format(a=code.a(L), h=code.h(L))
    lines.append(f"{code.delta(L)} = error * {derivative}")
    for layer in range(L - 1, 0, -1):
        derivative = _FUNCTIONS[network.activations[layer - 1]][1].format(a=code.a(layer), h=code.h(layer))
        lines.append(f"{code.delta(layer)} = np.dot({code.delta(layer + 1)}, {code.w(layer)}.T) * {derivative}")
    for l in range(L - 1, -1, -1):
        lines.append(f"{code.weight_step(l)} = learnrate * {code.delta(l + 1)} * {code.a(l)}[:, None]")
        if network.biases is not None:
            lines.append(f"{code.bias_step(l)} = learnrate * {code.delta(l + 1)}")
    lines += ["loss = 0.5 * np.sum(error ** 2)  # E = ½ Σ (y − ŷ)²", "", "## Update"]
    for l in range(L):
        lines.append(f"{code.w(l)} = {code.w(l)} + {code.weight_step(l)}")
        if network.biases is not None:
            lines.append(f"{code.b(l)} = {code.b(l)} + {code.bias_step(l)}")
    names = [code.h(layer) for layer in range(1, L + 1)] + [code.a(layer) for layer in range(1, L + 1)]
    names += ["error"] + [code.delta(layer) for layer in range(L, 0, -1)]
    names += [code.weight_step(l) for l in range(L - 1, -1, -1)]
    if network.biases is not None:
        names += [code.bias_step(l) for l in range(L - 1, -1, -1)]
    names += ["loss"] + [code.w(l) for l in range(L)]
    if network.biases is not None:
        names += [code.b(l) for l in range(L)]
    lines += ["", "for name, value in ["]
    lines += [f'    ("{name}", {name}),' for name in names]
    lines += ["]:", "    show(name, value)", ""]
    return "\n".join(lines)
