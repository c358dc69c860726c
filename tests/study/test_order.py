"""Question and option order for a session seed, the letters that follow the shown order, and partial grades."""

from __future__ import annotations

import pytest

from quizsim.study.order import Lettering, option_order, session_seed, shuffle_questions
from quizsim.study.practice import PracticeSession, grade, score_text
from quizsim.verdict.matchup import plan_matchup

QUESTIONS = [f"q{i}" for i in range(12)]
OPTIONS = ["a", "b", "c", "d", "e"]


def test_same_seed_gives_the_same_order() -> None:
    assert shuffle_questions(QUESTIONS, 4711) == shuffle_questions(QUESTIONS, 4711)
    assert option_order("q1", OPTIONS, 4711) == option_order("q1", OPTIONS, 4711)


def test_different_seeds_give_different_orders() -> None:
    assert shuffle_questions(QUESTIONS, 1) != shuffle_questions(QUESTIONS, 2)
    assert option_order("q1", OPTIONS, 1) != option_order("q1", OPTIONS, 2)
    # Five options have 120 orders: twenty seeds spread over many of them.
    orders = {option_order("q1", OPTIONS, seed).order for seed in range(20)}
    assert len(orders) > 10


def test_a_shuffle_is_a_permutation_and_none_keeps_the_written_order() -> None:
    assert sorted(shuffle_questions(QUESTIONS, 9)) == sorted(QUESTIONS)
    assert sorted(option_order("q3", OPTIONS, 9).order) == OPTIONS
    assert shuffle_questions(QUESTIONS, None) == QUESTIONS
    assert option_order("q3", OPTIONS, None).order == tuple(OPTIONS)


def test_options_of_a_question_keep_their_order_whatever_else_is_in_the_session() -> None:
    alone = PracticeSession([("q1", ["x"])], seed=7)
    crowded = PracticeSession([(qid, ["x"]) for qid in QUESTIONS], seed=7)
    assert alone.options("q1", OPTIONS) == crowded.options("q1", OPTIONS)


def test_letters_follow_the_shown_order_not_the_ids() -> None:
    lettering = Lettering(("c", "a", "b"))
    assert [lettering.letter_of(oid) for oid in ("a", "b", "c")] == ["B", "C", "A"]
    assert lettering.id_at(0) == "c" and lettering.letters() == {"c": "A", "a": "B", "b": "C"}
    assert lettering.name(["b", "c"]) == "A+C" and lettering.sort(["b", "c", "a"]) == ["c", "a", "b"]


def test_session_shows_questions_in_the_seeded_order() -> None:
    session = PracticeSession([(qid, ["x"]) for qid in QUESTIONS], seed=3)
    assert session.ids == shuffle_questions(QUESTIONS, 3) != QUESTIONS
    assert PracticeSession([(qid, ["x"]) for qid in QUESTIONS]).ids == QUESTIONS


def test_session_seed_from_the_environment() -> None:
    assert session_seed({"QUIZSIM_SEED": "42"}) == 42
    assert session_seed({"QUIZSIM_SEED": "as-written"}) is None
    assert 1 <= session_seed({}) < 10_000
    with pytest.raises(ValueError, match="QUIZSIM_SEED must be a whole number"):
        session_seed({"QUIZSIM_SEED": "-3"})


def test_select_two_half_right_scores_one_half() -> None:
    half = grade(["a", "b"], ["a", "c"])
    assert (half.right, half.of, half.correct, half.fraction) == (1, 2, False, 0.5)
    assert half.words == "1 of 2 right" and half.mark == "◐"
    assert grade(["a", "b"], ["c", "d"]).words == "Wrong" and grade(["a", "b"], ["c", "d"]).fraction == 0
    assert grade(["b"], ["b"]).words == "Right" and grade(["b"], ["a"]).fraction == 0
    session = PracticeSession([("q1", []), ("q2", []), ("q3", [])])
    session.record("q1", ["a", "c"], half)
    session.record("q2", ["b"], grade(["b"], ["b"]))
    session.record("q3", ["a"], grade(["b"], ["a"]))
    assert session.score() == (1.5, 1.5) and score_text(*session.score()) == "✓ 1.5  ✗ 1.5"
    assert score_text(3, 1) == "✓ 3  ✗ 1"


def test_select_two_matchup_names_every_pick_and_races_what_differs() -> None:
    options = [("a", True), ("b", True), ("c", False), ("d", False)]
    half = plan_matchup(options, ["a", "c"])
    assert half.picks == ("a", "c") and half.best == ("a", "b") and half.pairs == (("c", "b"),)
    assert half.lanes() == [("c", "yours"), ("b", "best")] and half.grade.words == "1 of 2 right"
    both_wrong = plan_matchup(options, ["c", "d"])
    assert both_wrong.pairs == (("c", "a"), ("d", "b"))
    assert both_wrong.lanes() == [("c", "yours"), ("d", "yours"), ("a", "best"), ("b", "best")]
    right = plan_matchup(options, ["a", "b"])
    assert right.other is None and right.run_ids() == ["a", "b", "c", "d"]
    # The judge ranked a, d, b, c: the closest wrong answer (d) races the weaker right pick (b).
    assert right.settle_runner_up(["a", "d", "b", "c"]) == ("b", "d")
