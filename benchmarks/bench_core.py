"""Time per training epoch of a 2-8-8-1 tanh network: core vs PyTorch vs a per-sample NumPy loop.

    .venv/bin/python benchmarks/bench_core.py            # one BLAS/torch thread (the default)
    .venv/bin/python benchmarks/bench_core.py --threads 2
    .venv/bin/python benchmarks/bench_core.py --quick    # fewer repeats, for a smoke run

The network: 2 inputs, two hidden layers of 8 tanh units, 1 sigmoid output, biases, float64,
plain SGD on ½Σ(y − ŷ)² averaged over the batch, learning rate 0.1, the spiral data set.
An epoch is what core.train does: shuffle (unless full batch), one step per batch, then the
loss over the whole data set. All three contestants do exactly that. Each figure is the
best of several repeats, because other work on the machine can only make a run slower.
A script, not a test: it prints a table and checks the issue's targets.
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

ARGS = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ARGS.add_argument("--threads", type=int, default=1,
                  help="threads for NumPy's BLAS and for PyTorch (default 1: the arrays are 8 wide)")
ARGS.add_argument("--quick", action="store_true", help="fewer repeats: a smoke run, noisier figures")
ARGS.add_argument("--no-torch", action="store_true", help="skip PyTorch")
OPTIONS = ARGS.parse_args()

# Thread counts must be set before NumPy (OpenBLAS) and PyTorch load.
for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = str(OPTIONS.threads)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import numpy as np  # noqa: E402

from core import Network, make_dataset, train, train_step  # noqa: E402

try:
    import torch
except ImportError:  # the table then says so
    torch = None
if OPTIONS.no_torch:
    torch = None

SIZES = [2, 8, 8, 1]
LEARNING_RATE = 0.1
POINTS = (250, 1000, 10_000)
BATCHES = (None, 10)  # None: full batch
# Many short repeats, keeping the fastest: on a shared machine a short repeat has a fair
# chance of running uninterrupted, and interruptions only ever add time.
REPEATS = 3 if OPTIONS.quick else 20  # at most, per figure
REPEAT_SECONDS = 0.02  # the length of one repeat, in whole epochs (at least one)
BUDGET_SECONDS = 0.3 if OPTIONS.quick else 3.0  # at most, per figure, beyond 3 repeats


def data(n):
    x, y = make_dataset("spiral", n=n, noise=0.1, seed=0)
    return x, y


def best_of(run, repeats=REPEATS):
    """The fastest of `repeats` runs of run(), in seconds."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def per_epoch(run_epochs):
    """Seconds per epoch, the best of up to REPEATS repeats of about REPEAT_SECONDS each."""
    start = time.perf_counter()
    run_epochs(1)  # also warms up: buffers, caches, torch's autograd graph
    one = max(time.perf_counter() - start, 1e-9)
    epochs = max(1, int(REPEAT_SECONDS / one))
    repeats = max(3, min(REPEATS, int(BUDGET_SECONDS / (epochs * one))))
    return best_of(lambda: run_epochs(epochs), repeats) / epochs


# -- (a) the core -----------------------------------------------------------------------
def core_epochs(x, y, batch):
    net = Network.random(SIZES, seed=0, activation="tanh", output_activation="sigmoid", biases=True)
    return lambda epochs: train(net, x, y, epochs=epochs, batch_size=batch, learning_rate=LEARNING_RATE)


# -- (b) PyTorch ------------------------------------------------------------------------
def torch_model():
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(2, 8), torch.nn.Tanh(),
        torch.nn.Linear(8, 8), torch.nn.Tanh(),
        torch.nn.Linear(8, 1), torch.nn.Sigmoid(),
    ).double()
    return model, torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)


def torch_loss(model, x, y):
    return 0.5 * ((y - model(x)) ** 2).sum() / x.shape[0]


