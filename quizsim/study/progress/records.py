"""Plain values going into and coming out of the progress store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

MODES = ("practice", "review", "exam")


@dataclass(frozen=True)
class QuestionRef:
    """What the store keeps about a question beside its answers: where it comes from and its topics."""

    id: str
    pack: str = ""
    domain: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class CardUpdate:
    """A question's new spaced-repetition state, committed in the same transaction as the answer."""

    card_json: str
    state: int
    due_ms: int
    last_review_ms: int | None


@dataclass(frozen=True)
class AnswerRow:
    """One stored answer."""

    id: int
    question_id: str
    pack: str
    chosen: tuple[str, ...]
    correct: bool
    fraction: float
    time_ms: int
    mode: str
    answered_at_ms: int
    session_id: str

    @property
    def answered_at(self) -> datetime:
        return from_ms(self.answered_at_ms)


def to_ms(moment: datetime) -> int:
    """UTC epoch milliseconds of an aware datetime (a naive one is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(round(moment.timestamp() * 1000))


def from_ms(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def utc_day(ms: int) -> str:
    """'YYYY-MM-DD' of a UTC epoch-ms time."""
    return from_ms(ms).strftime("%Y-%m-%d")


def utc_now() -> datetime:
    return datetime.now(UTC)
