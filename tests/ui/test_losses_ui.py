"""Losses, penalties and K classes in the browser under `panel serve`, against the same steps in this process."""
from __future__ import annotations

import numpy as np
import pytest

from app import share
from app.state import LabState
from app.training import TrainingState

from .browser import source, text_of, wait_for
from .test_training_share import assert_clean, image, message, open_app, opened, show_tab, train_alongside

pytestmark = pytest.mark.ui


def three_class_link() -> dict:
    lab = LabState(seed=5)
    training = TrainingState(lab=lab)
    training.problem = "classes"  # the 3-class spiral, and a softmax output with cross-entropy
    training.use_default_network()
    return share.to_query(share.snapshot(lab, training))


def softmax_link(**rates) -> dict:
    lab = LabState(seed=3)
    lab.architecture = "2-2-3"
    lab.loss = "cross_entropy"
    lab.output_activation = "softmax"
    lab.param.update(**rates)
    return share.to_query(share.snapshot(lab))


def weight_norms_over_updates(page, updates: int) -> list[float]:
    """Σw² of the page's weights before each of `updates` presses of Apply, each waited for."""
    norms = []
    for _ in range(updates):
        weights = [float(w) for w in source(page, "edges")["w"]]
        norms.append(sum(w * w for w in weights))
        page.locator(".apply-update button").click()
        wait_for(lambda: [float(w) for w in source(page, "edges")["w"]] != weights, timeout=60)
    return norms


def test_three_classes_train_and_the_heatmap_shows_three_colours(page, served_app):
    query = three_class_link()
    open_app(page, served_app, query)
    assert message(page) == ""
    show_tab(page, "Training")
    lab, training = opened(query)
    assert training.problem == "classes" and lab.network.sizes == [2, 8, 8, 3]
    train_alongside(page, training, epochs=5, rel=1e-12)
    assert set(np.unique(training.heatmap)) == {0.0, 1.0, 2.0}  # this run's plane holds all three classes
    wait_for(lambda: image(page) == pytest.approx(training.heatmap.ravel().tolist()), timeout=60)
    assert set(image(page)) == {0.0, 1.0, 2.0}  # one colour per class, as the page holds them
    assert_clean(page)


def test_stepping_through_softmax_cross_entropy_reads_delta_equals_y_minus_y_hat(page, served_app):
    query = softmax_link()
    lab, _ = opened(query)
    first_delta = next(s for s in lab.steps if s.kind == "delta")
    open_app(page, served_app, {**query, "step": str(first_delta.index + 1)})
    wait_for(lambda: text_of(page, "step-numbers") == "$$" + first_delta.numbers + "$$", timeout=60)
    y, y_hat = lab.target[0], lab.forward.output[0]
    assert first_delta.numbers == rf"\delta^{{o}}_{{1}} = {y:g} - {y_hat:.3g} = {y - y_hat:.3g}"
    assert text_of(page, "step-formula") == "$$" + first_delta.formula + "$$"
    assert first_delta.formula.endswith(r"= y_{1} - \hat{y}_{1}")
    assert_clean(page)


def test_l2_shrinks_the_weights_on_every_update(page, served_app):
    query = softmax_link(l2=0.5)
    open_app(page, served_app, query)
    norms = weight_norms_over_updates(page, 4)
    assert all(later < earlier for earlier, later in zip(norms, norms[1:]))
    assert_clean(page)
