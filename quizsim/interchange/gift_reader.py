"""Moodle's GIFT format read into questions, as Moodle's own importer reads it (question/format/gift).

Questions are separated by blank lines; lines starting with // are comments (a comment just before a
question may carry Moodle's [id:...] and [tag:...]); `::name::` names a question; `$CATEGORY: path`
sets the category of the questions after it (quizsim's domain). The answer block `{...}` decides the type:
`~` makes a multiple-choice question (`=` marks the right answer, `~%50%` weights answers, negative weights
allowed; without `=` it is a multiple-answer question), T/TRUE/F/FALSE a true/false one; `#` starts an
answer's feedback and `####` the general feedback. Text after the block makes a missing-word question
(the block becomes _____). `\\~ \\= \\# \\{ \\} \\: \\\\` are literal characters and `\\n` a line break.
Matching, numerical, short-answer, essay and description questions are skipped: a multiple-choice quiz
cannot ask them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quizsim.content import limits
from quizsim.interchange.model import (
    ImportedOption,
    ImportedQuestion,
    ImportProblem,
    ImportResult,
    Skipped,
)
from quizsim.interchange.source import unsafe_characters
from quizsim.interchange.text_format import html_to_text, split_format

_PLACEHOLDER = {"\\": "\ue000", "~": "\ue001", "=": "\ue002", "#": "\ue003", "{": "\ue004", "}": "\ue005",
                ":": "\ue006", "n": "\ue007"}
_LITERAL = {v: ("\n" if k == "n" else k) for k, v in _PLACEHOLDER.items()}
_ESCAPE = re.compile(r"\\([\\~=#{}:n])")
_WEIGHT = re.compile(r"%(-?\d+(?:\.\d+)?)%")
_TAG = re.compile(r"\[tag:([^\]]*)\]")
_ID = re.compile(r"\[id:([^\]]*)\]")
_REFERENCE = re.compile(r"^//\s*reference:\s*(\S+)\s*$")
TRUE_WORDS = ("T", "TRUE")
FALSE_WORDS = ("F", "FALSE")
_CATEGORY_PREFIXES = ("$course$/", "$system$/", "$module$/", "$cat1$/", "$coursecategory$/")


@dataclass
class _Block:
    """One question's lines (comments apart) with their line numbers."""

    lines: list[str]
    numbers: list[int]
    comments: list[str]

    @property
    def first_line(self) -> int:
        return self.numbers[0]


def read_gift(text: str) -> ImportResult:
    """Every question of a GIFT file; problems name the line (and column) of what is malformed."""
    result = ImportResult()
    result.problems.extend(unsafe_characters(text))
    for number, line in enumerate(text.split("\n"), start=1):
        at = next((i for i, c in enumerate(line) if c in _LITERAL), -1)
        if at >= 0:  # the reader stands these in for escaped characters
            result.problems.append(ImportProblem(
                number, at + 1, f"private-use character U+{ord(line[at]):04X} is not supported in GIFT text here"))
    if result.problems:
        return result
    domain = ""
    for block in _blocks(text):
        category = _Question(block, domain, result).read()
        if category is not None:
            domain = category
    if not result.questions and not result.skipped and not result.problems:
        result.problems.append(ImportProblem(1, 1, "no questions found: only comments and blank lines"))
    return result


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    current = _Block([], [], [])
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            if current.lines:
                blocks.append(current)
            current = _Block([], [], [])
        elif stripped.startswith("//"):
            current.comments.append(stripped)
        else:
            current.lines.append(line.replace("\t", " "))
            current.numbers.append(number)
    if current.lines:
        blocks.append(current)
    return blocks


def _escape(text: str) -> str:
    return _ESCAPE.sub(lambda m: _PLACEHOLDER[m.group(1)], text)


def _literal(text: str) -> str:
    return "".join(_LITERAL.get(c, c) for c in text)


def formatted(raw: str, inherited: str, one_line: bool) -> str:
    """`clean`, with the text's own [format] or else the question's."""
    fmt, rest = split_format(raw, inherited)
    return clean(rest, fmt, one_line)


