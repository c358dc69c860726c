"""The session keys a store holds: live sessions (the pool) plus keys of users who left, until the TTL."""

from __future__ import annotations

from collections import deque

import numpy as np

from quizsim.sim.sessions import SessionPool


class KeyCensus:
    """Counts keys (real, weighted) and evicts least recently used ones when a store is full."""

    def __init__(self, pool: SessionPool | None, ttl_s: float | None) -> None:
        self.pool = pool
        self.ttl_s = ttl_s
        self._left: deque[list[float]] = deque()  # [last access, keys], oldest first
        self.left_keys = 0.0

    def seed_left(self, rate_per_s: float, requests_per_session: float) -> None:
        """Keys of users who left in the TTL before t = 0 (steady state), spread over that TTL."""
        if self.ttl_s is None or self.pool is None:
            return
        per_s = rate_per_s / requests_per_session
        steps = 20
        for i in range(steps):
            age = self.ttl_s * (steps - i - 0.5) / steps
            self._left.append([-age, per_s * self.ttl_s / steps])
            self.left_keys += per_s * self.ttl_s / steps

    def on_departed(self, last_access_s: np.ndarray, weights: np.ndarray) -> None:
        if weights.size:
            self._left.append([float(last_access_s.max()), float(weights.sum())])
            self.left_keys += float(weights.sum())

    def expire(self, t: float) -> float:
        """Drop keys whose TTL passed; returns how many."""
        if self.ttl_s is None:
            return 0.0
        dropped = 0.0
        while self._left and self._left[0][0] + self.ttl_s <= t:
            dropped += self._left.popleft()[1]
        self.left_keys -= dropped
        return dropped

    def total(self) -> float:
        live = self.pool.present_weight() if self.pool is not None else 0.0
        return live + max(0.0, self.left_keys)

    def evict(self, keys: float) -> tuple[float, float]:
        """Evict `keys` least recently used keys; returns (keys of users who left, sessions of active users)."""
        gone_left = 0.0
        while keys > 0 and self._left:
            bucket = self._left[0]
            take = min(bucket[1], keys)
            bucket[1] -= take
            keys -= take
            gone_left += take
            if bucket[1] <= 1e-9:
                self._left.popleft()
        self.left_keys -= gone_left
        active = 0.0
        pool = self.pool
        if keys > 0 and pool is not None and pool.n:
            n = pool.n
            candidates = np.flatnonzero(pool.present[:n])
            order = candidates[np.argsort(pool.last_access[candidates], kind="stable")]
            cumulative = np.cumsum(pool.weight[order])
            k = int(np.searchsorted(cumulative, keys, side="left")) + 1
            victims = np.zeros(n, dtype=bool)
            victims[order[:k]] = True
            active = pool.lose(victims, "evicted")
        return gone_left, active

    def clear(self) -> None:
        """Everything gone (an empty replacement node)."""
        self._left.clear()
        self.left_keys = 0.0

    def scale_left(self, factor: float) -> None:
        """Keep `factor` of the departed users' keys (e.g. one of N nodes lost)."""
        for bucket in self._left:
            bucket[1] *= factor
        self.left_keys *= factor
