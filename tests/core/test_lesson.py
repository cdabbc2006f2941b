"""The lesson's worked example and NumPy exercise, number for number."""
import numpy as np
import pytest

from core import Network, preset, walkthrough


def lesson_worked_example():
    net = Network(weights=[np.array([[0.4], [-0.2]]), np.array([[0.1]])])
    fwd = net.forward(np.array([0.1, 0.3]))
    bwd = net.backward(fwd, target=np.array([1.0]), learning_rate=0.5)
    return net, fwd, bwd


def test_forward_pass_matches_the_lesson():
    _, fwd, _ = lesson_worked_example()
    assert round(fwd.layer_inputs[0][0], 2) == -0.02  # h
    assert round(fwd.layer_outputs[0][0], 3) == 0.495  # a
    assert round(fwd.layer_inputs[1][0], 4) == 0.0495  # W · a
    assert round(fwd.output[0], 3) == 0.512  # ŷ
    assert fwd.output is fwd.layer_outputs[-1]


def test_backward_pass_matches_the_lesson():
    _, fwd, bwd = lesson_worked_example()
    assert round(bwd.deltas[1][0], 3) == 0.122  # δᵒ
    assert round(bwd.deltas[0][0], 3) == 0.003  # δʰ
    assert round(bwd.weight_steps[1][0, 0], 4) == 0.0302  # ΔW
    assert bwd.error[0] == pytest.approx(1 - fwd.output[0])
    assert bwd.loss == pytest.approx(0.5 * (1 - fwd.output[0]) ** 2)


def test_input_weight_steps_match_the_lesson():
    """Δwᵢ = η δʰ xᵢ = (0.00015, 0.00045).

    The lesson computes Δwᵢ from δʰ already rounded to 0.003; with δʰ at full precision
    (0.0030455) the second step is 0.000457, which rounds to 0.00046. Both facts hold.
    """
    _, fwd, bwd = lesson_worked_example()
    eta, x = 0.5, fwd.x
    lesson_steps = eta * round(bwd.deltas[0][0], 3) * x
    assert np.round(lesson_steps, 5).tolist() == [0.00015, 0.00045]
    assert np.round(bwd.weight_steps[0][:, 0], 5).tolist() == [0.00015, 0.00046]
    np.testing.assert_allclose(bwd.weight_steps[0][:, 0], eta * bwd.deltas[0][0] * x, rtol=1e-15)


def test_apply_moves_every_weight_by_its_step():
    net, fwd, bwd = lesson_worked_example()
    before = [w.copy() for w in net.weights]
    assert net.apply(bwd) is net
    for w, w0, step in zip(net.weights, before, bwd.weight_steps):
        np.testing.assert_array_equal(w, w0 + step)


def test_backward_never_changes_the_network():
    net, fwd, _ = lesson_worked_example()
    before = [w.copy() for w in net.weights]
    net.backward(fwd, [1.0], 0.5)
    for w, w0 in zip(net.weights, before):
        np.testing.assert_array_equal(w, w0)


def lesson_numpy_exercise():
    """The lesson's exercise solution, verbatim: the independent computation we compare to."""
    def sigmoid(x):
        return 1 / (1 + np.exp(-x))

    x = np.array([0.5, 0.1, -0.2])
    target = 0.6
    learnrate = 0.5
    weights_input_hidden = np.array([[0.5, -0.6], [0.1, -0.2], [0.1, 0.7]])
    weights_hidden_output = np.array([0.1, -0.3])
    hidden_layer_input = np.dot(x, weights_input_hidden)
    hidden_layer_output = sigmoid(hidden_layer_input)
    output_layer_in = np.dot(hidden_layer_output, weights_hidden_output)
    output = sigmoid(output_layer_in)
    error = target - output
    del_err_output = error * output * (1 - output)
    del_err_hidden = np.dot(del_err_output, weights_hidden_output) * hidden_layer_output * (1 - hidden_layer_output)
    delta_w_h_o = learnrate * del_err_output * hidden_layer_output
    delta_w_i_h = learnrate * del_err_hidden * x[:, None]
    return locals()


def test_numpy_exercise_matches_the_lessons_solution():
    lesson = lesson_numpy_exercise()
    p = preset("numpy_exercise")
    fwd = p.network.forward(p.x)
    bwd = p.network.backward(fwd, p.target, p.learning_rate)
    np.testing.assert_allclose(fwd.layer_inputs[0], lesson["hidden_layer_input"], rtol=1e-12)
    np.testing.assert_allclose(fwd.layer_outputs[0], lesson["hidden_layer_output"], rtol=1e-12)
    np.testing.assert_allclose(fwd.output[0], lesson["output"], rtol=1e-12)
    np.testing.assert_allclose(bwd.error[0], lesson["error"], rtol=1e-12)
    np.testing.assert_allclose(bwd.deltas[1][0], lesson["del_err_output"], rtol=1e-12)
    np.testing.assert_allclose(bwd.deltas[0], lesson["del_err_hidden"], rtol=1e-12)
    np.testing.assert_allclose(bwd.weight_steps[1][:, 0], lesson["delta_w_h_o"], rtol=1e-12)
    np.testing.assert_allclose(bwd.weight_steps[0], lesson["delta_w_i_h"], rtol=1e-12)


def test_numpy_exercise_printed_answers():
    """The figures the exercise's solution prints (8 significant digits)."""
    p = preset("numpy_exercise")
    bwd = p.network.backward(p.network.forward(p.x), p.target, p.learning_rate)
    np.testing.assert_allclose(bwd.weight_steps[1][:, 0], [0.00804047, 0.00555918], atol=5e-9)
    np.testing.assert_allclose(
        bwd.weight_steps[0],
        [[1.77005547e-04, -5.11178506e-04], [3.54011093e-05, -1.02235701e-04], [-7.08022187e-05, 2.04471402e-04]],
        rtol=1e-7,
    )


def test_one_dimensional_output_weights_become_a_column():
    net = Network(weights=[np.ones((3, 2)), np.array([0.1, -0.3])])
    assert net.weights[1].shape == (2, 1)
    assert net.sizes == [3, 2, 1]


def test_worked_example_steps_write_the_lessons_formulas():
    p = preset("worked_example")
    _, _, steps = walkthrough(p.network, p.x, p.target, p.learning_rate)
    by_symbol = {(s.kind, s.symbol): s for s in steps}
    assert by_symbol[("h", "h")].numbers.endswith("= -0.02")
    assert by_symbol[("a", "a")].numbers == r"a = \mathrm{sigmoid}(-0.02) = 0.495"
    assert by_symbol[("a", r"\hat{y}")].numbers == r"\hat{y} = \mathrm{sigmoid}(0.0495) = 0.512"
    delta_o = by_symbol[("delta", r"\delta^{o}")]
    assert delta_o.numbers == r"\delta^{o} = (1 - 0.512) \times 0.512 \times (1 - 0.512) = 0.122"
    delta_h = by_symbol[("delta", r"\delta^{h}")]
    assert delta_h.numbers.startswith(r"\delta^{h} = 0.1 \times 0.122 \times 0.495 \times (1 - 0.495) = 0.003")
    assert by_symbol[("weight_step", r"\Delta W")].numbers == r"\Delta W = 0.5 \times 0.122 \times 0.495 = 0.0302"
    assert r"(0.5 \times 0.00305 \times 0.1, 0.5 \times 0.00305 \times 0.3)" in by_symbol[("weight_step", r"\Delta w")].numbers
