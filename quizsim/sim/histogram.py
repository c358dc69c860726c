"""A streaming, weighted histogram of latencies on log-spaced bins (about 1 % relative resolution)."""

from __future__ import annotations

import numpy as np

_BINS_PER_DECADE = 200
_LOW_MS = 1e-4
_DECADES = 14  # 0.1 µs … 10^10 ms (116 days): a 31-day run's longest wait plus a long job's own time
_NBINS = _BINS_PER_DECADE * _DECADES + 2  # [0]: below 0.1 µs, [-1]: beyond the top, kept exactly
TOP_MS = _LOW_MS * 10.0**_DECADES


class LatencyHistogram:
    """Counts (weighted) of latencies in milliseconds; quantiles to within half a bin (~0.6 %).

    A latency beyond TOP_MS is kept as itself (only content with jobs running for months gets there), so a
    quantile among them is exact rather than the top bin's edge.
    """

    def __init__(self) -> None:
        self.counts = np.zeros(_NBINS)
        self.total_weight = 0.0
        self.weighted_sum_ms = 0.0
        self.max_ms = 0.0
        self._beyond: list[tuple[np.ndarray, np.ndarray]] = []

    def add(self, values_ms: np.ndarray, weight: float | np.ndarray = 1.0) -> None:
        if values_ms.size == 0:
            return
        idx = np.floor(np.log10(np.maximum(values_ms, _LOW_MS) / _LOW_MS) * _BINS_PER_DECADE).astype(np.int64) + 1
        np.clip(idx, 0, _NBINS - 1, out=idx)
        weights = np.broadcast_to(np.asarray(weight, dtype=float), values_ms.shape)
        self.counts += np.bincount(idx, weights=weights, minlength=_NBINS)
        self.total_weight += float(weights.sum())
        self.weighted_sum_ms += float(np.dot(values_ms, weights))
        self.max_ms = max(self.max_ms, float(values_ms.max()))
        if self.max_ms >= TOP_MS:
            beyond = idx == _NBINS - 1
            if beyond.any():
                self._beyond.append((values_ms[beyond].astype(float), weights[beyond].astype(float)))

    def quantile(self, q: float) -> float:
        """The q-quantile in ms (bin midpoint on the log scale; beyond TOP_MS the value itself); 0 when empty."""
        if self.total_weight <= 0:
            return 0.0
        cumulative = np.cumsum(self.counts)
        target = q * cumulative[-1]
        i = int(np.searchsorted(cumulative, target, side="left"))
        if i >= _NBINS - 1 and self._beyond:
            return self._beyond_quantile(target - cumulative[-2])
        mid = _LOW_MS * 10 ** ((i - 0.5) / _BINS_PER_DECADE)
        return float(min(mid, self.max_ms))

    def _beyond_quantile(self, rank: float) -> float:
        values = np.concatenate([v for v, _ in self._beyond])
        weights = np.concatenate([w for _, w in self._beyond])
        order = np.argsort(values, kind="stable")
        at = int(np.searchsorted(np.cumsum(weights[order]), rank, side="left"))
        return float(values[order][min(at, values.size - 1)])

    @property
    def mean_ms(self) -> float:
        return self.weighted_sum_ms / self.total_weight if self.total_weight else 0.0
