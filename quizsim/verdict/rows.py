"""The verdict table: each metric for the learner's option beside the other option, in plain words.

Words and symbols carry the meaning (✗ worse, ✓ better, = same), never colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizsim.sim.result import Summary

SAME_WITHIN = 0.05
"""Relative difference below which two numbers count as the same."""


@dataclass(frozen=True)
class VerdictRow:
    metric: str
    """Short label, e.g. 'p99 latency'."""
    key: str
    """Judge metric name this row shows, e.g. 'p99_latency_ms'."""
    yours: str
    other: str
    difference: str
    """The whole comparison in words, e.g. 'p99 180 ms vs 0.9 ms: 200× slower'."""
    short: str
    """Just the difference, for a table beside the two values: '200× slower', '312 more', 'same'."""
    mark: str
    """'✗' yours is worse, '✓' yours is better, '=' the same."""


def fmt_ms(value: float) -> str:
    """0.93 → '0.93 ms', 12.4 → '12 ms', 1840 → '1.84 s'."""
    if value >= 1000:
        return f"{value / 1000:.3g} s"
    if value >= 10:
        return f"{value:,.0f} ms"
    return f"{value:.2g} ms" if value < 1 else f"{value:.1f} ms"


def fmt_count(value: float) -> str:
    return f"{value:,.0f}"


def fmt_usd(value: float) -> str:
    """12.1 → '$12.10', 2230.4 → '$2,230', 0.004 → '$0.004'."""
    if value >= 1000:
        return f"${value:,.0f}"
    if 0 < value < 0.01:
        return f"${value:.3f}"
    return f"${value:,.2f}"


def ratio_words(yours: float, other: float, worse: str, better: str) -> tuple[str, str]:
    """('200× slower', '✗'), ('2.0× cheaper', '✓'), ('about the same', '=') for lower-is-better numbers."""
    if abs(yours - other) <= SAME_WITHIN * max(abs(yours), abs(other)) + 1e-12:
        return "same", "="
    if other <= 0:
        return f"{worse} (vs none)", "✗"
    if yours <= 0:
        return f"{better} (none)", "✓"
    ratio = yours / other
    if ratio > 1:
        return f"{_times(ratio)} {worse}", "✗"
    return f"{_times(1 / ratio)} {better}", "✓"


def _times(ratio: float) -> str:
    return f"{ratio:,.0f}×" if ratio >= 10 else f"{ratio:.1f}×"


def _count_words(yours: float, other: float, unit: str) -> tuple[str, str, str]:
    """(sentence, short difference, mark) for counts where fewer is better."""
    if yours == other:
        return f"{fmt_count(yours)} {unit} vs {fmt_count(other)}: same", "same", "="
    more = yours > other
    short = f"{fmt_count(abs(yours - other))} {'more' if more else 'fewer'}"
    return f"{fmt_count(yours)} {unit} vs {fmt_count(other)}", short, "✗" if more else "✓"


LATENCY_ROWS = {"p95_latency_ms": ("p95 latency", "p95"), "mean_latency_ms": ("mean latency", "mean")}


def verdict_rows(yours: "Summary", other: "Summary", judged: str | None = None) -> list[VerdictRow]:
    """Rows for p99 latency, errors, sessions lost and monthly cost (lower is better for each),
    led by a p95 or mean latency row when that is the `judged` metric."""
    rows = []
    if judged in LATENCY_ROWS:
        label, key = LATENCY_ROWS[judged]
        a, b = yours.latency_ms.get(key, 0.0), other.latency_ms.get(key, 0.0)
        words, mark = ratio_words(a, b, "slower", "faster")
        rows.append(VerdictRow(label, judged, fmt_ms(a), fmt_ms(b), f"{key} {fmt_ms(a)} vs {fmt_ms(b)}: {words}", words, mark))
    a, b = yours.latency_ms.get("p99", 0.0), other.latency_ms.get("p99", 0.0)
    words, mark = ratio_words(a, b, "slower", "faster")
    rows.append(VerdictRow("p99 latency", "p99_latency_ms", fmt_ms(a), fmt_ms(b), f"p99 {fmt_ms(a)} vs {fmt_ms(b)}: {words}", words, mark))
    a, b = float(yours.errors.get("total", 0)), float(other.errors.get("total", 0))
    sentence, short, mark = _count_words(a, b, "errors")
    rows.append(VerdictRow("errors", "errors", fmt_count(a), fmt_count(b), sentence, short, mark))
    a, b = float(yours.sessions_lost), float(other.sessions_lost)
    sentence, short, mark = _count_words(a, b, "users logged out")
    rows.append(VerdictRow("sessions lost", "sessions_lost", fmt_count(a), fmt_count(b), sentence, short, mark))
    a, b = yours.cost_usd_per_month, other.cost_usd_per_month
    words, mark = ratio_words(a, b, "dearer", "cheaper")
    rows.append(
        VerdictRow(
            "cost / month", "cost_usd_per_month", fmt_usd(a), fmt_usd(b), f"{fmt_usd(a)} vs {fmt_usd(b)} per month: {words}", words, mark
        )
    )
    return rows


def trait_row(label: str, key: str, yours: bool, other: bool) -> VerdictRow:
    """A row for a judged trait such as 'no servers to manage'."""
    said = {True: "yes", False: "no"}
    mark = "=" if yours == other else ("✓" if yours else "✗")
    short = "same" if yours == other else ("yours has it" if yours else "yours lacks it")
    return VerdictRow(label, key, said[yours], said[other], f"{label}: {said[yours]} vs {said[other]}", short, mark)


def metric_row(key: str, yours: float, other: float) -> VerdictRow:
    """A row for any other judged metric by its name: '*_ms' as latency, 'cost*' as dollars, else a count."""
    from quizsim.content.question import SIMULATED_METRICS

    label = SIMULATED_METRICS.get(key, key).removeprefix("lowest ").removeprefix("fewest ")
    if key.endswith("_ms"):
        words, mark = ratio_words(yours, other, "slower", "faster")
        return VerdictRow(label, key, fmt_ms(yours), fmt_ms(other), f"{label} {fmt_ms(yours)} vs {fmt_ms(other)}: {words}", words, mark)
    if key.startswith("cost"):
        words, mark = ratio_words(yours, other, "dearer", "cheaper")
        return VerdictRow(label, key, fmt_usd(yours), fmt_usd(other), f"{label} {fmt_usd(yours)} vs {fmt_usd(other)}: {words}", words, mark)
    sentence, short, mark = _count_words(yours, other, label)
    return VerdictRow(label, key, fmt_count(yours), fmt_count(other), sentence, short, mark)
