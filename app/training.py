"""Training mode's state: a 2-D data set, mini-batch gradient descent, and what to draw of it.

The network being trained is the lab's; while training runs it lives here (a copy), and the
lab's diagram and step-through get it back whenever training pauses, set to the current
batch's first example, so the learner can step through that example's backward pass.
"""
from __future__ import annotations

import csv
import io

import numpy as np
import param

from core import make_dataset, train_test_split
from core.datasets import ALL_DATASETS, PROBLEMS
from core.inputs import InputError, parse_number
from core.diagnostics import layer_statistics
from core.features import FEATURES, feature_matrix
from core.network import Network
from core.training import accuracy as core_accuracy, confusion_matrix, loss as core_loss, train_step

from .state import LabState

GRID = 40  # heatmap resolution: GRID × GRID points over the input plane
EXTENT = 1.6  # the plane shown is [-EXTENT, EXTENT]²
MAX_HISTORY = 2000  # loss-curve points kept; older ones are thinned so memory stays flat
MAX_CSV_ROWS = 5000
MAX_CSV_BYTES = 500_000


def parse_csv(text: str) -> tuple[np.ndarray, np.ndarray]:
    """x1,x2,label rows (a header line is allowed) -> x (n, 2), y (n, 1); InputError saying what is wrong.

    Total: whatever the text, this returns checked arrays or raises InputError, nothing else.
    """
    if not isinstance(text, str):
        raise InputError("the file is not text")
    if len(text) > MAX_CSV_BYTES:
        raise InputError(f"the file is larger than {MAX_CSV_BYTES // 1000} kB")
    text = text.removeprefix("\ufeff")  # a byte-order mark is not part of the first row
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = [r for r in reader if any(cell.strip() for cell in r)]
    except csv.Error:  # a field over the csv module's limit, a NUL character, a stray quote
        raise InputError(f"line {reader.line_num} cannot be read as a CSV row of x1,x2,label") from None
    if rows and not _is_number(rows[0][0]):
        rows = rows[1:]  # a header
    if len(rows) < 4:
        raise InputError("a data set needs at least 4 rows of x1,x2,label")
    if len(rows) > MAX_CSV_ROWS:
        raise InputError(f"at most {MAX_CSV_ROWS} rows, the file has {len(rows)}")
    values = []
    for number, row in enumerate(rows, start=1):
        if len(row) != 3:
            raise InputError(f"row {number} has {len(row)} columns; each row is x1,x2,label")
        values.append([parse_number(cell, f"row {number}, column {column}")
                       for column, cell in zip(("x1", "x2", "label"), row)])
    data = np.array(values, dtype=float)
    labels = data[:, 2]
    if not np.all((labels == 0) | (labels == 1)):
        raise InputError("labels (the third column) must be 0 or 1")
    return data[:, :2], labels[:, None]


def outside_plot(x: np.ndarray | None) -> int:
    """How many of the points x (n, 2) lie outside the square the Training tab draws."""
    if x is None or len(x) == 0:
        return 0
    return int(np.sum(np.any(np.abs(x) > EXTENT, axis=1)))


def _is_number(text: str) -> bool:
    try:
        parse_number(text, "x1")
        return True
    except InputError:
        return False


