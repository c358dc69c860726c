"""SQS delivery against theory: a queue absorbs what direct calls drop, redelivery after the visibility
timeout, the dead-letter queue, retention, and FIFO limits."""

from __future__ import annotations

import math

import pytest

from tests.sim.queues_support import EC2, exp_job, run_jobs

CAPACITY = 16 / 0.25  # 16 worker threads, 250 ms per job: 64 jobs/s
SPIKE = [{"at_s": 600, "rate_per_s": 200, "for_s": 600}]


def test_direct_calls_lose_the_excess_of_a_spike_that_a_queue_keeps() -> None:
    sync = run_jobs(40, {"delivery": "sync", "ec2": EC2, "job": exp_job(250)}, phases=SPIKE).summary
    queued = run_jobs(40, {"delivery": "sqs_standard", "ec2": EC2, "job": exp_job(250)}, phases=SPIKE).summary
    excess = (200 - CAPACITY) * 600  # fluid theory: what arrives beyond capacity during the spike
    assert sync.jobs_lost == pytest.approx(excess, rel=0.1)
    assert queued.jobs_lost == 0
    # The message arriving as the spike ends waits for the whole backlog ahead of it.
    assert queued.oldest_message_age_s == pytest.approx(excess / CAPACITY, rel=0.1)


def test_a_visibility_timeout_shorter_than_the_work_repeats_it_in_proportion_to_the_tail() -> None:
    vt_s, mean_ms = 30, 20_000
    summary = run_jobs(
        0.5, {"ec2": {**EC2, "jobs_in_parallel": 40}, "queue": {"visibility_timeout_s": vt_s}, "job": exp_job(mean_ms)},
    ).summary
    p = math.exp(-vt_s * 1000 / mean_ms)  # P(service > timeout), exponential
    # Each processing of a job that outlasts the timeout starts another: p + p^2 + ... = p / (1 - p).
    assert summary.jobs_processed_twice == pytest.approx(summary.jobs * p / (1 - p), rel=0.1)
    long_enough = run_jobs(
        0.5, {"ec2": {**EC2, "jobs_in_parallel": 40}, "queue": {"visibility_timeout_s": 600}, "job": exp_job(mean_ms)},
    ).summary
    assert long_enough.jobs_processed_twice < summary.jobs_processed_twice / 50


def test_poison_messages_reach_the_dead_letter_queue_after_max_receive_count() -> None:
    rate, share, vt, receives = 40, 0.02, 30, 5
    store = {"ec2": EC2, "queue": {"visibility_timeout_s": vt, "max_receive_count": receives},
             "job": {**exp_job(200), "poison_share": share}}
    summary = run_jobs(rate, store).summary
    # Every poison message sent before the last receives × timeout seconds has failed `receives` times.
    assert summary.jobs_dead_lettered == pytest.approx(rate * share * (3600 - receives * vt), rel=0.1)
    assert summary.latency_ms["p99"] < 2000


def test_without_a_dead_letter_queue_poison_messages_loop_until_they_fill_the_workers() -> None:
    store = {"ec2": EC2, "job": {**exp_job(200), "poison_share": 0.02}}
    summary = run_jobs(40, store).summary
    assert summary.jobs_dead_lettered == 0
    assert summary.latency_ms["p99"] > 600_000  # good jobs wait behind the loops by the end of the hour


def test_retention_deletes_what_an_outage_keeps_longer() -> None:
    store = {"ec2": EC2, "job": exp_job(200), "consumer_outage_at_s": 600, "consumer_outage_s": 600,
             "queue": {"retention_s": 60}}
    summary = run_jobs(40, store).summary
    assert summary.jobs_lost == pytest.approx(40 * (600 - 60), rel=0.1)


def test_fifo_sends_are_capped_at_300_per_second_without_batching() -> None:
    ec2 = {**EC2, "instances": 100}
    one_by_one = run_jobs(1000, {"delivery": "sqs_fifo", "ec2": ec2, "queue": {"message_groups": 1000}, "job": exp_job(100)}, duration_s=600)
    batched = run_jobs(1000, {"delivery": "sqs_fifo", "ec2": ec2, "queue": {"message_groups": 1000, "batching": True}, "job": exp_job(100)}, duration_s=600)
    assert one_by_one.summary.throughput_per_s == pytest.approx(300, rel=0.05)
    assert batched.summary.throughput_per_s == pytest.approx(1000, rel=0.05)
    assert one_by_one.summary.jobs_out_of_order == batched.summary.jobs_out_of_order == 0


def test_one_fifo_message_group_processes_one_message_at_a_time() -> None:
    summary = run_jobs(20, {"delivery": "sqs_fifo", "ec2": EC2, "job": exp_job(200)}, duration_s=600).summary
    assert summary.throughput_per_s == pytest.approx(1000 / 200, rel=0.05)


def test_a_standard_queue_with_parallel_workers_processes_a_group_out_of_order() -> None:
    summary = run_jobs(40, {"ec2": EC2, "queue": {"message_groups": 10}, "job": exp_job(250)}, duration_s=600).summary
    expected = 1 - math.exp(-40 / 10 * 0.25)  # the group's next job arrives within one processing time
    assert summary.jobs_out_of_order == pytest.approx(summary.jobs * expected, rel=0.1)
