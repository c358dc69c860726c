"""Worker tiers and fan-out: Lambda billing and scaling, EC2 scaling metrics, SNS fan-out, narrated events."""

from __future__ import annotations

import re

import pytest

from quizsim.sim.ledger import SECONDS_PER_MONTH
from tests.sim.queues_support import EC2, exp_job, run_jobs

LAMBDA = {"memory_mb": 1024, "cold_start_ms": 0, "batch_size": 10, "assumed": "test function"}
SPIKE = [{"at_s": 600, "rate_per_s": 200, "for_s": 600}]


def test_lambda_bills_gb_seconds_of_work_and_one_request_per_batch() -> None:
    summary = run_jobs(40, {"workers": "lambda", "function": LAMBDA, "job": exp_job(200)}).summary
    per_s = 40 * 0.2 * 1.0 * 0.0000166667 + 40 / 10 * 0.20 / 1e6
    assert summary.worker_cost_usd_per_month == pytest.approx(per_s * SECONDS_PER_MONTH, rel=0.05)


def test_lambda_is_cheaper_than_one_instance_for_sporadic_work_and_dearer_at_steady_load() -> None:
    sporadic = {"rate_per_s": 0.05, "duration_s": 86400}
    lam = run_jobs(sporadic["rate_per_s"], {"workers": "lambda", "function": LAMBDA, "job": exp_job(200)}, duration_s=86400)
    ec2 = run_jobs(sporadic["rate_per_s"], {"ec2": {**EC2, "instances": 1}, "job": exp_job(200)}, duration_s=86400)
    assert lam.summary.worker_cost_usd_per_month < ec2.summary.worker_cost_usd_per_month / 20
    steady_lambda = run_jobs(40, {"workers": "lambda", "function": LAMBDA, "job": exp_job(200)}, duration_s=600)
    steady_ec2 = run_jobs(40, {"ec2": EC2, "job": exp_job(200)}, duration_s=600)
    assert steady_ec2.summary.worker_cost_usd_per_month < steady_lambda.summary.worker_cost_usd_per_month
    assert steady_ec2.summary.worker_cost_usd_per_month == pytest.approx(4 * 0.0816 * 730, rel=0.01)


def test_lambda_scales_out_by_at_most_300_invocations_a_minute() -> None:
    result = run_jobs(5, {"workers": "lambda", "function": {**LAMBDA, "max_concurrency": 1000},
                          "job": exp_job(1000)}, phases=[{"at_s": 60, "rate_per_s": 1000}], duration_s=300)
    concurrency = [w.capacity["lambda_concurrency"] for w in result.windows]
    steps = [b - a for a, b in zip(concurrency, concurrency[1:])]
    window_s = result.windows[0].duration_s
    assert max(steps) <= 300 * window_s / 60 + 1
    assert max(concurrency) > 500


def test_throttles_of_a_reserved_concurrency_count_towards_max_receive_count() -> None:
    queue = {"max_receive_count": 3}
    reserved = run_jobs(40, {"workers": "lambda", "function": {**LAMBDA, "reserved_concurrency": 20}, "queue": queue, "job": exp_job(200)}, phases=SPIKE)
    capped = run_jobs(40, {"workers": "lambda", "function": {**LAMBDA, "max_concurrency": 20}, "queue": queue, "job": exp_job(200)}, phases=SPIKE)
    assert reserved.summary.lambda_throttles > 0 and reserved.summary.jobs_dead_lettered > 0
    assert capped.summary.lambda_throttles == 0 and capped.summary.jobs_dead_lettered == 0
    assert any(e.kind == "throttle" for e in reserved.events)


def test_backlog_per_instance_scales_io_bound_workers_that_cpu_never_scales() -> None:
    job = {**exp_job(250), "cpu_share": 0.3}
    cpu = run_jobs(40, {"ec2": {**EC2, "scale_on": "cpu", "target": 60}, "job": job}, phases=SPIKE)
    backlog = run_jobs(40, {"ec2": {**EC2, "scale_on": "backlog_per_instance", "target": 100}, "job": job}, phases=SPIKE)
    assert max(w.capacity["instances"] for w in cpu.windows) == 4
    assert max(w.capacity["instances"] for w in backlog.windows) == 20
    assert backlog.summary.latency_ms["p99"] < cpu.summary.latency_ms["p99"] / 5
    assert any("backlog per instance" in e.text for e in backlog.events)


