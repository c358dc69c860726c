"""Safe YAML reading that remembers where every value came from.

PyYAML's safe loader builds the node tree; we convert it ourselves so that each value keeps its
line and column, duplicate keys are errors, and aliases cannot expand into a "billion laughs".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from quizsim.content.problems import ContentError
from quizsim.text_safety import describe_control, find_unsafe

MAX_FILE_BYTES = 5 * 1024 * 1024
"""Content files are hand-written; anything larger is a mistake, refused before parsing."""
MAX_VALUES = 200_000
"""Values after alias expansion; bounds the work an alias bomb can cause."""
MAX_DEPTH = 64

_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map", "merge")
}

Location = tuple[int, int]
"""1-based line and column."""
PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class UnsafeText:
    """A string value (or key) holding a character that must not reach a terminal."""

    key: PathKey
    line: int
    column: int
    what: str
    """E.g. 'a terminal escape (ESC [ ...)'."""
    is_key: bool = False
    """The mapping key itself holds it, not the value."""


@dataclass
class YamlDocument:
    """Plain Python data plus the position of every mapping key, list item and value."""

    path: Path
    data: Any
    positions: dict[PathKey, Location] = field(default_factory=dict)
    unsafe_text: list[UnsafeText] = field(default_factory=list)
    """Strings holding terminal escapes, control or bidi characters, in file order."""

    def known_key(self, key: PathKey) -> PathKey:
        """`key` without the parts that are not in the file (pydantic locations may add union tags)."""
        best: PathKey = ()
        for part in key:
            candidate = best + (part,)
            if candidate in self.positions:
                best = candidate
        return best

    def locate(self, key: PathKey) -> Location:
        """Position of the deepest known prefix of `key`."""
        return self.positions.get(self.known_key(key), (1, 1))


def read_yaml(path: Path, multiline_fields: frozenset[str] = frozenset()) -> YamlDocument:
    """Read one YAML file safely; raise ContentError naming the line for anything wrong.

    Strings holding control characters are noted in `unsafe_text`; newlines and tabs count only
    outside `multiline_fields` (field names, e.g. 'stem').
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ContentError("file does not exist") from None
    except OSError as exc:
        raise ContentError(f"cannot read file: {exc.strerror}") from None
    if size > MAX_FILE_BYTES:
        raise ContentError(
            f"file is too large ({size / 1e6:.1f} MB; content files may be at most {MAX_FILE_BYTES // (1024 * 1024)} MB)"
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentError(f"cannot read file: {exc.strerror}") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ContentError("UTF-16 text; save the file as UTF-8")
    if b"\x00" in raw:
        raise ContentError("binary file (contains NUL bytes), not YAML text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _place(raw, exc.start)
        raise ContentError(f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8", line, column) from None
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise ContentError("empty file: nothing to load")

    try:
        loader = yaml.SafeLoader(text)
    except yaml.reader.ReaderError as exc:
        raise _reader_error(text, exc) from None
    try:
        documents = []
        while loader.check_node():
            documents.append(loader.get_node())
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc) from None
    except yaml.YAMLError as exc:
        raise ContentError(f"YAML syntax: {exc}") from None
    except RecursionError:
        raise ContentError(f"nested too deeply to read (more than about {MAX_DEPTH} levels is never needed)") from None
    finally:
        loader.dispose()
    if len(documents) != 1:
        if not documents:
            raise ContentError("empty file: nothing to load")
        mark = documents[1].start_mark
        raise ContentError("more than one YAML document ('---'); keep one per file", mark.line + 1, mark.column + 1)

    document = YamlDocument(path=path, data=None)
    converter = _Converter(loader, document, text, multiline_fields)
    document.data = converter.convert(documents[0], ())
    return document


def _place(text: str | bytes, index: int) -> Location:
    """1-based line and column of `index` in `text`."""
    newline = "\n" if isinstance(text, str) else b"\n"
    return text.count(newline, 0, index) + 1, index - (text.rfind(newline, 0, index) + 1) + 1


def _reader_error(text: str, exc: yaml.reader.ReaderError) -> ContentError:
    """PyYAML refuses raw control characters before parsing; name the character and where it is."""
    line, column = _place(text, exc.position) if isinstance(exc.position, int) else (1, 1)
    if isinstance(exc.position, int) and 0 <= exc.position < len(text):
        what = describe_control(text, exc.position)
    else:
        what = f"character {exc.character!r}"
    return ContentError(f"{what} written raw: YAML does not allow control characters here, remove it", line, column)


def _syntax_error(exc: yaml.MarkedYAMLError) -> ContentError:
    """PyYAML's parser message, with the place it started when that differs, and a hint for common slips."""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "invalid YAML"
    context = ""
    if exc.context:
        context = f" ({exc.context}"
        start = exc.context_mark
        if start is not None and (start.line, start.column) != (mark.line, mark.column):
            context += f" that started at line {start.line + 1}, column {start.column + 1}"
        context += ")"
    hint = ""
    if "'\\t'" in problem or "\t" in problem:
        hint = "; indent with spaces, YAML does not allow tabs"
    elif "mapping values are not allowed" in problem:
        hint = "; a value containing ': ' must be quoted"
    elif "quoted scalar" in (exc.context or ""):
        hint = "; a quote is opened and never closed"
    return ContentError(f"YAML syntax: {problem}{context}{hint}", line, column)


class _Converter:
    def __init__(self, loader: yaml.SafeLoader, document: YamlDocument, text: str, multiline: frozenset[str]) -> None:
        self.loader = loader
        self.positions = document.positions
        self.unsafe = document.unsafe_text
        self.text = text
        self.multiline = multiline
        self.count = 0

    def convert(self, node: Node, key: PathKey) -> Any:
        self.count += 1
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if self.count > MAX_VALUES:
            raise ContentError(
                f"too many values after expanding aliases (over {MAX_VALUES:,}); is this an alias bomb?",
                line,
                column,
            )
        if len(key) > MAX_DEPTH:
            raise ContentError(f"nested more than {MAX_DEPTH} levels deep", line, column)
        self.positions.setdefault(key, (line, column))
        if node.tag not in _STANDARD_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise ContentError(
                f"tag {tag} is not allowed: content files hold plain data only (remove the tag)", line, column
            )
        if isinstance(node, ScalarNode):
            value = self._scalar(node, line, column)
            if isinstance(value, str):
                self._check_text(value, node, key)
            return value
        if isinstance(node, SequenceNode):
            return [self.convert(item, key + (i,)) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            return self._mapping(node, key)
        raise ContentError("unsupported YAML node", line, column)  # pragma: no cover

    def _check_text(self, value: str, node: ScalarNode, key: PathKey, is_key: bool = False) -> None:
        """Note a string holding a control character, at the character itself when it is written raw."""
        field_name = next((part for part in reversed(key) if isinstance(part, str)), "")
        multiline = not is_key and field_name in self.multiline
        found = find_unsafe(value if multiline else value.strip(" \n\r\t"), multiline)
        if found is None:
            return
        start, end = node.start_mark.index, node.end_mark.index
        raw = self.text.find(found.char, start, end)  # absent when written as an escape such as "\e"
        line, column = _place(self.text, raw) if raw >= 0 else (node.start_mark.line + 1, node.start_mark.column + 1)
        what = found.what
        if found.count > 1:
            what += f", and {found.count - 1} more control character{'s' if found.count > 2 else ''}"
        self.unsafe.append(UnsafeText(key, line, column, what, is_key))

    def _scalar(self, node: ScalarNode, line: int, column: int) -> Any:
        try:
            value = self.loader.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            raise ContentError(f"YAML value: {getattr(exc, 'problem', exc)}", line, column) from None
        if isinstance(value, (datetime.date, datetime.datetime)):
            return node.value  # dates stay text: '2026-07-31' is a citation, not a timestamp
        return value

    def _mapping(self, node: MappingNode, key: PathKey) -> dict[str, Any]:
        try:
            self.loader.flatten_mapping(node)  # resolves '<<' merge keys
        except yaml.YAMLError as exc:
            mark = node.start_mark
            raise ContentError(f"YAML merge: {getattr(exc, 'problem', exc)}", mark.line + 1, mark.column + 1) from None
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            kline, kcol = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key_node, ScalarNode):
                raise ContentError("mapping keys must be plain words", kline, kcol)
            name = self._scalar(key_node, kline, kcol)
            if not isinstance(name, str):
                name = str(name)
            else:
                self._check_text(name, key_node, key + (name,), is_key=True)
            if name in result:
                raise ContentError(f"key {name!r} appears twice in the same mapping", kline, kcol)
            self.positions[key + (name,)] = (kline, kcol)
            result[name] = self.convert(value_node, key + (name,))
            self.positions[key + (name,)] = (kline, kcol)
        return result
