"""A streaming, weighted histogram of latencies on log-spaced bins (about 1 % relative resolution)."""

from __future__ import annotations

import numpy as np

_BINS_PER_DECADE = 200
_LOW_MS = 1e-4
_DECADES = 12  # 0.1 µs … 100,000 s
_NBINS = _BINS_PER_DECADE * _DECADES + 2


class LatencyHistogram:
    """Counts (weighted) of latencies in milliseconds; quantiles to within half a bin (~0.6 %)."""

    def __init__(self) -> None:
        self.counts = np.zeros(_NBINS)
        self.total_weight = 0.0
        self.weighted_sum_ms = 0.0
        self.max_ms = 0.0

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

    def quantile(self, q: float) -> float:
        """The q-quantile in ms (bin midpoint on the log scale); 0 when empty."""
        if self.total_weight <= 0:
            return 0.0
        cumulative = np.cumsum(self.counts)
        i = int(np.searchsorted(cumulative, q * cumulative[-1], side="left"))
        mid = _LOW_MS * 10 ** ((i - 0.5) / _BINS_PER_DECADE)
        return float(min(mid, self.max_ms))

    @property
    def mean_ms(self) -> float:
        return self.weighted_sum_ms / self.total_weight if self.total_weight else 0.0
