"""The arrival rate over time (base rate, phases: step, spike, ramp; daily cycle) and Poisson arrivals."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from quizsim.content.scenario import Workload

_GRID = 32  # points per window for the inverse-CDF of a time-varying rate


@dataclass
class WindowArrivals:
    """One window's arrivals: sorted times of the requests simulated, and how many really arrived."""

    times_s: np.ndarray
    count: int
    """Requests that really arrived in the window (Poisson)."""
    fraction: float = 1.0
    """Thinning probability: each real request was simulated with this probability (1.0: all were)."""

    @property
    def weight(self) -> float:
        """Real requests each simulated one stands for."""
        return self.count / self.times_s.size if self.times_s.size else 1.0


class RateSchedule:
    """rate_per_s(t): a piecewise-linear base (steps, spikes, ramps) times an optional daily cycle."""

    def __init__(self, workload: Workload) -> None:
        base = workload.arrival.rate_per_s
        knots_t, knots_r = [0.0], [base]
        current = base
        for phase in workload.phases:
            start_rate = float(np.interp(phase.at_s, knots_t, knots_r)) if knots_t[-1] >= phase.at_s else current
            knots_t += [phase.at_s, phase.at_s + phase.ramp_s + 1e-9]
            knots_r += [start_rate, phase.rate_per_s]
            if phase.for_s is not None:
                end = phase.at_s + max(phase.for_s, phase.ramp_s)
                knots_t += [end, end + 1e-9]
                knots_r += [phase.rate_per_s, current]
            else:
                current = phase.rate_per_s
        self.knots_t = np.array(knots_t)
        self.knots_r = np.array(knots_r)
        self.daily = workload.daily_cycle

    def rate(self, t: np.ndarray | float) -> np.ndarray | float:
        r = np.interp(t, self.knots_t, self.knots_r)
        if self.daily is not None:
            d = self.daily
            r = r * (1 + d.amplitude * np.cos(2 * math.pi * (np.asarray(t) - d.peak_at_s) / d.period_s))
        return r

    def arrivals(self, rng: np.random.Generator, t0: float, t1: float, cap: int) -> WindowArrivals:
        """Poisson arrivals in [t0, t1); at most `cap` of them are simulated, the rest stand behind them."""
        inside = self.knots_t[(self.knots_t > t0) & (self.knots_t < t1)]
        grid = np.union1d(np.linspace(t0, t1, _GRID + 1), inside)
        rates = self.rate(grid)
        cumulative = np.concatenate(([0.0], np.cumsum(np.diff(grid) * (rates[1:] + rates[:-1]) / 2)))
        expected = cumulative[-1]
        count = int(rng.poisson(expected)) if expected < 1e15 else int(expected)
        fraction = 1.0
        m = count
        if expected > cap:
            # Independent thinning of a Poisson stream is a Poisson stream: keep each arrival with
            # probability cap / expected, so the sample is itself a Poisson process (what the
            # time-dilated stations assume) and never holds more than the real count.
            fraction = cap / expected
            m = int(rng.binomial(count, fraction))
        # Sorted uniforms (normalised sums of exponential spacings: no sort needed) through the inverse
        # cumulative rate give the arrival times of the (sampled) stream.
        spacings = np.cumsum(rng.exponential(1.0, m + 1))
        u = spacings[:m] * (expected / spacings[m])
        return WindowArrivals(times_s=np.interp(u, cumulative, grid), count=count, fraction=fraction)
