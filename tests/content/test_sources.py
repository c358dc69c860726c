"""Every AWS figure in a backend profile has a source, and question texts quote the figures they run.

Convention for numbers in question texts (stem, option text, `why`, explanation):

1. A figure written bare with its unit is a *profile quote*: "1.29 ms", "0.5 GiB", "2 KB", "$0.032/h",
   "$0.625 per million ...", "$0.005 per 1,000 ...", "$0.06 per GB ...", "3,500 writes/s", "4,000 WRU/s",
   "500 WCU", "30 s", "10-minute TTL", "7-day cookie", "16 instances", "3 nodes", "75 %". It must equal, to
   the digits shown, a value of that unit family somewhere in what the question's options run: their
   resolved store profiles, web instance and load balancer profiles (after `set` overrides), their
   scenarios, the judge's constraint bounds, or a number the provenance text (`source`/`assumed`) of
   one of those profiles cites. So a profile change that is not carried into the text fails here.
2. A figure introduced by "about", "around", "roughly", "approximately", "nearly", "~" or "≈" is a
   *simulated or derived figure* and is exempt from rule 1; tests/verdict/test_answer_key.py checks those in ms,
   dollars a month, sessions and failed requests against what the simulation of the question's options
   shows. A dollar amount "a month" must always be such a figure (no profile holds monthly totals).
3. Anything else (clock times such as 10:00, fractions such as 1/3, counts in words) is not checked.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from pydantic import BaseModel

from quizsim.content import resolve_option
from quizsim.content.base import Sourced

PACK = "session-state"
TODAY = max(dt.date(2026, 12, 2), dt.date.today())

# Numeric fields that are an architect's choice for this profile, not a figure describing AWS.
CHOICE_FIELDS = {
    ("memcached", "nodes"): "how many nodes the cluster is built with",
    ("redis", "shards"): "how many shards the cluster is built with",
    ("work_queue", "consumers"): "how many services consume every job",
    ("work_queue", "consumer_outage_at_s"): "when the scenario's consumer outage starts",
    ("work_queue", "consumer_outage_s"): "how long the scenario's consumer outage lasts",
}

# AWS figures that once sat at a model's top level, outside any Sourced block; each now lives in a
# sourced block of its model (path below), so a profile must give it a source or mark it assumed.
MOVED_INTO_SOURCED_BLOCKS = {
    ("ebs", ("limits", "max_iops")),
    ("efs", ("lock", "hold_ms")),
    ("memcached", ("recovery", "replace_node_s")),
    ("memcached", ("discovery", "interval_s")),
}

# ---------------------------------------------------------------------------------------------------
# Rule 1 and 2: finding quoted figures in text
# ---------------------------------------------------------------------------------------------------

_NUM = r"(?<![A-Za-z0-9_.,])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_APPROX = re.compile(r"(?:about|around|roughly|approximately|nearly|~|≈)\s*\$?(?:[\d.,]+\s*[-–]\s*\$?)?$", re.I)

# (family, regex, multiplier to the family's base unit); first match at a position wins.
_PATTERNS: list[tuple[str, re.Pattern[str], float]] = [
    ("usd_month", re.compile(r"\$" + _NUM + r"\s*(?:a|per)\s+month\b", re.I), 1),
    ("usd_hour", re.compile(r"\$" + _NUM + r"\s*(?:/h\b|/hour\b|per\s+(?:[\w]+-)?hour\b|an\s+hour\b)", re.I), 1),
    ("usd_million", re.compile(r"\$" + _NUM + r"\s*per\s+million\b", re.I), 1),
    ("usd_thousand", re.compile(r"\$" + _NUM + r"\s*per\s+1,000\b", re.I), 1),
    ("usd_gb", re.compile(r"\$" + _NUM + r"\s*per\s+GB\b(?!-hour)", re.I), 1),
    ("ms", re.compile(_NUM + r"\s*ms\b"), 1),
    ("s", re.compile(_NUM + r"[\s-]*(?:s|seconds?|second)\b(?!/)"), 1),
    ("s", re.compile(_NUM + r"[\s-]*(?:min|minutes?|minute)\b"), 60),
    ("s", re.compile(_NUM + r"[\s-]*(?:days?|day)\b"), 86400),
    ("mem_gb", re.compile(_NUM + r"\s*(?:GiB|GB)\b(?![-/])"), 1),
    ("mem_gb", re.compile(_NUM + r"\s*MB\b"), 0.001),
    ("kb", re.compile(_NUM + r"\s*(?:KB|KiB)\b"), 1),
    ("mib", re.compile(_NUM + r"\s*MiB/s\b"), 1),
    ("rate", re.compile(
        _NUM + r"\s*(?:req/s|requests/s|requests (?:per|a) second|writes/s|reads/s|writes (?:per|a) second"
        r"|reads (?:per|a) second|WRU/s|RRU/s|ops/s|WCU|RCU|units\b|IOPS)", re.I), 1),
    ("count", re.compile(_NUM + r"\s+(?:[\w.]+\s+)?(?:instances|nodes|shards|replicas?)\b"), 1),
    ("pct", re.compile(_NUM + r"\s*%"), 1),
    ("misses", re.compile(_NUM + r"\s+missed\s+(?:session\s+)?reads\b"), 1),
    ("sessions", re.compile(_NUM + r"\s+(?:sessions|users|logouts)\b"), 1),
    ("errors", re.compile(_NUM + r"\s+(?:failed requests|errors|throttled requests)\b"), 1),
]


@dataclass(frozen=True)
class Quote:
    family: str
    value: float
    shown: str
    """The number as written (its digits decide the rounding a match needs)."""
    approx: bool
    context: str
    end: int = 0
    """Index in the text just after the figure and its unit."""


def quoted_figures(text: str) -> Iterator[Quote]:
    """Every number-with-unit in `text`, with its family and whether it is marked as approximate."""
    taken: set[int] = set()
    for family, pattern, factor in _PATTERNS:
        for match in pattern.finditer(text):
            start = match.start("num")
            if start in taken:
                continue
            taken.add(start)
            shown = match.group("num")
            value = float(shown.replace(",", "")) * factor
            before = text[max(0, match.start() - 24):match.start()]
            approx = bool(_APPROX.search(before))
            context = text[max(0, match.start() - 30):match.end() + 10].replace("\n", " ")
            yield Quote(family, value, shown, approx, context, match.end())


def _decimals(shown: str) -> int:
    return len(shown.split(".")[1]) if "." in shown else 0


def matches_figure(quote: Quote, figure: float, factor: float = 1.0) -> bool:
    """The quote equals the figure rounded to the digits shown (1 % slack for unit conversions)."""
    digits = _decimals(quote.shown)
    shown_value = quote.value / factor
    figure_value = figure / factor
    if round(figure_value, digits) == round(shown_value, digits):
        return True
    return abs(figure - quote.value) <= 0.01 * max(abs(figure), abs(quote.value))


# ---------------------------------------------------------------------------------------------------
# The pool of figures a question may quote
# ---------------------------------------------------------------------------------------------------

_FAMILY_BY_FIELD: list[tuple[re.Pattern[str], str, float]] = [
    (re.compile(r"_ms$"), "ms", 1),
    (re.compile(r"(?<!per)_s$"), "s", 1),
    (re.compile(r"(^|_)(gb|gib)$"), "mem_gb", 1),
    (re.compile(r"(^|_)(kb|kib)(_|$)"), "kb", 1),
    (re.compile(r"(^|_)mib(_|$)"), "mib", 1),
    (re.compile(r"hour_usd$"), "usd_hour", 1),
    (re.compile(r"per_million"), "usd_million", 1),
    (re.compile(r"per_thousand"), "usd_thousand", 1),
    (re.compile(r"gb.*usd$"), "usd_gb", 1),
    (re.compile(r"per_s(_|$)|^(rcu|wcu|min_units|max_units|max_iops|max_rps)$|per_partition$"), "rate", 1),
    (re.compile(r"^(instances|min_instances|max_instances|nodes|shards|replicas)$"), "count", 1),
    (re.compile(r"_pct$"), "pct", 1),
    (re.compile(r"_fraction$"), "pct", 100),
]
_METRIC_FAMILY = {
    "p99_latency_ms": "ms", "p95_latency_ms": "ms", "mean_latency_ms": "ms",
    "store_p99_latency_ms": "ms", "store_p50_latency_ms": "ms",
}


def _walk_numbers(data, name: str = "") -> Iterator[tuple[str, float]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _walk_numbers(value, str(key))
    elif isinstance(data, list):
        for item in data:
            yield from _walk_numbers(item, name)
    elif isinstance(data, (int, float)) and not isinstance(data, bool):
        yield name, float(data)


def _walk_texts(data) -> Iterator[str]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("source", "assumed") and isinstance(value, str):
                yield value
            else:
                yield from _walk_texts(value)
    elif isinstance(data, list):
        for item in data:
            yield from _walk_texts(item)


def figure_pool(library, question) -> dict[str, set[float]]:
    """Values by unit family that the question's texts may quote bare (rule 1)."""
    pool: dict[str, set[float]] = {}

    def add_data(data) -> None:
        for name, value in _walk_numbers(data):
            for pattern, family, factor in _FAMILY_BY_FIELD:
                if pattern.search(name):
                    pool.setdefault(family, set()).add(value * factor)
        for text in _walk_texts(data):
            for quote in quoted_figures(text):
                pool.setdefault(quote.family, set()).add(quote.value)

    for option in question.options:
        if option.simulate is None:
            continue
        resolved = resolve_option(library, question, option)
        add_data(resolved.scenario.model_dump(mode="python"))
        for profile in (resolved.store, resolved.instance, resolved.load_balancer):
            if profile is not None:
                add_data(profile.model_dump(mode="python"))
    for constraint in question.judge.constraints:
        family = _METRIC_FAMILY.get(constraint.metric)
        if family and constraint.max is not None:
            pool.setdefault(family, set()).add(constraint.max)
    return pool


