"""Every formula the page prints can be redone by hand: read its numbers back, and they give its result.

The reader here is written apart from core.notation: it turns the rendered LaTeX into a
Python expression of exact fractions, as a learner with a calculator would read it.
"""
import re
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import preset, walkthrough

from .strategies import random_networks

SCIENTIFIC = re.compile(r"(-?\d+(?:\.\d+)?) \\times 10\^\{(-?\d+)\}")
NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(?: \\times 10\^\{(-?\d+)\})?")
FUNCTIONS = {
    "sigmoid": lambda h: Fraction(float(1 / (1 + np.exp(-float(h))))),
    "tanh": lambda h: Fraction(float(np.tanh(float(h)))),
    "relu": lambda h: max(h, Fraction(0)),
    "linear": lambda h: h,
    "sign": lambda w: Fraction((w > 0) - (w < 0)),  # the L1 penalty's pull
}
PULL = re.compile(r" - (\S+(?: \\times 10\^\{-?\d+\})?) \\times (\\operatorname\{sign\} )?\\begin\{pmatrix\}")


def value(latex: str) -> Fraction:
    """The exact value of a printed expression: numbers, + - ×, ^2, parentheses and f(…)."""
    def token(m):
        return f"F({m[1]!r})" if m[2] is None else f"(F({m[1]!r}) * F(10) ** {m[2]})"

    latex = latex.replace(r"\left(", "(").replace(r"\right)", ")").replace(r"\operatorname{sign}", "sign")
    text = NUMBER.sub(token, latex.replace("^2", "**two"))
    text = text.replace(r"\times", "*").replace("**two", "**2")
    text = re.sub(r"\\mathrm\{(\w+)\}", r"\1", text)
    assert re.fullmatch(r"[\sF()'\d.+\-*,\w]*", text), latex
    return eval(text, {"F": Fraction, **FUNCTIONS})


def half_unit(printed: str) -> Fraction:
    """Half a unit in the last place shown: '0.488' -> 0.0005, '1.5 \\times 10^{-5}' -> 5e-7."""
    printed = printed.strip().strip("()")
    match = SCIENTIFIC.fullmatch(printed)
    mantissa, exponent = (match[1], int(match[2])) if match else (printed, 0)
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    return Fraction(10) ** (exponent - decimals) / 2


def claims(numbers: str) -> list[tuple[str, str]]:
    """(expression, printed result) for each sum or product a formula prints."""
    text = numbers.replace(r"\begin{aligned}", "").replace(r"\end{aligned}", "")
    out = []
    for line in text.split(r" \\ ") if r"\begin{aligned}" in numbers else [text]:
        parts = line.replace("&=", "=").split(" = ")
        if len(parts) < 3:
            continue  # only symbols
        expression, result = parts[-2], parts[-1]
        matrices = re.findall(r"\\begin\{pmatrix\}(.*?)\\end\{pmatrix\}", line)
        if matrices:  # η × (column of a) (row of δ) = (matrix of Δw)
            eta = expression.split(r" \times ")[0]
            column = [c.strip() for c in matrices[0].split(r"\\")]
            row = [c.strip() for c in matrices[1].split("&")]
            grid = [[c.strip() for c in r.split("&")] for r in matrices[-1].split(r"\\")]
            # η × (column row − λ₂ W − λ₁ sign W): each penalty's rate and its matrix of w
            pulls = [(rate, "sign" if sign else "", [[c.strip() for c in r.split("&")] for r in m.split(r"\\")])
                     for (rate, sign), m in zip(PULL.findall(expression), matrices[2:-1])]
            out += [(f"{eta} \\times (({a}) \\times ({d})"
                     + "".join(f" - {rate} \\times {sign}(({w[i][j]}))" for rate, sign, w in pulls) + ")", grid[i][j])
                    for i, a in enumerate(column) for j, d in enumerate(row)]
        elif result.startswith("(") and ", " in result:  # a vector: element by element
            results = result[1:-1].split(", ")
            if expression.startswith("("):  # (η δ₁ a₁, η δ₂ a₂)
                out += list(zip(top_level(expression[1:-1]), results))
            else:  # η × (δ₁, δ₂)
                eta, vector = expression.split(r" \times ", 1)
                out += [(f"{eta} \\times ({d})", r) for d, r in zip(vector[1:-1].split(", "), results)]
        else:
            out.append((expression, result))
    return out


