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


@dataclass
class YamlDocument:
    """Plain Python data plus the position of every mapping key, list item and value."""

    path: Path
    data: Any
    positions: dict[PathKey, Location] = field(default_factory=dict)

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


def read_yaml(path: Path) -> YamlDocument:
    """Read one YAML file safely; raise ContentError naming the line for anything wrong."""
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
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ContentError(f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8", line, column) from None
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise ContentError("empty file: nothing to load")

    loader = yaml.SafeLoader(text)
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
    document.data = _Converter(loader, document.positions).convert(documents[0], ())
    return document


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
    def __init__(self, loader: yaml.SafeLoader, positions: dict[PathKey, Location]) -> None:
        self.loader = loader
        self.positions = positions
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
            return self._scalar(node, line, column)
        if isinstance(node, SequenceNode):
            return [self.convert(item, key + (i,)) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            return self._mapping(node, key)
        raise ContentError("unsupported YAML node", line, column)  # pragma: no cover

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
            if name in result:
                raise ContentError(f"key {name!r} appears twice in the same mapping", kline, kcol)
            self.positions[key + (name,)] = (kline, kcol)
            result[name] = self.convert(value_node, key + (name,))
            self.positions[key + (name,)] = (kline, kcol)
        return result
