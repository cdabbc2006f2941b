"""The training tab past the Playground: K classes, regression, input features, penalties, live η."""
import numpy as np

from app.state import LabState
from app.training import TrainingState
from app.training_view import CLASS_COLOURS, TrainingView


def tab():
    lab = LabState()
    training = TrainingState(lab=lab)
    return lab, training, TrainingView(training=training)


def test_three_classes_train_into_three_coloured_regions():
    lab, t, view = tab()
    t.problem = "classes"
    assert t.dataset == "spiral3" and lab.message == ""
    t.n_points = 500
    t.use_default_network()
    assert (lab.network.sizes, lab.network.output_activation, lab.network.loss) == ([2, 8, 8, 3], "softmax", "cross_entropy")
    for _ in range(30):
        assert t.one_epoch(), lab.message
    train = t.history["train"]
    assert train[-1] < 0.6 * train[0]
    assert set(np.unique(t.heatmap)) == {0.0, 1.0, 2.0}  # every class owns part of the plane
    assert view.mapper.palette == CLASS_COLOURS[:3] and (view.mapper.low, view.mapper.high) == (-0.5, 2.5)
    assert set(view.points.data["colour"]) == set(CLASS_COLOURS[:3])
    counts = t.confusion("test")
    assert counts.shape == (3, 3) and counts.sum() == len(t.x_test)
    assert view.confusion.object.count("| **class") == 3
    assert f"{100 * np.trace(counts) / counts.sum():.1f} %" in view.status.object


def test_four_classes_give_the_network_four_outputs():
    lab, t, _ = tab()
    t.problem = "classes"
    t.dataset = "blobs4"
    assert lab.network.sizes[-1] == 4 and t.network.sizes[-1] == 4 and lab.network.output_activation == "softmax"


def test_features_become_the_networks_inputs():
    lab, t, _ = tab()
    t.use_default_network()
    t.features = ["x1sq", "x2sq", "x1x2"]
    assert lab.network.sizes == [3, 8, 8, 1] and t.network.sizes == [3, 8, 8, 1]
    assert sum(1 for n in lab.layout.nodes if n.layer == 0) == 3  # three inputs on the diagram
    assert t.one_epoch()
    t.pause()
    x1, x2 = t.x_train[0]  # the step-through is handed that point's features, not the point
    np.testing.assert_allclose(lab.x, [x1 ** 2, x2 ** 2, x1 * x2], rtol=1e-15)


def test_regression_draws_the_output_surface_and_no_accuracy():
    lab, t, view = tab()
    t.problem = "regression"
    assert t.dataset == "plane" and lab.network.output_activation == "linear" and lab.network.loss == "squared_error"
    for _ in range(10):
        assert t.one_epoch()
    assert t.history["test"][-1] < t.history["test"][0]
    assert "accuracy" not in view.status.object and view.confusion.object == ""
    assert (view.mapper.low, view.mapper.high) == (-1.0, 1.0)
    assert len(np.unique(t.heatmap)) > 100  # a surface, not classes


def test_eta_batch_size_and_penalties_change_while_playing_without_a_reset():
    lab = LabState()
    t = TrainingState(lab=lab)  # no view: Play's periodic callback needs a server's event loop
    t.use_default_network()
    t.running = True
    t.tick()
    t.tick()
    before = t.network
    lab.learning_rate = 0.05
    t.batch_size = 25
    lab.l2 = 0.01
    t.tick()
    assert t.running and t.epoch == 3 and t.network is before  # the same run goes on
    assert len(t.history["epoch"]) == 4


def test_l2_shrinks_the_weights_it_trains():
    sizes = {}
    for l2 in (0.0, 0.05):
        lab, t, _ = tab()
        t.use_default_network()
        lab.l2 = l2
        for _ in range(20):
            assert t.one_epoch()
        sizes[l2] = sum(float(np.sum(w * w)) for w in t.network.weights)
    assert sizes[0.05] < 0.5 * sizes[0.0]


def test_play_sends_the_heatmap_each_frame_and_the_loss_curve_ten_times_a_second(monkeypatch):
    import app.training_view as training_view

    class NoTimer:  # Play's timer, stood in for: each frame is run by hand below
        def __init__(self, action, period_ms):
            assert period_ms == training_view.PLAY_PERIOD_MS
            self.stop = lambda: None

    clock = [1000.0]
    monkeypatch.setattr(training_view, "Repeating", NoTimer)
    monkeypatch.setattr(training_view.time, "monotonic", lambda: clock[0])
    lab = LabState()
    t = TrainingState(lab=lab)
    t.use_default_network()
    view = training_view.TrainingView(training=t)
    t.running = True
    clock[0] += 1  # a second after the view was first drawn
    start, seen = clock[0], []
    for frame in range(12):
        view._tick()
        assert view.field.data["image"][0] is t.heatmap  # every frame's heatmap is sent
        seen.append((clock[0] - start, list(view.curve.data["epoch"])))
        clock[0] += training_view.PLAY_PERIOD_MS / 1000
    assert seen[0][1] == [0, 1]  # the first frame draws the curve too
    for elapsed, epochs in seen[1:]:
        if elapsed < training_view.SECONDARY_PERIOD_S - 1e-9:
            assert epochs == [0, 1]  # within 0.1 s of that: the heatmap alone
    changed = next(i for i, (_, epochs) in enumerate(seen) if i and epochs != [0, 1])
    assert seen[changed][0] < training_view.SECONDARY_PERIOD_S + training_view.PLAY_PERIOD_MS / 1000
    assert seen[changed][1] == list(range(changed + 2))  # every epoch since, in one go
    view._tick()
    t.pause()
    assert view.curve.data["epoch"] == list(range(14))  # Pause draws the last epoch at once
    assert view.curve.data["train"] == t.history["train"]


def test_the_loss_figure_holds_every_point_on_ranges_python_sets():
    """Automatic ranges would make the page send their bounds back each time the curve grows."""
    from bokeh.models import DataRange1d

    from app.training_view import TrainingView

    lab = LabState()
    t = TrainingState(lab=lab)
    t.use_default_network()
    view = TrainingView(training=t)
    for _ in range(5):
        t.one_epoch()
    view._redraw_secondary()
    data, fig = view.curve.data, view.loss
    assert not isinstance(fig.x_range, DataRange1d) and not isinstance(fig.y_range, DataRange1d)
    assert data["epoch"] == [0, 1, 2, 3, 4, 5]
    assert fig.x_range.start < 0 < 5 < fig.x_range.end < 6
    losses = data["train"] + data["test"]
    assert fig.y_range.start == 0 and max(losses) < fig.y_range.end < 1.3 * max(losses)
