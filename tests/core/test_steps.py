"""The teaching steps: their order, their values, their diagram ids and their NumPy lines."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .strategies import random_networks
from core.names import CodeNames
from core import ACTIVATIONS, PHASES, PRESETS, Network, preset, teaching_steps, walkthrough


def lesson_functions():
    """The activations written out as a learner would, independent of core.activations."""
    return {
        "sigmoid": lambda h: 1 / (1 + np.exp(-h)),  # the lesson's own definition
        "tanh": np.tanh,
        "relu": lambda h: np.maximum(h, 0),
        "linear": lambda h: h,
    }


@st.composite
def cases(draw):
    """A random network of 0 to 4 hidden layers, one sample, its target and η."""
    net, rng = draw(random_networks(max_hidden=4, max_units=4))
    sizes = net.sizes
    x = rng.normal(size=sizes[0])
    target = rng.uniform(size=sizes[-1])
    eta = draw(st.sampled_from([0.1, 0.5, 1.0]))
    return net, x, target, eta


def all_cases():
    """Every preset, by name, as (net, x, target, η)."""
    return {name: (p.network, p.x, p.target, p.learning_rate) for name, p in
            ((n, preset(n)) for n in PRESETS)}


def expected_order(net):
    """(kind, layer, unit) in the order the issue gives."""
    L, sizes = net.n_layers, net.sizes
    order = []
    for layer in range(1, L + 1):
        for j in range(sizes[layer]):
            order += [("h", layer, j), ("a", layer, j)]
    order += [("error", L, k) for k in range(sizes[L])]
    order += [("delta", L, k) for k in range(sizes[L])]
    for layer in range(L - 1, 0, -1):  # hidden δs, layer by layer toward the inputs
        order += [("delta", layer, j) for j in range(sizes[layer])]
    for layer in range(L, 0, -1):  # Δw per layer from the output layer down
        order.append(("weight_step", layer, None))
        if net.biases is not None:
            order.append(("bias_step", layer, None))
    order.append(("update", L, None))
    return order


def check_order(net, steps):
    assert [(s.kind, s.layer, s.unit) for s in steps] == expected_order(net)
    assert [s.index for s in steps] == list(range(len(steps)))
    phases = [s.phase for s in steps]
    assert all(p in PHASES for p in phases)
    # phases never go back: forward, error, delta, weight_step, update
    assert [PHASES.index(p) for p in phases] == sorted(PHASES.index(p) for p in phases)
    assert set(phases) == set(PHASES)


def check_values(net, fwd, bwd, steps):
    """Replay the writes into a dict, as the diagram would, and compare with the core."""
    replay = {}
    for s in steps:
        for key, value in s.writes.items():
            assert isinstance(value, float)
            replay[(s.kind, key)] = value
    L = net.n_layers
    for layer in range(1, L + 1):
        for j in range(net.sizes[layer]):
            assert replay[("h", f"n{layer}.{j}")] == fwd.layer_inputs[layer - 1][j]
            assert replay[("a", f"n{layer}.{j}")] == fwd.layer_outputs[layer - 1][j]
            assert replay[("delta", f"n{layer}.{j}")] == bwd.deltas[layer - 1][j]
    for k in range(net.sizes[L]):
        assert replay[("error", f"n{L}.{k}")] == bwd.error[k]
    after = net.copy().apply(bwd)
    for l, (step, new) in enumerate(zip(bwd.weight_steps, after.weights)):
        for (i, j), value in np.ndenumerate(step):
            assert replay[("weight_step", f"w{l}.{i}.{j}")] == value
            assert replay[("update", f"w{l}.{i}.{j}")] == new[i, j]
    if net.biases is not None:
        for l, (step, new) in enumerate(zip(bwd.bias_steps, after.biases)):
            for j, value in enumerate(step):
                assert replay[("bias_step", f"b{l}.{j}")] == value
                assert replay[("update", f"b{l}.{j}")] == new[j]
    n_values = 3 * sum(net.sizes[1:]) + net.sizes[-1] + 2 * sum(w.size for w in net.weights)
    if net.biases is not None:
        n_values += 2 * sum(b.size for b in net.biases)
    assert len(replay) == n_values  # nothing written that the core did not compute


def diagram_ids(net):
    ids = {f"n{layer}.{j}" for layer, n in enumerate(net.sizes) for j in range(n)}
    ids |= {f"w{l}.{i}.{j}" for l, w in enumerate(net.weights) for i, j in np.ndindex(w.shape)}
    if net.biases is not None:
        ids |= {f"b{l}.{j}" for l, b in enumerate(net.biases) for j in range(len(b))}
    return ids


def check_ids(net, steps):
    ids = diagram_ids(net)
    for s in steps:
        assert set(s.reads) <= ids, (s.index, set(s.reads) - ids)
        assert set(s.writes) <= ids, (s.index, set(s.writes) - ids)
        assert s.writes, s.index
        assert len(set(s.reads)) == len(s.reads)
    h_steps = [s for s in steps if s.kind == "h"]
    for s in h_steps:  # h reads every unit below, every weight into the unit, and its bias
        n_in = net.sizes[s.layer - 1]
        expected = {f"n{s.layer - 1}.{i}" for i in range(n_in)}
        expected |= {f"w{s.layer - 1}.{i}.{s.unit}" for i in range(n_in)}
        if net.biases is not None:
            expected.add(f"b{s.layer - 1}.{s.unit}")
        assert set(s.reads) == expected


def run_numpy_lines(net, fwd, bwd, steps):
    """Execute each step's NumPy line, in order, starting from the inputs alone (the lesson's names)."""
    L, code = net.n_layers, CodeNames(net.sizes)
    names = {
        "np": np,
        "x": fwd.x.copy(),
        "target": bwd.target.copy(),
        "learnrate": bwd.learning_rate,
        **{code.w(l): w.copy() for l, w in enumerate(net.weights)},
        **({} if net.biases is None else {code.b(l): b.copy() for l, b in enumerate(net.biases)}),
        **lesson_functions(),
    }
    for s in steps:
        exec(s.numpy, names)
        for key, value in s.writes.items():
            if s.kind == "h":
                got = names[code.h(s.layer)][int(key.split(".")[1])]
            elif s.kind == "a":
                got = names[code.a(s.layer)][int(key.split(".")[1])]
            elif s.kind == "error":
                got = names["error"][s.unit]
            elif s.kind == "delta":
                got = names[code.delta(s.layer)][s.unit]
            elif s.kind == "weight_step":
                l, i, j = map(int, key[1:].split("."))
                got = names[code.weight_step(l)][i, j]
            elif s.kind == "bias_step":
                l, j = map(int, key[1:].split("."))
                got = names[code.bias_step(l)][j]
            else:  # update
                l, *index = map(int, key[1:].split("."))
                got = names[code.w(l) if key[0] == "w" else code.b(l)][tuple(index)]
            # a sum (h, y - ŷ, a δ weighted back) that cancels to near 0 keeps the rounding of its
            # terms, ~1e-16, and BLAS adds in another order on another CPU (AVX2 against AVX-512:
            # 4.947799e-05 differed by 1.1e-16, 2.2e-12 of itself); what is built from it keeps that
            # absolute error (Δw = η δ x: -8.011464e-07 differed by 2.7e-18, 3.3e-12 of itself)
            np.testing.assert_allclose(got, value, rtol=1e-12, atol=1e-13, err_msg=f"step {s.index}: {s.numpy}")
    return names


def check_shapes_comment(steps):
    for s in steps:
        for line in s.numpy.splitlines():
            code, _, comment = line.partition("  # ")
            assert comment, f"no shape comment on {line!r}"


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_presets_steps(name):
    net, x, target, eta = all_cases()[name]
    fwd, bwd, steps = walkthrough(net, x, target, eta)
    check_order(net, steps)
    check_values(net, fwd, bwd, steps)
    check_ids(net, steps)
    run_numpy_lines(net, fwd, bwd, steps)
    check_shapes_comment(steps)


@settings(max_examples=60, deadline=None)
@given(cases())
def test_random_networks_steps(case):
    net, x, target, eta = case
    fwd = net.forward(x)
    bwd = net.backward(fwd, target, eta)
    steps = teaching_steps(net, fwd, bwd)
    check_order(net, steps)
    check_values(net, fwd, bwd, steps)
    check_ids(net, steps)
    run_numpy_lines(net, fwd, bwd, steps)
    check_shapes_comment(steps)


def test_the_numpy_lines_update_the_biases_too():
    p = preset("biases_2_2_2")
    fwd, bwd, steps = walkthrough(p.network, p.x, p.target, p.learning_rate)
    names = run_numpy_lines(p.network, fwd, bwd, steps)
    after = p.network.copy().apply(bwd)
    code = CodeNames(p.network.sizes)
    biases = [names[code.b(l)] for l in range(p.network.n_layers)]
    for b, new in zip(biases, after.biases):
        np.testing.assert_allclose(b, new, rtol=1e-15)
    assert not np.allclose(biases[0], p.network.biases[0])


def test_the_walkthrough_changes_nothing():
    p = preset("numpy_exercise")
    before = [w.copy() for w in p.network.weights]
    walkthrough(p.network, p.x, p.target, p.learning_rate)
    for w, w0 in zip(p.network.weights, before):
        np.testing.assert_array_equal(w, w0)


def test_a_batch_has_no_walkthrough():
    net = preset("worked_example").network
    fwd = net.forward(np.ones((2, 2)))
    bwd = net.backward(fwd, np.ones((2, 1)), 0.5)
    with pytest.raises(ValueError, match="one sample"):
        teaching_steps(net, fwd, bwd)
    with pytest.raises(ValueError, match="one sample"):
        walkthrough(net, np.ones((2, 2)), np.ones((2, 1)), 0.5)


def test_the_hidden_delta_line_is_the_lessons():
    """The NumPy exercise: Δw_ih = η δʰ x[:, None], the lesson's point about shapes."""
    p = preset("numpy_exercise")
    _, _, steps = walkthrough(p.network, p.x, p.target, p.learning_rate)
    first_layer = [s for s in steps if s.kind == "weight_step" and s.layer == 1][0]
    assert first_layer.numpy.startswith("delta_w_i_h = learnrate * del_err_hidden * x[:, None]")
    assert "# (2,) * (3, 1) -> (3, 2)" in first_layer.numpy


