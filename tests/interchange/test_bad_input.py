"""Malformed banks: a clear message with the line (and column), never a question made up from them."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizsim.interchange.source import MAX_BANK_BYTES, BankError, read_bank
from tests.interchange.support import gift


def problems(text: str) -> list[tuple[int, int, str]]:
    result = gift(text)
    assert not result.questions or result.problems
    return [(p.line, p.column, p.message) for p in result.problems]


def test_an_unclosed_brace_names_its_line_and_column():
    found = problems("""
        First?{~a =b}

        Second? {~a
        =b

        Third?{~a =b}
    """)
    assert len(found) == 1
    line, column, message = found[0]
    assert (line, column) == (3, 9)
    assert "never closed" in message and "\\{" in message


def test_a_closing_brace_without_an_opening_one():
    [(line, column, message)] = problems("Q? ~a =b}\n")
    assert (line, column) == (1, 9)
    assert "never opened" in message


def test_two_answer_blocks():
    [(line, _, message)] = problems("Q?{~a =b}\nand {~c =d}\n")
    assert line == 2 and "second '{'" in message


def test_an_answer_block_with_no_correct_answer():
    [(line, column, message)] = problems("First?{~a =b}\n\nQ?\n{~a ~b ~%-50%c}\n")
    assert (line, column) == (4, 1)
    assert "no correct answer" in message


def test_an_unclosed_name():
    [(line, _, message)] = problems("::name Q?{~a =b}")
    assert line == 1 and "never closed with '::'" in message


def test_text_before_the_first_answer():
    [(line, _, message)] = problems("Q?{\n  stray ~a =b}")
    assert line == 2 and "text before the first answer" in message


@pytest.mark.parametrize("char, what", [
    ("\x1b[31m", "terminal escape"),
    ("\u202e", "bidi"),
    ("\x07", "control character"),
])
def test_control_characters_are_refused_at_their_line(char, what):
    [(line, column, message)] = problems(f"Fine?{{~a =b}}\n\nBad {char}here?{{~a =b}}\n")
    assert (line, column) == (3, 5)
    assert what in message


def test_a_private_use_character_the_reader_needs_is_refused():
    [(line, column, message)] = problems("Fine?{~a =b}\n\nOdd \ue001?{~a =b}\n")
    assert (line, column) == (3, 5) and "U+E001" in message


def read(tmp_path: Path, data: bytes, name: str = "bank.gift") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return read_bank(path)


def test_a_latin1_file_is_refused_with_line_and_column(tmp_path):
    with pytest.raises(BankError) as caught:
        read(tmp_path, "First?{~a =b}\n\nCaf\u00e9?{~a =b}\n".encode("latin-1"))
    assert (caught.value.line, caught.value.column) == (3, 4)
    assert "not UTF-8" in caught.value.message and "0xe9" in caught.value.message


@pytest.mark.parametrize("data", [b"", b"\n\n   \n"])
def test_an_empty_file(tmp_path, data):
    with pytest.raises(BankError, match="empty file"):
        read(tmp_path, data)


def test_a_file_of_comments_only_has_no_questions():
    [(line, _, message)] = problems("// nothing\n// here\n")
    assert line == 1 and "no questions" in message


def test_a_20_mb_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.gift"
    with path.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)
    assert path.stat().st_size > MAX_BANK_BYTES
    with pytest.raises(BankError, match=r"too large \(21.0 MB"):
        read_bank(path)


def test_utf16_and_binary_files(tmp_path):
    with pytest.raises(BankError, match="UTF-16"):
        read(tmp_path, "Q?{~a =b}".encode("utf-16"))
    with pytest.raises(BankError, match="NUL") as caught:
        read(tmp_path, b"Q?{~a =b}\n\nx\x00")
    assert caught.value.line == 3


def test_a_utf8_bom_and_windows_line_ends_are_fine(tmp_path):
    text = read(tmp_path, "\ufeffFirst?\r\n{~a =b}\r\n\r\nSecond?{~c =d}\r\n".encode("utf-8"))
    result = gift(text)
    assert not result.problems and [q.line for q in result.questions] == [1, 4]
