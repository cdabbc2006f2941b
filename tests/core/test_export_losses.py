"""The exported NumPy script recomputes the loss, δ and Δw of every loss and penalty."""
import contextlib
import io

import numpy as np
import pytest

from core import Network
from core.export import numpy_script
from core.names import CodeNames
from .test_losses import PAIRS, PENALTY_RATES


def printed_values(script: str) -> dict:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(script, "pass.py", "exec"), {"__name__": "__main__"})
    values = {}
    for line in out.getvalue().splitlines():
        name, rest = line.split(" = ", 1)
        values[name] = np.array(eval(rest.split("#", 1)[1].strip()))
    return values


@pytest.mark.parametrize("loss, output", PAIRS)
@pytest.mark.parametrize("l1, l2", PENALTY_RATES)
def test_the_script_prints_the_cores_loss_deltas_and_steps(loss, output, l1, l2):
    net = Network.random([2, 3, 3], seed=8, activation="relu", output_activation=output, biases=True, loss=loss)
    net.biases = [np.full(b.shape, 0.2) for b in net.biases]
    x, y = np.array([0.7, -0.3]), np.array([0.0, 0.0, 1.0])
    bwd = net.backward(net.forward(x), y, 0.5, l1=l1, l2=l2)
    printed = printed_values(numpy_script(net, x, y, 0.5, l1=l1, l2=l2))
    assert printed["loss"][0] == pytest.approx(bwd.loss, rel=1e-12)
    code = CodeNames(net.sizes)  # the lesson's names, as the page's NumPy lines use them
    for l in range(net.n_layers):
        np.testing.assert_allclose(printed[code.delta(l + 1)], bwd.deltas[l], rtol=1e-10, atol=1e-15)
        np.testing.assert_allclose(printed[code.weight_step(l)], bwd.weight_steps[l].ravel(), rtol=1e-10, atol=1e-15)


def test_the_script_says_why_cross_entropy_skips_the_slope():
    net = Network.random([2, 2], output_activation="sigmoid", loss="cross_entropy")
    script = numpy_script(net, np.zeros(2), np.array([1.0, 0.0]), 0.5, l2=0.1)
    assert "del_err_output = error  # cross-entropy with sigmoid: f'(h) cancels" in script
    assert "delta_w_i_o = learnrate * (del_err_output * x[:, None] - 0.1 * weights_input_output)" in script