def torch_epochs(x, y, batch):
    model, optimiser = torch_model()
    tx, ty = torch.from_numpy(x), torch.from_numpy(y)
    n = len(x)
    generator = torch.Generator().manual_seed(0)

    def run(epochs):
        for _ in range(epochs):
            if batch is None:
                xs, ys, size = tx, ty, n
            else:
                order = torch.randperm(n, generator=generator)
                xs, ys, size = tx[order], ty[order], batch
            for start in range(0, n, size):
                optimiser.zero_grad()
                torch_loss(model, xs[start:start + size], ys[start:start + size]).backward()
                optimiser.step()
            with torch.no_grad():
                float(torch_loss(model, tx, ty))

    return run


# -- (c) a plain per-sample NumPy loop, as the lesson writes it ---------------------------
def plain_sigmoid(h):
    return 1 / (1 + np.exp(-h))


def plain_epochs(x, y, batch):
    rng = np.random.default_rng(0)
    net = Network.random(SIZES, seed=0, activation="tanh", output_activation="sigmoid", biases=True)
    w1, w2, w3 = (w.copy() for w in net.weights)
    b1, b2, b3 = (b.copy() for b in net.biases)
    n = len(x)
    size = n if batch is None else batch

    def run(epochs):
        nonlocal w1, w2, w3, b1, b2, b3
        for _ in range(epochs):
            order = np.arange(n) if batch is None else rng.permutation(n)
            for start in range(0, n, size):
                rows = order[start:start + size]
                dw1, dw2, dw3 = np.zeros_like(w1), np.zeros_like(w2), np.zeros_like(w3)
                db1, db2, db3 = np.zeros_like(b1), np.zeros_like(b2), np.zeros_like(b3)
                for i in rows:
                    xi, yi = x[i], y[i]
                    a1 = np.tanh(np.dot(xi, w1) + b1)
                    a2 = np.tanh(np.dot(a1, w2) + b2)
                    out = plain_sigmoid(np.dot(a2, w3) + b3)
                    error = yi - out
                    d3 = error * out * (1 - out)
                    d2 = np.dot(w3, d3) * (1 - a2 ** 2)
                    d1 = np.dot(w2, d2) * (1 - a1 ** 2)
                    dw3 += d3 * a2[:, None]
                    dw2 += d2 * a1[:, None]
                    dw1 += d1 * xi[:, None]
                    db3 += d3
                    db2 += d2
                    db1 += d1
                step = LEARNING_RATE / len(rows)
                w1 += step * dw1
                w2 += step * dw2
                w3 += step * dw3
                b1 += step * db1
                b2 += step * db2
                b3 += step * db3
            total = 0.0
            for i in range(n):
                out = plain_sigmoid(np.dot(np.tanh(np.dot(np.tanh(np.dot(x[i], w1) + b1), w2) + b2), w3) + b3)
                total += 0.5 * float(np.sum((y[i] - out) ** 2))
            _ = total / n

    return run


