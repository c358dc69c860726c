"""The loaded content: packs, questions, scenarios and backend profiles, plus what was skipped."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizsim.content.backends import Backend
from quizsim.content.problems import Problem
from quizsim.content.question import Question
from quizsim.content.scenario import Scenario


@dataclass(frozen=True)
class Origin:
    """Where a document was defined."""

    path: Path
    line: int
    column: int
    key: tuple = ()
    """Path of the document inside its file, e.g. ('questions', 3)."""
    pack: str = ""
    """Id of the pack the file belongs to."""


@dataclass
class Pack:
    """A folder of content with a title."""

    id: str
    title: str
    description: str = ""
    question_ids: list[str] = field(default_factory=list)


@dataclass
class Library:
    """Everything that loaded cleanly, and the problems with what did not."""

    packs: dict[str, Pack] = field(default_factory=dict)
    questions: dict[str, Question] = field(default_factory=dict)
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    backends: dict[str, Backend] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)
    """(kind, id) → where it was defined; kind is 'question', 'scenario' or 'backend'."""
    skipped: set[tuple[str, str]] = field(default_factory=set)
    """(kind, id) of documents that were written but not loaded because of their problems."""
    files: list[Path] = field(default_factory=list)
    documents: dict[Path, Any] = field(default_factory=dict, repr=False)
    """Parsed files by path, kept so later checks can point at the exact line."""

    def locate(self, kind: str, item_id: str, sub: tuple = ()) -> tuple[Path, int, int]:
        """File, line and column of a field inside a loaded document."""
        origin = self.origins[(kind, item_id)]
        document = self.documents.get(origin.path)
        if document is None or not sub:
            return origin.path, origin.line, origin.column
        line, column = document.locate(origin.key + sub)
        return origin.path, line, column

    @property
    def ok(self) -> bool:
        return not self.problems

    def pack_of(self, question_id: str) -> Pack | None:
        for pack in self.packs.values():
            if question_id in pack.question_ids:
                return pack
        return None

    def summary(self, within: list[Path] | None = None) -> str:
        """'12 questions, 8 scenarios, 14 backends, 0 problems'.

        With `within`, only what was defined in files under those paths is counted (problems always all).
        """
        def n(count: int, word: str) -> str:
            return f"{count} {word}{'' if count == 1 else 's'}"

        def count(kind: str) -> int:
            ids = {"question": self.questions, "scenario": self.scenarios, "backend": self.backends}[kind]
            if within is None:
                return len(ids)
            return sum(1 for i in ids if _is_under(self.origins[(kind, i)].path, within))

        return ", ".join(
            [
                n(count("question"), "question"),
                n(count("scenario"), "scenario"),
                n(count("backend"), "backend"),
                n(len(self.problems), "problem"),
            ]
        )

    def files_under(self, within: list[Path]) -> list[Path]:
        return [f for f in self.files if _is_under(f, within)]


def _is_under(path: Path, roots: list[Path]) -> bool:
    real = Path(path).resolve()
    for root in roots:
        root = Path(root).resolve()
        if real == root or real.is_relative_to(root):
            return True
    return False
