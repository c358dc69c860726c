"""The simulation confirms the answer key of every decoupling question, and the figures its texts quote.

Each option is simulated (seed 42) and judged on the metric its stem asks about. A figure an explanation
quotes as simulated is written "about N <what> (x)", x being the option it belongs to; it must be within
10 % of that option's simulated value. The only slack beyond that: a whole quote of 2 to 9 may be the value
rounded to units ("about 3" for 2.6), and 0 stands for a value that rounds to none (tests/verdict/quote_rule.py).
So "about 100 jobs" for 68 or "about $1" for 0.59 fails: quote the figure the simulation shows.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from quizsim.content import resolve_option
from tests.bundled import bundled_library
from tests.verdict.quote_rule import quote_matches

pytestmark = pytest.mark.xdist_group("test_answer_key_decoupling")  # simulations cached per process (_RUNS): one worker runs them all

PACK = "decoupling"
SEED = 42

_LIBRARY = bundled_library()
_QUESTION_IDS = list(_LIBRARY.packs[PACK].question_ids) if PACK in _LIBRARY.packs else []
_RUNS: dict[str, object] = {}

# "about 82,000 jobs lost (a)" → (value, what, option)
_NUMBER = r"\$?(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
_QUOTES: list[tuple[re.Pattern[str], callable]] = [
    (re.compile(r"about " + _NUMBER + r" jobs lost \((?P<opt>[a-z0-9]+)\)"), lambda s: s.jobs_lost),
    (re.compile(r"about " + _NUMBER + r" jobs processed twice \((?P<opt>[a-z0-9]+)\)"), lambda s: s.jobs_processed_twice),
    (re.compile(r"about " + _NUMBER + r" jobs out of order \((?P<opt>[a-z0-9]+)\)"), lambda s: s.jobs_out_of_order),
    (re.compile(r"about " + _NUMBER + r" jobs in the dead-letter queue \((?P<opt>[a-z0-9]+)\)"), lambda s: s.jobs_dead_lettered),
    (re.compile(r"about " + _NUMBER + r" s at\s+p99 \((?P<opt>[a-z0-9]+)\)"), lambda s: s.latency_ms["p99"] / 1000.0),
    (re.compile(r"about " + _NUMBER + r" s oldest message age \((?P<opt>[a-z0-9]+)\)"), lambda s: s.oldest_message_age_s),
    (re.compile(r"about " + _NUMBER + r" a month for\s+workers \((?P<opt>[a-z0-9]+)\)"), lambda s: s.worker_cost_usd_per_month),
    (re.compile(r"about " + _NUMBER + r" a month in total \((?P<opt>[a-z0-9]+)\)"), lambda s: s.cost_usd_per_month),
    (re.compile(r"about " + _NUMBER + r" a month for\s+the queue \((?P<opt>[a-z0-9]+)\)"), lambda s: s.queue_cost_usd_per_month),
    (re.compile(r"about " + _NUMBER + r" empty\s+receives \((?P<opt>[a-z0-9]+)\)"), lambda s: s.sqs_empty_receives),
    (re.compile(r"about " + _NUMBER + r" s web response at p99 \((?P<opt>[a-z0-9]+)\)"), lambda s: s.web_latency_ms["p99"] / 1000.0),
    (re.compile(r"about " + _NUMBER + r" ms web response at p99 \((?P<opt>[a-z0-9]+)\)"), lambda s: s.web_latency_ms["p99"]),
    (re.compile(r"about " + _NUMBER + r" failed web\s+requests \((?P<opt>[a-z0-9]+)\)"), lambda s: s.web_errors),
]


def _run_key(resolved) -> str:
    return resolved.scenario.model_dump_json() + "\n" + resolved.store.model_dump_json()


def simulate_option(question, option):
    from quizsim.sim import simulate

    resolved = resolve_option(_LIBRARY, question, option)
    key = _run_key(resolved)
    if key not in _RUNS:
        anonymous = dataclasses.replace(resolved, question_id=None, option_id=None, correct=None)
        _RUNS[key] = simulate(anonymous, seed=SEED)
    return _RUNS[key]


def quoted(text: str) -> list[tuple[float, str, str, callable]]:
    """(value, matched text, option id, reader) of every simulated figure the text quotes."""
    found = []
    for pattern, read in _QUOTES:
        for m in pattern.finditer(text):
            found.append((float(m.group("num").replace(",", "")), m.group(0), m.group("opt"), read))
    return found


def _close(quoted_value: float, simulated: float, shown: str) -> bool:
    return quote_matches(quoted_value, simulated, shown)


def test_the_pack_is_loaded_without_problems() -> None:
    assert len(_QUESTION_IDS) >= 12, f"{len(_QUESTION_IDS)} questions in {PACK}"
    assert [p.format() for p in _LIBRARY.problems] == []


def test_quotes_are_read_with_their_option() -> None:
    [(value, _, option, _)] = quoted("The simulation shows about 82,000 jobs lost (a) with direct calls.")
    assert (value, option) == (82000, "a")
    assert _close(82000, 80_000, "82,000") and not _close(82000, 60_000, "82,000")
    assert _close(0.4, 0.44, "0.4") and not _close(0.4, 0.5, "0.4") and not _close(0.4, 0.36, "0.4")
    # Rounding a figure to its leading digit is no excuse for a number the simulation does not show.
    assert not _close(100, 68, "100") and not _close(1, 0.59, "1") and not _close(280, 247, "280")
    assert _close(250, 247, "250") and _close(3, 2.6, "3") and not _close(3, 2.4, "3") and _close(0, 0.4, "0")


@pytest.mark.parametrize("question_id", _QUESTION_IDS)
def test_simulation_confirms_the_answer_key(question_id: str) -> None:
    from quizsim.verdict.judge import answer_key_disagreements, standing

    question = _LIBRARY.questions[question_id]
    standings, lines, results = [], [], {}
    for option in question.options:
        assert option.simulate is not None, f"{question_id} option {option.id} has nothing to simulate"
        result = simulate_option(question, option)
        results[option.id] = result
        standings.append(standing(question.judge, option.id, result))
        s = result.summary
        lines.append(
            f"{option.id}: lost {s.jobs_lost:,} twice {s.jobs_processed_twice:,} unordered {s.jobs_out_of_order:,} "
            f"DLQ {s.jobs_dead_lettered:,} p99 {s.latency_ms['p99'] / 1000:.1f} s oldest {s.oldest_message_age_s:.0f} s "
            f"workers ${s.worker_cost_usd_per_month:,.0f}/month total ${s.cost_usd_per_month:,.0f}/month"
        )
    correct = {o.id for o in question.options if o.correct}
    problems = answer_key_disagreements(question.judge, standings, correct)
    texts = [question.stem, question.explanation] + [o.why for o in question.options]
    for text in texts:
        for value, shown, option, read in quoted(text):
            assert option in results, f"{question_id}: '{shown}' names no option of the question"
            simulated = read(results[option].summary)
            number = re.search(r"[\d,.]+", shown.split("about ")[1]).group(0).rstrip(".")
            if not _close(value, simulated, number):
                problems.append(f"'{shown}' but the simulation of {option} shows {simulated:,.1f}")
    assert problems == [], f"{question_id}:\n  " + "\n  ".join(problems) + "\n simulated:\n  " + "\n  ".join(lines)


@pytest.mark.parametrize("question_id", _QUESTION_IDS)
def test_every_option_is_a_distinct_design(question_id: str) -> None:
    question = _LIBRARY.questions[question_id]
    seen: dict[str, str] = {}
    for option in question.options:
        key = _run_key(resolve_option(_LIBRARY, question, option))
        assert key not in seen, f"{question_id}: options {seen.get(key)} and {option.id} simulate the same design"
        seen[key] = option.id
