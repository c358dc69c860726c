"""Downsampled series for charts: a run's windows folded into a fixed number of time buckets.

Charts never see raw windows: a one-hour run with one-second windows becomes `BUCKETS` points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from quizsim.text import fmt_count, num

if TYPE_CHECKING:
    from quizsim.sim.result import Window

BUCKETS = 240
GAUGE_SUFFIXES = ("_pct", "_gib", "_gb", "_mib", "_mib_per_s", "_bytes", "_age_s", "_depth")
"""Capacity entries that drift every window (memory in use, burst credits, a queue's depth and oldest
message): levels, not capacity changes."""
CAPACITY_LABELS = {"lambda_concurrency": "Lambda concurrency"}
"""How a capacity entry is named on the chart (others: their name with spaces)."""


def capacity_label(name: str, before: float, after: float) -> str:
    """'instances 4→6', 'Lambda concurrency 137→65' (fractional counts of the fluid model rounded)."""
    def count(value: float) -> str:
        return fmt_count(value) if abs(value) >= 10 else num(value)

    return f"{CAPACITY_LABELS.get(name, name.replace('_', ' '))} {count(before)}→{count(after)}"
BIG_CHANGE = 0.25


def is_capacity_change(name: str, before: float, after: float) -> bool:
    """A step in a count (instances 4→6, WCU 500→6000), or a large jump in a rate limit; not gauge drift."""
    if before == after or name.endswith(GAUGE_SUFFIXES):
        return False
    if float(before).is_integer() and float(after).is_integer():
        return True
    return abs(after - before) >= BIG_CHANGE * max(abs(before), abs(after))


def _keep_max(values: list[float], i: int, value: float | None) -> None:
    if value is None or math.isnan(value):
        return
    values[i] = value if math.isnan(values[i]) else max(values[i], value)


@dataclass
class BucketSeries:
    """One option's run, bucketed over the scenario's duration."""

    duration_s: float
    buckets: int = BUCKETS
    p99_ms: list[float] = field(default_factory=list)
    """Worst p99 of the windows in each bucket (NaN where no window has landed yet)."""
    store_p99_ms: list[float] = field(default_factory=list)
    """Worst session-store p99 of the windows in each bucket (NaN where none)."""
    errors: list[int] = field(default_factory=list)
    sessions_lost: list[int] = field(default_factory=list)
    cost_usd: list[float] = field(default_factory=list)
    """Cumulative cost at the end of each bucket."""
    capacity_changes: list[tuple[float, str]] = field(default_factory=list)
    """(t_s, 'instances 4→6') whenever a capacity figure changes."""
    filled_to_s: float = 0.0
    """Simulated time covered by the windows added so far."""
    _last_capacity: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n = self.buckets
        self.p99_ms = [math.nan] * n
        self.store_p99_ms = [math.nan] * n
        self.errors = [0] * n
        self.sessions_lost = [0] * n
        self.cost_usd = [math.nan] * n

    def bucket_of(self, t_s: float) -> int:
        if self.duration_s <= 0:
            return 0
        return min(self.buckets - 1, max(0, int(t_s / self.duration_s * self.buckets)))

    def add(self, window: "Window") -> None:
        i = self.bucket_of(window.t_s)
        if window.requests:
            _keep_max(self.p99_ms, i, window.latency_ms.get("p99"))
            _keep_max(self.store_p99_ms, i, (getattr(window, "store_latency_ms", None) or {}).get("p99"))
        self.errors[i] += int(window.errors)
        self.sessions_lost[i] += int(window.sessions_lost)
        self.cost_usd[i] = float(window.cost_usd)
        for name, value in window.capacity.items():
            before = self._last_capacity.get(name)
            if before is not None and is_capacity_change(name, before, value):
                self.capacity_changes.append((window.t_s, capacity_label(name, before, value)))
            self._last_capacity[name] = value
        self.filled_to_s = max(self.filled_to_s, window.t_s + window.duration_s)

    def visible_buckets(self, playhead_s: float) -> int:
        """How many leading buckets the playhead has revealed (at least one once data exists)."""
        if self.filled_to_s <= 0:
            return 0
        shown = min(playhead_s, self.filled_to_s)
        return max(1, min(self.buckets, math.ceil(shown / self.duration_s * self.buckets)))

    def cost_at(self, playhead_s: float) -> float:
        """Cumulative cost at the playhead (0 before any window)."""
        n = self.visible_buckets(playhead_s)
        for value in reversed(self.cost_usd[:n]):
            if not math.isnan(value):
                return value
        return 0.0
