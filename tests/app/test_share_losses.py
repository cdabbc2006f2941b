"""The loss and the penalties travel with links and files, and bad ones are refused."""
import numpy as np
import pytest

from app import share
from app.state import LabState
from core import Network


def softmax_lab(l1=0.0, l2=0.0) -> LabState:
    net = Network.random([2, 3, 3], seed=3, activation="tanh", output_activation="softmax", loss="cross_entropy")
    lab = LabState()
    assert lab.restore(net, [0.2, -0.4], [0.0, 1.0, 0.0], learning_rate=0.3, seed=3, step=12,
                       preset="worked_example", l1=l1, l2=l2)
    return lab


@pytest.mark.parametrize("l1, l2", [(0.0, 0.0), (0.01, 0.0), (0.0, 0.25), (0.5, 0.125)])
@pytest.mark.parametrize("way", ["link", "json"])
def test_loss_and_penalties_round_trip(l1, l2, way):
    lab = softmax_lab(l1, l2)
    snap = share.check(share.snapshot(lab))
    reopened = LabState()
    text = share.from_query(share.to_query(snap)) if way == "link" else share.from_json(share.to_json(snap))
    share.apply(reopened, None, text)
    assert reopened.network.loss == "cross_entropy" and reopened.network.output_activation == "softmax"
    assert (reopened.loss, reopened.l1, reopened.l2) == ("cross_entropy", l1, l2)
    assert reopened.backward.loss == lab.backward.loss
    np.testing.assert_array_equal(reopened.backward.weight_steps[0], lab.backward.weight_steps[0])


def test_a_link_without_the_new_keys_means_squared_error_and_no_penalty():
    query = share.to_query(share.check(share.snapshot(LabState())))
    assert not {"loss", "l1", "l2"} & set(query)
    lab = LabState()
    share.apply(lab, None, share.from_query(query))
    assert (lab.network.loss, lab.l1, lab.l2) == ("squared_error", 0.0, 0.0)


@pytest.mark.parametrize("changes, match", [
    ({"loss": "hinge"}, "unknown loss 'hinge'"),
    ({"l2": "-1"}, "l2 must be between 0 and 10"),
    ({"l1": "abc"}, "l1"),
    ({"loss": "cross_entropy", "out": "tanh"}, "cross-entropy needs a sigmoid or softmax output, not tanh"),
])
def test_bad_loss_keys_are_refused(changes, match):
    query = share.to_query(share.check(share.snapshot(LabState())))
    with pytest.raises(ValueError, match=match):
        share.from_query({**query, **changes})


@pytest.mark.parametrize("way", ["link", "json"])
def test_a_three_class_run_with_its_features_travels_with_the_link(way):
    from app.training import TrainingState

    lab = LabState()
    training = TrainingState(lab=lab)
    training.problem = "classes"
    training.features = ["x1", "x2", "x1sq"]
    training.use_default_network()
    assert lab.network.sizes == [3, 8, 8, 3]
    snap = share.check(share.snapshot(lab, training))
    reopened = LabState()
    again = TrainingState(lab=reopened)
    text = share.from_query(share.to_query(snap)) if way == "link" else share.from_json(share.to_json(snap))
    share.apply(reopened, again, text)
    assert (again.problem, again.dataset, again.features) == ("classes", "spiral3", ["x1", "x2", "x1sq"])
    assert reopened.network.to_dict() == lab.network.to_dict()  # the link's network, not a reshaped one
    assert again.one_epoch() and training.one_epoch()
    assert again.history["train"] == training.history["train"]  # the same run, to the last bit


def test_an_unknown_feature_in_a_link_is_refused():
    lab = LabState()
    from app.training import TrainingState
    query = share.to_query(share.check(share.snapshot(lab, TrainingState(lab=lab))))
    with pytest.raises(ValueError, match="unknown feature 'x9'"):
        share.from_query({**query, "features": "x1,x9"})