def clean(raw: str, fmt: str, one_line: bool) -> str:
    """Source text (placeholders for escapes) as quizsim shows it: lines joined, HTML as words, escapes literal."""
    joined = " ".join(part.strip() for part in raw.split("\n") if part.strip())
    if fmt == "html":
        joined = html_to_text(joined)
    text = _literal(joined)
    if one_line:
        return " ".join(text.split())
    return "\n".join(line.strip() for line in text.split("\n")).strip()


class _Question:
    def __init__(self, block: _Block, domain: str, result: ImportResult) -> None:
        self.block = block
        self.domain = domain
        self.result = result
        self.text = _escape("\n".join(block.lines))

    def where(self, offset: int) -> tuple[int, int]:
        """Source line and column of an offset into the block's text (escapes keep lines intact)."""
        row = self.text.count("\n", 0, offset)
        start = self.text.rfind("\n", 0, offset) + 1
        raw_line = self.block.lines[row]
        # Escapes took two characters each before this point of the line: count them back in.
        before = self.text[start:offset]
        column = len(before) + sum(1 for c in before if c in _LITERAL) + 1
        return self.block.numbers[row], min(column, len(raw_line) + 1)

    def problem(self, offset: int, message: str) -> None:
        line, column = self.where(offset)
        self.result.problems.append(ImportProblem(line, column, message))

    def skip(self, kind: str, reason: str = "") -> None:
        self.result.skipped.append(Skipped(self.block.first_line, kind, reason))

    def read(self) -> str | None:
        """Add the question (or its skip or problem) to the result; a $CATEGORY block returns its domain."""
        text = self.text
        body_at = len(text) - len(text.lstrip())
        if text.lstrip().startswith("$CATEGORY:"):
            return _category(_literal(text.lstrip()[len("$CATEGORY:"):]))
        name = ""
        if text.startswith("::", body_at):
            end = text.find("::", body_at + 2)
            if end < 0:
                self.problem(body_at, "'::' opens a question name that is never closed with '::'")
                return None
            name = clean(text[body_at + 2:end], "plain", True)
            body_at = end + 2
        opens = [i for i in range(body_at, len(text)) if text[i] == "{"]
        closes = [i for i in range(body_at, len(text)) if text[i] == "}"]
        if not opens and not closes:
            self.skip("description", "no answer block {...}")
            return None
        if not self._braces_balanced(opens, closes):
            return None
        start, end = opens[0], closes[0]
        qformat, head = split_format(text[body_at:start])
        tail = text[end + 1:]
        stem_raw = head + ("_____" + tail if tail.strip() else "")
        answers = text[start + 1:end]
        general = ""
        split_at = answers.rfind("####")  # the last, as Moodle reads it
        if split_at >= 0:
            general = answers[split_at + 4:]
            answers = answers[:split_at]
        kind = _kind(answers, bool(tail.strip()))
        if kind not in ("multiple choice", "true/false"):
            self.skip(kind)
            return None
        stem = clean(stem_raw, qformat, False)
        if not stem:
            self.problem(start, "the question has no text before its answer block")
            return None
        if kind == "true/false":
            options = self._true_false(answers, qformat)
        else:
            options = self._choices(answers, start + 1, qformat)
        if options is None:
            return None
        ids = _ID.findall(" ".join(self.block.comments))
        tags = tuple(dict.fromkeys(t.strip() for t in _TAG.findall(" ".join(self.block.comments)) if t.strip()))
        references = tuple(m.group(1) for c in self.block.comments if (m := _REFERENCE.match(c)))
        self.result.questions.append(ImportedQuestion(
            line=self.block.first_line, stem=stem, options=tuple(options),
            name=name or (ids[0].strip() if ids else ""),
            explanation=formatted(general, qformat, False), domain=self.domain, tags=tags, references=references,
        ))

    def _braces_balanced(self, opens: list[int], closes: list[int]) -> bool:
        hint = "; a literal brace is written \\{ or \\}"
        if opens and not closes:
            self.problem(opens[0], "'{' is never closed with '}' (a blank line ends a question)" + hint)
        elif closes and not opens:
            self.problem(closes[0], "'}' closes an answer block that was never opened with '{'" + hint)
        elif closes[0] < opens[0]:
            self.problem(closes[0], "'}' comes before the '{' of the answer block" + hint)
        elif len(opens) > 1:
            self.problem(opens[1], "a second '{': a question has one answer block" + hint)
        elif len(closes) > 1:
            self.problem(closes[1], "a second '}': a question has one answer block" + hint)
        else:
            return True
        return False

    def _true_false(self, answers: str, qformat: str) -> list[ImportedOption] | None:
        word, _, feedback = answers.strip().partition("#")
        is_true = word.strip() in TRUE_WORDS
        wrong_raw, _, right_raw = feedback.partition("#")
        wrong, right = formatted(wrong_raw, qformat, False), formatted(right_raw, qformat, False)
        line = self.block.first_line
        return [
            ImportedOption("True", is_true, right if is_true else wrong, line),
            ImportedOption("False", not is_true, wrong if is_true else right, line),
        ]

    def _choices(self, answers: str, offset: int, qformat: str) -> list[ImportedOption] | None:
        marks = [m.start() for m in re.finditer(r"[~=]", answers)]
        if answers[: marks[0]].strip():
            lead = len(answers[: marks[0]]) - len(answers[: marks[0]].lstrip())
            self.problem(offset + lead, "text before the first answer: each answer starts with '~' (wrong) or '=' (right)")
            return None
        single = any(answers[m] == "=" for m in marks)
        options: list[ImportedOption] = []
        weights: list[float] = []
        for index, at in enumerate(marks):
            end = marks[index + 1] if index + 1 < len(marks) else len(answers)
            piece = answers[at + 1:end]
            weight = 100.0 if answers[at] == "=" else 0.0
            match = _WEIGHT.match(piece.strip())
            if match and answers[at] == "~":
                weight = float(match.group(1))
                piece = piece.strip()[match.end():]
            text_raw, _, feedback_raw = piece.partition("#")
            text = formatted(text_raw, qformat, True)
            line, _ = self.where(offset + at)
            if not text:
                self.problem(offset + at, f"answer {index + 1} has no text")
                return None
            correct = weight >= 100 if single else weight > 0
            why = formatted(feedback_raw, qformat, False)
            if not why and single and 0 < weight < 100:
                why = f"Not the right answer; the bank gives it {weight:g} % credit."
            options.append(ImportedOption(text, correct, why, line))
            weights.append(weight)
        right = sum(o.correct for o in options)
        if len(options) < 2:
            self.problem(offset, "a multiple-choice question needs at least 2 answers")
            return None
        if right == 0:
            self.problem(offset - 1, "no correct answer: mark it with '=', or give right answers a positive "
                                     "weight such as ~%50%")
            return None
        if single and right > 1:
            self.skip("multiple choice", f"{right} answers are fully right in a single-answer question; "
                                         "quizsim needs exactly one (or weights without '=')")
            return None
        if right == len(options):
            self.skip("multiple choice", "every answer is right")
            return None
        if len(options) > limits.MAX_OPTIONS:
            self.skip("multiple choice", f"{len(options)} answers; quizsim shows at most {limits.MAX_OPTIONS}")
            return None
        if right > 5:
            self.skip("multiple choice", f"{right} right answers; quizsim asks to choose at most 5")
            return None
        return options


def _kind(answers: str, missing_word: bool) -> str:
    """The question type Moodle gives an answer block."""
    body = answers.strip()
    if not body:
        return "essay"
    if body.startswith("#"):
        return "numerical"
    if "~" in body:
        return "multiple choice"
    if "=" in body and "->" in body:
        return "matching"
    if body.partition("#")[0].strip() in TRUE_WORDS + FALSE_WORDS:
        return "true/false"
    return "short answer (missing word)" if missing_word else "short answer"


def _category(path: str) -> str:
    """'$course$/top/Networking/VPC' → 'Networking/VPC': the domain of the questions that follow."""
    path = " ".join(path.split())
    for prefix in _CATEGORY_PREFIXES:
        path = path.removeprefix(prefix)
    if path == "top" or path.startswith("top/"):
        path = path[4:]
    if len(path) > limits.MAX_TITLE_CHARS:
        path = path.rsplit("/", 1)[-1][: limits.MAX_TITLE_CHARS]
    return path.strip()
