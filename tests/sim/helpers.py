"""Helpers for the simulation tests: build runs without YAML, and the queueing-theory oracles."""

from __future__ import annotations

import math
from typing import Any

from quizsim.content.backends import BackendAdapter
from quizsim.content.resolve import ResolvedScenario
from quizsim.content.scenario import Scenario
from quizsim.sim.result import Result


def queue_run(rate_per_s: float, servers: int, service: dict[str, Any], duration_s: float, phases: list | None = None) -> ResolvedScenario:
    """A bare generic-queue scenario, resolved."""
    store = {"kind": "queue", "id": "q", "title": "q", "servers": servers, "service_time": service}
    scenario = Scenario.model_validate({
        "id": "queue-test", "duration_s": duration_s,
        "workload": {"arrival": {"rate_per_s": rate_per_s}, "phases": phases or []},
        "store": store,
    })
    return ResolvedScenario(scenario=scenario, store=BackendAdapter.validate_python(store), instance=None, load_balancer=None)


def erlang_c_wait_s(lam: float, mu: float, c: int) -> float:
    """Mean wait in queue of M/M/c (aws-facts.md, queueing theory)."""
    a = lam / mu
    rho = a / c
    head = sum(a**k / math.factorial(k) for k in range(c))
    tail = a**c / math.factorial(c) / (1 - rho)
    return tail / (head + tail) / (c * mu - lam)


def pk_wait_s(lam: float, mean_s: float, second_moment_s2: float) -> float:
    """Pollaczek–Khinchine mean wait of M/G/1."""
    rho = lam * mean_s
    return lam * second_moment_s2 / (2 * (1 - rho))


def mean_wait_after_s(result: Result, warmup_s: float) -> float:
    """Request-weighted mean wait (s) over the windows after the warm-up."""
    rows = [w for w in result.windows if w.t_s >= warmup_s]
    total = sum(w.requests for w in rows)
    return sum(w.wait_ms_mean * w.requests for w in rows) / total / 1000.0


def session_run(
    library, store: str, rate_per_s: float, duration_s: float, *, web: dict | None = None,
    sessions: dict | None = None, phases: list | None = None, faults: list | None = None,
    store_set: dict | None = None, start_clock: str = "10:00",
) -> ResolvedScenario:
    """A session scenario on a bundled backend profile, resolved (store_set: overrides inside the profile)."""
    from quizsim.content.resolve import resolve_scenario

    data = {
        "id": "session-test", "duration_s": duration_s, "start_clock": start_clock,
        "workload": {
            "arrival": {"rate_per_s": rate_per_s}, "phases": phases or [],
            "sessions": {"requests_per_session": 20, "think_time_s": 30, "reads_per_request": 1,
                         "writes_per_request": 1, "size_kb": 1, "ttl_s": 1800, **(sessions or {})},
        },
        "store": {"backend": store, "set": store_set or {}},
        "faults": faults or [],
    }
    if web is not None:
        data["web"] = {"instance": "m7g-large", **web}
    return resolve_scenario(library, Scenario.model_validate(data))


def events_of(result: Result, kind: str) -> list:
    return [e for e in result.events if e.kind == kind]


def errors_between(result: Result, kind: str, t0: float, t1: float) -> int:
    return sum(w.errors_by_kind.get(kind, 0) for w in result.windows if t0 <= w.t_s < t1)
