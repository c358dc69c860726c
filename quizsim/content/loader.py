"""Load content folders and files into a Library, collecting every problem instead of stopping."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from quizsim.content.backends import BackendAdapter
from quizsim.content.library import Library, Origin, Pack
from quizsim.content.problems import ContentError, Problem, did_you_mean, display_path
from quizsim.content.question import Question
from quizsim.content.references import check_references
from quizsim.content.scenario import Scenario
from quizsim.content.validation_text import KNOWN_KINDS, describe, field_path
from quizsim.content.yaml_source import UnsafeText, YamlDocument, read_yaml

YAML_SUFFIXES = (".yaml", ".yml")
PACK_FILE = "pack.yaml"
SECTIONS = {"pack", "questions", "scenarios", "backends"}
_KIND_OF_SECTION = {"questions": "question", "scenarios": "scenario", "backends": "backend"}
MULTILINE_FIELDS = frozenset({"stem", "why", "explanation", "description", "assumed"})
"""Fields whose text may span lines (and hold tabs); every other string is one line."""


def default_content_paths(extra: Iterable[Path] = ()) -> list[Path]:
    """The bundled packs, then `$QUIZSIM_CONTENT`, then any `--content` folders."""
    from quizsim.paths import bundled_content_dir, content_dirs_from_env

    return [bundled_content_dir(), *content_dirs_from_env(), *extra]


def load_library(paths: Iterable[Path]) -> Library:
    """Load every YAML file under `paths`; what is broken becomes a Problem, the rest loads."""
    library = Library()
    seen: set[Path] = set()
    for root in paths:
        root = Path(root)
        for file in _yaml_files(root, library):
            real = file.resolve()
            if real in seen:
                continue  # the same file named twice (e.g. a bundled pack passed again)
            seen.add(real)
            try:
                _load_file(file, root, library)
            except Exception as exc:  # one file must never stop the others, whatever it holds
                library.problems.append(Problem(file, 1, 1, f"could not load this file ({type(exc).__name__}: {exc})"))
    check_references(library)
    _sort_problems(library)
    return library


def _sort_problems(library: Library) -> None:
    """Problems in the order files were loaded, then by line: how an author reads them."""
    order = {path: index for index, path in enumerate(library.files)}
    library.problems.sort(key=lambda p: (order.get(p.path, -1), p.line, p.column))


def _yaml_files(root: Path, library: Library) -> list[Path]:
    if not root.exists():
        library.problems.append(Problem(root, 1, 1, "path does not exist"))
        return []
    if root.is_file():
        return [root]
    files = sorted(p for p in root.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())
    if not files:
        library.problems.append(Problem(root, 1, 1, "folder has no YAML files (*.yaml, *.yml)"))
    return files


def _pack_for(file: Path, root: Path, library: Library) -> Pack:
    """The pack a file belongs to: the nearest folder with pack.yaml, else the file's folder."""
    folder = file.parent
    stop = root if root.is_dir() else root.parent
    probe = folder
    while True:
        if (probe / PACK_FILE).is_file():
            folder = probe
            break
        if probe == stop or probe.parent == probe:
            break
        probe = probe.parent
    pack_id = folder.name or "content"
    pack = library.packs.get(pack_id)
    if pack is None:
        pack = library.packs[pack_id] = Pack(id=pack_id, title=pack_id.replace("-", " ").capitalize())
    return pack


def _load_file(file: Path, root: Path, library: Library) -> None:
    library.files.append(file)
    try:
        document = read_yaml(file, MULTILINE_FIELDS)
    except ContentError as exc:
        library.problems.append(Problem(file, exc.line, exc.column, exc.message))
        return
    library.documents[file] = document
    pack = _pack_for(file, root, library)
    data = document.data
    tainted = _report_unsafe_text(library, document)
    if not isinstance(data, dict):
        got = type(data).__name__ if data is not None else "nothing"
        got = {"list": "a list", "str": "a single text value", "int": "a number", "float": "a number"}.get(got, got)
        library.problems.append(
            Problem(file, 1, 1, f"expected a mapping at the top (questions:, scenarios:, backends:), got {got}")
        )
        return
    if _is_one_scenario(data):
        _add(library, document, (), data, "scenario", pack, tainted)  # a file holding one scenario
        return
    for key in data:
        if key not in SECTIONS:
            line, col = document.locate((key,))
            library.problems.append(
                Problem(file, line, col, f"unknown top-level key {key!r}{did_you_mean(key, SECTIONS)} "
                        "(expected pack, questions, scenarios, backends; or one scenario with 'workload')")
            )
    if "pack" in data:
        _read_pack_header(document, data["pack"], pack, library, tainted)
    for section, kind in _KIND_OF_SECTION.items():
        items = data.get(section)
        if items is None:
            continue
        if not isinstance(items, list):
            line, col = document.locate((section,))
            library.problems.append(Problem(file, line, col, f"'{section}' must be a list (items starting with '- ')"))
            continue
        for index, item in enumerate(items):
            _add(library, document, (section, index), item, kind, pack, tainted)


