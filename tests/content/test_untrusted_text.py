"""Strings in packs are untrusted: terminal escapes, control and bidi characters are problems at their
field and line, what holds them does not load, and sizes have limits named at the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quizsim.content import load_library
from quizsim.content.limits import (
    MAX_ID_CHARS,
    MAX_OPTIONS,
    MAX_STEM_CHARS,
    MAX_TAG_CHARS,
    MAX_TAGS,
)
from quizsim.content.schema import content_schema_text
from quizsim.paths import bundled_content_dir
from quizsim.text_safety import find_unsafe, visible, visible_line
from tests.cli.support import VALID_PACK, line_of, run_quizsim
from tests.content.untrusted_pack import MARKUP, marked_fields, write_pack


def _load(folder: Path):
    library = load_library([bundled_content_dir(), folder])
    mine = [p for p in library.problems if p.path.resolve().is_relative_to(folder.resolve())]
    return library, mine


def test_validate_names_file_line_and_field_of_every_escape(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "hostile", hostile=True)
    run = run_quizsim("validate", "hostile", cwd=tmp_path)
    assert run.status == 1
    reported = {(p.path, p.line, p.message.split(": ", 1)[0], p.message.split(": ", 1)[1]) for p in run.problems}
    expected = marked_fields(pack)
    assert len(expected) == 15  # every string field the pack has, ids aside
    for file, line, subject, field in expected:
        matching = [
            message for path, number, who, message in reported
            if path == f"hostile/{file}" and number == line and who == subject
            and message.startswith(f"field {field!r} holds a terminal escape (ESC [")
        ]
        assert matching, f"no problem for {subject} {field} at {file}:{line}; got {sorted(reported)}"
    assert "\x1b" not in run.stdout


def test_what_holds_an_escape_does_not_load_and_the_rest_does(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "hostile", hostile=True)
    (pack / "valid.yaml").write_text(VALID_PACK)
    library, problems = _load(pack)
    assert problems
    assert "hostile-question" not in library.questions and ("question", "hostile-question") in library.skipped
    assert "hostile-scenario" not in library.scenarios and "hostile-queue" not in library.backends
    assert "t-valid" in library.questions
    # The pack's title would have reached the terminal: the folder name stands in for it.
    assert library.packs["hostile"].title == "Hostile"


def test_markup_is_content_like_any_other_text(tmp_path: Path) -> None:
    library, problems = _load(write_pack(tmp_path / "styled", hostile=False))
    assert [p.format() for p in problems] == []
    assert library.packs["styled"].title == MARKUP
    assert library.questions["hostile-question"].options[0].text == MARKUP


@pytest.mark.parametrize(
    ("written", "says"),
    [
        (r'"\e[31mred"', "a terminal escape (ESC ["),
        (r'"\x1b]0;title\x07"', "a terminal escape (ESC ] ...: an operating-system command"),
        (r'"\x1b]52;c;aGVsbG8=\x07"', "a terminal escape (ESC ] 52 ...: a clipboard write)"),
        (r'"abc\u202edcba"', "a bidi control (U+202E RIGHT-TO-LEFT OVERRIDE)"),
        (r'"abc\u2066x\u2069"', "a bidi control (U+2066 LEFT-TO-RIGHT ISOLATE)"),
        (r'"nul\0here"', "a NUL character"),
        (r'"bell\a"', r"a control character (\x07)"),
        (r'"c1 \x9b31m"', "a terminal escape (CSI"),
        (r'"two\nlines"', "a line break; this field is one line"),
    ],
)
def test_each_kind_of_control_is_named(tmp_path: Path, written: str, says: str) -> None:
    (tmp_path / "q.yaml").write_text(VALID_PACK.replace("text: DynamoDB on-demand", f"text: {written}"))
    library, problems = _load(tmp_path)
    [problem] = problems
    line = line_of(VALID_PACK, "text: DynamoDB on-demand")
    assert (problem.line, problem.subject) == (line, "question 't-valid'")
    assert problem.message.startswith(f"field 'options[1].text' holds {says}")
    assert "t-valid" not in library.questions


def test_newlines_and_tabs_are_allowed_where_text_spans_lines(tmp_path: Path) -> None:
    text = VALID_PACK.replace("explanation: In-memory stores answer fastest.",
                              'explanation: "In-memory stores\\n\\tanswer fastest."')
    (tmp_path / "q.yaml").write_text(text)
    library, problems = _load(tmp_path)
    assert problems == []
    assert library.questions["t-valid"].explanation == "In-memory stores\n\tanswer fastest."


def test_a_raw_bidi_override_is_pointed_at_exactly(tmp_path: Path) -> None:
    text = VALID_PACK.replace("title: Steady traffic", "title: Steady \u202etraffic")
    (tmp_path / "s.yaml").write_text(text, encoding="utf-8")
    _, [problem, cascade] = _load(tmp_path)
    assert "scenario 't-steady' did not load" in cascade.message
    line = line_of(text, "title: Steady")
    column = text.splitlines()[line - 1].index("\u202e") + 1
    assert (problem.line, problem.column) == (line, column)
    assert problem.message.startswith("field 'title' holds a bidi control")
    assert "\u202e" not in problem.format()


def test_a_raw_escape_yaml_refuses_is_named_at_its_line(tmp_path: Path) -> None:
    text = VALID_PACK.replace("title: Steady traffic", "title: Steady \x1b[31mtraffic")
    (tmp_path / "s.yaml").write_text(text, encoding="utf-8")
    _, [problem] = _load(tmp_path)
    line = line_of(text, "title: Steady")
    assert (problem.line, problem.column) == (line, text.splitlines()[line - 1].index("\x1b") + 1)
    assert "terminal escape (ESC [" in problem.message and "YAML does not allow" in problem.message
    assert "\x1b" not in problem.format()


def test_an_escape_in_a_key_or_an_id_is_reported_and_never_printed_raw(tmp_path: Path) -> None:
    text = VALID_PACK.replace("id: t-valid", 'id: "t-\\e]0;owned\\a"').replace(
        "    scenario: t-steady", '    "sce\\e[2Jnario": t-steady'
    )
    (tmp_path / "q.yaml").write_text(text)
    _, problems = _load(tmp_path)
    lines = [p.format() for p in problems]
    assert any("field 'id' holds a terminal escape (ESC ]" in line for line in lines), lines
    assert any("key 'sce\\x1b[2Jnario' holds a terminal escape (ESC [" in line for line in lines), lines
    assert all("\x1b" not in line and "\x07" not in line for line in lines)


def test_visible_escapes_controls_and_keeps_text() -> None:
    assert visible("a\x1b[31mb\x1b]52;c;x\x07") == "a\\x1b[31mb\\x1b]52;c;x\\x07"
    assert visible("rtl \u202e x \u2066 \x00 \x9b \x7f") == "rtl \\u202e x \\u2066 \\x00 \\u009b \\u007f"
    assert visible("two\nlines\tand [bold]markup[/]") == "two\nlines\tand [bold]markup[/]"
    assert visible_line("two\nlines\tx") == "two\\nlines\\tx"
    assert visible("café — ✓ 日本") == "café — ✓ 日本"
    assert find_unsafe("two\nlines", multiline=True) is None
    found = find_unsafe("x\x1b[1m\x1b]0;t\x07")
    assert found is not None and (found.index, found.count) == (1, 3)


# Size limits: refused at the field, with the limit, never a freeze.

def _question(**fields: str) -> str:
    text = VALID_PACK
    for old, new in fields.items():
        text = text.replace(old, new)
    return text


def test_a_huge_stem_is_refused_at_its_field(tmp_path: Path) -> None:
    stem = "Which store? " + "x" * 100_000
    text = _question(**{"stem: Which session store answers reads with the LOWEST latency?": f"stem: {stem}"})
    (tmp_path / "q.yaml").write_text(text)
    _, [problem] = _load(tmp_path)
    assert problem.line == line_of(text, "stem: Which store?")
    assert problem.message == f"field 'stem': is {len(stem):,} characters; the limit is {MAX_STEM_CHARS:,}"


def test_sixty_options_are_refused_at_the_options_field(tmp_path: Path) -> None:
    many = "".join(f"      - {{id: o{i}, text: Option {i}, why: Because.}}\n" for i in range(58))
    text = VALID_PACK.replace("    explanation:", many + "    explanation:")
    (tmp_path / "q.yaml").write_text(text)
    _, [problem] = _load(tmp_path)
    assert problem.line == line_of(text, "options:")
    assert problem.message == f"field 'options': allows at most {MAX_OPTIONS} items, found 60"


def test_a_five_thousand_character_id_is_refused_and_cut_short_in_the_message(tmp_path: Path) -> None:
    long_id = "q" * 5000
    text = VALID_PACK.replace("id: t-valid", f"id: {long_id}")
    (tmp_path / "q.yaml").write_text(text)
    _, [problem] = _load(tmp_path)
    assert problem.line == line_of(text, f"id: {long_id}")
    assert problem.message == f"field 'id': is 5,000 characters; the limit is {MAX_ID_CHARS}"
    assert problem.subject == f"question '{'q' * 40}…' (5,000 characters)"
    assert len(problem.format()) < 300


@pytest.mark.parametrize(
    ("tags", "says"),
    [
        ([f"t{i}" for i in range(MAX_TAGS + 1)], f"field 'tags': allows at most {MAX_TAGS} items, found {MAX_TAGS + 1}"),
        (["ok", "x" * 41], f"field 'tags[1]': is 41 characters; the limit is {MAX_TAG_CHARS}"),
    ],
)
def test_tags_are_limited_in_number_and_length(tmp_path: Path, tags: list[str], says: str) -> None:
    text = VALID_PACK.replace("    judge:", f"    tags: [{', '.join(tags)}]\n    judge:")
    (tmp_path / "q.yaml").write_text(text)
    _, [problem] = _load(tmp_path)
    assert problem.message == says
    assert problem.line == line_of(text, "tags:")


def test_the_schema_carries_the_limits() -> None:
    schema = json.loads(content_schema_text())
    question = schema["$defs"]["Question"]["properties"]
    assert question["stem"]["maxLength"] == MAX_STEM_CHARS
    assert question["options"]["maxItems"] == MAX_OPTIONS
    assert question["tags"]["maxItems"] == MAX_TAGS and question["tags"]["items"]["maxLength"] == MAX_TAG_CHARS
    assert question["id"]["maxLength"] == MAX_ID_CHARS
    backend_title = schema["$defs"]["QueueBackend"]["properties"]["title"]
    assert backend_title["maxLength"] > 0  # every text field has a bound, even where the model names none


def test_the_readme_states_the_limits_the_models_enforce() -> None:
    from quizsim.content import limits
    from tests.content.test_readme import _section

    text = _section("Writing content")
    for value in (limits.MAX_ID_CHARS, limits.MAX_STEM_CHARS, limits.MAX_WHY_CHARS, limits.MAX_TEXT_CHARS,
                  limits.MAX_TITLE_CHARS, limits.MAX_LABEL_CHARS):
        assert f"| {value:,} characters |" in text, value
    assert f"| `options` | {limits.MAX_OPTIONS} " in text
    assert f"| `tags` | {limits.MAX_TAGS}, each up to {limits.MAX_TAG_CHARS} characters |" in text
    assert f"| `references` | {limits.MAX_REFERENCES}, each up to {limits.MAX_REFERENCE_CHARS} characters |" in text