def question_texts(question) -> Iterator[tuple[str, str]]:
    """(where, text) for every text of a question a learner reads."""
    yield "stem", question.stem
    yield "explanation", question.explanation
    for option in question.options:
        yield f"option {option.id} text", option.text
        yield f"option {option.id} why", option.why


# ---------------------------------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def library(bundled_library):
    return bundled_library


def _pack_questions(library):
    return [library.questions[q] for q in library.packs[PACK].question_ids]


# ---------------------------------------------------------------------------------------------------
# Provenance of backend profiles
# ---------------------------------------------------------------------------------------------------


def _numeric_fields(model: BaseModel, path: tuple[str, ...], block: Sourced | None):
    for name in type(model).model_fields:
        value = getattr(model, name)
        here = path + (name,)
        if isinstance(value, BaseModel):
            yield from _numeric_fields(value, here, value if isinstance(value, Sourced) else block)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            yield here, value, (model if isinstance(model, Sourced) else block)


def _unsourced(library) -> list[str]:
    unsourced = []
    for backend_id, backend in sorted(library.backends.items()):
        for path, value, block in _numeric_fields(backend, (), None):
            if (backend.kind, path[-1]) in CHOICE_FIELDS and len(path) == 1:
                continue
            if block is None:
                unsourced.append(f"{backend_id}: {'.'.join(path)} = {value:g} is outside any source/assumed block")
            elif not (block.assumed or (block.source and block.as_of)):
                unsourced.append(f"{backend_id}: {'.'.join(path)} = {value:g} has neither source+as_of nor assumed")
    return unsourced


