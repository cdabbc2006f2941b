"""Training's data: the problem, the 2-D data set, the input features, the train/test split,
and whether the lab's network fits them.

A generated data set is drawn from the lab's seed (a shared link carries the seed, and must
reopen the same points); a learner's own data set is a CSV file of x1,x2,label rows (parse_csv).
"""
from __future__ import annotations

import csv
import io

import numpy as np
import param

from core import make_dataset, train_test_split
from core.datasets import ALL_DATASETS, PROBLEMS
from core.features import FEATURES, feature_matrix
from core.inputs import InputError, parse_number

from .state import LabState

GRID = 40  # heatmap resolution: GRID × GRID points over the input plane
EXTENT = 1.6  # the plane shown is [-EXTENT, EXTENT]²
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


class TrainingData(param.Parameterized):
    """The points training learns from, as the features the network sees, and the network shape they need.

    A change of data starts training over: `restart` is TrainingState's.
    """

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

    x_train = param.Array(doc="Training inputs (n, 2).")
    y_train = param.Array(doc="Training labels (n, 1).")
    x_test = param.Array(doc="Test inputs (n, 2).")
    y_test = param.Array(doc="Test labels (n, 1).")

    def __init__(self, **params):
        super().__init__(**params)
        self._custom = None  # the learner's own data set, as parse_csv read it
        self._grid = _grid()
        self._f_grid = feature_matrix(self._grid, self.features)
        self._f_train = self._f_test = np.zeros((0, len(self.features)))

    def restart(self) -> None:
        raise NotImplementedError("TrainingState trains from epoch 0 on the new data")

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

    # -- the network the data needs ----------------------------------------------------------
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

def _grid() -> np.ndarray:
    axis = np.linspace(-EXTENT, EXTENT, GRID)
    xx, yy = np.meshgrid(axis, axis)  # row r is x2 = axis[r], as Bokeh's image draws it
    return np.column_stack([xx.ravel(), yy.ravel()])
