"""Training mode's state: a 2-D data set, mini-batch gradient descent, and what to draw of it.

The network being trained is the lab's; while training runs it lives here (a copy), and the
lab's diagram and step-through get it back whenever training pauses, set to the current
batch's first example, so the learner can step through that example's backward pass.
"""
from __future__ import annotations

import numpy as np
import param

from core.diagnostics import layer_statistics
from core.network import Network
from core.training import accuracy as core_accuracy, confusion_matrix, loss as core_loss, train_step

from .training_data import GRID, TrainingData

MAX_HISTORY = 2000  # loss-curve points kept; older ones are thinned so memory stays flat


class TrainingState(TrainingData):
    """The training lab: data, schedule, progress, and the pictures of what the network learnt."""

    batch_size = param.Integer(default=10, bounds=(1, 2000), doc="Examples per gradient step.")
    epoch = param.Integer(default=0, bounds=(0, None), doc="Epochs trained so far.")
    running = param.Boolean(default=False, doc="Whether training is playing.")
    diverged = param.Boolean(default=False, doc="Whether the last epoch made the loss non-finite.")
    history = param.Dict(default={}, doc="epoch, train loss, test loss, mean |δ| per layer, per epoch.")
    heatmap = param.Parameter(doc="Over the input plane, (GRID, GRID): ŷ, or the predicted class for K classes.")
    unit_maps = param.List(default=[], doc="Each hidden unit's output over the plane: (layer, unit, map).")

    def __init__(self, **params):
        super().__init__(**params)
        self.network: Network = self.lab.network.copy()
        self._last_finite = self.network.copy()
        self._batch = 0
        self._order = np.arange(0)
        self._rng = np.random.default_rng(self.lab.seed)
        self._handed = None  # the network pause() gave the lab, so its return is not a new start
        self._stale = False
        self._last_finite_record = (0, {})  # the epoch and history that go with _last_finite
        self.make_data()

    # -- training ------------------------------------------------------------------------------
    def restart(self) -> None:
        """Train the lab's current network from epoch 0."""
        self.running = False
        self._stale = False
        self._source = self.lab.network  # the lab's network this run started from
        self.network = self.lab.network.copy()
        self._last_finite = self.network.copy()
        self._rng = np.random.default_rng(self.lab.seed)
        self._batch = 0
        self._order = np.arange(0)
        self.param.update(epoch=0, diverged=False, history=_empty_history(self.network))
        self._record()
        self._last_finite_record = (self.epoch, self.history)

    def _train_step(self, take) -> None:
        lab = self.lab
        train_step(self.network, self._f_train[take], self.y_train[take], lab.learning_rate, l1=lab.l1, l2=lab.l2)

    def one_batch(self) -> bool:
        """One gradient step on the next mini-batch; False if training cannot run or diverged."""
        if not self._ready():
            return False
        n = len(self.x_train)
        if self._batch * self.batch_size >= len(self._order):
            self._order = self._rng.permutation(n)
            self._batch = 0
        take = self._order[self._batch * self.batch_size:(self._batch + 1) * self.batch_size]
        with np.errstate(all="ignore"):
            self._train_step(take)
        self._batch += 1
        if self._batch * self.batch_size >= n:
            self.epoch += 1
        return self._check_and_record()

    def one_epoch(self) -> bool:
        """Every mini-batch of one shuffled pass over the training set."""
        if not self._ready():
            return False
        n = len(self.x_train)
        order = self._rng.permutation(n)
        with np.errstate(all="ignore"):
            for start in range(0, n, self.batch_size):
                take = order[start:start + self.batch_size]
                self._train_step(take)
        self._batch, self._order = 0, np.arange(0)
        self.epoch += 1
        return self._check_and_record()

    def tick(self) -> None:
        """What the play loop does each frame: one epoch, then redraw."""
        if self.running and not self.one_epoch():
            self.running = False

    def pause(self) -> None:
        """Stop, and hand the network and the current batch's first example to the step-through."""
        self.running = False
        if self.diverged:
            return
        index = self._order[self._batch * self.batch_size] if self._batch * self.batch_size < len(self._order) else 0
        self._handed = self.network.copy()
        self.lab.show_sample(self._handed, self._f_train[index], self.y_train[index], step=0,
                             sample_from=f"training example {index + 1} of {len(self.x_train)} "
                                         f"(the current batch's first), as trained to epoch {self.epoch}")

    @param.depends("lab.network", watch=True)
    def _lab_network_changed(self) -> None:
        """A network set up or edited in the lab is what training starts from next."""
        # param reports a change even when the same object is set again (η changed, say)
        # Restarting redraws every heatmap: while the learner drags weights in the step-through
        # that work is wasted, so it waits until training is next looked at or run.
        if not self.running and self.lab.network is not self._handed and self.lab.network is not self._source:
            self._stale = True

    def refresh(self) -> None:
        """Start over from the lab's network if it changed since training last looked."""
        if self._stale:
            self.restart()

    def go_back(self) -> None:
        """After a divergence: the network as it was after the last epoch with a finite loss."""
        # the epoch counter and the history go back with the network: the diverged epoch never happened
        epoch, history = self._last_finite_record
        self.network = self._last_finite.copy()
        self.param.update(diverged=False, epoch=epoch, history={key: list(v) for key, v in history.items()})
        self.lab.message = ""
        self._record(append=False)

    def _ready(self) -> bool:
        self.refresh()
        if self.diverged:
            self.lab.message = "training diverged: go back to the last finite state or lower η"
            return False
        if self.x_train is None or len(self.x_train) == 0:
            return False
        if not self._shape_fits(self.network.sizes):
            return self.fits()
        return True

    def _check_and_record(self) -> bool:
        finite = all(np.all(np.isfinite(w)) for w in self.network.weights)
        if self.network.biases is not None:
            finite = finite and all(np.all(np.isfinite(b)) for b in self.network.biases)
        if not finite or not np.isfinite(self._loss(self._f_train, self.y_train)):
            self.param.update(running=False, diverged=True)
            self.lab.message = (
                f"training diverged at epoch {self.epoch}: the loss became infinite or NaN with η = "
                f"{self.lab.learning_rate:g}. Paused; press “Go back” for the last finite state, and lower η."
            )
            return False
        self._last_finite = self.network.copy()
        self._record()
        self._last_finite_record = (self.epoch, self.history)
        return True

    def _loss(self, x, y) -> float:
        """The network's E on these features and targets, averaged; without the penalties, so that
        train and test loss compare (the Playground shows them so too)."""
        if x is None or len(x) == 0 or not self._shape_fits(self.network.sizes) or y.shape[-1] != self.network.sizes[-1]:
            return float("nan")
        with np.errstate(all="ignore"):
            try:
                return core_loss(self.network, x, y)
            except ValueError:  # targets the network's loss cannot take
                return float("nan")

    def _record(self, append: bool = True) -> None:
        """Append this epoch's losses and mean |δ| per layer (unless `append` is False), and recompute the heatmaps."""
        net = self.network
        if not self._shape_fits(net.sizes) or (self.y_train is not None and self.y_train.shape[-1] != net.sizes[-1]):
            # nothing to draw until the network fits
            self.param.update(history=_empty_history(net), heatmap=np.full((GRID, GRID), 0.5), unit_maps=[])
            return
        h = {key: list(values) for key, values in self.history.items()} or _empty_history(net)
        if not append:
            self._draw_maps(net, h)
            return
        h["epoch"].append(self.epoch)
        h["train"].append(self._loss(self._f_train, self.y_train))
        h["test"].append(self._loss(self._f_test, self.y_test) if len(self.x_test) else float("nan"))
        if self.x_train is not None and len(self.x_train):
            fwd = net.forward(self._f_train)
            with np.errstate(all="ignore"):
                bwd = net.backward(fwd, self.y_train, self.lab.learning_rate, l1=self.lab.l1, l2=self.lab.l2)
            stats = layer_statistics(net, bwd)
            for l, value in enumerate(stats.mean_abs_delta):
                h.setdefault(f"delta{l + 1}", []).append(value)
        if len(h["epoch"]) > MAX_HISTORY:
            h = {key: values[::2] for key, values in h.items()}  # thin, keep the shape of the curve
        self._draw_maps(net, h)

    def _draw_maps(self, net: Network, h: dict) -> None:
        outputs = net.forward(self._f_grid).layer_outputs
        maps = [(l + 1, j, outputs[l][:, j].reshape(GRID, GRID))
                for l in range(net.n_layers - 1) for j in range(net.sizes[l + 1])]
        if self.problem == "classes":  # one colour per class: the class of largest ŷ
            picture = np.argmax(outputs[-1], axis=1).astype(float).reshape(GRID, GRID)
        else:
            picture = outputs[-1][:, 0].reshape(GRID, GRID)
        # float32 is finer than any colour drawn, and half the bytes sent to the page each frame
        self.param.update(history=h, heatmap=picture.astype(np.float32), unit_maps=maps)

    def _data(self, which: str):
        return (self._f_test, self.y_test) if which == "test" else (self._f_train, self.y_train)

    def accuracy(self, which: str = "test") -> float:
        """The share of points classified right (NaN for regression, or until the network fits)."""
        x, y = self._data(which)
        if self.problem == "regression" or x is None or len(x) == 0 or not self._shape_fits(self.network.sizes):
            return float("nan")
        return core_accuracy(self.network, x, y)

    def confusion(self, which: str = "test") -> np.ndarray | None:
        """counts[true class, predicted class], or None for regression or until the network fits."""
        x, y = self._data(which)
        if self.problem == "regression" or x is None or len(x) == 0 or not self._shape_fits(self.network.sizes):
            return None
        return confusion_matrix(self.network, x, y)


def _empty_history(network: Network) -> dict:
    h = {"epoch": [], "train": [], "test": []}
    for l in range(network.n_layers):
        h[f"delta{l + 1}"] = []
    return h

