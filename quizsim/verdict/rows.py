"""The verdict's rows: each metric for the learner's option beside the other option, in plain words.

Words and symbols carry the meaning (✗ worse, ✓ better, = same), never colour alone. Two values count as
the same when the question's judge would count them equal (its tolerance).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from quizsim.metric_table import STANDARD_ROWS, MetricSpec, metric
from quizsim.text import fmt_count, times
from quizsim.verdict.judge import within

if TYPE_CHECKING:
    from quizsim.content.question import Judge
    from quizsim.sim.result import Result

DEFAULT_TOLERANCE = 0.05
"""Relative difference below which two numbers count as the same when no judge says otherwise."""


@dataclass(frozen=True)
class VerdictRow:
    metric: str
    """Short label, e.g. 'p99 latency'."""
    key: str
    """Metric name this row shows, e.g. 'p99_latency_ms'."""
    yours: str
    other: str
    difference: str
    """The whole comparison in words, e.g. 'p99 latency 180 ms vs 0.93 ms: 194× slower'."""
    short: str
    """Just the difference, for a table beside the two values: '194× slower', '312 more', 'same'."""
    mark: str
    """'✗' yours is worse, '✓' yours is better, '=' the same."""


def ratio_words(yours: float, other: float, worse: str, better: str, tolerance: float = DEFAULT_TOLERANCE) -> tuple[str, str]:
    """('200× slower', '✗'), ('2.0× cheaper', '✓'), ('same', '=') for lower-is-better numbers."""
    if within(yours, other, tolerance):
        return "same", "="
    if other <= 0:
        return f"{worse} (vs none)", "✗"
    if yours <= 0:
        return f"{better} (none)", "✓"
    ratio = yours / other
    mark = "✗" if ratio > 1 else "✓"
    word = worse if ratio > 1 else better
    factor = ratio if ratio > 1 else 1 / ratio
    if factor < 1.095:  # '1.0× dearer' would read as 'the same': say the percentage
        return f"{(factor - 1) * 100:.0f} % {word}", mark
    return f"{times(factor)} {word}", mark


def _count_words(yours: float, other: float, tolerance: float) -> tuple[str, str]:
    """('312 more', '✗'), ('5 fewer', '✓') or ('same', '=') for counts where fewer is better."""
    if yours == other or within(yours, other, tolerance):
        return "same", "="
    more = yours > other
    return f"{fmt_count(abs(yours - other))} {'more' if more else 'fewer'}", "✗" if more else "✓"


def compare(spec: MetricSpec, yours: float, other: float, tolerance: float = DEFAULT_TOLERANCE) -> VerdictRow:
    """One row comparing two values of `spec` (lower is better)."""
    a, b = spec.format(yours), spec.format(other)
    if spec.is_trait:
        has_a, has_b = yours == 0.0, other == 0.0
        mark = "=" if has_a == has_b else ("✓" if has_a else "✗")
        short = "same" if has_a == has_b else ("yours has it" if has_a else "yours lacks it")
        return VerdictRow(spec.label, spec.name, a, b, f"{spec.label}: {a} vs {b}", short, mark)
    if spec.unit == "count":
        short, mark = _count_words(yours, other, tolerance)
    else:
        short, mark = ratio_words(yours, other, spec.worse, spec.better, tolerance)
    return VerdictRow(spec.label, spec.name, a, b, f"{spec.label} {a} vs {b}: {short}", short, mark)


def verdict_rows(yours: "Result", other: "Result", judge: "Judge | None" = None) -> list[VerdictRow]:
    """The judged metric first, then each requirement, then the standard rows (p99, errors, sessions lost,
    cost per month) not already shown."""
    tolerance = judge.tolerance if judge is not None else DEFAULT_TOLERANCE
    wanted = [judge.metric, *(c.metric for c in judge.constraints)] if judge is not None else []
    names = list(dict.fromkeys([*wanted, *STANDARD_ROWS]))
    rows = []
    for name in names:
        spec = metric(name)
        rows.append(compare(spec, spec.value(yours), spec.value(other), tolerance))
    return rows
