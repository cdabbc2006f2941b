"""A standalone NumPy script, in the lesson's style, that prints the numbers the page shows."""
from __future__ import annotations

from .losses import PENALTIES
from .names import CodeNames
from .network import Network


def _array(values) -> str:
    return f"np.array({values.tolist()!r})"


def numpy_script(network: Network, x, target, learning_rate: float, l1: float = 0.0, l2: float = 0.0) -> str:
    """Python source that recomputes one forward and backward pass with plain NumPy and prints it.

    Its names are the page's and the lesson's (core.names): hidden_layer_input, del_err_output,
    delta_w_i_h, ...; it prints every array, the loss E (with any penalties) and the weights after the update.
    """
    L, code = network.n_layers, CodeNames(network.sizes)
    fwd = network.forward(x)
    bwd = network.backward(fwd, target, learning_rate, l1=l1, l2=l2)  # validates x, target, η and λ
    functions, loss = network.activation_functions, network.loss_function
    lines = [
        '"""One forward and backward pass, exported from Backprop Lab. Needs only NumPy."""',
        "import numpy as np",
        "",
    ]
    for f in sorted({f.name: f for f in functions}.values(), key=lambda f: f.name):
        lines.append(f.numpy_definition)
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
    out = network.output_activation
    lines.append(f"loss = {loss.numpy_text(out, 'target', code.a(L), code.h(L))}  # {loss.title}")
    if loss.pairs_with(out):
        lines.append(f"{code.delta(L)} = error  # {loss.title} with {out}: f'(h) cancels")
    else:
        lines.append(f"{code.delta(L)} = {functions[-1].numpy_backprop('error', code.a(L), code.h(L))}")
    for layer in range(L - 1, 0, -1):
        back = f"np.dot({code.delta(layer + 1)}, {code.w(layer)}.T)"
        lines.append(f"{code.delta(layer)} = {functions[layer - 1].numpy_backprop(back, code.a(layer), code.h(layer))}")
    penalties = [(PENALTIES[name], rate) for name, rate in (("l1", bwd.l1), ("l2", bwd.l2)) if rate]
    if penalties:
        lines.append("loss += " + " + ".join(
            f"{rate!r} * sum({'np.sum(np.abs(w))' if p.name == 'l1' else '0.5 * np.sum(w ** 2)'} for w in "
            f"[{', '.join(code.w(l) for l in range(L))}])" for p, rate in penalties) + "  # the penalties")
    for l in range(L - 1, -1, -1):
        pulls = "".join(f" - {rate!r} * {p.numpy_gradient.format(w=code.w(l))}" for p, rate in penalties)
        if pulls:
            lines.append(f"{code.weight_step(l)} = learnrate * ({code.delta(l + 1)} * {code.a(l)}[:, None]{pulls})")
        else:
            lines.append(f"{code.weight_step(l)} = learnrate * {code.delta(l + 1)} * {code.a(l)}[:, None]")
        if network.biases is not None:
            lines.append(f"{code.bias_step(l)} = learnrate * {code.delta(l + 1)}")
    lines += ["", "## Update"]
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