def test_biases_of_different_layers_have_different_symbols():
    p = preset("biases_2_2_2")
    _, _, steps = walkthrough(p.network, p.x, p.target, p.learning_rate)
    h_formulas = [s.formula for s in steps if s.kind == "h"]
    bias_terms = [f.rsplit(" + ", 1)[1] for f in h_formulas]
    assert len(set(bias_terms)) == len(bias_terms), bias_terms


@settings(max_examples=30, deadline=None)
@given(cases())
def test_latex_braces_balance(case):
    net, x, target, eta = case
    _, _, steps = walkthrough(net, x, target, eta)
    for s in steps:
        for text in (s.symbol, s.formula, s.numbers):
            depth = 0
            for ch in text.replace(r"\{", "").replace(r"\}", ""):
                depth += {"{": 1, "}": -1}.get(ch, 0)
                assert depth >= 0, text
            assert depth == 0, text


def test_text_is_written_only_when_read(monkeypatch):
    """A drag recomputes every step but shows one formula at most: no number is formatted
    until a step's text is read, and then only that step's."""
    from core import step_text, text_backward, text_forward, text_update

    net = Network.random([2, 8, 8, 1], seed=0)
    fwd = net.forward(np.array([0.5, 0.2]))
    bwd = net.backward(fwd, np.array([1.0]), 0.5)
    formatted = []
    real = step_text.number
    for module in (step_text, text_forward, text_backward, text_update):  # every module that writes step text
        monkeypatch.setattr(module, "number", lambda *a, **k: formatted.append(a[0]) or real(*a, **k))
    steps = teaching_steps(net, fwd, bwd)
    assert formatted == []
    delta = [s for s in steps if s.kind == "delta" and s.layer == 1][0]
    assert delta.numbers.endswith("= " + real(delta.value))
    # this step's numbers, at a few precisions at most: not the other 40 steps' thousands
    assert 0 < len(formatted) <= 100
    update = steps[-1]
    # one line per weight: 2-8-8-1 has 88 (the pane scrolls)
    assert update.numbers.count(r" \\ ") == 87


def test_text_read_after_an_update_shows_the_weights_of_its_pass():
    """Text is written late, but from the pass it belongs to: applying the update in place
    (Network.apply) before reading it changes nothing."""
    p = preset("worked_example")
    fwd = p.network.forward(p.x)
    bwd = p.network.backward(fwd, p.target, p.learning_rate)
    steps = teaching_steps(p.network, fwd, bwd)
    before = [s.numbers for s in teaching_steps(p.network.copy(), fwd, bwd)]
    p.network.apply(bwd)
    assert [s.numbers for s in steps] == before


def test_the_update_writes_one_aligned_line_per_weight_of_the_lesson():
    """The lesson's three weights, each on its own line: old + step = new (one line overflowed)."""
    p = preset("worked_example")
    fwd = p.network.forward(p.x)
    update = teaching_steps(p.network, fwd, p.network.backward(fwd, p.target, p.learning_rate))[-1]
    assert update.numbers == (
        r"\begin{aligned}w_{1} &= 0.4 + 0.000152 = 0.400152 \\ w_{2} &= -0.2 + 0.000457 = -0.199543"
        r" \\ W &= 0.1 + 0.0302 = 0.1302\end{aligned}"
    )
