"""quizsim questions written as Aiken: the stem on one line, lettered options, `ANSWER: X`.

Aiken holds single-answer questions with text only: choose-N questions cannot be written (the caller is
told which), and feedback, explanations, tags and domains are left out."""

from __future__ import annotations

from collections.abc import Iterable

from quizsim.content.question import Question

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def aiken_refusal(question: Question) -> str | None:
    """Why `question` cannot be written as Aiken, or None."""
    if question.choose > 1:
        return f"asks to choose {question.choose}; Aiken has single-answer questions only"
    return None


def write_aiken(questions: Iterable[Question]) -> str:
    """Every question Aiken can hold (see `aiken_refusal`), a blank line between questions."""
    blocks = []
    for question in questions:
        if aiken_refusal(question):
            continue
        lines = [" ".join(question.stem.split())]
        lines += [f"{LETTERS[i]}. {' '.join(o.text.split())}" for i, o in enumerate(question.options)]
        answer = next(i for i, o in enumerate(question.options) if o.correct)
        lines.append(f"ANSWER: {LETTERS[answer]}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + ("\n" if blocks else "")
