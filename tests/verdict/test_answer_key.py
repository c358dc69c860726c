"""The simulation confirms the answer key of every session-state question.

Each option of each question is simulated (fixed seed) and judged on the metric its stem is about
(`judge` in the YAML: a simulated number such as p99_latency_ms or a trait from the backend profile, plus
constraints and a tiebreak). The options marked correct must beat every other option. Figures that the
explanations quote as simulated ("about 25 ms", "about $320 a month", "about 2,000 sessions" lost, "about
214,000 missed reads") must be within 10 % of what the simulation of one of the question's options shows
(a whole quote of 2 to 9 may be the value rounded to units, 0 a value that rounds to none:
tests/verdict/quote_rule.py); see
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

from quizsim.content import resolve_option

from tests.bundled import bundled_library
from tests.content.test_sources import PACK, question_texts, quoted_figures
from tests.verdict.quote_rule import quote_matches

pytestmark = pytest.mark.xdist_group("test_answer_key")  # simulations cached per process (_RUNS): one worker runs them all

SEED = 42

_LIBRARY = bundled_library()
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


# Words that name a design in a sentence: what a store kind is called, and words an option's own text
# uses for itself. A figure in a stem or explanation is about the options named in the words right after
# it, up to a comma, parenthesis or "against/while/and/but" ("about 21 ms for DynamoDB against ..."),
# else in the words right before it, back to such a mark ("..., while DynamoDB stays around 21 ms"),
# else anywhere in its sentence, else in the sentence before; when several options are named, those
# matching the most names. In an option's `why` it is about that option.
_KIND_NAMES = {
    "dynamodb": ("DynamoDB", "table"), "redis": ("Redis", "cache"), "memcached": ("Memcached", "cache"),
    "efs": ("EFS",), "s3": ("S3",), "ebs": ("EBS", "local"), "instance_store": ("instance store", "local"),
    "memory": ("memory", "local"), "elasticache_serverless": ("Serverless", "Valkey", "cache"), "queue": (),
}
_OPTION_WORDS = (
    "DAX", "on-demand", "provisioned", "Multi-AZ", "replica", "replicas", "micro", "single", "Elastic", "bursting",
    "prefixes", "sticky", "round robin", "small", "large", "6 nodes", "3 nodes", "maximum",
)
_SENTENCE_END = re.compile(r"(?<=[.;:])\s+(?=[A-Z(])")
_CLAUSE_MARK = re.compile(r"[,;()]|\b(?:against|while|and|but|whereas|than|then)\b")


def _names_in(text: str, words) -> set[str]:
    """The words that name a design in `text`; 'without W' does not name W's option (see _without)."""
    low = text.lower()
    return {w for w in words if re.search(r"(?<!without )(?<!\w)" + re.escape(w.lower()) + r"(?!\w)", low)}


_KIND_WORDS = {w for words in _KIND_NAMES.values() for w in words}


def _without(names: dict[str, set[str]], part: str) -> list[str]:
    """'about 21 ms without DAX': the options of the same store kind as those W names, less those with W."""
    low = part.lower()
    for word in set().union(*names.values()):
        if re.search(r"\bwithout " + re.escape(word.lower()) + r"(?!\w)", low):
            having = [o for o, n in names.items() if word in n]
            kind = set().union(*(names[o] & _KIND_WORDS for o in having))
            return [o for o, n in names.items() if o not in having and n & kind]
    return []


def option_names(question) -> dict[str, set[str]]:
    """The words that name each option: its store kind's names, and the option words its text uses."""
    names = {}
    for option in question.options:
        resolved = resolve_option(_LIBRARY, question, option)
        kind_names = set(_KIND_NAMES.get(resolved.store.kind, ()))
        names[option.id] = kind_names | _names_in(option.text, _OPTION_WORDS + tuple(kind_names))
    return names


def options_meant(names: dict[str, set[str]], where: str, text: str, start: int, end: int, figures: list[tuple[int, int]]) -> list[str]:
    """The options a figure at text[start:end] is about (see above); every option when nothing names one."""
    if where.startswith("option "):
        return [where.split()[1]]
    sentences = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    k = max(i for i, b in enumerate(sentences[:-1]) if b <= start)
    s0, s1 = sentences[k], sentences[k + 1]
    before = max([e for b, e in figures if e <= start and e > s0] or [s0])
    after = min([b for b, e in figures if b >= end and b < s1] or [s1])
    everything = set().union(*names.values())
    previous = sentences[k - 1] if k else s0
    following = text[end:after]
    mark = _CLAUSE_MARK.search(following)
    following = following[: mark.start()] if mark else following
    preceding = text[before:start]
    marks = [m for m in _CLAUSE_MARK.finditer(preceding) if m.group() != "("]  # "X loses (about N)" is about X
    preceding = preceding[marks[-1].end():] if marks else preceding
    if _without(names, following):
        return _without(names, following)
    for part in (following, preceding, text[s0:s1], text[previous:s0]):
        said = _names_in(part, everything)
        best = max(len(n & said) for n in names.values()) if said else 0
        if best:
            return [o for o, n in names.items() if len(n & said) == best]
    return list(names)


