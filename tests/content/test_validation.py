"""Field-level checks: each problem names the file, the line of the field, the id, the field and a fix."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from quizsim.content import load_library
from quizsim.paths import bundled_content_dir
from tests.cli.support import VALID_PACK, line_of, run_quizsim


def check(tmp_path: Path, text: str):
    """Load `text` as one file beside the bundled packs; return (problems in that file, library)."""
    path = tmp_path / "pack.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    library = load_library([bundled_content_dir(), path])
    return [p for p in library.problems if p.path == path], library


def only(tmp_path: Path, text: str):
    problems, _ = check(tmp_path, text)
    assert len(problems) == 1, [p.format() for p in problems]
    return problems[0]


def question(**changes: str) -> str:
    """The valid question of VALID_PACK (with its scenario) after textual replacements."""
    text = VALID_PACK
    for old, new in changes.items():
        old = old.replace("__", " ")
        assert old in text, old
        text = text.replace(old, new)
    return text


def test_valid_pack_has_no_problems(tmp_path: Path) -> None:
    problems, library = check(tmp_path, VALID_PACK)
    assert problems == []
    assert library.questions["t-valid"].options[0].correct


def test_unknown_field_suggests_the_right_name(tmp_path: Path) -> None:
    text = question(explanation="explanaton")
    problems, _ = check(tmp_path, text)
    unknown = [p for p in problems if "unknown field" in p.message]
    assert len(unknown) == 1
    assert unknown[0].line == line_of(text, "explanaton")
    assert "question 't-valid'" in unknown[0].format()
    assert "unknown field 'explanaton'; did you mean 'explanation'?" in unknown[0].message
    assert any("missing required field 'explanation'" in p.message for p in problems)


def test_unknown_field_in_an_option_names_the_option(tmp_path: Path) -> None:
    text = question(**{"why: Reads take": "colour: red, why: Reads take"})
    problem = only(tmp_path, text)
    assert problem.line == line_of(text, "colour")
    assert problem.subject == "question 't-valid' option 'b'"
    assert "unknown field 'colour'" in problem.message and "allowed here: correct, id, simulate, text, why" in problem.message


def test_missing_field_is_named(tmp_path: Path) -> None:
    text = question(**{"    explanation: In-memory stores answer fastest.\n": ""})
    problem = only(tmp_path, text)
    assert problem.line == line_of(text, "id: t-valid")
    assert problem.message == (
        "missing required field 'explanation' (the rule to remember and why, quoting what the simulation shows)"
    )


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ("judge: {metric: p99_latency_ms}", "judge: {metric: p99_latency_ms}\n    choose: two",
         "field 'choose': expected a whole number, got 'two'"),
        ("correct: true", "correct: maybe", "field 'correct': expected true or false, got 'maybe'"),
        ("judge: {metric: p99_latency_ms}", "judge: {metric: p99_latency_ms}\n    tags: redis",
         "field 'tags': expected a list"),
        ("metric: p99_latency_ms", "metric: p99_latncy_ms", "'p99_latncy_ms' is not allowed; did you mean 'p99_latency_ms'?"),
        ("id: t-valid", "id: T Valid", "'T Valid' is not a valid id"),
    ],
    ids=["int", "bool", "list", "literal", "id"],
)
def test_wrong_type_names_field_and_value(tmp_path: Path, old: str, new: str, says: str) -> None:
    text = VALID_PACK.replace(old, new, 1)
    problem = only(tmp_path, text)
    assert says in problem.message
    assert problem.line == line_of(text, new.splitlines()[-1].strip())


def test_choose_n_disagrees_with_correct_options(tmp_path: Path) -> None:
    text = question(**{
        "stem: Which session store answers reads with the LOWEST latency?":
            "stem: Which TWO stores answer with the LOWEST latency? (Select TWO.)\n    choose: 2",
    })
    problem = only(tmp_path, text)
    assert problem.line == line_of(text, "choose: 2")
    assert "choose is 2 but 1 options are marked correct; set choose: 1" in problem.message


def test_stem_select_two_disagrees_with_choose(tmp_path: Path) -> None:
    text = question(**{"LOWEST latency?": "LOWEST latency? (Select TWO.)"})
    problem = only(tmp_path, text)
    assert problem.line == line_of(text, "stem:")
    assert "the stem says 'Select TWO' but choose is 1" in problem.message


def test_choose_two_in_stem_also_counts(tmp_path: Path) -> None:
    text = question(**{"LOWEST latency?": "LOWEST latency? (Choose two.)"})
    assert "the stem says 'Choose two' but choose is 1" in only(tmp_path, text).message


def test_fewer_than_two_options(tmp_path: Path) -> None:
    text = question(**{"      - {id: b, text: DynamoDB on-demand, why: Reads take single-digit milliseconds., simulate: {store: dynamodb-on-demand}}\n": ""})
    problem = only(tmp_path, text)
    assert problem.line == line_of(text, "options:")
    assert "field 'options': needs at least 2 items, found 1" in problem.message


def test_no_correct_option(tmp_path: Path) -> None:
    text = question(**{", correct: true": ""})
    problem = only(tmp_path, text)
    assert "question 't-valid'" in problem.format()
    assert "no option is marked correct: true" in problem.message


def test_negative_rate(tmp_path: Path) -> None:
    text = question(**{"rate_per_s: 50": "rate_per_s: -5"})
    problems, library = check(tmp_path, text)
    rate = [p for p in problems if "rate_per_s" in p.message]
    assert len(rate) == 1
    assert rate[0].subject == "scenario 't-steady'"
    assert rate[0].line == line_of(text, "rate_per_s: -5")
    assert "field 'workload.arrival.rate_per_s': must be greater than 0, got -5" in rate[0].message
    # the question that uses the broken scenario is skipped too, and says why
    assert "t-valid" not in library.questions
    assert any(
        p.subject == "question 't-valid'" and "scenario 't-steady' did not load (see its own error)" in p.message
        for p in problems
    )


BACKENDS = """\
backends:
  - id: t-redis
    kind: redis
    title: Test Redis
    latency: {dist: lognormal, median_ms: 0.4, p99_ms: 1.3, assumed: "test figure"}
    node: {node_type: cache.t4g.small, maxmemory_gb: 1.37, max_ops_per_s: 50000, price_per_hour_usd: 0.032, assumed: "test figure"}
    replication: {replicas: 0, assumed: "test figure"}