def top_level(text: str) -> list[str]:
    """text split at the commas outside parentheses."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    return parts + [text[start:].strip()]


def check(numbers: str) -> None:
    for expression, result in claims(numbers):
        if r"\infty" in numbers or "NaN" in numbers:
            continue
        got, shown = value(expression), value(result)
        if re.search(r"\d{15}", expression):
            # terms at float64's full 17 digits: the page could not do better, and f'(h) of a
            # saturated unit (1 - a² with a within 1e-14 of 1) is itself only good to float64
            continue
        if r"\times" in expression or r"\mathrm" in expression:
            # a product is rounded once, at the end: within half a unit of what is shown
            assert abs(got - shown) <= half_unit(result), (numbers, expression, float(got), result)
        else:
            # a sum is written out exactly: the learner's total is the page's
            assert got == shown, (numbers, expression, float(got), result)


@st.composite
def passes(draw):
    net, rng = draw(random_networks(max_hidden=3, max_units=3))
    x = rng.normal(size=net.sizes[0]) * draw(st.sampled_from([0.01, 1.0, 3.0]))
    target = rng.uniform(-1, 1, size=net.sizes[-1])
    eta = draw(st.sampled_from([0.01, 0.1, 0.5, 1.0, 3.7]))
    return net, x, target, eta


@settings(max_examples=150, deadline=None)
@given(passes(), st.integers(0, 2))
def test_every_formula_adds_up_at_the_precision_it_shows(case, updates):
    net, x, target, eta = case
    for _ in range(updates):  # as after pressing Apply: old weights are no longer round numbers
        fwd = net.forward(x)
        net = net.copy().apply(net.backward(fwd, target, eta))
    _, _, steps = walkthrough(net, x, target, eta)
    for step in steps:
        check(step.numbers)


def test_the_issues_examples_now_add_up():
    """After one Apply on the worked example; and a tanh output just below 0."""
    p = preset("worked_example")
    net = p.network.copy().apply(p.network.backward(p.network.forward(p.x), p.target, p.learning_rate))
    update = walkthrough(net, p.x, p.target, p.learning_rate)[2][-1].numbers
    assert "w_{1} &= 0.400152 + 0.000197 = 0.400349" in update  # the old weight as it now is, not 0.4
    check(update)
    from core import Network
    tanh = Network([np.array([[-0.002]])], activation="tanh", output_activation="tanh")
    error = walkthrough(tanh, [1.0], [1.0], 0.5)[2][2].numbers
    assert error == r"y - \hat{y} = 1 - (-0.002) = 1.002"
    check(error)


@pytest.mark.parametrize("numbers", [
    r"w_{1} &= 0.401 + 0.000282 = 0.400871",
    r"y - \hat{y} = 1 - (-0.002) = 1",
    r"\delta^{o} = (1 - 0.512) \times 0.512 \times (1 - 0.512) = 0.123",
])
def test_the_reader_catches_a_sum_that_does_not_add_up(numbers):
    with pytest.raises(AssertionError):
        check(r"\begin{aligned}" + numbers + r"\end{aligned}" if "&=" in numbers else numbers)


def _loss_cases():
    from .test_losses import PAIRS, PENALTY_RATES
    return [(loss, out, l1, l2) for loss, out in PAIRS for l1, l2 in PENALTY_RATES]


@pytest.mark.parametrize("loss, output, l1, l2", _loss_cases())
@pytest.mark.parametrize("sizes", [(2, 3, 3), (2, 1, 2), (1, 1, 2), (3, 2)])
def test_every_loss_and_penalty_adds_up(loss, output, l1, l2, sizes):
    """The error naming the loss, δᵒ = y − ŷ, softmax's δ and Δw's penalty pulls, after 0 and 1 updates."""
    from core import Network
    net = Network.random(list(sizes), seed=11, activation="tanh", output_activation=output, biases=True, loss=loss)
    x = np.linspace(-0.9, 0.7, sizes[0])
    target = np.eye(sizes[-1])[-1] if sizes[-1] > 1 else np.array([1.0])
    for _ in range(2):
        fwd, bwd, steps = walkthrough(net, x, target, 0.5, l1=l1, l2=l2)
        for step in steps:
            if not (step.kind == "a" and step.layer == net.n_layers and output == "softmax"):
                check(step.numbers)  # softmax(h_k) needs every h of the layer: not redone from one
        net = net.copy().apply(bwd)
