"""Problems found in content, reported as `PATH:LINE:COL: error: MESSAGE`."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path

from quizsim.text_safety import visible_line


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one place in one file."""

    path: Path
    line: int
    column: int
    message: str
    subject: str = ""
    """What the problem is in, e.g. "question 'q-ttl'" (empty for file-level problems)."""

    def format(self) -> str:
        """The line `quizsim validate` prints: one line per problem, always, and nothing a terminal would obey
        (a message quoting content shows its control characters as escapes such as \\x1b)."""
        where = f"{display_path(self.path)}:{self.line}:{self.column}"
        what = f"{self.subject}: {self.message}" if self.subject else self.message
        what = " ".join(what.split("\n"))  # a message of several lines reads as one
        return visible_line(f"{where}: error: {what}")


class ContentError(Exception):
    """A problem that stops one file or one document from loading."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def display_path(path: Path) -> str:
    """The path relative to the working directory when it is below it, else as it is."""
    try:
        return os.path.relpath(path) if Path(path).resolve().is_relative_to(Path.cwd()) else str(path)
    except (OSError, ValueError):
        return str(path)


def did_you_mean(name: str, known: list[str] | set[str]) -> str:
    """' did you mean 'x'?' for the closest known name, or ''."""
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""
