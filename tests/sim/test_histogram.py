"""The latency histogram: every percentile means what its label says, from 0.1 µs to the longest run the
engine allows (31 days) and beyond, at about 1 % relative precision."""

from __future__ import annotations

import numpy as np
import pytest

from quizsim.content.scenario import MAX_DURATION_S
from quizsim.sim.histogram import LatencyHistogram
from tests.sim.queues_support import EC2, exp_job, run_jobs

DAY_MS = 86_400_000.0


def _weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    order = np.argsort(values)
    cumulative = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cumulative, q * cumulative[-1])])


@pytest.mark.parametrize("low_ms,high_ms", [(0.05, 5.0), (1_000.0, 3 * DAY_MS), (DAY_MS, MAX_DURATION_S * 1000.0)])
def test_quantiles_keep_their_relative_precision_up_to_the_longest_run(low_ms: float, high_ms: float) -> None:
    rng = np.random.default_rng(3)
    values = np.exp(rng.uniform(np.log(low_ms), np.log(high_ms), 20_000))
    weights = rng.uniform(0.5, 2.0, values.size)
    h = LatencyHistogram()
    for part, w in zip(np.array_split(values, 7), np.array_split(weights, 7)):
        h.add(part, w)
    for q in (0.5, 0.95, 0.99):
        assert h.quantile(q) == pytest.approx(_weighted_quantile(values, weights, q), rel=0.01), q


def test_a_value_beyond_the_bins_is_reported_as_itself_not_as_the_top_bin() -> None:
    h = LatencyHistogram()
    h.add(np.array([10.0] * 50 + [400 * DAY_MS] * 49 + [900 * DAY_MS]))
    assert h.quantile(0.6) == 400 * DAY_MS  # the 60th value of 100, beyond any bin
    assert h.quantile(0.999) == h.max_ms == 900 * DAY_MS
    assert h.quantile(0.3) == pytest.approx(10.0, rel=0.01)


def test_a_five_day_outage_run_reports_completion_times_of_days_apart() -> None:
    # Workers down from hour 1 for 4.5 days: what waited the longest was processed after about 4 days
    # (older messages passed the 4-day retention); the jobs sent after the outage waited a fraction of a second.
    result = run_jobs(0.01, {"ec2": EC2, "job": exp_job(200), "consumer_outage_at_s": 3600,
                             "consumer_outage_s": 4.5 * 86_400}, duration_s=5 * 86_400)
    latency = result.summary.latency_ms
    assert latency["p99"] == pytest.approx(4 * DAY_MS, rel=0.02)
    assert latency["p50"] < latency["p95"] < latency["p99"] <= latency["max"]