def _is_one_scenario(data: dict) -> bool:
    return "workload" in data and not (SECTIONS & data.keys())


def _report_unsafe_text(library: Library, document: YamlDocument) -> set[tuple]:
    """A problem per string holding a terminal escape, control or bidi character; the keys of the
    documents (questions, scenarios, ..., the pack header) they are in, which must not load."""
    data = document.data
    tainted: set[tuple] = set()
    for found in document.unsafe_text:
        owner, subject = _owner_of(found, data)
        if owner is not None:
            tainted.add(owner)
        field = field_path(found.key[len(owner or ()):])
        if found.is_key:
            message = f"key {field!r} holds {found.what}"
        else:
            message = f"field {field!r} holds {found.what}" if field else f"this entry holds {found.what}"
        library.problems.append(Problem(document.path, found.line, found.column, message, subject))
    return tainted


def _owner_of(found: UnsafeText, data: Any) -> tuple[tuple | None, str]:
    """The key of the document a string is in, and how problems name it ("question 'q1'")."""
    key = found.key
    if isinstance(data, dict) and _is_one_scenario(data):
        return (), _subject("scenario", data.get("id"), 0)
    if len(key) >= 2 and key[0] in _KIND_OF_SECTION and isinstance(key[1], int):
        item = data[key[0]][key[1]]
        return key[:2], _subject(_KIND_OF_SECTION[key[0]], item.get("id") if isinstance(item, dict) else None, key[1])
    if key[:1] == ("pack",) and len(key) >= 2:
        return ("pack",), "pack"
    return None, ""


_SUBJECT_ID_CHARS = 40


def _subject(kind: str, item_id: Any, index: int) -> str:
    """"question 'q1'", or "question #3" when it has no id; a long id is cut short."""
    if not isinstance(item_id, str):
        return f"{kind} #{index + 1}"
    if len(item_id) > _SUBJECT_ID_CHARS:
        return f"{kind} {item_id[:_SUBJECT_ID_CHARS] + '…'!r} ({len(item_id):,} characters)"
    return f"{kind} {item_id!r}"


def _read_pack_header(document: YamlDocument, header: Any, pack: Pack, library: Library, tainted: set[tuple]) -> None:
    from quizsim.content.schema import PackHeader

    line, col = document.locate(("pack",))
    if not isinstance(header, dict):
        library.problems.append(Problem(document.path, line, col, "'pack' must be a mapping with title and description"))
        return
    try:
        checked = PackHeader.model_validate(header)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            l2, c2 = document.locate(("pack", *loc))
            if err["type"] == "extra_forbidden":
                message = f"unknown field {str(loc[-1])!r} (expected id, title, description)"
            else:
                message = describe(err)
            library.problems.append(Problem(document.path, l2, c2, message, "pack"))
        return
    if ("pack",) in tainted:
        return  # the folder name stands in for a title that would have reached the terminal
    pack.title = checked.title or pack.title
    pack.description = checked.description


