"""Session-store latency: what each store call takes, apart from the web tier's own time.

A request's p99 carries the ALB and the application's service time (5 ms on average), which hides the
store's lesson (Redis about 25 ms against DynamoDB about 43 ms per request). The store metric shows it:
about 1.3 ms against about 21 ms per call.
"""

from __future__ import annotations

import json

import pytest

from quizsim.sim import simulate
from tests.sim.helpers import queue_run, session_run

WEB = {"instances": 6, "routing": "round_robin"}
STEADY_S = 300


def _store_run(library, store: str, web: dict | None = WEB, rate_per_s: float = 300, **kwargs):
    resolved = session_run(library, store, rate_per_s, STEADY_S, web=web, **kwargs)
    return resolved, simulate(resolved, 1)


def test_store_latency_shows_the_lesson_the_request_latency_hides(bundled_library) -> None:
    runs = {name: _store_run(bundled_library, name)[1].summary
            for name in ("redis-r7g-large-multi-az", "dynamodb-on-demand", "efs-bursting", "s3-standard")}
    redis, dynamo, efs, s3 = (runs[k] for k in runs)
    # Redis calls follow its profile (lognormal, median 0.42 ms, p99 1.29 ms): sub-millisecond-ish.
    assert redis.store_latency_ms["p50"] == pytest.approx(0.42, rel=0.1)
    assert redis.store_latency_ms["p99"] == pytest.approx(1.29, rel=0.1)
    # DynamoDB and EFS calls take milliseconds, S3's tens of milliseconds.
    assert 10 < dynamo.store_latency_ms["p99"] < 30 and 3 < dynamo.store_latency_ms["p50"] < 8
    assert 10 < efs.store_latency_ms["p99"] < 40
    assert 60 < s3.store_latency_ms["p99"] < 200 and s3.store_latency_ms["p50"] > 20
    # The store ratio is the lesson; the request ratio drowns it in the web tier's time.
    assert dynamo.store_latency_ms["p99"] / redis.store_latency_ms["p99"] > 10
    assert dynamo.latency_ms["p99"] / redis.latency_ms["p99"] < 2.5
    for s in runs.values():
        assert s.store_latency_ms["p50"] <= s.store_latency_ms["p95"] <= s.store_latency_ms["p99"] <= s.store_latency_ms["max"]
        assert s.store_latency_ms["p99"] < s.latency_ms["p99"]


def test_store_latency_ignores_web_time_and_web_queueing(bundled_library) -> None:
    roomy = _store_run(bundled_library, "redis-r7g-large-multi-az")[1].summary
    # One instance for 300 req/s of 400 it can serve: requests queue at the web tier (ρ = 0.75).
    busy = _store_run(bundled_library, "redis-r7g-large-multi-az", web={"instances": 1})[1].summary
    no_web = _store_run(bundled_library, "redis-r7g-large-multi-az", web=None)[1].summary
    assert busy.latency_ms["p99"] > 1.5 * roomy.latency_ms["p99"]
    assert busy.store_latency_ms["p99"] == pytest.approx(roomy.store_latency_ms["p99"], rel=0.05)
    assert no_web.store_latency_ms["p99"] == pytest.approx(roomy.store_latency_ms["p99"], rel=0.05)
    assert no_web.latency_ms["p99"] < 0.5 * roomy.latency_ms["p99"]


def test_store_latency_includes_queueing_and_retries_at_the_store(bundled_library) -> None:
    writes_only = {"reads_per_request": 0, "writes_per_request": 1}
    # S3 above 3,500 writes/s on one prefix: 503 Slow Down, SDK retries with backoff inside each call.
    calm = _store_run(bundled_library, "s3-standard", web=None, rate_per_s=3000, sessions=writes_only)[1].summary
    slow_down = _store_run(bundled_library, "s3-standard", web=None, rate_per_s=5000, sessions=writes_only)[1].summary
    assert slow_down.errors.get("slow_down", 0) > 0
    assert slow_down.store_latency_ms["p99"] > 1.5 * calm.store_latency_ms["p99"]
    # Redis held to 1,000 ops/s facing 600: calls wait for the node (M/D/1 at ρ = 0.6).
    fast = _store_run(bundled_library, "redis-t4g-small-single", web=None)[1].summary
    queued = _store_run(bundled_library, "redis-t4g-small-single", web=None,
                        store_set={"node.max_ops_per_s": 1000})[1].summary
    assert queued.store_latency_ms["mean"] > fast.store_latency_ms["mean"] + 0.3
    assert queued.store_latency_ms["p99"] > fast.store_latency_ms["p99"] + 1.0


def test_a_bare_queue_reports_its_response_time_as_store_latency() -> None:
    # 2,000 jobs/s, then 15,000/s for 100 s: windows are sampled with different weights, and the
    # store histogram must weight them exactly as the request histogram does.
    run = queue_run(2000, 40, {"dist": "exponential", "mean_ms": 2}, 600,
                    phases=[{"at_s": 200, "rate_per_s": 15000, "for_s": 100}])
    result = simulate(run, 3)
    assert result.summary.sample_fraction < 1
    assert result.summary.store_latency_ms == result.summary.latency_ms
    assert all(w.store_latency_ms == {"p50": w.latency_ms["p50"], "p99": w.latency_ms["p99"]} for w in result.windows)


def test_json_carries_store_latency_per_window_and_for_the_run(bundled_library) -> None:
    resolved, first = _store_run(bundled_library, "dynamodb-on-demand")
    again = simulate(resolved, 1)
    text = json.dumps(first.to_json(), sort_keys=True)
    assert text == json.dumps(again.to_json(), sort_keys=True)
    data = first.to_json()
    assert set(data["summary"]["store_latency_ms"]) == {"mean", "p50", "p95", "p99", "max"}
    assert all(set(w["store_latency_ms"]) == {"p50", "p99"} for w in data["windows"])
    assert data["windows"][5]["store_latency_ms"]["p99"] > data["windows"][5]["store_latency_ms"]["p50"] > 0


def test_the_judge_reads_the_store_metrics(bundled_library) -> None:
    from quizsim.content.question import Judge
    from quizsim.metric_table import METRICS
    from quizsim.verdict.judge import metric_value

    resolved, result = _store_run(bundled_library, "redis-r7g-large-multi-az")
    assert metric_value("store_p99_latency_ms", result) == result.summary.store_latency_ms["p99"]
    assert metric_value("store_p50_latency_ms", result) == result.summary.store_latency_ms["p50"]
    assert Judge(metric="store_p99_latency_ms").description == METRICS["store_p99_latency_ms"].description
    assert "session-store" in Judge(metric="store_p99_latency_ms").description
