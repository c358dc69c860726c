"""Judge a question's options by their simulated results: who wins on the metric the stem is about."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from quizsim.metric_table import metric

if TYPE_CHECKING:
    from quizsim.content.question import Judge
    from quizsim.sim.result import Result


def metric_value(name: str, result: "Result") -> float:
    """The option's value of metric `name`; lower is better (a trait is 0.0 when present, 1.0 when absent)."""
    return metric(name).value(result)


@dataclass(frozen=True)
class Standing:
    """One option's standing under a judge."""

    option: str
    value: float
    """Value of the judged metric (lower is better)."""
    tiebreak: float | None
    violations: tuple[str, ...]
    """Constraints this option fails, as readable text."""


def standing(judge: "Judge", option: str, result: "Result") -> Standing:
    """How `result` (option `option`) fares under `judge`."""
    violations = []
    for constraint in judge.constraints:
        spec = metric(constraint.metric)
        value = spec.value(result)
        if constraint.max is not None and value > constraint.max:
            violations.append(f"{spec.label} {spec.format(value)}, more than {spec.format(constraint.max)}")
        if constraint.equals is not None and (value == 0.0) != constraint.equals:
            violations.append(f"not {spec.label}" if constraint.equals else spec.label)
    return Standing(
        option=option,
        value=metric_value(judge.metric, result),
        tiebreak=metric_value(judge.tiebreak, result) if judge.tiebreak else None,
        violations=tuple(violations),
    )


def within(a: float, b: float, tolerance: float) -> bool:
    """True when a and b differ by at most `tolerance` of the larger (the judge counts them equal)."""
    return abs(a - b) <= tolerance * max(abs(a), abs(b)) + 1e-9


def beats(judge: Judge, a: Standing, b: Standing) -> bool:
    """True when option a is strictly better than b under the judge (within its tolerance)."""
    if a.violations != () and b.violations == ():
        return False
    if a.violations == () and b.violations != ():
        return True
    if not within(a.value, b.value, judge.tolerance):
        return a.value < b.value
    if a.tiebreak is not None and b.tiebreak is not None and not within(a.tiebreak, b.tiebreak, judge.tolerance):
        return a.tiebreak < b.tiebreak
    return False


def winners(judge: Judge, standings: list[Standing], count: int = 1) -> list[str]:
    """The `count` best options (more when tied), best first."""
    ranked = sorted(standings, key=lambda s: (len(s.violations) > 0, s.value, s.tiebreak or 0.0))
    if not ranked:
        return []
    cut = ranked[min(count, len(ranked)) - 1]
    return [s.option for s in ranked if not beats(judge, cut, s)]


def answer_key_disagreements(judge: "Judge", standings: list[Standing], correct: set[str]) -> list[str]:
    """Readable reasons the simulation disagrees with the answer key; empty when it confirms it."""
    by_id = {s.option: s for s in standings}
    judged = metric(judge.metric)
    problems = []
    for good in sorted(correct):
        for other in standings:
            if other.option in correct:
                continue
            if not beats(judge, by_id[good], other):
                problems.append(
                    f"correct option {good!r} ({_describe(judge, by_id[good])}) does not beat "
                    f"option {other.option!r} ({_describe(judge, other)}) on {judged.label}"
                )
    return problems


def _describe(judge: "Judge", s: Standing) -> str:
    """'p99 latency 58 ms, then cost / month $301.42; fails sessions lost 12, more than 0'."""
    judged = metric(judge.metric)
    text = f"{judged.label} {judged.format(s.value)}"
    if s.tiebreak is not None and judge.tiebreak:
        tiebreak = metric(judge.tiebreak)
        text += f", then {tiebreak.label} {tiebreak.format(s.tiebreak)}"
    if s.violations:
        text += "; fails " + ", ".join(s.violations)
    return text
