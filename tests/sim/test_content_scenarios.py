"""Every bundled scenario and every starter question's options simulate, and the starter answer keys hold."""

from __future__ import annotations

import pytest

from quizsim.content import resolve_option, resolve_scenario
from quizsim.sim import simulate
from quizsim.verdict.judge import answer_key_disagreements, standing
from tests.bundled import bundled_library

LIBRARY = bundled_library()
STARTER = ["ss-in-memory-store", "ss-serverless-store", "ss-ebs-not-shared", "ss-single-node-failure"]


@pytest.mark.parametrize("scenario_id", sorted(LIBRARY.scenarios))
def test_every_bundled_scenario_simulates(scenario_id: str) -> None:
    result = simulate(resolve_scenario(LIBRARY, LIBRARY.scenarios[scenario_id]))
    s = result.summary
    assert s.requests > 0 and s.duration_s > 0
    assert s.latency_ms["p50"] <= s.latency_ms["p99"] <= s.latency_ms["max"] + 1e-6
    assert result.windows and all(w.cost_usd >= 0 for w in result.windows)


@pytest.mark.parametrize("question_id", STARTER)
def test_starter_question_answer_keys_hold(question_id: str) -> None:
    question = LIBRARY.questions[question_id]
    standings = []
    for option in question.options:
        resolved = resolve_option(LIBRARY, question, option)
        standings.append(standing(question.judge, option.id, simulate(resolved)))
    correct = {o.id for o in question.options if o.correct}
    assert answer_key_disagreements(question.judge, standings, correct) == []
