"""Stats: answers per day, accuracy per tag over time, due and learned counts, weakest topics first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from quizsim.study.progress import ProgressStore, QuestionRef
from quizsim.study.schedule import Schedule, StudyQuestion
from quizsim.study.stats import summary

DAY1 = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.at = DAY1

    def __call__(self) -> datetime:
        return self.at


def _q(qid: str, tags: tuple[str, ...], pack: str = "pack-a") -> StudyQuestion:
    return StudyQuestion(QuestionRef(qid, pack, "Design resilient architectures", tags), ("a",), 40)


def test_an_empty_store_has_an_empty_summary(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path / "p.db") as store:
        stats = summary(store)
    assert stats.empty and stats.answers == 0 and stats.accuracy == 0.0
    assert stats.per_day == [] and stats.topics == [] and stats.due == 0


def test_the_summary_counts_days_tags_and_the_schedule(tmp_path: Path) -> None:
    clock = Clock()
    with ProgressStore.open(tmp_path / "p.db", clock=clock) as store:
        schedule = Schedule(store)
        redis, s3 = _q("q-redis", ("redis", "sessions")), _q("q-s3", ("s3",), pack="pack-b")
        # Day 1: redis wrong twice, s3 right.
        schedule.answer(redis, ["b"], time_ms=20_000, mode="practice")
        schedule.answer(redis, ["c"], time_ms=20_000, mode="practice")
        schedule.answer(s3, ["a"], time_ms=5_000, mode="practice")  # right and fast: Easy, learned at once
        # Day 2: redis right once.
        clock.at = DAY1 + timedelta(days=1)
        schedule.answer(redis, ["a"], time_ms=20_000, mode="review")
        clock.at = DAY1 + timedelta(days=1, hours=1)
        stats = summary(store)

    assert (stats.answers, stats.right, stats.questions_answered) == (4, 2, 2)
    assert [(d.day, d.answers, d.right) for d in stats.per_day] == [("2026-06-01", 3, 1), ("2026-06-02", 1, 1)]
    assert [(d.day, d.answers, d.right) for d in stats.topic_days["redis"]] == [
        ("2026-06-01", 2, 0), ("2026-06-02", 1, 1)]
    assert [t.tag for t in stats.topics] == ["redis", "sessions", "s3"]  # weakest first
    redis_topic = stats.topics[0]
    assert (redis_topic.answers, redis_topic.right, redis_topic.questions) == (3, 1, 1)
    assert stats.by_mode == {"practice": 3, "review": 1}
    assert stats.wrong_now == 0
    # redis is still in its learning steps (back 10 minutes after day 2's answer); s3 graduated, due in days.
    assert stats.due == 1 and stats.due_by_pack == {"pack-a": 1}
    assert [(t.tag, t.due) for t in stats.topics] == [("redis", 1), ("sessions", 1), ("s3", 0)]
    assert stats.learned == 1


def test_the_json_form_carries_accuracies(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path / "p.db") as store:
        Schedule(store).answer(_q("q1", ("dynamodb",)), ["a"], time_ms=20_000, mode="practice")
        Schedule(store).answer(_q("q2", ("dynamodb",)), ["b"], time_ms=20_000, mode="practice")
        data = summary(store).to_dict()
    assert data["accuracy"] == 0.5 and data["answers"] == 2
    assert data["topics"][0] | {"due": 0} == {"tag": "dynamodb", "answers": 2, "right": 1, "questions": 2,
                                              "due": 0, "accuracy": 0.5}
    assert data["per_day"][0]["accuracy"] == 0.5


def test_the_per_tag_series_covers_recent_days_and_totals_cover_all(tmp_path: Path) -> None:
    clock = Clock()
    with ProgressStore.open(tmp_path / "p.db", clock=clock) as store:
        schedule = Schedule(store)
        schedule.answer(_q("q1", ("redis",)), ["b"], time_ms=20_000, mode="practice")  # 2026-06-01
        clock.at = DAY1 + timedelta(days=100)
        schedule.answer(_q("q1", ("redis",)), ["a"], time_ms=20_000, mode="review")   # 2026-09-09
        recent = summary(store)
        everything = summary(store, topic_days=None)
    assert [d.day for d in recent.topic_days["redis"]] == ["2026-09-09"]
    assert [d.day for d in everything.topic_days["redis"]] == ["2026-06-01", "2026-09-09"]
    assert recent.topics[0].answers == 2 and len(recent.per_day) == 2