def test_new_instances_take_work_only_after_their_boot_time() -> None:
    result = run_jobs(40, {"ec2": {**EC2, "scale_on": "backlog_per_instance", "target": 100, "boot_s": 300}, "job": exp_job(250)}, phases=SPIKE)
    scale = next(e for e in result.events if e.kind == "scale")
    assert "in service after 300 s" in scale.text


def test_sns_fan_out_keeps_the_other_consumers_whole_while_one_is_down() -> None:
    outage = {"consumers": 3, "consumer_outage_at_s": 600, "consumer_outage_s": 600}
    fanout = run_jobs(40, {"ec2": EC2, "job": exp_job(200), **outage}).summary
    direct = run_jobs(40, {"delivery": "sync", "ec2": EC2, "job": exp_job(200), **outage}).summary
    assert fanout.jobs_lost == 0
    assert direct.jobs_lost == pytest.approx(40 * 600, rel=0.1)
    assert fanout.cost_usd["sns publishes"] > 0


def test_the_log_says_when_the_visibility_timeout_made_work_repeat() -> None:
    result = run_jobs(0.5, {"ec2": {**EC2, "jobs_in_parallel": 40}, "job": exp_job(20_000)}, duration_s=600)
    texts = [e.text for e in result.events if e.kind == "duplicate"]
    assert texts and "visibility timeout expired on" in texts[0] and "processed again" in texts[0]


def test_a_fifo_lambda_consumer_stops_at_its_message_groups_so_a_larger_limit_throttles_nothing() -> None:
    def run(reserved: int):
        return run_jobs(40, {"delivery": "sqs_fifo", "workers": "lambda", "queue": {"message_groups": 5},
                             "function": {**LAMBDA, "reserved_concurrency": reserved}, "job": exp_job(200)}, duration_s=900)
    roomy, tight = run(100), run(2)
    # One batch per message group at a time: the mapping never invokes more than 5, so 100 is never reached.
    assert roomy.summary.lambda_throttles == 0
    assert max(w.capacity["lambda_concurrency"] for w in roomy.windows) == 5
    assert roomy.summary.throughput_per_s == pytest.approx(5 / 0.2, rel=0.05)
    # Below the groups, the concurrency limit is what binds, and the pollers' extra invocations are throttled.
    assert tight.summary.lambda_throttles > 0
    assert max(w.capacity["lambda_concurrency"] for w in tight.windows) == 2


def test_target_tracking_scales_in_gradually_while_a_long_surge_still_runs() -> None:
    surge = [{"at_s": 600, "rate_per_s": 100, "for_s": 1800}]
    ec2 = {**EC2, "scale_on": "backlog_per_instance", "target": 500, "min_instances": 4, "max_instances": 40}
    job = {"service_time": {"dist": "lognormal", "median_ms": 200, "p99_ms": 1200}, "cpu_share": 0.3}
    result = run_jobs(40, {"ec2": ec2, "job": job}, phases=surge, seed=42)
    scale = [e for e in result.events if e.kind == "scale"]
    outs = [e for e in scale if "scales out" in e.text]
    ins = [(e.t_s, *map(int, re.search(r"scales in from (\d+) to (\d+)", e.text).groups())) for e in scale if "scales in" in e.text]
    assert len(outs) == 1  # no scale-in so deep that the surge's backlog forces a second scale-out
    assert ins and ins[0][0] - outs[0].t_s >= 15 * 60  # 15 datapoints below target first
    for t, before, after in ins:
        assert 1 <= before - after <= max(1, before // 10)  # at most 10 % of the group per scale-in
    assert all(b[0] - a[0] >= 300 for a, b in zip(ins, ins[1:]))  # and one every 5 minutes at most
    during = [w.capacity["instances"] for w in result.windows if 900 <= w.t_s < 2400]
    assert min(during) >= 100 * 0.2 / 4  # never below what the surge needs (5 instances of 4 threads)
