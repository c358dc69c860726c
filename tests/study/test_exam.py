"""Exam mode: domain-weighted draw, countdown on an injected clock, no feedback until the end, resume, retake."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from quizsim.study.exam import (
    SAA_C03_DOMAIN_WEIGHTS,
    ExamClosed,
    ExamSession,
    draw,
    scaled_score,
)
from quizsim.study.progress import ProgressStore, QuestionRef
from quizsim.study.schedule import StudyQuestion

DOMAINS = list(SAA_C03_DOMAIN_WEIGHTS)  # secure 30 %, resilient 26 %, high-performing 24 %, cost 20 %


class Clock:
    """Seconds that move only when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _pool(per_domain: int = 20, domains: list[str] = DOMAINS) -> list[StudyQuestion]:
    return [
        StudyQuestion(QuestionRef(f"{domain.replace(' ', '-')}-q{i:02d}", "pack", domain, (f"tag{i % 3}",)), ("a",), 40)
        for domain in domains for i in range(per_domain)
    ]


def _domain_counts(ids: list[str], pool: list[StudyQuestion]) -> Counter:
    domain = {q.id: q.ref.domain for q in pool}
    return Counter(domain[i] for i in ids)


@pytest.fixture
def store(tmp_path: Path) -> ProgressStore:
    with ProgressStore.open(tmp_path / "p.db") as opened:
        yield opened


@pytest.fixture
def clock() -> Clock:
    return Clock()


def _answer(exam: ExamSession, right: bool) -> None:
    exam.choose(list(exam.question().correct_ids) if right else ["z"])


def test_the_draw_follows_the_domain_weights() -> None:
    pool = _pool()
    ids = draw(pool, 50, seed=7)
    assert len(ids) == len(set(ids)) == 50
    assert _domain_counts(ids, pool) == {DOMAINS[0]: 15, DOMAINS[1]: 13, DOMAINS[2]: 12, DOMAINS[3]: 10}


def test_the_draw_is_seeded() -> None:
    pool = _pool()
    assert draw(pool, 20, seed=1) == draw(list(reversed(pool)), 20, seed=1)
    assert draw(pool, 20, seed=1) != draw(pool, 20, seed=2)


def test_a_domain_short_of_questions_gives_its_share_to_the_others() -> None:
    pool = _pool(20)[:22]  # secure has 20, resilient only 2
    pool += _pool(20, DOMAINS[2:])
    counts = _domain_counts(draw(pool, 40, seed=3), pool)
    assert counts[DOMAINS[1]] == 2 and sum(counts.values()) == 40
    assert counts[DOMAINS[0]] > counts[DOMAINS[2]] > counts[DOMAINS[3]]


def test_domains_without_a_weight_share_by_pool_size() -> None:
    pool = _pool(30, ["Troubleshooting"])[:30] + _pool(10, ["Development"])
    counts = _domain_counts(draw(pool, 8, seed=3), pool)
    assert counts == {"Troubleshooting": 6, "Development": 2}
    assert len(draw(pool, 500, seed=3)) == 40  # never more than there are


def test_default_pacing_is_the_real_exams_two_minutes_a_question(store: ProgressStore, clock: Clock) -> None:
    exam = ExamSession.start(store, _pool(), count=10, seed=1, clock=clock)
    assert exam.spec.time_limit_ms == 10 * 120_000 and exam.spec.pass_mark == 720
    quick = ExamSession.start(store, _pool(), count=10, seconds_per_question=30, seed=1, clock=clock)
    assert quick.remaining_ms == 300_000
    fixed = ExamSession.start(store, _pool(), count=10, time_limit_s=60, seed=1, clock=clock)
    assert fixed.remaining_ms == 60_000


def test_the_countdown_runs_on_the_clock_and_charges_the_question_on_screen(store: ProgressStore,
                                                                            clock: Clock) -> None:
    exam = ExamSession.start(store, _pool(), count=3, time_limit_s=300, seed=1, clock=clock)
    clock.now += 40
    assert exam.tick() == 260_000
    exam.goto(2)
    clock.now += 25
    exam.goto(0)
    clock.now += 5
    exam.pause()
    assert [it.time_ms for it in exam.items] == [45_000, 0, 25_000]
    assert exam.elapsed_ms == 70_000


def test_time_out_submits_the_exam_and_refuses_more_answers(store: ProgressStore, clock: Clock) -> None:
    exam = ExamSession.start(store, _pool(), count=4, time_limit_s=100, seed=1, clock=clock)
    _answer(exam, right=True)
    clock.now += 99
    exam.next()
    clock.now += 5
    assert exam.tick() == 0
    assert exam.finished and exam.timed_out
    with pytest.raises(ExamClosed, match="time is up"):
        exam.choose(["a"])
    result = exam.result()
    assert result.timed_out and result.elapsed_ms == 100_000
    assert (result.right, result.total) == (1, 4)
    assert sum(q.time_ms for q in result.questions) == 100_000


