"""Training's Play loop and the redraw debounce keep going on Pyodide's event loop when frames are slow."""
from __future__ import annotations

import heapq
import itertools

import pytest

import app.pacing as pacing
import app.repeating as repeating


class WebLoopClock:
    """The part of Pyodide 0.27's WebLoop these timers use: it refuses a delay below zero (where
    asyncio runs the callback at once), its `call_at` reads the clock again, and time passes
    while a callback runs."""

    def __init__(self):
        self.now = 0.0
        self._due = []
        self._order = itertools.count()

    def time(self) -> float:
        self.now += 1e-6  # every reading of the clock comes a little later than the one before
        return self.now

    def call_later(self, delay, callback, *args):
        if delay < 0:
            raise ValueError("Can't schedule in the past")
        handle = Handle(callback, args)
        heapq.heappush(self._due, (self.now + delay, next(self._order), handle))
        return handle

    def call_at(self, when, callback, *args):
        return self.call_later(when - self.time(), callback, *args)

    def run_until(self, end: float) -> None:
        while self._due and self._due[0][0] <= end:
            when, _, handle = heapq.heappop(self._due)
            self.now = max(self.now, when)
            if not handle.cancelled:
                handle.callback(*handle.args)


class Handle:
    def __init__(self, callback, args):
        self.callback, self.args, self.cancelled = callback, args, False

    def cancel(self):
        self.cancelled = True


@pytest.fixture
def web_loop(monkeypatch):
    loop = WebLoopClock()
    monkeypatch.setattr(repeating, "in_pyodide", lambda: True)
    monkeypatch.setattr(repeating, "timer_loop", lambda: loop)
    return loop


def test_play_keeps_going_when_each_frame_takes_longer_than_its_period(web_loop):
    frames = []

    def slow_frame():  # an epoch and its redraw taking 50 ms, longer than the 30 ms period
        frames.append(web_loop.now)
        web_loop.now += 0.05

    play = repeating.Repeating(slow_frame, period_ms=30)
    web_loop.run_until(2.0)
    play.stop()
    assert len(frames) > 30  # one frame after the other, none lost, for as long as Play runs
    n = len(frames)
    web_loop.run_until(4.0)
    assert len(frames) == n  # and none once stopped


def test_play_keeps_its_period_when_frames_are_quick(web_loop):
    frames = []
    play = repeating.Repeating(lambda: frames.append(web_loop.now), period_ms=30)
    web_loop.run_until(0.31)
    play.stop()
    assert len(frames) == 10


def test_the_debounce_runs_once_after_asks_that_come_while_it_waits(web_loop, monkeypatch):
    monkeypatch.setattr(pacing, "timer_loop", lambda: web_loop)
    monkeypatch.setattr(pacing, "in_pyodide", lambda: True)
    runs = []
    later = pacing.Trailing(lambda: runs.append(web_loop.now), wait_ms=150)
    for _ in range(5):  # a drag: an ask every 100 ms, each putting the run off again
        later()
        web_loop.run_until(web_loop.now + 0.1)
    assert runs == []
    web_loop.run_until(web_loop.now + 0.2)
    assert len(runs) == 1