def test_a_figure_is_read_against_the_option_its_clause_names() -> None:
    names = {"a": {"Redis", "single"}, "b": {"Redis", "Multi-AZ"}, "c": {"DynamoDB"}, "d": {"S3", "prefixes"}}
    text = "The simulation shows about 21 ms per call for DynamoDB against about 122 ms for S3 with 4 prefixes. Redis stays fast."
    figures = [(m.start(), m.end()) for m in re.finditer(r"\d+ ms", text)]
    assert options_meant(names, "explanation", text, *figures[0], figures) == ["c"]
    assert options_meant(names, "explanation", text, *figures[1], figures) == ["d"]
    text = "One single Redis node loses about 8,000 sessions. The rest lose none."
    figures = [(m.start(), m.end()) for m in re.finditer(r"[\d,]+ sessions", text)]
    assert options_meant(names, "explanation", text, *figures[0], figures) == ["a"]
    assert options_meant(names, "option b why", "about 5 ms", 6, 10, [(6, 10)]) == ["b"]
    names = {"a": {"Redis", "cache"}, "b": {"DynamoDB", "table", "DAX"}, "c": {"DynamoDB", "table"}, "d": {"EFS"}}
    text = "With DAX the calls reach about 19 ms per call at p99 (about 21 ms per call without DAX), while Redis stays fast."
    figures = [(m.start(), m.end()) for m in re.finditer(r"\d+ ms", text)]
    assert options_meant(names, "explanation", text, *figures[0], figures) == ["b"]
    assert options_meant(names, "explanation", text, *figures[1], figures) == ["c"]


def _option_values(result) -> dict[str, float]:
    s = result.summary
    values = {
        "usd_month": s.cost_usd_per_month,
        "sessions": float(s.sessions_lost),  # users logged out, each once
        "misses": float(s.session_misses),  # session reads that found nothing
        "errors": float(s.errors.get("total", 0)),
    }
    for family, stats in (("ms", s.latency_ms), ("store_ms", s.store_latency_ms)):
        for key in ("mean", "p50", "p95", "p99"):
            values[f"{family}:{key}"] = stats[key]
    return values


def _close(quote, value: float) -> bool:
    return quote_matches(quote.value, value, quote.shown)


@pytest.mark.parametrize("question_id", _QUESTION_IDS)
def test_figures_quoted_as_simulated_match_the_simulation(question_id: str) -> None:
    question = _LIBRARY.questions[question_id]
    families = ("ms", "usd_month", "sessions", "misses", "errors")
    quotes = []
    for where, text in question_texts(question):
        found = [q for q in quoted_figures(text) if q.approx and q.family in families]
        spans = [(text.rfind(q.shown, 0, q.end), q.end) for q in found]  # clause bounds: simulated figures only
        for q, span in zip(found, spans):
            quotes.append((where, text, q, span, spans))
    if not quotes:
        return
    names = option_names(question)
    values = {o.id: _option_values(simulate_option(question, o)[1]) for o in question.options}
    problems = []
    for where, text, quote, (start, end), spans in quotes:
        after = text[quote.end:quote.end + 24]
        family = quote.family
        if family == "ms" and _is_store_latency(after):
            family = "store_ms"
        if family in ("ms", "store_ms"):
            statistic = _latency_statistic(after)
            keys = [f"{family}:{statistic}"] if statistic else [f"{family}:{k}" for k in ("mean", "p50", "p95", "p99")]
        else:
            keys = [family]
        meant = options_meant(names, where, text, start, end, spans)
        simulated = {(o, k): values[o][k] for o in meant for k in keys}
        if not any(_close(quote, v) for v in simulated.values()):
            near = sorted(simulated.items(), key=lambda kv: abs(kv[1] - quote.value))[:3]
            problems.append(
                f"{where}: '{quote.context}' says about {quote.shown} ({', '.join(keys)}) of option(s) {'/'.join(meant)}; "
                f"they simulate {', '.join(f'{o} {v:,.2f}' for (o, _), v in near)}"
            )
    assert problems == [], f"{question_id}:\n  " + "\n  ".join(problems)
