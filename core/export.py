"""A standalone NumPy script, in the lesson's style, that prints the numbers the page shows."""
from __future__ import annotations

from .losses import PENALTIES
from .network import Network


def _array(values) -> str:
    return f"np.array({values.tolist()!r})"


def numpy_script(network: Network, x, target, learning_rate: float, l1: float = 0.0, l2: float = 0.0) -> str:
    """Python source that recomputes one forward and backward pass with plain NumPy and prints it."""
    L = network.n_layers
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
    out = network.output_activation
    lines.append(f"loss = {loss.numpy_text(out, 'target', 'output', f'h{L}')}  # {loss.title}")
    if loss.pairs_with(out):
        lines.append(f"delta{L} = error  # {loss.title} with {out}: f'(h) cancels")
    else:
        lines.append(f"delta{L} = {functions[-1].numpy_backprop('error', 'output', f'h{L}')}")
    for l in range(L - 1, 0, -1):
        lines.append(f"delta{l} = {functions[l - 1].numpy_backprop(f'np.dot(delta{l + 1}, w{l + 1}.T)', f'a{l}', f'h{l}')}")
    penalties = [(PENALTIES[name], rate) for name, rate in (("l1", bwd.l1), ("l2", bwd.l2)) if rate]
    if penalties:
        lines.append("loss += " + " + ".join(
            f"{rate!r} * sum({'np.sum(np.abs(w))' if p.name == 'l1' else '0.5 * np.sum(w ** 2)'} for w in "
            f"[{', '.join(f'w{l + 1}' for l in range(L))}])" for p, rate in penalties) + "  # the penalties")
    for l in range(L, 0, -1):
        a_in = "x" if l == 1 else f"a{l - 1}"
        pulls = "".join(f" - {rate!r} * {p.numpy_gradient.format(w=f'w{l}')}" for p, rate in penalties)
        if pulls:
            lines.append(f"step{l} = learnrate * (delta{l} * {a_in}[:, None]{pulls})  # Δw of w{l}")
        else:
            lines.append(f"step{l} = learnrate * delta{l} * {a_in}[:, None]  # Δw of w{l}")
    lines += ["", "for name, value in ["]
    for l in range(1, L + 1):
        lines.append(f'    ("h{l}", h{l}), ("a{l}", a{l}),')
    lines.append('    ("error", error), ("loss", loss),')
    for l in range(L, 0, -1):
        lines.append(f'    ("delta{l}", delta{l}),')
    for l in range(L, 0, -1):
        lines.append(f'    ("step{l}", step{l}),')
    lines += ["]:", "    show(name, value)", ""]
    return "\n".join(lines)
