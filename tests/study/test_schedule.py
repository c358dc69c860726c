"""Spaced review: the grade comes from the answer, fsrs schedules, due counts follow the (injected) clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Card, Rating, State

from quizsim.study.progress import ProgressStore, QuestionRef
from quizsim.study.schedule import Schedule, StudyQuestion, fraction_right, grade, study_question, thresholds

START = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self, at: datetime = START) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def _q(qid: str, pack: str = "pack-a", tags: tuple[str, ...] = ("dynamodb",), words: int = 40) -> StudyQuestion:
    return StudyQuestion(QuestionRef(qid, pack, "Design resilient architectures", tags), ("a",), words)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def schedule(tmp_path: Path, clock: Clock) -> Schedule:
    store = ProgressStore.open(tmp_path / "p.db", clock=clock)
    yield Schedule(store)
    store.close()


def test_thresholds_for_a_40_word_stem_are_15_s_and_70_s() -> None:
    assert thresholds(40).fast_ms == 15_000 and thresholds(40).slow_ms == 70_000
    assert thresholds(60).fast_ms == 20_000 and thresholds(60).slow_ms == 90_000


@pytest.mark.parametrize(("correct", "time_ms", "expected"), [
    (False, 1_000, Rating.Again),      # wrong, however fast
    (False, 500_000, Rating.Again),
    (True, 15_000, Rating.Easy),       # right within fast_ms
    (True, 15_001, Rating.Good),
    (True, 70_000, Rating.Good),       # right within slow_ms
    (True, 70_001, Rating.Hard),       # right but slow
])
def test_the_grade_comes_from_the_answer(correct: bool, time_ms: int, expected: Rating) -> None:
    assert grade(correct, time_ms, stem_words=40) == expected


def test_fraction_right_counts_right_picks_of_the_number_asked_for() -> None:
    assert fraction_right(["a", "c"], ["a", "c"]) == 1.0
    assert fraction_right(["a", "c"], ["a", "b"]) == 0.5   # "1 of 2 right", as the practice score counts it
    assert fraction_right(["a", "c"], ["b", "d"]) == 0.0
    assert fraction_right(["a", "c"], ["a", "b", "d"]) == pytest.approx(1 / 3)  # extra picks count against
    assert fraction_right(["a"], ["b"]) == 0.0


def test_study_question_takes_the_key_and_stem_length_from_content(bundled_library) -> None:
    question = next(iter(bundled_library.questions.values()))
    studied = study_question(question, "session-state")
    assert studied.correct_ids == tuple(o.id for o in question.options if o.correct)
    assert studied.stem_words == len(question.stem.split())
    assert studied.ref.tags == tuple(question.tags) and studied.ref.pack == "session-state"


def test_an_answer_is_stored_with_its_card_and_a_wrong_one_comes_back_sooner(schedule: Schedule) -> None:
    right = schedule.answer(_q("q-right"), ["a"], time_ms=30_000, mode="practice")
    wrong = schedule.answer(_q("q-wrong"), ["b"], time_ms=30_000, mode="practice")
    assert (right.rating, wrong.rating) == (Rating.Good, Rating.Again)
    assert START < wrong.due < right.due
    stored = Card.from_json(schedule.store.card_json("q-right"))
    assert stored.due == right.due and stored.last_review == START
    [row] = schedule.store.answers("q-wrong")
    assert (row.correct, row.chosen, row.mode) == (False, ("b",), "practice")


def test_due_counts_follow_the_clock_per_pack_and_tag(schedule: Schedule, clock: Clock) -> None:
    schedule.answer(_q("q1", "pack-a", ("dynamodb", "sessions")), ["a"], time_ms=30_000, mode="practice")
    schedule.answer(_q("q2", "pack-b", ("s3",)), ["a"], time_ms=30_000, mode="practice")
    schedule.answer(_q("q3", "pack-b", ("s3",)), ["b"], time_ms=30_000, mode="practice")
    assert schedule.due_count() == 0
    # fsrs's default learning steps: Again comes back after 1 minute, a first Good after 10.
    clock.at = START + timedelta(minutes=5)
    assert schedule.due_ids() == ["q3"]
    assert schedule.due_counts("pack") == {"pack-b": 1}
    clock.at = START + timedelta(days=60)
    assert schedule.due_count() == 3
    assert schedule.due_counts("pack") == {"pack-b": 2, "pack-a": 1}
    assert schedule.due_counts("tag") == {"s3": 2, "dynamodb": 1, "sessions": 1}
    assert schedule.due_ids(tag="dynamodb") == ["q1"]


def test_review_only_what_i_got_wrong(schedule: Schedule, clock: Clock) -> None:
    schedule.answer(_q("q1"), ["b"], time_ms=5_000, mode="practice")
    schedule.answer(_q("q2"), ["a"], time_ms=5_000, mode="practice")
    schedule.answer(_q("q3", tags=("s3",)), ["c"], time_ms=5_000, mode="practice")
    clock.at += timedelta(minutes=1)
    schedule.answer(_q("q1"), ["a"], time_ms=5_000, mode="review")  # put right since
    assert schedule.review_ids(wrong_only=True) == ["q3"]
    assert schedule.review_ids(wrong_only=True, tag="dynamodb") == []


def test_cards_reach_learned_after_enough_right_answers(schedule: Schedule, clock: Clock) -> None:
    assert schedule.learned_count() == 0
    for _ in range(3):
        schedule.answer(_q("q1"), ["a"], time_ms=30_000, mode="review")
        clock.at += timedelta(days=1)
    assert Card.from_json(schedule.store.card_json("q1")).state == State.Review
    assert schedule.learned_count() == 1


def test_a_clock_that_jumped_ahead_makes_the_card_due_now_not_in_a_year(schedule: Schedule, clock: Clock) -> None:
    clock.at = START + timedelta(days=365)          # the clock is a year ahead when the learner answers
    schedule.answer(_q("q1"), ["a"], time_ms=30_000, mode="practice")
    schedule.answer(_q("q2"), ["a"], time_ms=30_000, mode="practice")
    clock.at = START                                # and then corrected
    assert schedule.due_ids() == ["q1", "q2"]       # due at once rather than stranded a year away
    assert schedule.due_counts("tag") == {"dynamodb": 2}
    again = schedule.answer(_q("q1"), ["a"], time_ms=30_000, mode="review")
    card = Card.from_json(schedule.store.card_json("q1"))
    assert card.last_review == START and START < again.due < START + timedelta(days=30)
    assert schedule.due_ids() == ["q2"]


def test_an_answer_dated_before_the_last_review_still_schedules(schedule: Schedule, clock: Clock) -> None:
    schedule.answer(_q("q1"), ["a"], time_ms=30_000, mode="practice")
    clock.at = START - timedelta(hours=3)           # the clock went back
    reviewed = schedule.answer(_q("q1"), ["a"], time_ms=30_000, mode="review")
    assert reviewed.due > clock.at
    assert len(schedule.store.answers("q1")) == 2
