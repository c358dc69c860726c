"""The engine contract other parts code against: run() streams, returns a Result, cancels; determinism."""

from __future__ import annotations

import json
import threading

import pytest

from quizsim.sim import Cancelled, Result, Update, run, simulate
from tests.sim.helpers import queue_run, session_run


def test_run_streams_windows_and_events_then_returns_the_result(bundled_library) -> None:
    resolved = session_run(bundled_library, "redis-r7g-large-multi-az", 300, 1200, web={"instances": 4},
                           faults=[{"at_s": 600, "kind": "instance_failure"}])
    gen = run(resolved, 7)
    updates: list[Update] = []
    while True:
        try:
            updates.append(next(gen))
        except StopIteration as stop:
            result = stop.value
            break
    assert isinstance(result, Result)
    progress = [u.progress for u in updates]
    assert progress == sorted(progress) and progress[-1] == 1.0
    streamed = [w for u in updates for w in u.windows]
    assert streamed == result.windows
    assert [e for u in updates for e in u.events] == result.events
    assert any("web-1 failed" in e.text and e.text.startswith("10:10") for e in result.events)
    assert sum(w.requests for w in result.windows) == result.summary.requests


def test_same_seed_same_bytes_other_seed_other_numbers(bundled_library) -> None:
    resolved = session_run(bundled_library, "dynamodb-provisioned-autoscaling", 2000, 900, web={"instances": 8},
                           phases=[{"at_s": 300, "rate_per_s": 6000, "for_s": 300}])
    a = json.dumps(simulate(resolved, 3).to_json())
    b = json.dumps(simulate(resolved, 3).to_json())
    c = json.dumps(simulate(resolved, 4).to_json())
    assert a == b
    assert a != c


def test_cancel_event_stops_a_run(bundled_library) -> None:
    cancel = threading.Event()
    gen = run(queue_run(900, 10, {"dist": "exponential", "mean_ms": 10}, 3600), 1, cancel=cancel)
    next(gen)
    cancel.set()
    with pytest.raises(Cancelled):
        next(gen)


def test_closing_the_generator_stops_it() -> None:
    gen = run(queue_run(900, 10, {"dist": "exponential", "mean_ms": 10}, 3600), 1)
    next(gen)
    gen.close()
    with pytest.raises(StopIteration):
        next(gen)


def test_json_has_the_documented_fields(bundled_library) -> None:
    data = simulate(session_run(bundled_library, "dynamodb-on-demand", 100, 300, web={"instances": 2}), 1).to_json()
    assert {"scenario", "option", "correct", "seed", "store", "summary", "windows", "events"} <= set(data)
    summary = data["summary"]
    assert {"mean", "p50", "p95", "p99", "max"} <= set(summary["latency_ms"])
    assert "mean" in summary["wait_ms"] and "total" in summary["errors"] and "total" in summary["cost_usd"]
    assert isinstance(summary["sessions_lost"], int) and isinstance(summary["requests"], int)
    window = data["windows"][0]
    assert {"t_s", "requests", "latency_ms", "errors", "sessions_lost", "cost_usd"} <= set(window)
    assert {"p50", "p99"} <= set(window["latency_ms"])


def test_window_size_does_not_change_the_answer() -> None:
    """The same queue seen through 1 s and 10 s windows: the same mean wait within noise."""
    from quizsim.sim import windowing

    spec = {"dist": "exponential", "mean_ms": 2.0}
    default = [simulate(queue_run(1600, 4, spec, 360), s).summary.wait_ms["mean"] for s in range(4)]
    saved = windowing.TARGET_WINDOWS
    try:
        windowing.TARGET_WINDOWS = 36  # 10 s windows instead of 1 s
        coarse = [simulate(queue_run(1600, 4, spec, 360), s).summary for s in range(4)]
    finally:
        windowing.TARGET_WINDOWS = saved
    assert coarse[0].window_s == 10
    assert sum(s.wait_ms["mean"] for s in coarse) / 4 == pytest.approx(sum(default) / 4, rel=0.05)


def test_sampling_above_the_bound_gives_the_same_answer_within_noise(bundled_library) -> None:
    """A session scenario simulated request by request, and with 1 in 10 requests standing for the rest."""
    from quizsim.sim import windowing

    resolved = session_run(bundled_library, "redis-r7g-large-multi-az", 400, 600, web={"instances": 4})
    exact_runs, sampled_runs = [], []
    saved = windowing.MAX_SIMULATED_PER_WINDOW_SESSIONS
    try:
        windowing.MAX_SIMULATED_PER_WINDOW_SESSIONS = 10**9
        exact_runs = [simulate(resolved, s).summary for s in range(3)]
        windowing.MAX_SIMULATED_PER_WINDOW_SESSIONS = 80  # 400/s × 2 s windows = 800: sample 1 in 10
        sampled_runs = [simulate(resolved, s).summary for s in range(3)]
    finally:
        windowing.MAX_SIMULATED_PER_WINDOW_SESSIONS = saved
    assert exact_runs[0].sample_fraction == 1.0 and sampled_runs[0].sample_fraction < 0.2
    for key in ("p50", "p95", "mean"):
        exact = sum(s.latency_ms[key] for s in exact_runs) / 3
        sampled = sum(s.latency_ms[key] for s in sampled_runs) / 3
        assert sampled == pytest.approx(exact, rel=0.06), key
    assert sum(s.requests for s in sampled_runs) == pytest.approx(sum(s.requests for s in exact_runs), rel=0.01)
