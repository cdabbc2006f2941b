"""Links and saved files: exact round trips, and refusal of anything malformed."""
import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import share
from app.state import LabState
from app.training import TrainingState
from core import Network

ACTIVATIONS = ["sigmoid", "tanh", "relu", "linear"]


@st.composite
def lab_states(draw):
    sizes = draw(st.lists(st.integers(1, 4), min_size=2, max_size=5))
    seed = draw(st.integers(0, 2**31 - 1))
    hidden = draw(st.lists(st.sampled_from(ACTIVATIONS), min_size=len(sizes) - 2, max_size=len(sizes) - 2))
    net = Network.random(sizes, seed=seed, activation=hidden, output_activation=draw(st.sampled_from(ACTIVATIONS)),
                         biases=draw(st.booleans()))
    floats = st.floats(-2, 2, allow_nan=False)
    x = draw(st.lists(floats, min_size=sizes[0], max_size=sizes[0]))
    y = draw(st.lists(floats, min_size=sizes[-1], max_size=sizes[-1]))
    lab = LabState()
    lab.restore(net, x, y, learning_rate=draw(st.floats(0.001, 10)), seed=seed,
                step=draw(st.integers(0, 200)), preset="worked_example")
    return lab


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lab_states(), st.lists(st.sampled_from(share.HIDEABLE), unique=True))
def test_a_link_reopens_exactly_the_same_state(lab, hide):
    snap = share.check(share.snapshot(lab, None, hide))
    reopened = LabState()
    share.apply(reopened, None, share.from_query(share.to_query(snap)))
    assert share.check(share.snapshot(reopened, None, hide)) == snap
    for w, w0 in zip(reopened.network.weights, lab.network.weights):
        np.testing.assert_array_equal(w, w0)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lab_states())
def test_a_json_export_reopens_exactly_the_same_state(lab):
    snap = share.check(share.snapshot(lab))
    reopened = LabState()
    share.apply(reopened, None, share.from_json(share.to_json(snap)))
    assert share.check(share.snapshot(reopened)) == snap


def test_training_settings_travel_with_the_link():
    lab = LabState()
    training = TrainingState(lab=lab)
    training.param.update(dataset="spiral", n_points=300, noise=0.2, batch_size=25)
    snap = share.snapshot(lab, training)
    lab2 = LabState()
    training2 = TrainingState(lab=lab2)
    share.apply(lab2, training2, share.from_query(share.to_query(snap)))
    assert (training2.dataset, training2.n_points, training2.noise, training2.batch_size) == ("spiral", 300, 0.2, 25)


BAD_QUERIES = [
    {"arch": "2-1-1", "w": "1,2"},  # truncated
    {"arch": "2-1-1", "w": "1,2,nan"},
    {"arch": "2-1-1", "w": "1,2,inf"},
    {"arch": "2-1-1", "w": "a,b,c"},
    {"arch": "2-1-1", "w": "1,2,3", "eta": "-1"},
    {"arch": "2-1-1", "w": "1,2,3", "eta": "1e300"},
    {"arch": "2-1-1", "w": "1,2,3", "act": "<script>alert(1)</script>"},
    {"arch": "2-1-1", "w": "1,2,3", "x": "1"},
    {"arch": "2-1-1", "w": "1,2,3", "step": "1.5"},
    {"arch": "2-1-1", "w": "1,2,3", "hide": "everything"},
    {"arch": "2-1-1", "w": "1,2,3", "data": "mnist"},
    {"arch": "8-8-8-8-8-8-8-8-8", "w": "1"},
    {"arch": "2-1-1", "w": ",".join(["1"] * 100000)},
    {"arch": "2-1-1", "w": "1,2,1e9"},
    {"w": "1,2"},  # the lesson's 2-1-1 needs 3
    {"arch": "2-1-1", "w": "1_0,2,3"},  # Python's float() would read 1_0 as 10
    {"arch": "2-1-1", "w": "\u0663,2,3"},  # an Arabic-Indic 3
    {"arch": "2-\u0663-1"},
    {"preset": "nope"},
    {"seed": str(2**31)},
    {"step": "1" * 400},
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_malformed_links_are_refused_with_a_message(query):
    with pytest.raises(ValueError) as error:
        share.from_query(query)
    assert str(error.value)


BAD_FILES = [
    "",
    "not json",
    '{"version": 1',
    "[1, 2, 3]",
    '{"version": 2}',
    '{"version": 1, "network": {"sizes": [2, 1], "weights": [[[NaN], [1]]], "activation": [], "output_activation": "sigmoid"}}',
    '{"version": 1, "network": {"sizes": [2, 1], "weights": [[[1], [1]]], "activation": [], "output_activation": "<b>bold</b>"}, "x": [0, 0], "target": [1], "learning_rate": 0.5}',
    '{"version": 1, "network": {"sizes": [2, 1], "weights": [[["1"], [1]]], "activation": [], "output_activation": "sigmoid"}, "x": [0, 0], "target": [1], "learning_rate": 0.5}',
    '{"version": 1, "network": {"sizes": [2, 1], "weights": [[[1], [1]]], "activation": [], "output_activation": "sigmoid"}, "x": [0, 0], "target": [1], "learning_rate": true}',
    json.dumps({"version": 1, "network": {"sizes": [2000, 1], "weights": [[[0.1]] * 2000], "activation": [],
                                          "output_activation": "sigmoid"}}),
    "x" * (share.MAX_JSON_BYTES + 1),
    b"\xff\xfe\x00",
]


@pytest.mark.parametrize("text", BAD_FILES)
def test_malformed_files_are_refused_and_the_state_kept(text):
    lab = LabState()
    before = share.snapshot(lab)
    with pytest.raises(ValueError):
        share.apply(lab, None, share.from_json(text))
    assert share.snapshot(lab) == before


def test_the_share_view_loads_a_file_or_says_why_not():
    from app.lab import BackpropLab

    lab = BackpropLab()
    before = share.snapshot(lab.state)
    assert not lab.share.load_json('{"version": 1, "network": "<img src=x onerror=alert(1)>"}')
    assert "nothing changed" in lab.state.message
    assert "<img" not in lab.alert.object
    assert share.snapshot(lab.state) == before
    other = LabState()
    other.preset = "numpy_exercise"
    assert lab.share.load_json(share.to_json(share.snapshot(other)))
    assert lab.state.network.sizes == [3, 2, 1]
