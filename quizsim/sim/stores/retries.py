"""Rejections and SDK retries: an operation rejected with probability p is retried with backoff."""

from __future__ import annotations

import numpy as np


def amplified_rejection(demand: float, capacity: float, max_attempts: int) -> float:
    """Share of attempts rejected when `demand` first attempts/s meet `capacity`/s and rejected ones retry.

    Retries add load: attempts = demand × (1 + p + … + p^(k-1)); solved by fixed-point iteration.
    """
    if demand <= capacity or demand <= 0:
        return 0.0
    p = 1.0 - capacity / demand
    for _ in range(30):
        attempts = demand * sum(p**k for k in range(max_attempts))
        new = max(0.0, 1.0 - capacity / attempts)
        if abs(new - p) < 1e-6:
            break
        p = new
    return p


def retry(
    rng: np.random.Generator, n: int, p_reject: np.ndarray | float, max_attempts: int, base_backoff_ms: float,
    attempt_ms: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Attempts per operation until one is accepted.

    Returns (extra latency ms from rejected attempts and backoff, failed mask, attempts made).
    Backoff before retry k is uniform in [0, base × 2^(k-1)] (full jitter).
    """
    extra = np.zeros(n)
    attempts = np.ones(n, dtype=np.int64)
    p = np.broadcast_to(np.asarray(p_reject, dtype=float), (n,))
    if n == 0 or not p.any():
        return extra, np.zeros(n, dtype=bool), attempts
    rejected = rng.random(n) < p
    for k in range(1, max_attempts):
        idx = np.flatnonzero(rejected)
        if idx.size == 0:
            break
        extra[idx] += attempt_ms[idx] + rng.uniform(0, base_backoff_ms * 2 ** (k - 1), idx.size)
        attempts[idx] += 1
        still = rng.random(idx.size) < p[idx]
        rejected = np.zeros(n, dtype=bool)
        rejected[idx[still]] = True
    return extra, rejected, attempts
