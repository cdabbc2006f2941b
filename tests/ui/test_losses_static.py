"""Softmax cross-entropy and L2 in the static site (Pyodide), against the same steps in this process."""
from __future__ import annotations

import numpy as np
import pytest

from .browser import source, text_of, wait_for
from .test_losses_ui import softmax_link, weight_norms_over_updates
from .test_static_site import _with_query, chromium, open_site, site_page, static_site  # noqa: F401 (fixtures)
from .test_training_share import opened

pytestmark = pytest.mark.ui


def test_softmax_cross_entropy_and_l2_in_the_static_site(site_page, static_site):
    query = softmax_link(l2=0.5)
    lab, _ = opened(query)
    first_delta = next(s for s in lab.steps if s.kind == "delta")
    open_site(site_page, _with_query(static_site[0], {**query, "step": str(first_delta.index + 1)}))
    wait_for(lambda: text_of(site_page, "step-numbers") == "$$" + first_delta.numbers + "$$", timeout=60)
    assert first_delta.formula.endswith(r"= y_{1} - \hat{y}_{1}")
    norms = weight_norms_over_updates(site_page, 3)
    assert all(later < earlier for earlier, later in zip(norms, norms[1:]))  # L2 shrinks every update
    site_page.watch.assert_clean()


def test_three_classes_train_and_the_heatmap_shows_three_colours_in_the_static_site(site_page, static_site):
    from .test_losses_ui import three_class_link
    from .test_training_share import image, show_tab, train_alongside

    query = three_class_link()
    lab, training = opened(query)
    assert training.problem == "classes" and lab.network.sizes == [2, 8, 8, 3]
    open_site(site_page, _with_query(static_site[0], query))
    show_tab(site_page, "Training")
    wait_for(lambda: (source(site_page, "loss_curve") or {}).get("epoch") == [0], timeout=60)
    train_alongside(site_page, training, epochs=5, rel=1e-9)  # Pyodide's NumPy: the same numbers as here
    assert set(np.unique(training.heatmap)) == {0.0, 1.0, 2.0}
    wait_for(lambda: image(site_page) == pytest.approx(training.heatmap.ravel().tolist()), timeout=60)
    assert set(image(site_page)) == {0.0, 1.0, 2.0}  # one colour per class, as the page holds them
    site_page.watch.assert_clean()
