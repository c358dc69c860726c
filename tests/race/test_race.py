"""The race loop behind the consequence panel: throttled batches, errors per option, cancelling.

A scripted generator stands in for the engine here so that the limits (10,000 windows, a failing
option) are exact and quick; the pilot tests run the real engine.
"""

from __future__ import annotations

import itertools
import threading

import pytest

import quizsim.sim
from quizsim.sim.result import Update, Window
from quizsim.race.runner import MAX_BATCHES, RaceCancelled, RunPlan, race


def scripted_run(windows: int, fail_at: int | None = None):
    def run(resolved, seed, *, cancel=None):
        for i in range(windows):
            if cancel is not None and cancel.is_set():
                raise quizsim.sim.Cancelled()
            if fail_at is not None and i == fail_at:
                raise RuntimeError("store model blew up")
            yield Update(windows=[Window(float(i), 1.0, 10, {"p99": 1.0}, 0)], events=[], progress=(i + 1) / windows)
        return f"result of {resolved}"

    return run


def plans(*ids: str) -> list[RunPlan]:
    return [RunPlan(oid, resolved=oid) for oid in ids]  # the scripted run only echoes `resolved`


def fake_clock():
    ticks = itertools.count()
    return lambda: next(ticks) * 0.01  # 10 ms of "wall time" per call


def test_ten_thousand_windows_arrive_in_at_most_a_hundred_batches(monkeypatch) -> None:
    monkeypatch.setattr(quizsim.sim, "run", scripted_run(10_000))
    monkeypatch.setattr("quizsim.race.runner.YIELD_AFTER_FIRST_S", 0)
    monkeypatch.setattr("quizsim.race.runner.YIELD_AFTER_BATCH_S", 0)
    batches = []
    outcome = race(plans("a", "b"), 42, threading.Event(), batches.append, clock=fake_clock())
    assert 2 <= len(batches) <= MAX_BATCHES
    for oid in ("a", "b"):
        times = [w.t_s for batch in batches for w in batch.windows.get(oid, [])]
        assert times == [float(i) for i in range(10_000)]  # every window, once, in order
    assert outcome.results == {"a": "result of a", "b": "result of b"} and outcome.errors == {}


def test_a_failing_option_becomes_an_error_and_the_others_finish(monkeypatch) -> None:
    def run(resolved, seed, *, cancel=None):
        return scripted_run(50, fail_at=5 if resolved == "b" else None)(resolved, seed, cancel=cancel)

    monkeypatch.setattr(quizsim.sim, "run", run)
    outcome = race(plans("a", "b") + [RunPlan("c", None, "no scenario")], 1, threading.Event(), lambda b: None)
    assert outcome.results == {"a": "result of a"}
    assert outcome.errors == {"b": "RuntimeError: store model blew up", "c": "no scenario"}


def test_cancel_stops_the_race(monkeypatch) -> None:
    monkeypatch.setattr(quizsim.sim, "run", scripted_run(1_000_000))
    cancel = threading.Event()
    seen = []

    def emit(batch):
        seen.append(batch)
        cancel.set()  # the learner presses Esc as the first frame appears

    with pytest.raises(RaceCancelled):
        race(plans("a"), 1, cancel, emit)
    assert len(seen) == 1
