"""A producer that repeats a send after a lost response: a standard queue delivers both copies (processed
twice); a FIFO queue drops a repeat carrying the same deduplication id within its 5-minute interval,
and delivers one sent later."""

from __future__ import annotations

import math

import pytest

from tests.sim.queues_support import EC2, exp_job, run_jobs

RATE, SHARE, HOUR_S, WINDOW_S = 40, 0.02, 3600, 300


def _run(delivery: str, resend_after: dict) -> object:
    job = {**exp_job(250), "resent_share": SHARE, "resend_after": resend_after}
    return run_jobs(RATE, {"delivery": delivery, "ec2": EC2, "queue": {"message_groups": 1000}, "job": job})


def _after_ms(ms: float) -> dict:
    return {"dist": "deterministic", "mean_ms": ms}


def test_a_standard_queue_processes_every_repeated_send_again() -> None:
    summary = _run("sqs_standard", _after_ms(1000)).summary
    assert summary.sends_repeated == pytest.approx(RATE * SHARE * HOUR_S, rel=0.05)
    assert summary.sends_deduplicated == 0
    # A repeat sent in the run's last second is still in the queue when it ends.
    assert summary.jobs_processed_twice == pytest.approx(RATE * SHARE * (HOUR_S - 1), rel=0.05)


def test_fifo_drops_repeats_inside_the_deduplication_interval() -> None:
    result = _run("sqs_fifo", _after_ms(60_000))
    summary = result.summary
    assert summary.jobs_processed_twice == 0
    assert summary.sends_deduplicated == summary.sends_repeated > 0
    assert any(e.kind == "dedup" and "within the 5 min deduplication interval" in e.text for e in result.events)


def test_fifo_delivers_repeats_sent_after_the_interval() -> None:
    result = _run("sqs_fifo", _after_ms(600_000))
    summary = result.summary
    assert summary.sends_deduplicated == 0
    # Jobs sent in the first hour minus ten minutes have their repeat delivered within the run.
    assert summary.jobs_processed_twice == pytest.approx(RATE * SHARE * (HOUR_S - 600), rel=0.05)
    assert any(e.kind == "duplicate" and "after the 5 min deduplication interval" in e.text for e in result.events)


def test_with_spread_out_retries_fifo_drops_the_share_that_comes_within_the_interval() -> None:
    mean_s = 300.0
    summary = _run("sqs_fifo", {"dist": "exponential", "mean_ms": mean_s * 1000}).summary
    sent = summary.sends_repeated
    inside = 1 - math.exp(-WINDOW_S / mean_s)  # P(retry delay <= 5 minutes)
    assert summary.sends_deduplicated == pytest.approx(sent * inside, rel=0.05)
    # Delivered repeats are processed when they arrive before the run ends: for a send at t, the delay must
    # lie between the interval and T - t. Integrated over t: (T - w) e^(-w/m) - m (e^(-w/m) - e^(-T/m)).
    w, m, T = WINDOW_S, mean_s, HOUR_S
    expected = RATE * SHARE * ((T - w) * math.exp(-w / m) - m * (math.exp(-w / m) - math.exp(-T / m)))
    assert summary.jobs_processed_twice == pytest.approx(expected, rel=0.08)