def _add(
    library: Library, document: YamlDocument, key: tuple, item: Any, kind: str, pack: Pack, tainted: set[tuple]
) -> None:
    line, col = document.locate(key)
    if not isinstance(item, dict):
        library.problems.append(Problem(document.path, line, col, f"each {kind} must be a mapping of fields"))
        return
    item_id = item.get("id")
    subject = _subject(kind, item_id, key[-1] if key else 0)
    try:
        if kind == "question":
            model: Any = Question.model_validate(item)
        elif kind == "scenario":
            model = Scenario.model_validate(item)
        else:
            model = BackendAdapter.validate_python(item)
    except ValidationError as exc:
        if isinstance(item_id, str):
            library.skipped.add((kind, item_id))
        before = len(library.problems)
        for err in exc.errors():
            _report_validation(library, document, key, err, subject, kind, item)
        # Each branch of a union (e.g. a scenario's store) reports the same slip; say it once.
        fresh = list(dict.fromkeys(library.problems[before:]))
        library.problems[before:] = fresh
        return
    if key in tainted:
        if isinstance(item_id, str):
            library.skipped.add((kind, item_id))
        return  # already reported: text that would reach a terminal raw
    origin = Origin(document.path, line, col, key, pack.id)
    store = {"question": library.questions, "scenario": library.scenarios, "backend": library.backends}[kind]
    if model.id in store:
        first = library.origins[(kind, model.id)]
        library.problems.append(
            Problem(document.path, line, col,
                    f"id {model.id!r} is already used by the {kind} at {display_path(first.path)}:{first.line}; "
                    "ids must be unique across all loaded packs, rename one of them",
                    subject)
        )
        return
    store[model.id] = model
    library.origins[(kind, model.id)] = origin
    if kind == "question":
        pack.question_ids.append(model.id)


def _report_validation(
    library: Library, document: YamlDocument, key: tuple, err: dict, subject: str, kind_of_item: str, item: dict
) -> None:
    loc = tuple(err["loc"])
    line, col = document.locate(key + loc)
    kind = err["type"]
    # An error inside one option names the option by its id, as authors think of it.
    if len(loc) >= 2 and loc[0] == "options" and isinstance(loc[1], int):
        options = item.get("options")
        option = options[loc[1]] if isinstance(options, list) and loc[1] < len(options) else None
        if isinstance(option, dict) and isinstance(option.get("id"), str):
            subject = f"{subject} option {option['id']!r}"
            field = field_path(loc[2:])
        else:
            field = field_path(loc)
    else:
        field = field_path(loc)
    if kind == "extra_forbidden":
        message = f"unknown field {str(loc[-1])!r}" + _suggest_field(loc, kind_of_item)
        if field != str(loc[-1]):
            message += f" (at {field})"
    elif kind == "union_tag_invalid":
        tag = str((err.get("ctx") or {}).get("tag", err["input"]))
        message = f"unknown kind {tag!r}" + did_you_mean(tag, KNOWN_KINDS) + f" (known: {', '.join(KNOWN_KINDS)})"
    elif kind == "union_tag_not_found":
        message = "missing required field 'kind'" + f" (one of: {', '.join(KNOWN_KINDS)})"
    elif kind == "missing":
        message = f"missing required field {field!r}" + _describe_field(loc, kind_of_item)
    elif field == "store" and isinstance(err.get("input"), str):
        message = f"field 'store': write a mapping, e.g. store: {{backend: {err['input']}}}"
    else:
        message = describe(err, field)
        if kind == "value_error":
            line, col = _point_at_named_field(document, key + loc, err["msg"], (line, col))
    library.problems.append(Problem(document.path, line, col, message, subject))


def _point_at_named_field(document: YamlDocument, key: tuple, message: str, fallback: tuple[int, int]) -> tuple[int, int]:
    """A check across fields ("choose is 2 but...") points at the field its message names.

    Words are followed down the document: "latency: p99_ms (2) is below..." points at latency.p99_ms.
    """
    key = document.known_key(key)
    place = key
    for word in re.findall(r"[a-z_][a-z0-9_]*", message):
        if place + (word,) in document.positions:
            place = place + (word,)
    return document.positions[place] if place != key else fallback


def _describe_field(loc: tuple, kind_of_item: str) -> str:
    """' (what it is)' from the field's docstring, so a missing field explains itself."""
    from quizsim.content.schema import ROOT_MODELS, field_description_at

    text = field_description_at(loc, ROOT_MODELS[kind_of_item])
    return f" ({text[0].lower()}{text[1:]})" if text else ""


def _suggest_field(loc: tuple, kind_of_item: str) -> str:
    """Did-you-mean for an unknown field, else the fields allowed at that place."""
    from quizsim.content.schema import ROOT_MODELS, field_names_at

    names = field_names_at(loc, ROOT_MODELS[kind_of_item])
    if not names:
        return ""
    hint = did_you_mean(str(loc[-1]), names)
    return hint or f"; allowed here: {', '.join(names)}"
