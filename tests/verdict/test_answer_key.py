"""The simulation confirms the answer key of every session-state question.

Each option of each question is simulated (fixed seed) and judged on the metric its stem is about
(`judge` in the YAML: a simulated number such as p99_latency_ms or a trait from the backend profile, plus
constraints and a tiebreak). The options marked correct must beat every other option. Figures that the
explanations quote as simulated ("about 25 ms", "about $320 a month", "about 2,000 sessions" lost, "about
214,000 missed reads") must be close to what the simulation of one of the question's options shows; see
tests/content/test_sources.py for the whole number convention. A latency quoted "per call" ("about 1.3 ms
per call at p99") is a session-store operation latency (Summary.store_latency_ms); any other "about N ms" is
a whole request's.

Identical runs (the same scenario, store and web tier after overrides) are simulated once and shared
between questions, which keeps the module to roughly one simulation per distinct design.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from pathlib import Path

import pytest

from quizsim.content import load_library, resolve_option
from quizsim.content.loader import default_content_paths

from tests.content.test_sources import PACK, question_texts, quoted_figures

SEED = 42
SIMULATED_TOLERANCE = 0.35
"""A figure quoted as simulated ("about ...") may differ this much (relative) from the simulation."""
LATENCY_SLACK_MS = 1.5
"""...or, for request latencies, this many milliseconds."""
STORE_LATENCY_SLACK_MS = 0.1
"""...or, for store-call latencies (often below a millisecond), this many."""

_LIBRARY = load_library(default_content_paths())
_QUESTION_IDS = list(_LIBRARY.packs[PACK].question_ids) if PACK in _LIBRARY.packs else []
_RUNS: dict[str, object] = {}


def _run_key(resolved) -> str:
    parts = [resolved.scenario.model_dump_json(), resolved.store.model_dump_json()]
    for profile in (resolved.instance, resolved.load_balancer):
        parts.append(profile.model_dump_json() if profile is not None else "-")
    return "\n".join(parts)


def simulate_option(question, option):
    """(resolved, result) for one option; identical designs share one simulation."""
    from quizsim.sim import simulate

    resolved = resolve_option(_LIBRARY, question, option)
    key = _run_key(resolved)
    if key not in _RUNS:
        anonymous = dataclasses.replace(resolved, question_id=None, option_id=None, correct=None)
        _RUNS[key] = simulate(anonymous, seed=SEED)
    return resolved, _RUNS[key]


def _describe(option_id: str, result) -> str:
    s = result.summary
    return (
        f"{option_id}: p99 {s.latency_ms['p99']:.1f} ms (store {s.store_latency_ms['p99']:.2f} ms), errors {s.errors.get('total', 0)}, "
        f"sessions lost {s.sessions_lost}, ${s.cost_usd_per_month:,.0f}/month"
    )


def test_the_pack_has_at_least_40_questions() -> None:
    assert len(_QUESTION_IDS) >= 40, f"{len(_QUESTION_IDS)} questions in {PACK}"
    assert [p.format() for p in _LIBRARY.problems] == []


@pytest.mark.parametrize("question_id", _QUESTION_IDS)
def test_every_option_is_a_distinct_simulated_design(question_id: str) -> None:
    question = _LIBRARY.questions[question_id]
    seen: dict[str, str] = {}
    for option in question.options:
        assert option.simulate is not None, f"{question_id} option {option.id} has nothing to simulate"
        key = _run_key(resolve_option(_LIBRARY, question, option))
        assert key not in seen, f"{question_id}: options {seen.get(key)} and {option.id} simulate the same design"
        seen[key] = option.id


@pytest.mark.parametrize("question_id", _QUESTION_IDS)
def test_simulation_confirms_the_answer_key(question_id: str) -> None:
    from quizsim.verdict.judge import answer_key_disagreements, standing

    question = _LIBRARY.questions[question_id]
    standings, lines = [], []
    for option in question.options:
        resolved, result = simulate_option(question, option)
        standings.append(standing(question.judge, option.id, result))
        lines.append(_describe(option.id, result))
    correct = {o.id for o in question.options if o.correct}
    problems = answer_key_disagreements(question.judge, standings, correct)
    assert problems == [], (
        f"{question_id} (judged on {question.judge.metric}, correct {sorted(correct)}):\n  "
        + "\n  ".join(problems)
        + "\n simulated:\n  "
        + "\n  ".join(lines)
    )


_STATISTIC_WORDS = (("p99", "p99"), ("p95", "p95"), ("median", "p50"), ("p50", "p50"), ("mean", "mean"), ("average", "mean"))


def _latency_statistic(text_after: str) -> str | None:
    """Which latency statistic a quoted "about N ms" names in the words right after it, if any."""
    for word, key in _STATISTIC_WORDS:
        if word in text_after.lower():
            return key
    return None


_STORE_SCOPE = re.compile(r"\bper\s+(?:store\s+|session\s+)?call\b", re.I)
_NEXT_FIGURE = re.compile(r"\d|\.\s|;")


def _is_store_latency(text_after: str) -> bool:
    """A quoted "about N ms" is a store-call latency when "per call" follows it before the next figure."""
    stop = _NEXT_FIGURE.search(text_after)
    return bool(_STORE_SCOPE.search(text_after[: stop.start() if stop else 40][:40]))


def test_store_scope_is_read_from_the_words_after_the_figure() -> None:
    assert _is_store_latency(" per call at p99 with Redis")
    assert _is_store_latency(" per\n call for S3")
    assert not _is_store_latency(" at p99 with Redis, about 1.3 ms per call")
    assert not _is_store_latency(" per request")


def _simulated_values(question) -> dict[str, list[float]]:
    values: dict[str, list[float]] = {"ms": [], "store_ms": [], "usd_month": [], "sessions": [], "misses": [], "errors": []}
    for option in question.options:
        _, result = simulate_option(question, option)
        s = result.summary
        for family, stats in (("ms", s.latency_ms), ("store_ms", s.store_latency_ms)):
            for key in ("mean", "p50", "p95", "p99"):
                values[family].append(stats[key])
                values.setdefault(f"{family}:{key}", []).append(stats[key])
        values["usd_month"].append(s.cost_usd_per_month)
        values["sessions"].append(float(s.sessions_lost))  # users logged out, each once
        values["misses"].append(float(s.session_misses))  # session reads that found nothing
        values["errors"].append(float(s.errors.get("total", 0)))
    return values


@pytest.mark.parametrize("question_id", _QUESTION_IDS)
def test_figures_quoted_as_simulated_match_the_simulation(question_id: str) -> None:
    question = _LIBRARY.questions[question_id]
    quotes = [
        (where, q, text[q.end:q.end + 24])
        for where, text in question_texts(question) for q in quoted_figures(text)
        if q.approx and q.family in ("ms", "usd_month", "sessions", "misses", "errors")
    ]
    if not quotes:
        return
    values = _simulated_values(question)
    problems = []
    for where, quote, after in quotes:
        family = quote.family
        if family == "ms" and _is_store_latency(after):
            family = "store_ms"
        statistic = _latency_statistic(after) if family in ("ms", "store_ms") else None
        candidates = values[f"{family}:{statistic}"] if statistic else values[family]
        slack = {"ms": LATENCY_SLACK_MS, "store_ms": STORE_LATENCY_SLACK_MS}.get(family, 0.0)

        def close(v: float) -> bool:
            if abs(v - quote.value) <= slack:
                return True
            floor = 0.0 if family == "store_ms" else 1.0  # store calls are often well under 1 ms
            return abs(v - quote.value) <= SIMULATED_TOLERANCE * max(abs(quote.value), floor)

        if not any(close(v) for v in candidates):
            near = sorted(candidates, key=lambda v: abs(v - quote.value))[:3]
            problems.append(
                f"{where}: '{quote.context}' says about {quote.shown} ({family}{':' + statistic if statistic else ''}); "
                f"the options simulate {', '.join(f'{v:,.1f}' for v in near)}"
            )
    assert problems == [], f"{question_id}:\n  " + "\n  ".join(problems)
