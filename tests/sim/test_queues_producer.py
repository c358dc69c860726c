"""The web tier as producer: a direct call holds a request thread for the whole job, a queue only for the
send. Checked against the thread pool's queueing: below saturation the response is the sum of the holds;
above it the pool serves threads / hold per second and the rest fail at the ALB timeout."""

from __future__ import annotations

import pytest

from quizsim.content import load_library
from quizsim.content.loader import default_content_paths
from quizsim.content.resolve import resolve_scenario
from quizsim.content.scenario import Scenario
from quizsim.sim import simulate
from tests.sim.queues_support import EC2

_LIBRARY = load_library(default_content_paths())  # the web tier's m7g-large and alb profiles
OWN_MS, ALB_MS = 5.0, 1.0  # m7g-large service_ms, the ALB's overhead
JOB_MS, SEND_MS = 250.0, 20.0


def _run(delivery: str, rate_per_s: float, threads: int, *, phases: list | None = None, duration_s: float = 1800):
    scenario = Scenario.model_validate({
        "id": "t-producer",
        "duration_s": duration_s,
        "workload": {"arrival": {"rate_per_s": rate_per_s}, "phases": phases or []},
        "web": {"instances": 1},
        "store": {
            "kind": "work_queue", "delivery": delivery, "ec2": {**EC2, "instances": 10},
            "producer": {"threads_per_instance": threads, "send_ms": SEND_MS, "assumed": "test"},
            "job": {"service_time": {"dist": "deterministic", "mean_ms": JOB_MS}},
        },
    })
    return simulate(resolve_scenario(_LIBRARY, scenario), seed=5)


def test_below_saturation_a_direct_call_adds_the_job_to_the_web_response_and_a_queue_only_the_send() -> None:
    sync = _run("sync", 20, 64).summary
    queued = _run("sqs_standard", 20, 64).summary
    assert sync.web_latency_ms["mean"] == pytest.approx(ALB_MS + OWN_MS + JOB_MS, rel=0.03)
    assert queued.web_latency_ms["mean"] == pytest.approx(ALB_MS + OWN_MS + SEND_MS, rel=0.03)
    assert sync.web_errors == queued.web_errors == 0


def test_a_thread_pool_held_by_direct_calls_serves_at_most_threads_over_hold_per_second() -> None:
    rate, hold_s, duration_s = 40, (OWN_MS + JOB_MS) / 1000, 1800
    # The pool takes threads / hold_s requests a second: 12 threads (47/s) keep up with 40 a second, 9 (35/s) do not.
    enough = _run("sync", rate, 12, duration_s=duration_s).summary
    assert enough.web_errors == 0 and enough.web_latency_ms["p99"] < 2 * (ALB_MS + OWN_MS + JOB_MS) + 100
    short = _run("sync", rate, 9, duration_s=duration_s).summary
    served_per_s = 9 / hold_s
    # After the queue fills (one ALB timeout, 60 s), at least the excess fails; the rest wait close to the
    # timeout, and those whose call ends after it fail too.
    assert short.web_errors >= (rate - served_per_s) * (duration_s - 60) * 0.95
    assert short.jobs - short.web_errors <= served_per_s * duration_s
    assert short.web_latency_ms["p99"] > 50_000  # the served waited most of the timeout for a thread
    queued = _run("sqs_standard", rate, 9, duration_s=duration_s).summary
    assert queued.web_errors == 0 and queued.web_latency_ms["p99"] < 100


def test_a_spike_slows_the_web_tier_when_it_calls_the_workers_but_not_through_a_queue() -> None:
    spike = [{"at_s": 600, "rate_per_s": 200, "for_s": 600}]  # workers take 160 a second (40 threads, 250 ms)
    sync = _run("sync", 40, 64, phases=spike).summary
    queued = _run("sqs_standard", 40, 64, phases=spike).summary
    steady = _run("sqs_standard", 40, 64).summary
    assert sync.web_errors > 0 and sync.web_latency_ms["p99"] > 20 * queued.web_latency_ms["p99"]
    assert queued.web_errors == 0
    assert queued.web_latency_ms["p99"] == pytest.approx(steady.web_latency_ms["p99"], rel=0.1)


def test_the_log_says_when_the_web_tier_runs_out_of_request_threads() -> None:
    result = _run("sync", 40, 9)
    texts = [e.text for e in result.events if e.kind in ("web", "timeout")]
    assert any("all 9 request threads busy" in t for t in texts)
    assert any("waited over the 60 s ALB timeout" in t for t in texts)
