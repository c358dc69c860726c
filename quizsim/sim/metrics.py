"""Per-window and whole-run metrics from weighted samples of request latencies."""

from __future__ import annotations

import numpy as np

from quizsim.sim.histogram import LatencyHistogram
from quizsim.sim.result import Window


def _r(x: float, digits: int = 4) -> float:
    """Round for output: keeps JSON short and byte-stable."""
    return float(round(float(x), digits))


def latency_stats(values_ms: np.ndarray) -> dict[str, float]:
    """mean/p50/p95/p99/max of one window's (equally weighted) latencies."""
    if values_ms.size == 0:
        return {"mean": 0.0, "p50": 0.0, "p95": 0.0, "p99": 0.0, "max": 0.0}
    last = values_ms.size - 1
    wanted = {0.5: 0.0, 0.95: 0.0, 0.99: 0.0}
    ranks = sorted({min(int(f * last) + d, last) for f in wanted for d in (0, 1)})
    ordered = np.partition(values_ms, ranks)  # only these ranks need to be in place

    def q(fraction: float) -> float:  # linear interpolation, as numpy's default percentile
        pos = fraction * last
        lo = int(pos)
        hi = min(lo + 1, last)
        return float(ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo))

    p50, p95, p99 = q(0.5), q(0.95), q(0.99)
    return {
        "mean": _r(values_ms.mean()), "p50": _r(p50), "p95": _r(p95), "p99": _r(p99), "max": _r(values_ms.max()),
    }


def _histogram_stats(h: LatencyHistogram) -> dict[str, float]:
    return {
        "mean": _r(h.mean_ms), "p50": _r(h.quantile(0.5)), "p95": _r(h.quantile(0.95)),
        "p99": _r(h.quantile(0.99)), "max": _r(h.max_ms),
    }


def _store_window_stats(values_ms: np.ndarray) -> dict[str, float]:
    """p50/p99 of one window's store operations (kept short: one pair per window in the JSON)."""
    stats = latency_stats(values_ms)
    return {"p50": stats["p50"], "p99": stats["p99"]}


class RunMetrics:
    """Accumulates the whole run: a latency histogram, wait sums, counts, errors and losses."""

    def __init__(self) -> None:
        self.latency = LatencyHistogram()
        self.store_latency = LatencyHistogram()
        self.requests = 0
        self.completed_weight = 0.0
        self.wait_weighted_ms = 0.0
        self.errors: dict[str, float] = {}
        self.lost: dict[str, float] = {}
        self.session_reads = 0.0
        self.session_misses = 0.0
        self.min_fraction = 1.0
        self.windows: list[Window] = []

    def record_window(
        self, t0: float, t1: float, count: int, weight: float, latency_ms: np.ndarray, wait_ms: np.ndarray,
        errors: dict[str, float], lost: dict[str, float], cost_usd: float, capacity: dict[str, float],
        in_system_mean: float = 0.0, store_latency_ms: np.ndarray | None = None, session_misses: float = 0.0,
    ) -> Window:
        """Fold one window in; returns its snapshot. latency/wait are for requests that succeeded,
        store_latency_ms for store operations that succeeded (each stands for `weight` real ones)."""
        self.requests += count
        store_ms = store_latency_ms if store_latency_ms is not None else np.zeros(0)
        self.store_latency.add(store_ms, weight)
        if latency_ms.size:
            self.latency.add(latency_ms, weight)
            self.completed_weight += weight * latency_ms.size
            self.wait_weighted_ms += weight * float(wait_ms.sum())
        for kind, value in errors.items():
            self.errors[kind] = self.errors.get(kind, 0.0) + value
        for cause, value in lost.items():
            self.lost[cause] = self.lost.get(cause, 0.0) + value
        if count:
            self.min_fraction = min(self.min_fraction, 1.0 / weight if weight else 1.0)
        window = Window(
            t_s=_r(t0, 3),
            duration_s=_r(t1 - t0, 3),
            requests=int(count),
            latency_ms=latency_stats(latency_ms),
            errors=int(round(sum(errors.values()))),
            errors_by_kind={k: int(round(v)) for k, v in sorted(errors.items()) if round(v)},
            sessions_lost=int(round(sum(lost.values()))),
            cost_usd=_r(cost_usd, 6),
            capacity={k: _r(v, 3) for k, v in capacity.items()},
            wait_ms_mean=_r(wait_ms.mean()) if wait_ms.size else 0.0,
            sessions_lost_by_cause={k: int(round(v)) for k, v in sorted(lost.items()) if round(v)},
            in_system_mean=_r(in_system_mean),
            store_latency_ms=_store_window_stats(store_ms),
            session_misses=int(round(session_misses)),
        )
        self.windows.append(window)
        return window

    def summary_latency(self) -> dict[str, float]:
        return _histogram_stats(self.latency)

    def summary_store_latency(self) -> dict[str, float]:
        return _histogram_stats(self.store_latency)

    @property
    def mean_wait_ms(self) -> float:
        return self.wait_weighted_ms / self.completed_weight if self.completed_weight else 0.0
