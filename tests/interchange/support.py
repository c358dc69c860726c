"""Helpers for the interchange tests: read a bank from text and check what quizsim makes of it."""

from __future__ import annotations

from textwrap import dedent

from quizsim.content.question import Question
from quizsim.interchange.aiken_reader import read_aiken
from quizsim.interchange.convert import convert
from quizsim.interchange.gift_reader import read_gift
from quizsim.interchange.model import ImportResult


def gift(text: str) -> ImportResult:
    return read_gift(dedent(text).lstrip("\n"))


def aiken(text: str) -> ImportResult:
    return read_aiken(dedent(text).lstrip("\n"))


def questions(result: ImportResult) -> list[Question]:
    """The checked quizsim questions; the reading must have had no problem."""
    assert not result.problems, result.problems
    return convert(result, "bank").questions


def only(result: ImportResult) -> Question:
    found = questions(result)
    assert len(found) == 1, (found, result.skipped)
    return found[0]


def key(question: Question) -> list[tuple[str, bool]]:
    return [(o.text, o.correct) for o in question.options]
