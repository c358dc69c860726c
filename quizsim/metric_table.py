"""Every metric a question can be judged on, in one table: its name, label, unit, goal and how to read it.

The content model validates judge metrics against these names, the judge reads values through them, and
the CLI and the TUI label and format them from here, so a number always means what its label says.
No Textual, no Rich, no engine import.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from quizsim.text import fmt_count, fmt_ms, fmt_usd

if TYPE_CHECKING:
    from quizsim.sim.result import Result


@dataclass(frozen=True)
class MetricSpec:
    """One judgeable metric. Lower values are better for every metric (a trait reads 0 when present)."""

    name: str
    """Name used in content (`judge.metric`) and JSON, e.g. 'p99_latency_ms'."""
    label: str
    """Row label, e.g. 'p99 latency'."""
    short: str
    """Column header, e.g. 'p99'."""
    description: str
    """What a question judged on it asks for, e.g. 'lowest p99 latency'."""
    unit: str
    """'ms', 'count', 'usd' or 'trait'."""
    read: Callable[["Result"], float]
    worse: str = "more"
    """Word for a higher (worse) value: 'slower', 'dearer', 'more'."""
    better: str = "fewer"

    @property
    def is_trait(self) -> bool:
        return self.unit == "trait"

    @property
    def goal(self) -> str:
        """'min' for simulated numbers, 'true' for traits."""
        return "true" if self.is_trait else "min"

    def value(self, result: "Result") -> float:
        return float(self.read(result))

    def format(self, value: float) -> str:
        """The value as a learner reads it: '1.3 ms', '$301.42', '13,502', 'yes'."""
        if self.unit == "ms":
            return fmt_ms(value)
        if self.unit == "usd":
            return fmt_usd(value)
        if self.unit == "trait":
            return "yes" if value == 0.0 else "no"
        return fmt_count(value)


def _latency(key: str) -> Callable[["Result"], float]:
    return lambda r: r.summary.latency_ms.get(key, 0.0)


def _store_latency(key: str) -> Callable[["Result"], float]:
    return lambda r: r.summary.store_latency_ms.get(key, 0.0)


def _trait(name: str) -> Callable[["Result"], float]:
    return lambda r: 0.0 if r.store_traits.get(name, False) else 1.0


def _ms(name: str, label: str, short: str, read: Callable[["Result"], float]) -> MetricSpec:
    return MetricSpec(name, label, short, f"lowest {label}", "ms", read, "slower", "faster")


def _trait_spec(name: str, short: str, description: str) -> MetricSpec:
    return MetricSpec(name, description, short, description, "trait", _trait(name), "lacks it", "has it")


METRICS: dict[str, MetricSpec] = {
    spec.name: spec
    for spec in (
        _ms("p99_latency_ms", "p99 latency", "p99", _latency("p99")),
        _ms("p95_latency_ms", "p95 latency", "p95", _latency("p95")),
        _ms("mean_latency_ms", "mean latency", "mean", _latency("mean")),
        _ms("store_p99_latency_ms", "session-store p99 latency", "store p99", _store_latency("p99")),
        _ms("store_p50_latency_ms", "session-store median latency", "store p50", _store_latency("p50")),
        MetricSpec("errors", "errors", "errors", "fewest errors", "count", lambda r: r.summary.errors.get("total", 0)),
        MetricSpec(
            "sessions_lost", "sessions lost", "lost", "fewest sessions lost", "count", lambda r: r.summary.sessions_lost
        ),
        MetricSpec(
            "cost_usd_per_month", "cost / month", "$/month", "lowest monthly cost", "usd",
            lambda r: r.summary.cost_usd_per_month, "dearer", "cheaper",
        ),
        MetricSpec("jobs_lost", "jobs lost", "jobs lost", "fewest jobs lost", "count", lambda r: r.summary.jobs_lost),
        MetricSpec(
            "jobs_processed_twice", "jobs processed twice", "twice", "fewest jobs processed twice", "count",
            lambda r: r.summary.jobs_processed_twice,
        ),
        MetricSpec(
            "jobs_dead_lettered", "jobs sent to the dead-letter queue", "DLQ", "fewest jobs in the dead-letter queue",
            "count", lambda r: r.summary.jobs_dead_lettered,
        ),
        MetricSpec(
            "jobs_out_of_order", "jobs out of order", "unordered", "fewest jobs out of order", "count",
            lambda r: r.summary.jobs_out_of_order,
        ),
        _ms("completion_p99_ms", "end-to-end p99 completion time", "done p99", _latency("p99")),
        _ms("oldest_message_age_ms", "oldest message age", "oldest", lambda r: r.summary.oldest_message_age_s * 1000.0),
        MetricSpec(
            "worker_cost_usd_per_month", "worker cost / month", "workers $/mo", "lowest worker cost", "usd",
            lambda r: r.summary.worker_cost_usd_per_month, "dearer", "cheaper",
        ),
        MetricSpec(
            "queue_cost_usd_per_month", "queue cost / month (SQS requests, SNS publishes)", "queue $/mo",
            "lowest queue cost", "usd", lambda r: r.summary.queue_cost_usd_per_month, "dearer", "cheaper",
        ),
        _ms("web_p99_latency_ms", "web response p99", "web p99", lambda r: r.summary.web_latency_ms.get("p99", 0.0)),
        MetricSpec(
            "web_errors", "web requests failed", "web errors", "fewest failed web requests", "count",
            lambda r: r.summary.web_errors,
        ),
        _trait_spec("serverless", "no servers", "no servers to manage"),
        _trait_spec("in_memory", "in memory", "data held in memory"),
        _trait_spec("shared", "shared", "reachable from every instance"),
        _trait_spec("durable", "durable", "survives a node or instance loss"),
        _trait_spec("auto_scaling", "auto-scales", "scales without a person acting"),
    )
}
METRIC_NAMES: tuple[str, ...] = tuple(METRICS)
TRAIT_NAMES: tuple[str, ...] = tuple(name for name, spec in METRICS.items() if spec.is_trait)
STANDARD_ROWS: tuple[str, ...] = ("p99_latency_ms", "errors", "sessions_lost", "cost_usd_per_month")
"""The metrics every verdict and compare-all table shows; a judged metric outside these gets its own row."""


def metric(name: str) -> MetricSpec:
    """The spec of `name`; ValueError naming the known metrics when there is none."""
    try:
        return METRICS[name]
    except KeyError:
        raise ValueError(f"unknown metric {name!r}; known: {', '.join(METRIC_NAMES)}") from None
