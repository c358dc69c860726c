"""A question as read from a bank, and how it becomes a quizsim question.

Banks leave out what quizsim requires (per-option feedback, an explanation); the defaults written here
are plain statements of the answer key, and the writers leave them out again, so a round trip through
any format gives back the same questions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from quizsim.content import limits

RIGHT_WHY = "This is the right answer."
WRONG_WHY = "This is not the right answer."
NUMBER_WORDS = {2: "TWO", 3: "THREE", 4: "FOUR", 5: "FIVE"}
_SAYS_HOW_MANY = re.compile(r"\b(?:select|choose)\s+(TWO|THREE|FOUR|FIVE|\d)\b", re.IGNORECASE)
_ID_CHAR = re.compile(r"[^a-z0-9._-]+")


@dataclass(frozen=True)
class ImportedOption:
    text: str
    correct: bool
    why: str = ""
    """Feedback from the bank; empty when it gave none."""
    line: int = 0


@dataclass(frozen=True)
class ImportedQuestion:
    """One question of a bank, with the source line it starts at."""

    line: int
    stem: str
    options: tuple[ImportedOption, ...]
    name: str = ""
    """The bank's name or id for it (GIFT ::name:: or [id:...]); the quizsim id is made from it."""
    explanation: str = ""
    domain: str = ""
    tags: tuple[str, ...] = ()
    references: tuple[str, ...] = ()


@dataclass(frozen=True)
class Skipped:
    """A question the bank holds that a multiple-choice quiz cannot ask (matching, numerical, ...)."""

    line: int
    kind: str
    reason: str = ""


@dataclass(frozen=True)
class ImportProblem:
    """Malformed input: nothing is written when there is one."""

    line: int
    column: int
    message: str


@dataclass
class ImportResult:
    questions: list[ImportedQuestion] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)


def default_explanation(options: list[tuple[str, bool]]) -> str:
    """'The right answer: X.' — what an explanation says when the bank gave none."""
    right = [text.rstrip(".") for text, correct in options if correct]
    if len(right) == 1:
        return f"The right answer: {right[0]}."
    return "The right answers: " + "; ".join(right) + "."


def default_why(correct: bool) -> str:
    return RIGHT_WHY if correct else WRONG_WHY


def stem_with_count(stem: str, choose: int) -> str:
    """The stem, saying '(Select TWO.)' when more than one option is to be chosen and it does not say so."""
    if choose > 1 and not _SAYS_HOW_MANY.search(stem):
        return f"{stem} (Select {NUMBER_WORDS.get(choose, str(choose))}.)"
    return stem


def slug(text: str, limit: int = limits.MAX_ID_CHARS) -> str:
    """A valid quizsim id made of `text` ('' when nothing is left): lower case, [a-z0-9._-]."""
    value = _ID_CHAR.sub("-", text.lower().replace("'", "")).strip("-._")
    return value[:limit].rstrip("-._")


def unique_ids(questions: list[ImportedQuestion], prefix: str, taken: set[str] = frozenset()) -> list[str]:
    """An id per question: from its name, else PREFIX-N; a clash gets -2, -3, ... appended."""
    used = set(taken)
    ids = []
    base_prefix = slug(prefix, 40) or "imported"
    for index, question in enumerate(questions, start=1):
        base = slug(question.name) or f"{base_prefix}-{index}"
        candidate, n = base, 1
        while candidate in used:
            n += 1
            suffix = f"-{n}"
            candidate = base[: limits.MAX_ID_CHARS - len(suffix)] + suffix
        used.add(candidate)
        ids.append(candidate)
    return ids


def to_content(question: ImportedQuestion, question_id: str) -> dict[str, Any]:
    """The question as a content mapping (what a pack's YAML holds): validate it with Question."""
    choose = sum(o.correct for o in question.options)
    data: dict[str, Any] = {"id": question_id}
    if question.domain:
        data["domain"] = question.domain
    if question.tags:
        data["tags"] = list(question.tags)
    data["stem"] = stem_with_count(question.stem, choose)
    if choose > 1:
        data["choose"] = choose
    options = []
    for index, option in enumerate(question.options):
        item: dict[str, Any] = {"id": option_id(index), "text": option.text}
        if option.correct:
            item["correct"] = True
        item["why"] = option.why or default_why(option.correct)
        options.append(item)
    data["options"] = options
    data["explanation"] = question.explanation or default_explanation([(o.text, o.correct) for o in question.options])
    if question.references:
        data["references"] = list(question.references)
    return data


def option_id(index: int) -> str:
    """'a', 'b', ... by position (a bank never holds more than quizsim's nine options here)."""
    return "abcdefghijklmnopqrstuvwxyz"[index]
