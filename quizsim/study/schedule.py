"""Spaced review: the `fsrs` package decides when each question comes back; the grade comes from the answer.

Every answer (practice, review or exam) is a review of its question's card. The grade:

- wrong                                   → Again
- right, slower than `slow_ms`            → Hard
- right                                   → Good
- right, no slower than `fast_ms`         → Easy

where, for a stem of W words, fast_ms = 5 s + 0.25 s × W (reading at about 240 words a minute, plus a moment
to pick) and slow_ms = 30 s + 1 s × W. A typical 40-word stem: Easy within 15 s, Hard after 70 s; the longest
(60 words): Easy within 20 s, Hard after 90 s, under the real exam's 2 minutes a question.

A clock that jumped: a card whose last review lies in the future (the clock was ahead when it was answered)
is due at once, and is reviewed as if last seen now: when it should come back cannot be known, and asking
again early is the safe side.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fsrs import Card, Rating, Scheduler, State

from quizsim.study.progress import CardUpdate, ProgressStore, QuestionRef
from quizsim.study.progress.records import to_ms

FAST_BASE_MS, FAST_MS_PER_WORD = 5_000, 250
SLOW_BASE_MS, SLOW_MS_PER_WORD = 30_000, 1_000


@dataclass(frozen=True)
class StudyQuestion:
    """What grading and scheduling need of a question: where it belongs, its key and its stem length."""

    ref: QuestionRef
    correct_ids: tuple[str, ...]
    stem_words: int

    @property
    def id(self) -> str:
        return self.ref.id


def study_question(question: Any, pack: str = "") -> StudyQuestion:
    """From a loaded content Question (id, domain, tags, stem, options with `correct`)."""
    ref = QuestionRef(question.id, pack, question.domain, tuple(question.tags))
    return StudyQuestion(ref, tuple(o.id for o in question.options if o.correct), word_count(question.stem))


@dataclass(frozen=True)
class Thresholds:
    """Answer times separating Easy from Good (fast_ms) and Good from Hard (slow_ms)."""

    fast_ms: int
    slow_ms: int


def thresholds(stem_words: int) -> Thresholds:
    words = max(0, stem_words)
    return Thresholds(FAST_BASE_MS + FAST_MS_PER_WORD * words, SLOW_BASE_MS + SLOW_MS_PER_WORD * words)


def word_count(text: str) -> int:
    return len(text.split())


def grade(correct: bool, time_ms: int, stem_words: int) -> Rating:
    """The fsrs rating an answer earns (see the module docstring)."""
    if not correct:
        return Rating.Again
    limits = thresholds(stem_words)
    if time_ms <= limits.fast_ms:
        return Rating.Easy
    if time_ms > limits.slow_ms:
        return Rating.Hard
    return Rating.Good


def fraction_right(correct_ids: Sequence[str], chosen: Sequence[str]) -> float:
    """Right picks of the number asked for, as the practice score counts them ("1 of 2 right" is 0.5).

    Picks beyond the number asked for (the app refuses them) count against: right ÷ max(asked, picked).
    """
    key, picked = set(correct_ids), set(chosen)
    if not key:
        return 0.0
    return len(key & picked) / max(len(key), len(picked))


def normalise(card: Card, now: datetime) -> Card:
    """A card last reviewed in the future (a clock that jumped) becomes due now, as if last reviewed now."""
    if card.last_review is None or card.last_review <= now:
        return card
    return Card(card.card_id, card.state, card.step, card.stability, card.difficulty, now, now)


# The same rule in SQL, so due counts need no Python per card.
_DUE = "(c.due_ms <= :now OR c.last_review_ms > :now)"


@dataclass(frozen=True)
class Reviewed:
    answer_id: int
    rating: Rating
    due: datetime


class Schedule:
    """The learner's cards in a progress store, reviewed by an fsrs Scheduler."""

    def __init__(self, store: ProgressStore, scheduler: Scheduler | None = None) -> None:
        self.store = store
        # No fuzz: a small question bank gains nothing from spreading reviews, and the same answers at the same
        # times give the same schedule.
        self.scheduler = scheduler or Scheduler(enable_fuzzing=False)

    def _now(self) -> datetime:
        return self.store.clock().astimezone(UTC)

    def card(self, question_id: str, now: datetime | None = None) -> Card:
        """The question's card, normalised to `now`; a new card (due now) if it was never answered."""
        now = now or self._now()
        stored = self.store.card_json(question_id)
        if stored is None:
            # A stable id: fsrs would otherwise make one from the clock, and sleep 1 ms to keep them apart.
            return Card(card_id=zlib.crc32(question_id.encode()), due=now)
        return normalise(Card.from_json(stored), now)

    def card_update(self, question_id: str, *, correct: bool, time_ms: int, stem_words: int,
                    now: datetime | None = None) -> tuple[CardUpdate, Rating]:
        """The card after this answer (not stored: the caller commits it with the answer)."""
        now = now or self._now()
        rating = grade(correct, time_ms, stem_words)
        card, _log = self.scheduler.review_card(self.card(question_id, now), rating, review_datetime=now,
                                                review_duration=max(0, int(time_ms)))
        update = CardUpdate(card.to_json(), int(card.state.value), to_ms(card.due),
                            to_ms(card.last_review) if card.last_review else None)
        return update, rating

    def answer(self, question: StudyQuestion, chosen: Sequence[str], *, time_ms: int, mode: str,
               session_id: str = "") -> Reviewed:
        """Grade, store and schedule one answer in a single commit."""
        now = self._now()
        correct = set(chosen) == set(question.correct_ids)
        update, rating = self.card_update(question.id, correct=correct, time_ms=time_ms,
                                          stem_words=question.stem_words, now=now)
        answer_id = self.store.record_answer(
            question.ref, chosen, correct=correct, fraction=fraction_right(question.correct_ids, chosen),
            time_ms=time_ms, mode=mode, session_id=session_id, at=now, card=update,
        )
        return Reviewed(answer_id, rating, datetime.fromtimestamp(update.due_ms / 1000, tz=UTC))

    # -- what is due -----------------------------------------------------------------------------------------

    def due_count(self, now: datetime | None = None) -> int:
        return self.store.query(f"SELECT count(*) FROM cards c WHERE {_DUE}", {"now": self._ms(now)})[0][0]

    def due_counts(self, by: str = "pack", now: datetime | None = None) -> dict[str, int]:
        """Due questions per pack (by='pack') or per tag (by='tag'), most first."""
        if by == "pack":
            sql = f"SELECT c.pack, count(*) FROM cards c WHERE {_DUE} GROUP BY c.pack"
        elif by == "tag":
            sql = (f"SELECT t.tag, count(*) FROM cards c JOIN question_tags t ON t.question_id = c.question_id "
                   f"WHERE {_DUE} GROUP BY t.tag")
        else:
            raise ValueError(f"by must be 'pack' or 'tag', not {by!r}")
        rows = self.store.query(sql, {"now": self._ms(now)})
        return dict(sorted(rows, key=lambda r: (-r[1], r[0])))

    def due_ids(self, *, pack: str | None = None, tag: str | None = None, now: datetime | None = None) -> list[str]:
        """Due questions, most overdue first, optionally of one pack or tag."""
        rows = self.store.query(
            f"""SELECT c.question_id FROM cards c WHERE {_DUE}
                AND (:pack IS NULL OR c.pack = :pack)
                AND (:tag IS NULL OR EXISTS (SELECT 1 FROM question_tags t
                                             WHERE t.question_id = c.question_id AND t.tag = :tag))
                ORDER BY min(c.due_ms, :now), c.question_id""",
            {"now": self._ms(now), "pack": pack, "tag": tag},
        )
        return [r[0] for r in rows]

    def learned_count(self) -> int:
        """Questions past their learning steps (fsrs Review state)."""
        return self.store.query("SELECT count(*) FROM cards WHERE state = ?", (State.Review.value,))[0][0]

    def review_ids(self, *, wrong_only: bool = False, pack: str | None = None, tag: str | None = None,
                   now: datetime | None = None) -> list[str]:
        """A review session: what is due, or with wrong_only the questions whose latest answer was wrong."""
        if wrong_only:
            return self.store.wrong_question_ids(pack=pack, tag=tag)
        return self.due_ids(pack=pack, tag=tag, now=now)

    def _ms(self, now: datetime | None) -> int:
        return to_ms(now or self._now())