def test_every_profile_figure_has_a_source_or_is_marked_assumed(library) -> None:
    unsourced = _unsourced(library)
    assert unsourced == [], "figures without provenance:\n" + "\n".join(unsourced)


def test_formerly_top_level_figures_live_in_sourced_blocks(library) -> None:
    """EBS IOPS, the EFS lock hold time and Memcached's recovery and discovery times each sit in a sourced
    block of their profile, and the bundled profiles set them."""
    seen = set()
    for backend in library.backends.values():
        for path, _value, block in _numeric_fields(backend, (), None):
            if (backend.kind, path) in MOVED_INTO_SOURCED_BLOCKS:
                assert block is not None and (block.assumed or (block.source and block.as_of)), (backend.id, path)
                seen.add((backend.kind, path))
    assert seen == MOVED_INTO_SOURCED_BLOCKS, f"no bundled profile sets {MOVED_INTO_SOURCED_BLOCKS - seen}"


def test_source_dates_are_real_and_not_in_the_future(library) -> None:
    bad = []
    for backend_id, backend in sorted(library.backends.items()):
        blocks = [b for _, _, b in _numeric_fields(backend, (), None) if b is not None and b.as_of]
        for block in blocks:
            parts = [int(p) for p in block.as_of.split("-")]
            when = dt.date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)
            if when > TODAY:
                bad.append(f"{backend_id}: as_of {block.as_of} is after {TODAY}")
            if len(block.source.strip()) < 8:
                bad.append(f"{backend_id}: source {block.source!r} does not say where the figure was published")
    assert bad == []