"""


def test_valid_backend_loads(tmp_path: Path) -> None:
    problems, library = check(tmp_path, BACKENDS)
    assert problems == [] and library.backends["t-redis"].kind == "redis"


def test_p99_below_p50(tmp_path: Path) -> None:
    text = BACKENDS.replace("p99_ms: 1.3", "p99_ms: 0.2")
    problem = only(tmp_path, text)
    assert problem.subject == "backend 't-redis'"
    assert problem.line == line_of(text, "p99_ms: 0.2")
    assert "p99_ms (0.2) is below the median/p50 (0.4)" in problem.message


def test_negative_price(tmp_path: Path) -> None:
    text = BACKENDS.replace("price_per_hour_usd: 0.032", "price_per_hour_usd: -0.032")
    problem = only(tmp_path, text)
    assert problem.line == line_of(text, "price_per_hour_usd")
    assert "field 'node.price_per_hour_usd': must not be negative, got -0.032" in problem.message


def test_figures_without_source(tmp_path: Path) -> None:
    text = BACKENDS.replace(', assumed: "test figure"}\n    node', "}\n    node")
    problem = only(tmp_path, text)
    assert "latency: figures need a 'source' (with 'as_of') or an 'assumed' reason" in problem.message


def test_unknown_backend_kind(tmp_path: Path) -> None:
    text = BACKENDS.replace("kind: redis", "kind: reddis")
    problem = only(tmp_path, text)
    assert "unknown kind 'reddis'; did you mean 'redis'?" in problem.message


@pytest.mark.parametrize(
    ("old", "new", "field", "says"),
    [
        ("scenario: t-steady", "scenario: t-stedy", "scenario: t-stedy", "did you mean 't-steady'?"),
        ("{store: redis-r7g-large-multi-az}", "{store: redis-r7g-large-mult-az}", "mult-az",
         "simulate.store 'redis-r7g-large-mult-az' is not a loaded backend profile; did you mean 'redis-r7g-large-multi-az'?"),
        ("{store: redis-r7g-large-multi-az}", "{store: m7g-large}", "store: m7g-large", "is a profile of kind 'ec2'"),
        ("{store: redis-r7g-large-multi-az}", "{store: redis-r7g-large-multi-az, set: {workload.arival.rate_per_s: 9}}", "arival",
         "override 'workload.arival.rate_per_s': unknown key 'arival' under 'workload'; did you mean 'arrival'?"),
        ("store: {backend: dynamodb-on-demand}", "store: {backend: dynamodb-on-demand, sett: {}}", "sett",
         "store: unknown field 'sett'"),
    ],
    ids=["question-scenario", "option-store", "wrong-kind", "override-path", "store-ref-field"],
)
def test_references_are_checked_at_their_field(tmp_path: Path, old: str, new: str, field: str, says: str) -> None:
    text = VALID_PACK.replace(old, new, 1)
    problems, library = check(tmp_path, text)
    assert any(says in p.message and p.line == line_of(text, field) for p in problems), [p.format() for p in problems]
    assert "t-valid" not in library.questions


def test_all_problems_of_one_scenario_are_reported(tmp_path: Path) -> None:
    text = VALID_PACK.replace("store: {backend: dynamodb-on-demand}", "web: {instance: m7g-larg}\n    store: {backend: dynamodb-on-demnd}")
    problems, _ = check(tmp_path, text)
    messages = " | ".join(p.message for p in problems)
    assert "web.instance 'm7g-larg' is not a loaded backend profile; did you mean 'm7g-large'?" in messages
    assert "store.backend 'dynamodb-on-demnd' is not a loaded backend profile; did you mean 'dynamodb-on-demand'?" in messages


def test_cli_prints_every_problem_in_order(tmp_path: Path) -> None:
    text = BACKENDS.replace("p99_ms: 1.3", "p99_ms: 0.2").replace("price_per_hour_usd: 0.032", "price_per_hour_usd: -1")
    (tmp_path / "b.yaml").write_text(text)
    run = run_quizsim("validate", "b.yaml", cwd=tmp_path)
    assert run.status == 1
    assert [(p.path, p.line) for p in run.problems] == [
        ("b.yaml", line_of(text, "p99_ms")), ("b.yaml", line_of(text, "price_per_hour_usd")),
    ]
    assert run.own_problem_count == 2 and run.summary["backends"] == "0"


def test_store_written_as_an_id_suggests_the_mapping(tmp_path: Path) -> None:
    text = VALID_PACK.replace("store: {backend: dynamodb-on-demand}", "store: dynamodb-on-demand")
    problems, _ = check(tmp_path, text)
    store = [p for p in problems if p.subject == "scenario 't-steady'"]
    assert len(store) == 1, [p.format() for p in problems]
    assert store[0].message == "field 'store': write a mapping, e.g. store: {backend: dynamodb-on-demand}"
    assert store[0].line == line_of(text, "store: dynamodb-on-demand")
