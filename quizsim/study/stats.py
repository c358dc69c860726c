"""What the learner knows: answers per day, accuracy per tag over time, due and learned counts, weakest topics.

Plain data for the TUI's stats screen and `quizsim stats`. It reads the running totals the database keeps as
answers arrive (per day and mode, per tag and day; schema version 2), so a long history stays fast.
Days are UTC dates; a question's tags are counted as they were when it was answered.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

from quizsim.study.progress import ProgressStore
from quizsim.study.schedule import Schedule


class Day(NamedTuple):
    """Answers given on one UTC day and how many were right (a tuple: a year of tags makes tens of thousands)."""

    day: str
    answers: int
    right: int

    @property
    def accuracy(self) -> float:
        return self.right / self.answers if self.answers else 0.0

    def to_dict(self) -> dict:
        return {"day": self.day, "answers": self.answers, "right": self.right, "accuracy": round(self.accuracy, 4)}


@dataclass(frozen=True)
class TopicStat:
    """One tag: all-time answers and accuracy, and how many of its questions are due."""

    tag: str
    answers: int
    right: int
    questions: int
    due: int

    @property
    def accuracy(self) -> float:
        return self.right / self.answers if self.answers else 0.0


@dataclass
class Summary:
    answers: int = 0
    right: int = 0
    questions_answered: int = 0
    due: int = 0
    learned: int = 0
    """Questions past their learning steps (fsrs Review state)."""
    wrong_now: int = 0
    """Questions whose latest answer was wrong (what "review only what I got wrong" would ask)."""
    per_day: list[Day] = field(default_factory=list)
    topics: list[TopicStat] = field(default_factory=list)
    """Weakest first: lowest accuracy, then most answered."""
    topic_days: dict[str, list[Day]] = field(default_factory=dict)
    """Per tag, accuracy over time: one Day per UTC day it was answered (recent days only, see summary)."""
    due_by_pack: dict[str, int] = field(default_factory=dict)
    by_mode: dict[str, int] = field(default_factory=dict)

    @property
    def accuracy(self) -> float:
        return self.right / self.answers if self.answers else 0.0

    @property
    def empty(self) -> bool:
        return self.answers == 0

    def to_dict(self) -> dict:
        return {
            "answers": self.answers, "right": self.right, "accuracy": round(self.accuracy, 4),
            "questions_answered": self.questions_answered, "due": self.due, "learned": self.learned,
            "wrong_now": self.wrong_now, "by_mode": self.by_mode, "due_by_pack": self.due_by_pack,
            "per_day": [d.to_dict() for d in self.per_day],
            "topics": [asdict(t) | {"accuracy": round(t.accuracy, 4)} for t in self.topics],
            "topic_days": {tag: [d.to_dict() for d in days] for tag, days in self.topic_days.items()},
        }


TOPIC_DAYS = 90
"""Days of per-tag history in a summary by default: about what a terminal chart can show one column a day."""


def summary(store: ProgressStore, now: datetime | None = None, *, topic_days: int | None = TOPIC_DAYS) -> Summary:
    """Everything the stats screen shows, in a handful of aggregate queries.

    Totals cover all history; the per-tag series (`topic_days`) the last `topic_days` UTC days up to `now`
    (None: all of it).
    """
    schedule = Schedule(store)
    now = now or store.clock()
    since = "" if topic_days is None else (now - timedelta(days=topic_days - 1)).astimezone(UTC).strftime("%Y-%m-%d")
    daily = store.query("SELECT day, mode, answers, correct FROM daily ORDER BY day, mode")
    per_day: dict[str, list[int]] = {}
    by_mode: dict[str, int] = {}
    for day, mode, n, r in daily:
        totals = per_day.setdefault(day, [0, 0])
        totals[0] += n
        totals[1] += r
        by_mode[mode] = by_mode.get(mode, 0) + n
    series: dict[str, list[Day]] = {}
    rows = store.query("SELECT tag, day, answers, correct FROM daily_tags WHERE day >= ? ORDER BY tag, day", (since,))
    for tag, group in groupby(rows, key=itemgetter(0)):
        series[tag] = [Day(day, n, r) for _, day, n, r in group]
    topic_totals = store.query("SELECT tag, sum(answers), sum(correct) FROM daily_tags GROUP BY tag")
    questions, wrong_now = store.query(
        "SELECT count(*), coalesce(sum(last_correct = 0), 0) FROM questions WHERE last_answer_id IS NOT NULL"
    )[0]
    tag_questions = dict(store.query(
        "SELECT t.tag, count(*) FROM question_tags t JOIN questions q USING (question_id) "
        "WHERE q.last_answer_id IS NOT NULL GROUP BY t.tag"
    ))
    due_by_tag = schedule.due_counts("tag", now)
    topics = [TopicStat(tag, n, r, tag_questions.get(tag, 0), due_by_tag.get(tag, 0)) for tag, n, r in topic_totals]
    topics.sort(key=lambda t: (t.accuracy, -t.answers, t.tag))
    return Summary(
        answers=sum(n for n, _ in per_day.values()), right=sum(r for _, r in per_day.values()),
        questions_answered=questions, due=schedule.due_count(now), learned=schedule.learned_count(),
        wrong_now=wrong_now, per_day=[Day(d, n, r) for d, (n, r) in per_day.items()], topics=topics,
        topic_days=series, due_by_pack=schedule.due_counts("pack", now), by_mode=dict(sorted(by_mode.items())),
    )