def test_choice_fields_are_really_not_aws_figures(library) -> None:
    """The exemption list stays honest: each exempt field exists on some loaded profile."""
    present = {(b.kind, name) for b in library.backends.values() for name in type(b).model_fields}
    assert set(CHOICE_FIELDS) <= present


# ---------------------------------------------------------------------------------------------------
# Numbers in question texts
# ---------------------------------------------------------------------------------------------------


def test_quoted_figures_match_the_profiles_and_scenarios_they_run(library) -> None:
    problems = []
    checked = 0
    for question in _pack_questions(library):
        pool = figure_pool(library, question)
        for where, text in question_texts(question):
            for quote in quoted_figures(text):
                if quote.approx:
                    continue
                if quote.family == "usd_month":
                    problems.append(f"{question.id} {where}: '{quote.context}': a monthly total is simulated; write 'about ${quote.shown} a month'")
                    continue
                checked += 1
                candidates = pool.get(quote.family, set())
                if not any(matches_figure(quote, figure) for figure in candidates):
                    near = sorted(candidates, key=lambda f: abs(f - quote.value))[:4]
                    problems.append(
                        f"{question.id} {where}: '{quote.context}' quotes {quote.shown} ({quote.family}), "
                        f"which no profile or scenario of its options holds; nearest: {', '.join(f'{n:g}' for n in near) or 'none'}"
                    )
    assert problems == [], "\n".join(problems)
    assert checked > 100, f"only {checked} quoted figures found: is the convention still followed?"


def test_quote_finder_reads_the_convention() -> None:
    quotes = list(quoted_figures(
        "takes 0.42 ms at the median, about 9 ms at p99; $0.032/h per node, about $320 a month; "
        "3,500 writes/s per prefix; a 10-minute TTL; 1.37 GiB; 100 MB minimum; 16 instances; 75 % usable"
    ))
    found = {(q.family, q.value, q.approx) for q in quotes}
    assert ("ms", 0.42, False) in found
    assert ("ms", 9.0, True) in found
    assert ("usd_hour", 0.032, False) in found
    assert ("usd_month", 320.0, True) in found
    assert ("rate", 3500.0, False) in found
    assert ("s", 600.0, False) in found
    assert ("mem_gb", 1.37, False) in found
    assert ("mem_gb", 0.1, False) in found
    assert ("count", 16.0, False) in found
    assert ("pct", 75.0, False) in found


def test_a_drifted_figure_is_caught(library) -> None:
    """If the Redis benchmark figure changed, the text quoting 1.29 ms would no longer match."""
    question = library.questions["ss-in-memory-store"]
    pool = figure_pool(library, question)
    redis = next(o for o in question.options if o.simulate and o.simulate.store == "redis-r7g-large-multi-az")
    quote = next(q for q in quoted_figures(redis.why) if q.family == "ms" and q.value == 1.29)
    assert any(matches_figure(quote, f) for f in pool["ms"])
    drifted = {f for f in pool["ms"] if f != 1.29} | {1.5}
    assert not any(matches_figure(quote, f) for f in drifted)