# -- microseconds per step at batch size 10 ----------------------------------------------
def step_microseconds():
    x, y = data(10)
    rows = {}
    net = Network.random(SIZES, seed=0, activation="tanh", output_activation="sigmoid", biases=True)
    calls = 400  # a repeat of about 10 ms
    rows["core.train_step"] = best_of(lambda: [train_step(net, x, y, LEARNING_RATE) for _ in range(calls)],
                                      repeats=10 * REPEATS) / calls
    general = Network.random(SIZES, seed=0, activation="tanh", output_activation="sigmoid", biases=True)

    def three_phases():
        for _ in range(calls // 4):
            general.apply(general.backward(general.forward(x), y, LEARNING_RATE))
    rows["Network.forward + backward + apply (checked)"] = best_of(three_phases, repeats=10 * REPEATS) / (calls // 4)
    if torch is not None:
        model, optimiser = torch_model()
        tx, ty = torch.from_numpy(x), torch.from_numpy(y)

        def torch_steps():
            for _ in range(calls // 4):
                optimiser.zero_grad()
                torch_loss(model, tx, ty).backward()
                optimiser.step()
        rows["PyTorch (zero_grad, forward, backward, step)"] = best_of(torch_steps, repeats=10 * REPEATS) / (calls // 4)
    plain = plain_epochs(x, y, 10)
    rows["per-sample NumPy loop (one batch of 10, plus its loss)"] = best_of(lambda: plain(20), repeats=10) / 20
    return {k: v * 1e6 for k, v in rows.items()}


def machine():
    lines = [f"Python {platform.python_version()}, NumPy {np.__version__}"
             + (f", PyTorch {torch.__version__}" if torch is not None else ", PyTorch not installed")]
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown")
    lines.append(f"CPU: {model}, {os.cpu_count()} logical cores; load average {os.getloadavg()[0]:.1f}")
    try:
        from threadpoolctl import threadpool_info
        for pool in threadpool_info():
            lines.append(f"BLAS: {pool.get('internal_api')} {pool.get('version')} "
                         f"kernel {pool.get('architecture')}, {pool.get('num_threads')} thread(s)")
    except ImportError:
        lines.append("BLAS: (install threadpoolctl to see which kernel runs)")
    if torch is not None:
        torch.set_num_threads(OPTIONS.threads)
        torch.set_num_interop_threads(1)
        lines.append(f"PyTorch threads: {torch.get_num_threads()}")
    for variable in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        lines.append(f"{variable}={os.environ.get(variable, '(unset)')}")
    return lines


def main():
    for line in machine():
        print(line)
    print(f"threads: {OPTIONS.threads}; each figure is the best of up to {REPEATS} short repeats\n")
    results = {}
    header = f"| {'points':>6} | {'batch':>5} | {'core ms/epoch':>13} | {'PyTorch ms/epoch':>16} | " \
             f"{'per-sample NumPy ms/epoch':>25} | {'PyTorch / core':>14} |"
    print(header)
    print("|" + "|".join("-" * (len(cell)) for cell in header.split("|")[1:-1]) + "|")
    for n in POINTS:
        x, y = data(n)
        for batch in BATCHES:
            core_s = per_epoch(core_epochs(x, y, batch))
            torch_s = per_epoch(torch_epochs(x, y, batch)) if torch is not None else float("nan")
            plain_run = plain_epochs(x, y, batch)
            plain_s = best_of(lambda: plain_run(1), repeats=1 if n >= 10_000 else 3)
            results[n, batch] = core_s, torch_s
            label = "full" if batch is None else str(batch)
            print(f"| {n:>6,} | {label:>5} | {core_s * 1e3:>13.3f} | {torch_s * 1e3:>16.3f} | "
                  f"{plain_s * 1e3:>25.1f} | {torch_s / core_s:>13.1f}x |", flush=True)
    print()
    steps = step_microseconds()
    inside_train = results[1000, 10][0] / (1000 / 10) * 1e6
    print("| one step at batch size 10 (forward, backward, apply) | µs |")
    print("|---|---|")
    print(f"| core.train, per step (epoch time / 100 steps, 1,000 points) | {inside_train:.1f} |")
    for name, us in steps.items():
        print(f"| {name} | {us:.1f} |")
    print()
    if torch is not None:
        speedup_250 = results[250, None][1] / results[250, None][0]
        ratio_10k = results[10_000, None][1] / results[10_000, None][0]
        print(f"target: full batch, 250 points, at least 3x faster than PyTorch: {speedup_250:.1f}x "
              f"-> {'met' if speedup_250 >= 3 else 'MISSED'}")
        print(f"target: full batch, 10,000 points, never slower than PyTorch: {ratio_10k:.1f}x "
              f"-> {'met' if ratio_10k >= 1 else 'MISSED'}")
    step_us = steps["core.train_step"]
    print(f"target: a step at batch size 10 below ~25 µs: core.train_step {step_us:.1f} µs "
          f"-> {'met' if step_us < 25 else 'MISSED'} (inside train, with the epoch's shuffle and "
          f"loss shared out: {inside_train:.1f} µs)")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
