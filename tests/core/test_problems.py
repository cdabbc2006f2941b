"""K classes, regression and input features: the data sets, and seeded training that learns them."""
import numpy as np
import pytest

from core import Network, make_dataset, train, train_test_split
from core.datasets import ALL_DATASETS
from core.features import FEATURES, check_features, feature_matrix
from core.training import accuracy, confusion_matrix, loss


def learn(name, sizes, epochs, learning_rate, features=("x1", "x2"), output="softmax", loss_name="cross_entropy",
          activation="tanh", n=500, seed=0):
    """Train a seeded network on a seeded data set (80/20 split, batches of 10); the net and the test set."""
    x, y = make_dataset(name, n=n, noise=0.1, seed=seed)
    x_train, y_train, x_test, y_test = train_test_split(x, y, 0.2, seed=seed)
    f_train, f_test = feature_matrix(x_train, features), feature_matrix(x_test, features)
    net = Network.random([len(features)] + sizes, seed=seed, activation=activation, output_activation=output,
                         biases=True, loss=loss_name)
    history = train(net, f_train, y_train, epochs=epochs, batch_size=10, learning_rate=learning_rate, seed=seed)
    assert history[-1] < history[0]
    return net, f_test, y_test


def test_three_class_spiral_reaches_90_percent():
    """2-8-8-3, tanh hidden, softmax output, cross-entropy, η = 0.1, 150 epochs of 400 points."""
    net, x, y = learn("spiral3", [8, 8, 3], epochs=150, learning_rate=0.1)
    assert accuracy(net, x, y) >= 0.90


def test_four_blobs_reach_95_percent():
    """2-8-4, tanh hidden, softmax output, cross-entropy, η = 0.1, 50 epochs."""
    net, x, y = learn("blobs4", [8, 4], epochs=50, learning_rate=0.1)
    assert accuracy(net, x, y) >= 0.95
    counts = confusion_matrix(net, x, y)
    assert counts.shape == (4, 4) and counts.sum() == len(x)
    assert np.trace(counts) == round(accuracy(net, x, y) * len(x))


def test_the_regression_plane_is_learnt():
    """2-1 with a linear output (no hidden layer), squared error, η = 0.05, 50 epochs: test loss < 0.005.
    The noise alone (σ = 0.05) leaves ½σ² = 0.00125."""
    net, x, y = learn("plane", [1], epochs=50, learning_rate=0.05, output="linear", loss_name="squared_error")
    assert loss(net, x, y) < 0.005


def test_the_circle_from_squares_alone_without_a_hidden_layer():
    """The Playground's classic: features x₁², x₂² only, 2-1 sigmoid, cross-entropy, η = 0.5, 100 epochs."""
    net, x, y = learn("circle", [1], epochs=100, learning_rate=0.5, features=("x1sq", "x2sq"), output="sigmoid")
    assert net.sizes == [2, 1]
    assert accuracy(net, x, y) >= 0.95
    # and with x₁, x₂ only, a line cannot separate a disc from its ring
    plain, x, y = learn("circle", [1], epochs=100, learning_rate=0.5, output="sigmoid")
    assert accuracy(plain, x, y) < 0.8


@pytest.mark.parametrize("name", sorted(ALL_DATASETS))
def test_every_data_set_is_seeded_and_shaped_for_its_problem(name):
    data = ALL_DATASETS[name]
    x, y = make_dataset(name, n=300, seed=2)
    again, y_again = make_dataset(name, n=300, seed=2)
    np.testing.assert_array_equal(x, again)
    np.testing.assert_array_equal(y, y_again)
    assert not np.array_equal(x, make_dataset(name, n=300, seed=3)[0])
    assert x.shape == (300, 2) and np.abs(x).max() < 1.6  # inside the plane the heatmap shows
    if data.problem == "classes":
        assert y.shape == (300, data.classes)
        np.testing.assert_array_equal(y.sum(axis=1), 1.0)  # one-hot
        counts = y.sum(axis=0)
        assert counts.min() > 300 / data.classes / 2  # every class is there
    elif data.problem == "regression":
        assert y.shape == (300, 1) and len(np.unique(y)) > 100 and np.abs(y).max() < 2
    else:
        assert y.shape == (300, 1) and set(np.unique(y)) == {0.0, 1.0}


def test_features_are_the_playgrounds_seven():
    x = np.array([[0.5, -2.0], [1.0, 3.0]])
    f = feature_matrix(x, ["x2", "x1x2", "sin1", "x1sq"])  # reordered as FEATURES lists them
    np.testing.assert_array_equal(f, [[-2.0, 0.25, -1.0, np.sin(0.5)], [3.0, 1.0, 3.0, np.sin(1.0)]])
    assert [FEATURES[n].label for n in FEATURES] == ["x₁", "x₂", "x₁²", "x₂²", "x₁x₂", "sin x₁", "sin x₂"]
    with pytest.raises(ValueError, match="choose at least one input feature"):
        check_features([])
    with pytest.raises(ValueError, match="unknown feature 'x3'"):
        check_features(["x1", "x3"])
