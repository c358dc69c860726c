"""A trait-judged question shows the trait's consequence in the race (issue 8).

A question judged on a trait (serverless, in_memory, auto_scaling, shared, durable) is decided by the backend
profile, not by a number; but the learner watches a race of numbers. So the question's scenario must hold an
event that makes the trait matter (a node failure, a traffic step, an instance failure...), and the correct
option must be better than every wrong option on at least one simulated row the verdict shows (p99 latency,
errors, sessions lost, cost per month), by more than the judge's tolerance: a wrong answer never looks
better-or-equal on every simulated row.
"""

from __future__ import annotations

import pytest

from quizsim.content import resolve_option
from quizsim.metric_table import STANDARD_ROWS, TRAIT_NAMES, metric
from quizsim.verdict.judge import within
from tests.bundled import bundled_library

pytestmark = pytest.mark.xdist_group("test_trait_consequences")  # simulations cached per process (_RUNS): one worker runs them all

SEED = 42
"""The seed the answer-key test uses."""

_LIBRARY = bundled_library()
_TRAIT_JUDGED = sorted(q.id for q in _LIBRARY.questions.values() if q.judge.metric in TRAIT_NAMES)
_RUNS: dict[tuple[str, str], object] = {}


def _result(question, option):
    from quizsim.sim import simulate

    key = (question.id, option.id)
    if key not in _RUNS:
        _RUNS[key] = simulate(resolve_option(_LIBRARY, question, option), seed=SEED)
    return _RUNS[key]


def test_the_pack_has_trait_judged_questions() -> None:
    assert len(_TRAIT_JUDGED) >= 9, _TRAIT_JUDGED


@pytest.mark.parametrize("question_id", _TRAIT_JUDGED)
def test_the_correct_option_wins_a_simulated_row_against_every_wrong_option(question_id: str) -> None:
    question = _LIBRARY.questions[question_id]
    tolerance = question.judge.tolerance
    rows = [metric(name) for name in STANDARD_ROWS]
    correct = [o for o in question.options if o.correct]
    problems = []
    for good in correct:
        mine = _result(question, good)
        for other in question.options:
            if other.correct:
                continue
            theirs = _result(question, other)
            wins = [
                spec.label for spec in rows
                if spec.value(mine) < spec.value(theirs) and not within(spec.value(mine), spec.value(theirs), tolerance)
            ]
            if not wins:
                shown = ", ".join(f"{spec.label} {spec.format(spec.value(mine))} vs {spec.format(spec.value(theirs))}" for spec in rows)
                problems.append(f"correct {good.id} is better-or-equal nowhere against {other.id}: {shown}")
    assert problems == [], f"{question_id} (judged on {question.judge.metric}):\n  " + "\n  ".join(problems)


_EVENTS_THAT_SHOW = {
    "serverless": {"store_node_failure", "az_outage"},
    "auto_scaling": {"traffic_step"},
    "durable": {"store_node_failure", "instance_failure", "instance_stop", "az_outage"},
    "shared": {"instance_failure", "instance_stop", "az_outage", "round_robin"},
}
"""Events in which a trait shows: nodes of yours fail, traffic steps, a web instance goes (or the ALB spreads
a user's requests over several instances). In-memory needs none: its consequence is latency, in every run."""


def _events(scenario) -> set[str]:
    events = {f.kind for f in scenario.faults}
    if scenario.workload.phases:
        events.add("traffic_step")
    if scenario.web is not None and scenario.web.routing == "round_robin" and scenario.web.instances > 1:
        events.add("round_robin")
    return events


@pytest.mark.parametrize("question_id", _TRAIT_JUDGED)
def test_the_scenario_holds_an_event_that_makes_the_trait_matter(question_id: str) -> None:
    question = _LIBRARY.questions[question_id]
    scenario = _LIBRARY.scenarios[question.scenario]
    trait = question.judge.metric
    if trait == "in_memory":
        # The trait's own consequence: each correct option answers faster than every option not in memory.
        p99 = metric("p99_latency_ms")
        for good in (o for o in question.options if o.correct):
            for other in question.options:
                resolved = resolve_option(_LIBRARY, question, other)
                if not other.correct and not resolved.store.traits.in_memory:
                    mine, theirs = p99.value(_result(question, good)), p99.value(_result(question, other))
                    assert mine < theirs and not within(mine, theirs, question.judge.tolerance), (question_id, good.id, other.id)
        return
    shown = _events(scenario) & _EVENTS_THAT_SHOW[trait]
    assert shown, f"{question_id}: scenario {scenario.id} has no event in which {trait} shows (one of {sorted(_EVENTS_THAT_SHOW[trait])})"
