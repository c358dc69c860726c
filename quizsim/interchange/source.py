"""Reading a bank file: bounded in size, UTF-8 only, and refusing characters that would act on a terminal.

Banks come from anywhere. A control character or bidi override in an imported stem would reach every
learner's screen, so the import stops and names its line instead of carrying it into a pack.
"""

from __future__ import annotations

from pathlib import Path

from quizsim.interchange.model import ImportProblem
from quizsim.text_safety import find_unsafe

MAX_BANK_BYTES = 4 * 1024 * 1024
"""About 10,000 questions; the pack it makes must stay under the 5 MB a content file may hold."""
MAX_REPORTED = 20
"""Control characters reported before the rest are summed up."""


class BankError(Exception):
    """The file cannot be read as a bank at all (missing, too large, not UTF-8 text, ...)."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def read_bank(path: Path) -> str:
    """The file's text with line ends as '\\n'; BankError for what is not a readable UTF-8 text file."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise BankError("file does not exist") from None
    except OSError as exc:
        raise BankError(f"cannot read file: {exc.strerror}") from None
    if path.is_dir():
        raise BankError("is a folder; name a GIFT or Aiken file")
    if size > MAX_BANK_BYTES:
        raise BankError(
            f"file is too large ({size / 1e6:.1f} MB; a bank may be at most {MAX_BANK_BYTES // (1024 * 1024)} MB): "
            "split it into several files"
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BankError(f"cannot read file: {exc.strerror}") from None
    return decode_bank(raw)


def decode_bank(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BankError("UTF-16 text; save the file as UTF-8")
    if b"\x00" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
        raise BankError("binary file (contains NUL bytes), not a text file", line)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise BankError(
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x}; the file is probably Latin-1 or Windows-1252): "
            "save it as UTF-8",
            line, column,
        ) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise BankError("empty file: no questions to import")
    return text


def unsafe_characters(text: str) -> list[ImportProblem]:
    """A problem per line holding a terminal escape, control character or bidi override (tabs are fine)."""
    problems: list[ImportProblem] = []
    for number, line in enumerate(text.split("\n"), start=1):
        found = find_unsafe(line, multiline=True)
        if found is None:
            continue
        if len(problems) == MAX_REPORTED:
            problems.append(ImportProblem(number, 1, "more lines hold control characters (not listed)"))
            break
        more = f" (and {found.count - 1} more on this line)" if found.count > 1 else ""
        problems.append(ImportProblem(
            number, found.index + 1,
            f"holds {found.what}{more}; imported text must not drive the terminal: remove it",
        ))
    return problems
