"""What the event log of a decoupling run tells a learner: what really happened, in whole counts, with
readable periods and clocks, and when a consumer outage starts and ends."""

from __future__ import annotations

import re

import pytest

from quizsim.text import clock, counted, duration
from tests.sim.queues_support import EC2, exp_job, run_jobs

DAY_S = 86_400
_FRACTION = re.compile(r"\d\.\d+ (?:messages?|receives?|empty receives?|invocations?|jobs?|calls?|sends?|requests?|repeats?)\b")


def _texts(result, *kinds: str) -> list[str]:
    return [e.text for e in result.events if not kinds or e.kind in kinds]


def test_a_fifo_send_throttled_past_the_producer_timeout_is_told_as_a_throttled_send() -> None:
    ec2 = {**EC2, "instances": 100}
    result = run_jobs(1000, {"delivery": "sqs_fifo", "ec2": ec2, "queue": {"message_groups": 1000}, "job": exp_job(100)},
                      duration_s=600)
    told = _texts(result, "throttle")
    assert result.summary.jobs_lost > 0 and told
    assert "throttled by the FIFO queue's limit of 300 messages per second" in told[0]
    assert "the producer's 30 s timeout" in told[0]
    assert not any("free worker" in t or "345600" in t or "retention" in t for t in _texts(result))
    assert result.summary.errors.get("throttled", 0) == result.summary.jobs_lost


def test_counts_in_the_log_are_whole_and_agree_with_their_noun() -> None:
    spike = [{"at_s": 600, "rate_per_s": 200, "for_s": 600}]
    lam = run_jobs(40, {"workers": "lambda", "function": {"reserved_concurrency": 20, "cold_start_ms": 0, "assumed": "test"},
                        "queue": {"max_receive_count": 3}, "job": exp_job(200)}, phases=spike)
    quiet = run_jobs(0.01, {"ec2": EC2, "job": exp_job(200)}, duration_s=1800)
    texts = _texts(lam) + _texts(quiet)
    assert any("Lambda throttled" in t for t in texts) and any("empty receive" in t for t in texts)
    assert [t for t in texts if _FRACTION.search(t)] == []
    assert [t for t in texts if re.search(r"(?<![\d,])1 (?:messages|receives|invocations|jobs|requests)\b", t)] == []
    assert all("about" in t for t in texts if "empty receive" in t or "Lambda throttled" in t)  # estimates say so
    assert (counted(1, "message"), counted(2310.4, "message"), counted(0.6, "receive", about=True)) == (
        "1 message", "2,310 messages", "about 1 receive")


def test_a_scale_in_never_shows_a_negative_queue_depth() -> None:
    surge = [{"at_s": 600, "rate_per_s": 100, "for_s": 1800}]
    ec2 = {**EC2, "scale_on": "queue_depth", "target": 2000, "min_instances": 4, "max_instances": 40}
    job = {"service_time": {"dist": "lognormal", "median_ms": 200, "p99_ms": 1200}, "cpu_share": 0.3}
    result = run_jobs(40, {"ec2": ec2, "job": job}, phases=surge, seed=42)
    scale_ins = [t for t in _texts(result, "scale") if "scales in" in t]
    assert scale_ins and not any("-0" in t for t in scale_ins)
    assert all(w.capacity["queue_depth"] >= 0 and float(w.capacity["queue_depth"]).is_integer() for w in result.windows)


def test_a_consumer_outage_is_told_when_it_starts_and_when_it_ends() -> None:
    result = run_jobs(40, {"ec2": EC2, "job": exp_job(200), "consumer_outage_at_s": 600, "consumer_outage_s": 600},
                      duration_s=1800)
    start, end = [e for e in result.events if e.kind == "outage"]
    assert (start.t_s, end.t_s) == (600, 1200)
    assert "stop for 10 min" in start.text and "retention period (4 days)" in start.text
    waiting = int(re.search(r"([\d,]+) messages waiting", end.text).group(1).replace(",", ""))
    assert abs(waiting - 40 * 600) < 0.05 * 40 * 600  # everything sent during the outage waits in the queue


