"""Moodle's Aiken format: a question's text on one or more lines, its options as `A. text` or `A) text`
(capital letters), then `ANSWER: X`. Blank lines between questions are optional. Aiken has single-answer
multiple choice only, and no feedback."""

from __future__ import annotations

import re

from quizsim.content import limits
from quizsim.interchange.model import (
    ImportedOption,
    ImportedQuestion,
    ImportProblem,
    ImportResult,
    Skipped,
)
from quizsim.interchange.source import unsafe_characters

_OPTION = re.compile(r"^([A-Z])[.)][ \t]+(.*)$")
_ANSWER = re.compile(r"^ANSWER:[ \t]*(.*)$")
_ANSWER_ANY_CASE = re.compile(r"^answer\s*[:=]", re.IGNORECASE)


def read_aiken(text: str) -> ImportResult:
    """Every question of an Aiken file; a malformed block is a problem naming its line."""
    result = ImportResult()
    result.problems.extend(unsafe_characters(text))
    if result.problems:
        return result
    stem: list[str] = []
    stem_line = 0
    options: list[tuple[str, str, int]] = []

    def fail(line: int, message: str) -> None:
        result.problems.append(ImportProblem(line, 1, message))

    def reset() -> None:
        nonlocal stem, stem_line, options
        stem, stem_line, options = [], 0, []

    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip().replace("\t", " ")
        if not line:
            continue
        option = _OPTION.match(line)
        answer = _ANSWER.match(line)
        if answer:
            if stem_line == -1:
                pass  # the end of a block already reported
            elif not stem:
                fail(number, "'ANSWER:' with no question before it")
            elif len(options) < 2:
                fail(stem_line, f"the question starting here has {len(options)} option(s) before its ANSWER "
                                f"at line {number}; it needs at least 2 (A. ..., B. ...)")
            else:
                _finish(result, stem, stem_line, options, answer.group(1).strip(), number)
            reset()
        elif option and stem:
            letter, body = option.group(1), option.group(2).strip()
            if any(letter == seen for seen, _, _ in options):
                fail(number, f"option {letter} appears twice in the question starting at line {stem_line}")
                reset()
                stem_line = -1  # the rest of this block is skipped up to its ANSWER
                continue
            options.append((letter, body, number))
        elif _ANSWER_ANY_CASE.match(line):
            fail(number, f"write the answer line as 'ANSWER: X' (capitals, then a colon), not {line[:20]!r}")
            reset()
            stem_line = -1
        elif stem_line == -1:
            continue
        elif options:
            fail(stem_line, f"the question starting here has no 'ANSWER: X' line after its options "
                            f"(line {number} starts new text)")
            reset()
            stem, stem_line = [line], number
        else:
            if not stem:
                stem_line = number
            stem.append(line)
    if stem_line > 0:
        fail(stem_line, "the question starting here ends without an 'ANSWER: X' line" if options
             else "text with no options and no 'ANSWER: X' line")
    if not result.questions and not result.skipped and not result.problems:
        result.problems.append(ImportProblem(1, 1, "no questions found"))
    return result


def _finish(result: ImportResult, stem: list[str], stem_line: int, options: list[tuple[str, str, int]],
            answer: str, answer_line: int) -> None:
    letters = [letter for letter, _, _ in options]
    if len(answer) != 1 or answer not in letters:
        result.problems.append(ImportProblem(
            answer_line, 1,
            f"ANSWER must be one of the option letters {', '.join(letters)}, not {answer!r} "
            f"(question starting at line {stem_line})",
        ))
        return
    if len(options) > limits.MAX_OPTIONS:
        result.skipped.append(Skipped(stem_line, "multiple choice",
                                      f"{len(options)} options; quizsim shows at most {limits.MAX_OPTIONS}"))
        return
    result.questions.append(ImportedQuestion(
        line=stem_line,
        stem=" ".join(" ".join(stem).split()),
        options=tuple(ImportedOption(" ".join(body.split()), letter == answer, "", line) for letter, body, line in options),
    ))
