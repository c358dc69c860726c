"""What the CLI prints of content is literal: markup stays text, and no terminal escape, control or bidi
character reaches the terminal raw. Checked on the bytes the real command writes, as a terminal gets them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.content.untrusted_pack import MARKUP, SHORT_MARKUP, write_pack

RAW_CONTROLS = [b"\x1b", b"\x07", b"\x00", "\u202e".encode(), "\u2066".encode(), "\x9b".encode()]


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    done = subprocess.run(
        [sys.executable, "-m", "quizsim", *map(str, args)], capture_output=True, cwd=cwd, timeout=300, check=False,
    )
    assert b"Traceback" not in done.stderr, done.stderr.decode()
    return done


def _assert_no_raw_controls(data: bytes) -> None:
    for control in RAW_CONTROLS:
        assert control not in data, f"{control!r} reached the terminal raw"


def test_validate_prints_escapes_visibly_and_markup_literally(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "hostile", hostile=True)
    # An id quoted in a message: markup, an ESC and a bidi override, as the author wrote them.
    (pack / "ids.yaml").write_text(
        'questions:\n  - id: "[bold red]REDID[/] \\e]52;c;aGk=\\a \\u202e"\n', encoding="utf-8"
    )
    done = _run("validate", "hostile", cwd=tmp_path)
    assert done.returncode == 1
    _assert_no_raw_controls(done.stdout + done.stderr)
    out = done.stdout
    assert b"'[bold red]REDID[/] \\x1b]52;c;aGk=\\x07 \\u202e'" in out  # the id, quoted literally, escapes visible
    assert b"hostile/ids.yaml:2:" in out
    assert out.count(b"holds a terminal escape") == 15 + 1  # every field of the pack, and the id


def test_sim_prints_markup_from_content_literally(tmp_path: Path) -> None:
    write_pack(tmp_path / "styled", hostile=False)
    table = _run("--content", "styled", "sim", "hostile-scenario", "--no-progress", cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    _assert_no_raw_controls(table.stdout + table.stderr)
    # The phase label reaches the event log exactly as written.
    assert f"traffic ×2 ({SHORT_MARKUP})".encode() in table.stdout

    as_json = _run("--content", "styled", "sim", "hostile-scenario", "--json", cwd=tmp_path)
    assert as_json.returncode == 0
    texts = [event["text"] for event in json.loads(as_json.stdout)["events"]]
    assert any(SHORT_MARKUP in text for text in texts)

    question = _run("--content", "styled", "sim", "hostile-question", "--no-progress", cwd=tmp_path)
    assert question.returncode == 0, question.stderr
    _assert_no_raw_controls(question.stdout)
    assert b"question hostile-question" in question.stdout


def test_sim_of_hostile_content_is_refused_without_echoing_it(tmp_path: Path) -> None:
    write_pack(tmp_path / "hostile", hostile=True)
    by_id = _run("--content", "hostile", "sim", "hostile-scenario", cwd=tmp_path)
    assert by_id.returncode == 2
    assert b"see `quizsim list questions` and `quizsim list scenarios`" in by_id.stderr
    by_file = _run("sim", "hostile/content.yaml", cwd=tmp_path)
    assert by_file.returncode == 1
    assert b"hostile/content.yaml:10:" in by_file.stderr and b"holds a terminal escape" in by_file.stderr
    for done in (by_id, by_file):
        _assert_no_raw_controls(done.stdout + done.stderr)


def test_list_shows_markup_literally(tmp_path: Path) -> None:
    write_pack(tmp_path / "styled", hostile=False)
    done = _run("--content", "styled", "list", "scenarios", cwd=tmp_path)
    row = next(line for line in done.stdout.splitlines() if line.startswith(b"hostile-scenario"))
    assert b"styled" in row and b"[bold red]REDTITLE[/]" in row
    listed = json.loads(_run("--content", "styled", "list", "--json", cwd=tmp_path).stdout)
    assert {"id": "hostile-question", "pack": "styled"}.items() <= next(
        r for r in listed if r["id"] == "hostile-question"
    ).items()
    assert next(r for r in listed if r["id"] == "hostile-question")["title"].startswith(MARKUP)


def test_schema_output_has_no_control_characters(tmp_path: Path) -> None:
    done = _run("schema", cwd=tmp_path)
    assert done.returncode == 0
    _assert_no_raw_controls(done.stdout)
    json.loads(done.stdout)


def test_anything_that_still_reaches_the_output_is_escaped_and_json_stays_valid(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The last line of defence: every command's stdout and stderr pass through text_safety.visible."""
    from quizsim.cli import list_cmd
    from quizsim.cli.main import main

    hostile = "bidi \u202e ansi \x1b[31m osc \x1b]0;t\x07 c1 \x9b"
    monkeypatch.setattr(list_cmd, "_title", lambda kind, item: hostile)
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["list", "backends", "--json"]) == 0
    out = capsys.readouterr().out
    assert not any(c in out for c in "\u202e\x1b\x07\x9b")
    assert json.loads(out)[0]["title"] == hostile  # escaped as JSON's own \\u escapes: the data is intact
    assert main(["list", "backends"]) == 0
    table = capsys.readouterr().out
    assert "bidi \\u202e ansi \\x1b[31m osc \\x1b]0;t\\x07 c1 \\u009b" in table
