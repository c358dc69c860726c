"""Sampled stations near saturation: when only a share of a window's requests is simulated, the
waits must still be those of the real queue, at ρ up to 0.98, within the exact path's tolerances.

Three checks: a sampled station against a per-request model driven by the very same requests (so
any queueing the sampling adds shows up, free of statistical noise); the sampled bare queue against
Erlang C; and a sampled ten-instance web tier at 95 % load against a per-request model of it.
"""

from __future__ import annotations

import heapq

import numpy as np
import pytest

from quizsim.sim import simulate, windowing
from quizsim.sim.station import Station
from tests.sim.helpers import erlang_c_wait_s, mean_wait_after_s, queue_run, session_run

RHOS = (0.8, 0.9, 0.95, 0.98)


def _per_request_waits(arrivals: np.ndarray, service: np.ndarray, servers: int) -> np.ndarray:
    """One FIFO queue with `servers` servers, request by request (Kiefer–Wolfowitz)."""
    free = [0.0] * servers
    waits = np.empty(arrivals.size)
    for i, (a, s) in enumerate(zip(arrivals.tolist(), service.tolist())):
        start = max(a, free[0])
        heapq.heapreplace(free, start + s)
        waits[i] = start - a
    return waits


def _sampled_windows(rho: float, servers: int, seed: int, windows: int, rate_per_s: float, fraction: float):
    """Real Poisson windows of 1 s, thinned to `fraction`: (real count, sampled arrivals, services) per window."""
    rng = np.random.default_rng(seed)
    mean_s = rho * servers / rate_per_s
    for k in range(windows):
        count = int(rng.poisson(rate_per_s))
        m = int(rng.binomial(count, fraction))
        yield k, count, np.sort(rng.uniform(k, k + 1, m)), rng.exponential(mean_s, m), mean_s


@pytest.mark.parametrize("servers", [1, 10])
@pytest.mark.parametrize("known_mean", [True, False], ids=["known-mean", "sample-mean"])
@pytest.mark.parametrize("rho", RHOS)
def test_a_sampled_station_adds_no_queueing_to_the_requests_it_simulates(rho: float, known_mean: bool, servers: int) -> None:
    """The sample, with its service times ÷ f, is the real queue slowed down f times: its waits × f are
    the real waits. A per-request model of that slowed queue, fed the same requests, must therefore
    give the station's waits; a load estimate whose noise reads as overload would add to them."""
    fraction, rate = 0.05, 10_000.0  # about 500 requests simulated per window
    station = Station(servers)
    got, arrivals, services = [], [], []
    for k, count, a, s, mean_s in _sampled_windows(rho, servers, 7, 600, rate, fraction):
        extra = {"service_mean_s": mean_s, "count_n": count} if known_mean else {}
        got.append(station.process(a, s, k, k + 1, fraction, None, float(count), **extra))
        arrivals.append(a)
        services.append(s)
    got = np.concatenate(got)
    plain = _per_request_waits(np.concatenate(arrivals), np.concatenate(services) / fraction, servers) * fraction
    assert got.mean() == pytest.approx(plain.mean(), rel=0.03)
    assert np.percentile(got, 99) == pytest.approx(np.percentile(plain, 99), rel=0.10)


@pytest.mark.slow
@pytest.mark.parametrize("rho", RHOS)
def test_the_sampled_bare_queue_matches_erlang_c(rho: float, monkeypatch: pytest.MonkeyPatch) -> None:
    """M/M/4 at 50,000 requests/s with 1,000 simulated per window (2 %): mean wait against Erlang C,
    within 3 % as the exact path, widened to three standard errors of the seeds' mean where the wait
    near saturation is too noisy for 3 % at this budget (about 8 % at ρ = 0.98 over six seeds)."""
    monkeypatch.setattr(windowing, "MAX_SIMULATED_PER_WINDOW_QUEUE", 1_000)
    servers, rate = 4, 50_000.0
    mean_ms = rho * servers * 1000.0 / rate
    waits = []
    for seed in range(6):
        result = simulate(queue_run(rate, servers, {"dist": "exponential", "mean_ms": mean_ms}, 360), seed)
        assert result.summary.sample_fraction < 0.025
        waits.append(mean_wait_after_s(result, 20))
    expected = erlang_c_wait_s(rate, 1000.0 / mean_ms, servers)
    standard_error = np.std(waits, ddof=1) / np.sqrt(len(waits)) / expected
    assert np.mean(waits) == pytest.approx(expected, rel=max(0.03, 3 * standard_error))


def test_a_sampled_web_tier_at_95_percent_load_matches_a_per_request_model(bundled_library) -> None:
    """Ten m7g.large instances (2 slots, 5 ms) behind round robin at 95 % CPU: 3,800 requests/s, about a
    quarter of them simulated. Request wait (mean) and latency (p99) against the plain model."""
    instances, rate, duration = 10, 3_800.0, 300
    result = simulate(session_run(bundled_library, "web-memory-local", rate, duration,
                                  web={"instances": instances, "routing": "round_robin"}), 3)
    s = result.summary
    assert s.sample_fraction < 0.3
    rng = np.random.default_rng(3)
    arrivals = np.cumsum(rng.exponential(1 / rate, int(rate * duration * 1.02)))
    arrivals = arrivals[arrivals < duration]
    service = rng.exponential(0.005, arrivals.size)
    waits = np.empty(arrivals.size)
    for i in range(instances):  # round robin: every tenth request to each instance
        waits[i::instances] = _per_request_waits(arrivals[i::instances], service[i::instances], 2)
    keep = arrivals >= 10
    plain_latency_ms = (waits + service)[keep] * 1000 + 1.0  # the ALB's 1 ms; in-memory reads add ~0.05 ms
    assert s.wait_ms["mean"] == pytest.approx(waits[keep].mean() * 1000, rel=0.10)
    plain_p99 = np.percentile(plain_latency_ms, 99)
    assert s.latency_ms["p99"] == pytest.approx(plain_p99, rel=0.10), f"p99 {s.latency_ms['p99']:.1f} ms, plain model {plain_p99:.1f} ms"
