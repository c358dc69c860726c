"""What the learner knows: answers per day, accuracy per tag over time, due and learned counts, weakest topics.

Plain data for the TUI's stats screen and `quizsim stats`; aggregated in SQL so a long history stays fast.
Days are UTC dates.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime

from quizsim.study.progress import ProgressStore
from quizsim.study.schedule import Schedule


@dataclass(frozen=True)
class Day:
    """Answers given on one UTC day and how many were right."""

    day: str
    answers: int
    right: int

    @property
    def accuracy(self) -> float:
        return self.right / self.answers if self.answers else 0.0


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
    """Per tag, accuracy over time: one Day per UTC day it was answered, oldest first."""
    due_by_pack: dict[str, int] = field(default_factory=dict)
    by_mode: dict[str, int] = field(default_factory=dict)

    @property
    def accuracy(self) -> float:
        return self.right / self.answers if self.answers else 0.0

    @property
    def empty(self) -> bool:
        return self.answers == 0

    def to_dict(self) -> dict:
        data = asdict(self)
        data["accuracy"] = round(self.accuracy, 4)
        for topic, row in zip(self.topics, data["topics"]):
            row["accuracy"] = round(topic.accuracy, 4)
        for day, row in zip(self.per_day, data["per_day"]):
            row["accuracy"] = round(day.accuracy, 4)
        for tag, days in self.topic_days.items():
            for day, row in zip(days, data["topic_days"][tag]):
                row["accuracy"] = round(day.accuracy, 4)
        return data


def summary(store: ProgressStore, now: datetime | None = None) -> Summary:
    """Everything the stats screen shows, in a handful of aggregate queries."""
    schedule = Schedule(store)
    answers, right, questions = store.query(
        "SELECT count(*), coalesce(sum(correct), 0), count(DISTINCT question_id) FROM answers"
    )[0]
    per_day = [Day(d, n, r) for d, n, r in store.query(
        "SELECT day, count(*), sum(correct) FROM answers GROUP BY day ORDER BY day"
    )]
    # Per question and day first (on an index), then spread over tags: far fewer rows to join than answers.
    tag_day_rows = store.query(
        """WITH per AS (SELECT question_id, day, count(*) AS n, sum(correct) AS r
                        FROM answers GROUP BY question_id, day)
           SELECT t.tag, per.day, sum(per.n), sum(per.r) FROM per JOIN question_tags t USING (question_id)
           GROUP BY t.tag, per.day ORDER BY t.tag, per.day"""
    )
    topic_days: dict[str, list[Day]] = {}
    for tag, day, n, r in tag_day_rows:
        topic_days.setdefault(tag, []).append(Day(day, n, r))
    tag_questions = dict(store.query(
        "SELECT t.tag, count(DISTINCT t.question_id) FROM question_tags t "
        "WHERE EXISTS (SELECT 1 FROM answers a WHERE a.question_id = t.question_id) GROUP BY t.tag"
    ))
    due_by_tag = schedule.due_counts("tag", now)
    topics = [
        TopicStat(tag, sum(d.answers for d in days), sum(d.right for d in days), tag_questions.get(tag, 0),
                  due_by_tag.get(tag, 0))
        for tag, days in topic_days.items()
    ]
    topics.sort(key=lambda t: (t.accuracy, -t.answers, t.tag))
    return Summary(
        answers=answers, right=right, questions_answered=questions, due=schedule.due_count(now),
        learned=schedule.learned_count(), wrong_now=len(store.wrong_question_ids()), per_day=per_day,
        topics=topics, topic_days=topic_days, due_by_pack=schedule.due_counts("pack", now),
        by_mode=dict(store.query("SELECT mode, count(*) FROM answers GROUP BY mode ORDER BY mode")),
    )
