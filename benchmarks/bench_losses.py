"""Epoch time of core.train for each loss and penalty, against PyTorch on the CPU (a benchmark, not a test).

    bash .ci/setup bench            # torch 2.13.0, from local disk
    .venv/bin/python benchmarks/bench_losses.py [--epochs 30] [--points 500] [--batch 10]

The same network (2-8-8-K tanh with biases), the same data (the 2-class spiral, or the 3-class
spiral for softmax), the same batches and plain SGD on both sides; PyTorch with one thread, as
the page's training runs on one core. Prints a Markdown table of milliseconds per epoch
(median of the epochs) and the final loss of each, which must agree: the same arithmetic.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from core import Network, make_dataset  # noqa: E402
from core.training import train  # noqa: E402

CASES = [  # (label, loss, output, data set, l1, l2)
    ("squared error, sigmoid", "squared_error", "sigmoid", "spiral", 0.0, 0.0),
    ("cross-entropy, sigmoid", "cross_entropy", "sigmoid", "spiral", 0.0, 0.0),
    ("cross-entropy, softmax (3 classes)", "cross_entropy", "softmax", "spiral3", 0.0, 0.0),
    ("cross-entropy, sigmoid, L2 0.001", "cross_entropy", "sigmoid", "spiral", 0.0, 0.001),
    ("cross-entropy, sigmoid, L1 0.001", "cross_entropy", "sigmoid", "spiral", 0.001, 0.0),
]


def ours(net: Network, x, y, epochs, batch, eta, l1, l2):
    times, history = [], []
    for _ in range(epochs):
        start = time.perf_counter()
        history.append(train(net, x, y, epochs=1, batch_size=batch, learning_rate=eta, seed=None, l1=l1, l2=l2)[0])
        times.append(time.perf_counter() - start)
    return statistics.median(times), history[-1]


def theirs(net: Network, x, y, epochs, batch, eta, l1, l2, loss, output):
    import torch

    torch.set_num_threads(1)
    params = []
    for w, b in zip(net.weights, net.biases):
        params += [torch.tensor(w, requires_grad=True), torch.tensor(b, requires_grad=True)]
    weights = params[0::2]
    xt, yt = torch.tensor(x), torch.tensor(y)
    optimiser = torch.optim.SGD(params, lr=eta)

    def forward(xb):
        a = xb
        for l in range(0, len(params) - 2, 2):
            a = torch.tanh(a @ params[l] + params[l + 1])
        return a @ params[-2] + params[-1]  # h of the output layer

    def objective(xb, yb):
        h = forward(xb)
        if loss == "squared_error":
            data = 0.5 * ((yb - torch.sigmoid(h)) ** 2).sum(dim=1).mean()
        elif output == "softmax":
            data = -(yb * torch.log_softmax(h, dim=1)).sum(dim=1).mean()
        else:
            data = torch.nn.functional.binary_cross_entropy_with_logits(h, yb, reduction="sum") / len(xb)
        penalty = sum(l2 * 0.5 * (w * w).sum() + l1 * w.abs().sum() for w in weights)
        return data + penalty

    times = []
    for _ in range(epochs):
        start = time.perf_counter()
        order = torch.randperm(len(xt))
        for i in range(0, len(xt), batch):
            take = order[i:i + batch]
            optimiser.zero_grad()
            objective(xt[take], yt[take]).backward()
            optimiser.step()
        with torch.no_grad():
            final = float(objective(xt, yt))
        times.append(time.perf_counter() - start)
    return statistics.median(times), final


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--points", type=int, default=500)
    ap.add_argument("--batch", type=int, default=10)
    a = ap.parse_args()
    try:
        import torch  # noqa: F401
        have_torch = True
    except ImportError:
        have_torch = False
        print("(torch is not installed: bash .ci/setup bench)")
    print(f"{a.points} points, batch {a.batch}, 2-8-8-K tanh with biases, η = 0.1, median of {a.epochs} epochs\n")
    print("| loss | ours, ms/epoch | PyTorch, ms/epoch | ours / PyTorch | final loss, ours | final loss, PyTorch |")
    print("|---|---|---|---|---|---|")
    for label, loss, output, data, l1, l2 in CASES:
        x, y = make_dataset(data, n=a.points, seed=0)
        net = Network.random([2, 8, 8, y.shape[1]], seed=0, activation="tanh", output_activation=output,
                             biases=True, loss=loss)
        mine, mine_loss = ours(net.copy(), x, y, a.epochs, a.batch, 0.1, l1, l2)
        if have_torch:
            other, other_loss = theirs(net.copy(), x, y, a.epochs, a.batch, 0.1, l1, l2, loss, output)
            print(f"| {label} | {1e3 * mine:.2f} | {1e3 * other:.2f} | {mine / other:.2f} | {mine_loss:.4f} | {other_loss:.4f} |")
        else:
            print(f"| {label} | {1e3 * mine:.2f} | – | – | {mine_loss:.4f} | – |")


if __name__ == "__main__":
    main()
