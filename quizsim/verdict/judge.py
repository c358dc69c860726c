"""Judge a question's options by their simulated results: who wins on the metric the stem is about."""

from __future__ import annotations

from dataclasses import dataclass

from quizsim.content.question import TRAIT_METRICS, Judge
from quizsim.content.resolve import ResolvedScenario
from quizsim.sim.result import Result


def metric_value(metric: str, result: Result, resolved: ResolvedScenario) -> float:
    """The option's value of `metric`; lower is better (a trait is 0.0 when present, 1.0 when absent)."""
    if metric in TRAIT_METRICS:
        return 0.0 if getattr(resolved.store.traits, metric) else 1.0
    summary = result.summary
    if metric == "p99_latency_ms":
        return summary.latency_ms["p99"]
    if metric == "p95_latency_ms":
        return summary.latency_ms["p95"]
    if metric == "mean_latency_ms":
        return summary.latency_ms["mean"]
    if metric == "store_p99_latency_ms":
        return summary.store_latency_ms["p99"]
    if metric == "store_p50_latency_ms":
        return summary.store_latency_ms["p50"]
    if metric == "errors":
        return float(summary.errors.get("total", 0))
    if metric == "sessions_lost":
        return float(summary.sessions_lost)
    if metric == "cost_usd_per_month":
        return summary.cost_usd_per_month
    raise ValueError(f"unknown metric {metric!r}")


@dataclass(frozen=True)
class Standing:
    """One option's standing under a judge."""

    option: str
    value: float
    """Value of the judged metric (lower is better)."""
    tiebreak: float | None
    violations: tuple[str, ...]
    """Constraints this option fails, as readable text."""


def standing(judge: Judge, option: str, result: Result, resolved: ResolvedScenario) -> Standing:
    violations = []
    for constraint in judge.constraints:
        value = metric_value(constraint.metric, result, resolved)
        if constraint.max is not None and value > constraint.max:
            violations.append(f"{constraint.metric} {value:g} > {constraint.max:g}")
        if constraint.equals is not None and (value == 0.0) != constraint.equals:
            violations.append(f"{constraint.metric} is not {constraint.equals}")
    return Standing(
        option=option,
        value=metric_value(judge.metric, result, resolved),
        tiebreak=metric_value(judge.tiebreak, result, resolved) if judge.tiebreak else None,
        violations=tuple(violations),
    )


def _close(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) <= tolerance * max(abs(a), abs(b)) + 1e-9


def beats(judge: Judge, a: Standing, b: Standing) -> bool:
    """True when option a is strictly better than b under the judge (within its tolerance)."""
    if a.violations != () and b.violations == ():
        return False
    if a.violations == () and b.violations != ():
        return True
    if not _close(a.value, b.value, judge.tolerance):
        return a.value < b.value
    if a.tiebreak is not None and b.tiebreak is not None and not _close(a.tiebreak, b.tiebreak, judge.tolerance):
        return a.tiebreak < b.tiebreak
    return False


def winners(judge: Judge, standings: list[Standing], count: int = 1) -> list[str]:
    """The `count` best options (more when tied), best first."""
    ranked = sorted(standings, key=lambda s: (len(s.violations) > 0, s.value, s.tiebreak or 0.0))
    if not ranked:
        return []
    cut = ranked[min(count, len(ranked)) - 1]
    return [s.option for s in ranked if not beats(judge, cut, s)]


def answer_key_disagreements(judge: Judge, standings: list[Standing], correct: set[str]) -> list[str]:
    """Readable reasons the simulation disagrees with the answer key; empty when it confirms it."""
    by_id = {s.option: s for s in standings}
    problems = []
    for good in sorted(correct):
        for other in standings:
            if other.option in correct:
                continue
            if not beats(judge, by_id[good], other):
                problems.append(
                    f"correct option {good!r} ({_describe(by_id[good])}) does not beat "
                    f"option {other.option!r} ({_describe(other)}) on {judge.metric}"
                )
    return problems


def _describe(s: Standing) -> str:
    text = f"{s.value:g}"
    if s.tiebreak is not None:
        text += f", then {s.tiebreak:g}"
    if s.violations:
        text += "; fails " + ", ".join(s.violations)
    return text
