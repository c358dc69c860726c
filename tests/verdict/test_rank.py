"""One ranking, one set of rows, one formatter: what the CLI and the TUI say about the same runs agrees."""

from __future__ import annotations

from quizsim.cli.sim_output import question_table
from quizsim.content.question import Judge, Question
from quizsim.metric_table import METRICS, metric
from quizsim.sim.result import Result, Summary
from quizsim.verdict.rank import rank
from quizsim.verdict.rows import verdict_rows


def _result(option: str, *, p99: float = 10.0, errors: int = 0, lost: int = 0, cost: float = 100.0,
            correct: bool = False, traits: dict[str, bool] | None = None) -> Result:
    summary = Summary(
        requests=1000, duration_s=60.0,
        latency_ms={"mean": p99 / 3, "p50": p99 / 4, "p95": p99 / 2, "p99": p99, "max": p99 * 2},
        wait_ms={"mean": 0.0}, throughput_per_s=16.7, errors={"total": errors}, sessions_lost=lost,
        sessions_lost_by_cause={}, cost_usd={"total": cost / 720}, cost_usd_per_month=cost,
        store_latency_ms={"mean": 1.0, "p50": 1.0, "p95": 1.0, "p99": 1.0, "max": 1.0},
    )
    return Result("s", option, correct, 42, "queue", f"profile-{option}", summary, [], [], dict(traits or {}))


def _question(judge: dict, correct: set[str], options: str = "abc", stem: str = "Which is best?") -> Question:
    return Question.model_validate({
        "id": "q", "stem": stem, "scenario": "s", "judge": judge,
        "choose": len(correct),
        "options": [
            {"id": o, "text": f"Option {o}", "why": "because", "correct": o in correct, "simulate": {}}
            for o in options
        ],
        "explanation": "x",
    })


def test_the_verdict_calls_two_values_the_same_only_within_the_judges_tolerance() -> None:
    cheap, dear = _result("a", cost=100.0), _result("b", cost=104.0)
    strict = Judge(metric="cost_usd_per_month", tolerance=0.02)
    loose = Judge(metric="cost_usd_per_month")  # default 5 %
    assert verdict_rows(dear, cheap, strict)[0].mark == "✗"
    assert verdict_rows(dear, cheap, strict)[0].short == "4 % dearer"  # never '1.0× dearer'
    assert verdict_rows(dear, cheap, loose)[0].short == "same"
    assert verdict_rows(_result("a", cost=115.0), cheap, Judge(metric="cost_usd_per_month", tolerance=0.2))[0].mark == "="


def test_rank_orders_by_the_judge_with_requirements_first_and_finds_the_runner_up() -> None:
    question = _question({"metric": "p99_latency_ms", "constraints": [{"metric": "sessions_lost", "max": 0}]}, {"a"})
    results = {"a": _result("a", p99=20.0), "b": _result("b", p99=5.0, lost=12), "c": _result("c", p99=30.0)}
    ranking = rank(question, results)
    assert ranking.order == ("a", "c", "b")  # b is fastest but breaks the requirement
    assert ranking.winners == {"a"} and ranking.agrees
    assert ranking.best_of({"b", "c"}) == "c"
    assert ranking.standings["b"].violations == ("sessions lost 12, more than 0",)  # words, not 'sessions_lost 12 > 0'


def test_rank_takes_as_many_winners_as_the_question_asks_for_and_reports_disagreement() -> None:
    question = _question({"metric": "errors"}, {"a", "b"}, options="abcd", stem="Which TWO are best? (Select TWO.)")
    results = {"a": _result("a", errors=0), "b": _result("b", errors=900), "c": _result("c", errors=1), "d": _result("d", errors=5000)}
    ranking = rank(question, results)
    assert ranking.winners == {"a", "c"} and not ranking.agrees
    assert any("'b'" in reason and "'c'" in reason for reason in ranking.disagreements())


def test_traits_are_read_from_the_result_alone() -> None:
    question = _question({"metric": "serverless", "tiebreak": "cost_usd_per_month"}, {"b"})
    results = {
        "a": _result("a", cost=10.0, traits={"serverless": False}),
        "b": _result("b", cost=50.0, traits={"serverless": True}),
        "c": _result("c", cost=90.0, traits={"serverless": True}),
    }
    assert rank(question, results).winners == {"b"}
    assert METRICS["serverless"].format(METRICS["serverless"].value(results["b"])) == "yes"


def test_the_cli_table_prints_each_value_as_the_tui_verdict_does() -> None:
    question = _question({"metric": "p99_latency_ms"}, {"a"}, options="ab")
    results = {"a": _result("a", p99=0.93, cost=2230.4, correct=True), "b": _result("b", p99=1840.0, errors=13502, lost=7, cost=12.1)}
    table = question_table(question, results, rank(question, results))
    rows = {row.key: row for row in verdict_rows(results["b"], results["a"], question.judge)}
    line_b = next(line for line in table.splitlines() if line.strip().startswith("b "))
    line_a = next(line for line in table.splitlines() if line.strip().startswith("a "))
    for key in ("p99_latency_ms", "errors", "sessions_lost", "cost_usd_per_month"):
        assert f" {rows[key].yours} " in f"{line_b} ", (key, rows[key].yours, line_b)
        assert f" {rows[key].other} " in f"{line_a} ", (key, rows[key].other, line_a)
    assert "1.84 s" in line_b and "0.93 ms" in line_a and "$2,230" in line_a and "13,502" in line_b


def test_every_metric_has_a_label_a_header_and_a_reader() -> None:
    result = _result("a", traits={name: True for name in ("serverless", "in_memory", "shared", "durable", "auto_scaling")})
    for name, spec in METRICS.items():
        assert spec.label and spec.short and spec.description and "_" not in spec.label, name
        value = spec.value(result)
        assert isinstance(value, float) and spec.format(value)
        assert metric(name) is spec


def test_a_disagreement_is_told_in_labels_and_formatted_numbers() -> None:
    question = _question({"metric": "p99_latency_ms", "tiebreak": "cost_usd_per_month"}, {"a"}, options="ab")
    results = {"a": _result("a", p99=57.8762, cost=301.42), "b": _result("b", p99=12.0)}
    (reason,) = rank(question, results).disagreements()
    assert "p99 latency 58 ms, then cost / month $301.42" in reason and reason.endswith("on p99 latency")
    assert "_" not in reason.replace("'", "")
