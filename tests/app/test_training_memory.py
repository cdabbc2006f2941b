"""Memory stays flat over 10,000 training steps: the loss history is thinned, nothing else piles up.

Measured with tracemalloc (Python allocations, NumPy's arrays included) after a garbage
collection: what is held after 10,000 steps may exceed what was held after 1,000 by at most
GROWTH_LIMIT. Both points are at the same phase of the history's thinning (1,001 entries each),
so an unbounded list anywhere on the training path, even one float a step (32 bytes, 288 kB
over 9,000 steps), goes over the limit.
"""
from __future__ import annotations

import gc
import tracemalloc

from app.state import LabState
from app.training import MAX_HISTORY, TrainingState
from app.training_view import TrainingView

GROWTH_LIMIT = 256_000  # bytes; measured growth is under 10 kB


def _network_2_8_8_1() -> LabState:
    lab = LabState(seed=3)
    lab.param.update(biases=True, activation="tanh", output_activation="sigmoid")
    lab.architecture = "2-8-8-1"
    return lab


def _held_after(training: TrainingState, checkpoints: list[int]) -> dict[int, int]:
    """Bytes held (traced) after each checkpoint's number of one_batch steps; checks the history on the way."""
    held = {}
    tracemalloc.start()
    try:
        for step in range(1, checkpoints[-1] + 1):
            assert training.one_batch(), f"training stopped at step {step}: {training.lab.message}"
            if step % 100 == 0:
                h = training.history
                assert len(h["epoch"]) <= MAX_HISTORY
                assert len({len(values) for values in h.values()}) == 1  # every curve thinned alike
            if step in checkpoints:
                gc.collect()
                held[step] = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    return held


def test_memory_is_flat_over_10000_training_steps_and_the_history_stays_capped():
    training = TrainingState(lab=_network_2_8_8_1())
    held = _held_after(training, [1_000, 10_000])
    assert held[10_000] - held[1_000] < GROWTH_LIMIT, held
    assert 0 < len(training.history["train"]) <= MAX_HISTORY
    assert training.epoch == 10_000 * training.batch_size // len(training.x_train)


def test_memory_is_flat_while_the_view_redraws_every_step():
    """The same with the figures' sources rewritten on each step, as Play does (fewer steps: it is slower)."""
    training = TrainingState(lab=_network_2_8_8_1())
    view = TrainingView(training=training)
    held = _held_after(training, [1_000, 3_000])
    assert held[3_000] - held[1_000] < GROWTH_LIMIT, held
    assert len(view.curve.data["train"]) == len(training.history["train"]) <= MAX_HISTORY
