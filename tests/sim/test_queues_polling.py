"""SQS polling and request billing against the mechanism: idle pollers repeat a receive every poll cycle
(the long-poll wait, or the short-poll interval), every receive is billed, and each 64 KB chunk of a
payload is a request of its own."""

from __future__ import annotations

import math
import re

import pytest

from tests.sim.queues_support import EC2, exp_job, run_jobs

THREADS = 16  # EC2: 4 instances x 4 jobs in parallel, each thread polling on its own
HOUR_S = 3600
SHORT_S = 0.05  # the short-polling interval the profile assumes by default


def _empty_per_s(rate_per_s: float, idle_pollers: float, cycle_s: float) -> float:
    """A cycle of an idle poller ends empty when none of the messages reached it: P = exp(-λc/I)."""
    x = rate_per_s * cycle_s / idle_pollers
    return idle_pollers / cycle_s if x == 0 else rate_per_s / math.expm1(x)


def test_on_an_idle_queue_long_polling_cuts_empty_receives_by_the_wait_over_the_short_interval() -> None:
    short = run_jobs(0.001, {"ec2": EC2, "queue": {"receive_wait_s": 0}, "job": exp_job(200)}).summary
    long = run_jobs(0.001, {"ec2": EC2, "queue": {"receive_wait_s": 20}, "job": exp_job(200)}).summary
    assert short.sqs_empty_receives == pytest.approx(THREADS * HOUR_S / SHORT_S, rel=0.01)
    assert long.sqs_empty_receives == pytest.approx(THREADS * HOUR_S / 20, rel=0.01)
    assert short.sqs_empty_receives / long.sqs_empty_receives == pytest.approx(20 / SHORT_S, rel=0.02)
    # Every empty receive is a billed request: a month of the idle short-polling fleet costs about $20.
    month_s = 730 * 3600
    assert short.queue_cost_usd_per_month == pytest.approx(THREADS / SHORT_S * month_s * 0.40e-6, rel=0.02)
    assert long.queue_cost_usd_per_month < short.queue_cost_usd_per_month / 300


def test_under_load_empty_receives_follow_the_idle_threads_and_the_message_rate() -> None:
    rate, mean_s = 40, 0.25
    idle = THREADS - rate * mean_s  # threads not working, on average
    short = run_jobs(rate, {"ec2": EC2, "queue": {"receive_wait_s": 0}, "job": exp_job(mean_s * 1000)}).summary
    long = run_jobs(rate, {"ec2": EC2, "queue": {"receive_wait_s": 20}, "job": exp_job(mean_s * 1000)}).summary
    assert short.sqs_empty_receives == pytest.approx(_empty_per_s(rate, idle, SHORT_S) * HOUR_S, rel=0.05)
    # 40 messages a second reach 6 waiting threads long before 20 s pass: a long poll almost never ends empty.
    assert long.sqs_empty_receives < 1
    assert short.queue_cost_usd_per_month > 1.5 * long.queue_cost_usd_per_month


def test_each_64_kb_chunk_of_a_send_and_a_receive_is_a_request_and_a_delete_is_one() -> None:
    store = {"ec2": EC2, "job": {**exp_job(200), "size_kb": 200}}
    summary = run_jobs(20, store, duration_s=600).summary
    chunks = math.ceil(200 / 64)  # 4
    per_message = chunks + chunks + 1
    processed = summary.jobs  # every job is received and deleted once (no redelivery here)
    assert summary.jobs_processed_twice == 0
    assert summary.sqs_requests - summary.sqs_empty_receives == pytest.approx(processed * per_message, rel=0.01)
    assert summary.cost_usd["sqs requests"] == pytest.approx(summary.sqs_requests * 0.40e-6, rel=0.01)


def test_a_lambda_event_source_mapping_long_polls_an_idle_queue() -> None:
    store = {"workers": "lambda", "function": {"assumed": "test function"}, "job": exp_job(200)}
    summary = run_jobs(0.001, store).summary
    assert summary.sqs_empty_receives == pytest.approx(5 * HOUR_S / 20, rel=0.02)  # five pollers, 20 s waits


def test_the_log_reports_empty_receives_and_what_they_cost() -> None:
    result = run_jobs(0.001, {"ec2": EC2, "queue": {"receive_wait_s": 0}, "job": exp_job(200)})
    texts = [e.text for e in result.events if e.kind.startswith("polling")]
    assert len(texts) == 2  # when they start, and their total when the run ends (not one line every few minutes)
    assert "short polling every 50 ms" in texts[0]
    per_minute = int(re.search(r"about ([\d,]+) empty receives a minute", texts[0]).group(1).replace(",", ""))
    assert per_minute == pytest.approx(THREADS / SHORT_S * 60, rel=0.02)
    total = int(re.search(r"about ([\d,]+) empty receives in all", texts[1]).group(1).replace(",", ""))
    assert total == result.summary.sqs_empty_receives == pytest.approx(THREADS / SHORT_S * HOUR_S, rel=0.02)
    assert texts[1].startswith("10:00 ") and "(09:00–10:00)" in texts[1] and "billed $0.46" in texts[1]


def test_a_queue_left_at_its_defaults_short_polls_as_sqs_does() -> None:
    # SQS's ReceiveMessageWaitTimeSeconds defaults to 0: without a setting, idle threads poll every 50 ms.
    default = run_jobs(0.001, {"ec2": EC2, "job": exp_job(200)}).summary
    assert default.sqs_empty_receives == pytest.approx(THREADS * HOUR_S / SHORT_S, rel=0.01)
