"""Untrusted text made safe to print: terminal controls found, named, and shown as visible escapes.

Content packs come from anywhere. A string holding ESC can recolour a terminal, retitle its window
(OSC 0) or write the clipboard (OSC 52); a bidi override makes text display in another order than
it reads. Validation reports such characters (`find_unsafe`), and every surface that prints content
passes it through `visible` so whatever still gets through is shown, never obeyed. No Textual here:
the CLI and the TUI share it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, TextIO

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Embeddings, overrides and isolates: they reorder how the text after them is displayed."""
LINE_SEPARATORS = frozenset("\u2028\u2029")

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_UNSAFE_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def visible(text: str) -> str:
    """`text` with every control character but newline and tab, and every bidi control, as a visible escape.

    ESC becomes the four characters `\\x1b`, U+202E becomes `\\u202e`: what the author wrote stays
    readable, and the terminal receives nothing it would act on.
    """
    return _UNSAFE.sub(_escape, text)


def visible_line(text: str) -> str:
    """`visible`, and newlines and tabs escaped too, for places that must stay on one line."""
    return _UNSAFE_ONE_LINE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    return _escape_char(match.group())


@dataclass(frozen=True)
class Unsafe:
    """The first character of a string that must not reach a terminal, and what it is."""

    index: int
    """Position of the character in the string."""
    char: str
    what: str
    """E.g. 'a terminal escape (ESC [ ...)' — ends so that 'holds ' + what reads as a sentence."""
    count: int = 1
    """How many such characters the string holds."""


def find_unsafe(text: str, multiline: bool = False) -> Unsafe | None:
    """The first terminal control, C0/C1 control or bidi control in `text`, or None when it is safe.

    With `multiline`, newlines and tabs are allowed (a stem or explanation); otherwise they are
    reported too (an id, a title, a tag).
    """
    pattern = _UNSAFE if multiline else _UNSAFE_ONE_LINE
    match = pattern.search(text)
    if match is None:
        return None
    index = match.start()
    return Unsafe(index, match.group(), describe_control(text, index), len(pattern.findall(text, index)))


def describe_control(text: str, index: int) -> str:
    """What the control character at `index` is, as an author would want it named."""
    char = text[index]
    code = ord(char)
    if char == "\x1b":
        following = text[index + 1:index + 2]
        if following == "[":
            return "a terminal escape (ESC [ ...: colours, cursor movement)"
        if following == "]":
            if text[index + 2:index + 5] == "52;":
                return "a terminal escape (ESC ] 52 ...: a clipboard write)"
            return "a terminal escape (ESC ] ...: an operating-system command such as a window title)"
        return "a terminal escape (ESC)"
    if code == 0x9B:
        return "a terminal escape (CSI, \\u009b)"
    if code == 0x9D:
        return "a terminal escape (OSC, \\u009d)"
    if char == "\x00":
        return "a NUL character (\\x00)"
    if char == "\n":
        return "a line break; this field is one line"
    if char == "\t":
        return "a tab; this field is one line (use spaces)"
    if char in BIDI_CONTROLS:
        name = unicodedata.name(char, "BIDI CONTROL")
        return f"a bidi control (U+{code:04X} {name}) that makes text display in another order than it reads"
    if char in LINE_SEPARATORS:
        return f"a Unicode line separator (U+{code:04X}); write a plain line break"
    return f"a control character ({_escape_char(char)})"


_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape_char(char: str) -> str:
    """ESC as \\x1b; DEL, C1 and bidi controls as \\u escapes, which also stay valid inside a JSON string."""
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x20 else f"\\u{code:04x}"


class VisibleWriter:
    """A text stream that passes everything through `visible`, so what a command prints can never
    drive the terminal, whatever content a message quotes. With `carriage_return`, \\r is let
    through (a progress bar redrawing its line on stderr)."""

    def __init__(self, stream: TextIO, carriage_return: bool = False) -> None:
        self._stream = stream
        self._carriage_return = carriage_return

    def write(self, text: str) -> int:
        if self._carriage_return:
            self._stream.write("\r".join(visible(part) for part in text.split("\r")))
        else:
            self._stream.write(visible(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