class TrainingState(param.Parameterized):
    """The training lab: data, schedule, progress, and the pictures of what the network learnt."""

    lab = param.ClassSelector(class_=LabState, doc="The lab whose network is trained.")
    problem = param.Selector(default="binary", objects=list(PROBLEMS),
                             doc="What is learnt: 2 classes, K classes (softmax) or a number (regression).")
    dataset = param.Selector(default="xor", objects=list(ALL_DATASETS) + ["custom"],
                             doc="The 2-D data set to learn.")
    features = param.ListSelector(default=["x1", "x2"], objects=list(FEATURES),
                                  doc="The inputs the network sees, made from x₁ and x₂.")
    n_points = param.Integer(default=200, bounds=(20, 2000), doc="How many points the data set has.")
    noise = param.Number(default=0.1, bounds=(0.0, 0.5), doc="How noisy the data set is.")
    test_fraction = param.Number(default=0.2, bounds=(0.0, 0.8), doc="The share of points held out for testing.")
    batch_size = param.Integer(default=10, bounds=(1, 2000), doc="Examples per gradient step.")
    epoch = param.Integer(default=0, bounds=(0, None), doc="Epochs trained so far.")
    running = param.Boolean(default=False, doc="Whether training is playing.")
    diverged = param.Boolean(default=False, doc="Whether the last epoch made the loss non-finite.")

    x_train = param.Array(doc="Training inputs (n, 2).")
    y_train = param.Array(doc="Training labels (n, 1).")
    x_test = param.Array(doc="Test inputs (n, 2).")
    y_test = param.Array(doc="Test labels (n, 1).")
    history = param.Dict(default={}, doc="epoch, train loss, test loss, mean |δ| per layer, per epoch.")
    heatmap = param.Parameter(doc="Over the input plane, (GRID, GRID): ŷ, or the predicted class for K classes.")
    unit_maps = param.List(default=[], doc="Each hidden unit's output over the plane: (layer, unit, map).")

    def __init__(self, **params):
        super().__init__(**params)
        self._custom = None
        self.network: Network = self.lab.network.copy()
        self._last_finite = self.network.copy()
        self._batch = 0
        self._order = np.arange(0)
        self._rng = np.random.default_rng(self.lab.seed)
        self._grid = _grid()
        self._f_grid = feature_matrix(self._grid, self.features)
        self._f_train = self._f_test = np.zeros((0, len(self.features)))
        self._handed = None  # the network pause() gave the lab, so its return is not a new start
        self._stale = False
        self._last_finite_record = (0, {})  # the epoch and history that go with _last_finite
        self.make_data()

    # -- data ----------------------------------------------------------------------------------
    # the seed too: a shared link carries the seed, and must reopen the same points
    @property
    def classes(self) -> int:
        """K: 2 for two classes, the data set's number of classes, 0 for regression."""
        return 2 if self.dataset == "custom" else ALL_DATASETS[self.dataset].classes

    @property
    def n_outputs(self) -> int:
        return self.classes if self.problem == "classes" else 1

    @param.depends("problem", watch=True)
    def _problem_changed(self) -> None:
        """A new kind of problem: its first data set, and a network whose outputs fit it."""
        current = "binary" if self.dataset == "custom" else ALL_DATASETS[self.dataset].problem
        if current != self.problem:
            self.dataset = next(name for name, d in ALL_DATASETS.items() if d.problem == self.problem)
            self._fit_network()
            self.restart()

    @param.depends("features", watch=True)
    def _features_changed(self) -> None:
        """The chosen features become the network's inputs: the lab's network takes their number."""
        if not self.features:
            self.lab.message = "choose at least one input feature"
            return
        self._f_grid = feature_matrix(self._grid, self.features)
        self._split_features()
        self._fit_network()
        self.restart()

    def _split_features(self) -> None:
        if self.x_train is not None and self.features:
            self._f_train = feature_matrix(self.x_train, self.features)
            self._f_test = feature_matrix(self.x_test, self.features) if len(self.x_test) else np.zeros((0, len(self.features)))

    def _output_setup(self) -> dict:
        """The output activation and loss this problem needs: softmax with cross-entropy for K classes,
        linear with squared error for regression, a sigmoid (with the lab's loss) for two classes."""
        if self.problem == "classes":
            return dict(output_activation="softmax", loss="cross_entropy")
        if self.problem == "regression":
            return dict(output_activation="linear", loss="squared_error")
        return dict(output_activation="sigmoid")

    def _fit_network(self) -> None:
        """Give the lab's network as many inputs as features and as many outputs as the problem needs,
        keeping its hidden layers; nothing changes if it fits already."""
        lab, sizes = self.lab, self.lab.network.sizes
        wanted = [len(self.features)] + sizes[1:-1] + [self.n_outputs]
        setup = self._output_setup()
        fits = wanted == sizes and all(getattr(lab.network, k) == v for k, v in setup.items())
        if not fits:
            lab.param.update(architecture="-".join(map(str, wanted)), **setup)

    @param.depends("dataset", "n_points", "noise", "test_fraction", "lab.seed", watch=True)
    def make_data(self) -> None:
        """Draw the data set from the lab's seed and split it; training starts over."""
        if self.dataset == "custom":
            if self._custom is None:
                self.lab.message = "load a CSV file of x1,x2,label rows first"
                return
            x, y = self._custom
        else:
            x, y = make_dataset(self.dataset, n=self.n_points, noise=self.noise, seed=self.lab.seed)
        x_train, y_train, x_test, y_test = train_test_split(x, y, self.test_fraction, seed=self.lab.seed)
        problem = "binary" if self.dataset == "custom" else ALL_DATASETS[self.dataset].problem
        changed = problem != self.problem or (problem == "classes" and self.lab.network.sizes[-1] != self.classes)
        self.problem = problem  # first, so that the points are drawn in this problem's colours
        self.param.update(x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
        self._split_features()
        if changed:
            self._fit_network()  # another kind of problem, or 3 classes to 4: outputs to fit
        self.restart()

    def load_csv(self, text: str) -> bool:
        """Use the learner's own x1,x2,label data; a clear message and no change if it is malformed."""
        try:
            self._custom = parse_csv(text)
        except InputError as error:
            self.lab.message = f"that file was not loaded: {error}"
            return False
        self.lab.message = ""
        if self.dataset == "custom":
            self.make_data()
        else:
            self.dataset = "custom"
        return True

    # -- training ------------------------------------------------------------------------------
    def _shape_fits(self, sizes) -> bool:
        return sizes[0] == len(self.features) and sizes[-1] == self.n_outputs

    @property
    def default_architecture(self) -> str:
        return f"{len(self.features)}-8-8-{self.n_outputs}"

    def fits(self) -> bool:
        """Training needs as many inputs as features and as many outputs as the problem; says so otherwise."""
        sizes = self.lab.network.sizes
        if self._shape_fits(sizes):
            return True
        n_in, n_out = len(self.features), self.n_outputs
        self.lab.message = (
            f"training mode needs {n_in} input{'s' * (n_in > 1)} and {n_out} output{'s' * (n_out > 1)}, "
            f"and this network is {'-'.join(map(str, sizes))}: "
            f"press “Use {self.default_architecture} tanh” or set the architecture"
        )
        return False

    def use_default_network(self) -> None:
        """A features-8-8-outputs tanh network with biases, and the output this problem needs."""
        lab = self.lab
        lab.param.update(biases=True, activation="tanh", **self._output_setup())
        lab.architecture = self.default_architecture
        self.restart()

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
        self.param.update(history=h, heatmap=picture, unit_maps=maps)

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


def _grid() -> np.ndarray:
    axis = np.linspace(-EXTENT, EXTENT, GRID)
    xx, yy = np.meshgrid(axis, axis)  # row r is x2 = axis[r], as Bokeh's image draws it
    return np.column_stack([xx.ravel(), yy.ravel()])


def _empty_history(network: Network) -> dict:
    h = {"epoch": [], "train": [], "test": []}
    for l in range(network.n_layers):
        h[f"delta{l + 1}"] = []
    return h