def test_a_run_of_several_days_names_the_day_and_retention_in_days() -> None:
    # Workers stopped from hour 1 for 4.5 days: what was sent first passes the 4-day retention on day 5.
    result = run_jobs(0.01, {"ec2": EC2, "job": exp_job(200), "consumer_outage_at_s": 3600,
                             "consumer_outage_s": 4.5 * DAY_S}, duration_s=5 * DAY_S)
    lost = _texts(result, "lost")
    assert lost and "passed the retention period (4 days)" in lost[0]
    assert lost[0].startswith("day 5 ")
    assert (clock(36_000, 2 * DAY_S + 240), clock(36_000, 240), duration(345_600)) == ("day 3 10:04", "10:04", "4 days")


# -- ongoing conditions are told as episodes: start, a large growth, end with a total ---------------------------

_TOTAL = re.compile(r"(?:about )?([\d,]+) [a-z ]+ in all")


def _total(text: str) -> int:
    return int(_TOTAL.search(text).group(1).replace(",", ""))


def _episode(result, kind: str) -> tuple[list[str], list[str]]:
    """The lines of one kind of episode: (told while it lasts, told when it ends)."""
    return _texts(result, kind), _texts(result, kind + "_end")


def test_an_hour_of_fifo_throttling_is_told_in_a_few_lines_with_its_span_and_total() -> None:
    ec2 = {**EC2, "instances": 100}
    result = run_jobs(1000, {"delivery": "sqs_fifo", "ec2": ec2, "queue": {"message_groups": 1000}, "job": exp_job(100)})
    told, ended = _episode(result, "throttle")
    assert 1 <= len(told) <= 2 and len(ended) == 1  # not one line every 10 s
    assert "FIFO send throttling lasted to the end of the run" in ended[0] and "(09:00–10:00)" in ended[0]
    assert _total(ended[0]) == result.summary.jobs_lost > 600_000
    assert len(result.events) <= 5


def test_a_spike_of_lambda_throttles_is_one_episode_that_ends_after_the_spike() -> None:
    function = {"reserved_concurrency": 20, "cold_start_ms": 0, "assumed": "test"}
    result = run_jobs(40, {"workers": "lambda", "function": function, "job": exp_job(200)},
                      phases=[{"at_s": 600, "rate_per_s": 200, "for_s": 600}])
    told, ended = _episode(result, "throttle")
    starts = [e.t_s for e in result.events if e.kind == "throttle"]
    assert 1 <= len(told) <= 2 and len(ended) == 1
    assert 600 <= starts[0] < 700 and "Lambda throttling ended after" in ended[0] and "about" in ended[0]
    assert _total(ended[0]) == pytest.approx(result.summary.lambda_throttles, abs=2)


def test_poison_messages_for_an_hour_are_told_once_each_with_totals() -> None:
    job = {**exp_job(200), "poison_share": 0.01}
    result = run_jobs(40, {"ec2": EC2, "queue": {"max_receive_count": 3}, "job": job})
    for kind in ("poison", "dlq"):
        told, ended = _episode(result, kind)
        assert len(told) == 1 and len(ended) == 1, (kind, told, ended)
    dead = _episode(result, "dlq")[1][0]
    assert "moves to the dead-letter queue lasted to the end of the run" in dead
    assert _total(dead) == result.summary.jobs_dead_lettered == pytest.approx(40 * 0.01 * 3600, rel=0.1)
    assert len(result.events) <= 8


def test_retention_loss_over_days_is_one_episode_with_the_jobs_lost() -> None:
    result = run_jobs(0.01, {"ec2": EC2, "job": exp_job(200), "consumer_outage_at_s": 3600,
                             "consumer_outage_s": 4.5 * DAY_S}, duration_s=5 * DAY_S)
    told, ended = _episode(result, "lost")
    assert len(told) == 1 and len(ended) == 1
    assert ended[0].startswith("day 5 ") and "deletion of messages past retention ended after" in ended[0]
    assert _total(ended[0]) == result.summary.jobs_lost > 0