def test_no_feedback_until_the_end(store: ProgressStore, clock: Clock) -> None:
    exam = ExamSession.start(store, _pool(), count=3, seed=1, clock=clock)
    _answer(exam, right=False)
    assert exam.toggle_flag() is True
    with pytest.raises(ExamClosed, match="no feedback"):
        exam.result()
    assert exam.grid()[0] == {"number": 1, "answered": True, "flagged": True, "current": True}
    assert all(set(cell) == {"number", "answered", "flagged", "current"} for cell in exam.grid())
    assert store.answer_count() == 0  # graded answers are written when the exam ends


def test_jumping_outside_the_exam_says_which_numbers_exist(store: ProgressStore, clock: Clock) -> None:
    exam = ExamSession.start(store, _pool(), count=3, seed=1, clock=clock)
    with pytest.raises(IndexError, match=r"question 4 is not in this exam \(1–3\)"):
        exam.goto(3)


def test_the_result_scores_breaks_down_and_stores_the_answers(store: ProgressStore, clock: Clock) -> None:
    exam = ExamSession.start(store, _pool(), count=10, seed=5, clock=clock)
    for i in range(10):
        exam.goto(i)
        clock.now += 10
        if i < 8:
            _answer(exam, right=i != 3)  # 7 right, 1 wrong, 2 unanswered
    result = exam.finish()
    assert (result.right, result.total) == (7, 10)
    assert result.scaled_score == scaled_score(7, 10) == 730 and result.passed
    assert len(result.wrong_ids) == 3 and result.wrong_ids[0] == exam.items[3].question_id
    assert sum(t.total for t in result.by_domain) == 10 and sum(t.right for t in result.by_domain) == 7
    assert sum(t.total for t in result.by_tag) == 10
    assert [t.accuracy for t in result.by_domain] == sorted(t.accuracy for t in result.by_domain)
    assert [q.time_ms for q in result.questions] == [10_000] * 10
    stored = store.answers()
    assert len(stored) == 8 and {a.mode for a in stored} == {"exam"} and {a.session_id for a in stored} == {
        exam.exam_id}
    assert store.card_json(exam.items[0].question_id) is not None  # exam answers feed the review schedule


def test_the_pass_mark_is_configurable(store: ProgressStore, clock: Clock) -> None:
    exam = ExamSession.start(store, _pool(), count=10, seed=5, pass_mark=800, clock=clock)
    for i in range(10):
        exam.goto(i)
        _answer(exam, right=i < 7)
    result = exam.finish()
    assert result.scaled_score == 730 and not result.passed


def test_retake_only_the_wrong_ones(store: ProgressStore, clock: Clock) -> None:
    exam = ExamSession.start(store, _pool(), count=5, seed=2, clock=clock)
    for i in range(5):
        exam.goto(i)
        _answer(exam, right=i % 2 == 0)
    first = exam.finish()
    retake = exam.retake_wrong()
    assert [it.question_id for it in retake.items] == first.wrong_ids and len(first.wrong_ids) == 2
    assert retake.spec.time_limit_ms == 2 * 120_000 and retake.spec.retake_of == exam.exam_id


def test_an_exam_quit_in_the_middle_resumes_in_a_new_process(tmp_path: Path, clock: Clock) -> None:
    pool = _pool()
    questions = {q.id: q for q in pool}
    with ProgressStore.open(tmp_path / "p.db") as store:
        exam = ExamSession.start(store, pool, count=10, seed=11, clock=clock)
        for i in range(4):
            exam.goto(i)
            clock.now += 30
            _answer(exam, right=True)
        exam.toggle_flag()
        exam.pause()
        exam_id, given = exam.exam_id, [it.chosen for it in exam.items]
    clock.now += 3600  # closed for an hour: the countdown does not run

    with ProgressStore.open(tmp_path / "p.db") as reopened:
        assert ExamSession.unfinished(reopened) == exam_id
        resumed = ExamSession.resume(reopened, exam_id, questions, clock=clock)
        assert [it.chosen for it in resumed.items] == given and resumed.answered_count == 4
        assert resumed.position == 3 and resumed.items[3].flagged
        assert resumed.elapsed_ms == 120_000 and resumed.remaining_ms == 20 * 60_000 - 120_000
        for i in range(4, 10):
            resumed.goto(i)
            _answer(resumed, right=i % 2 == 0)
        result = resumed.finish()
        assert (result.right, result.total) == (7, 10)
        assert ExamSession.unfinished(reopened) is None
        assert len(reopened.answers()) == 10
        again = ExamSession.resume(reopened, exam_id, questions, clock=clock)
        assert again.finished and again.result().right == 7
