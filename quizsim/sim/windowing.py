"""How the engine slices simulated time, and how many requests per window it simulates one by one."""

from __future__ import annotations

NICE_WINDOWS_S = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600)
TARGET_WINDOWS = 360
"""About this many windows per run: enough for charts and control loops, few enough to be fast."""

MAX_SIMULATED_PER_WINDOW_QUEUE = 10_000
"""Bare queue: above this many arrivals in a window, a weighted sample of this size stands for them."""
MAX_SIMULATED_PER_WINDOW_SESSIONS = 1_000
"""Session scenarios (web tier + store): the same bound; each request does several station visits."""


def window_size_s(duration_s: float) -> float:
    """The smallest nice window giving at most TARGET_WINDOWS windows (at least 1 s)."""
    for size in NICE_WINDOWS_S:
        if duration_s / size <= TARGET_WINDOWS:
            return float(size)
    return float(NICE_WINDOWS_S[-1])
