"""`quizsim list [questions|scenarios|backends]`: the ids a user needs for `quizsim sim`, with pack and title."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.cli.support import VALID_PACK, run_quizsim


def _table_ids(stdout: str) -> list[str]:
    lines = stdout.splitlines()
    assert lines[0].split() == ["ID", "PACK", "TITLE"], lines[0]
    return [line.split()[0] for line in lines[1:]]


@pytest.mark.parametrize("kind", ["questions", "scenarios", "backends"])
def test_lists_every_loaded_id_of_a_kind(kind: str, bundled_library) -> None:
    expected = list({"questions": bundled_library.questions, "scenarios": bundled_library.scenarios,
                     "backends": bundled_library.backends}[kind])
    run = run_quizsim("list", kind)
    assert run.status == 0, run.stderr
    assert _table_ids(run.stdout) == expected
    assert run.stderr == ""


def test_questions_are_the_default_and_rows_show_pack_and_stem(bundled_library) -> None:
    run = run_quizsim("list", env={**os.environ, "COLUMNS": "300"})
    assert _table_ids(run.stdout) == list(bundled_library.questions)
    first_id = next(iter(bundled_library.questions))
    row = next(line for line in run.stdout.splitlines() if line.startswith(first_id + " "))
    pack = bundled_library.pack_of(first_id)
    assert pack is not None and f"  {pack.id}  " in row
    assert bundled_library.questions[first_id].stem.split()[0] in row


def test_rows_are_cut_to_the_terminal_width() -> None:
    run = run_quizsim("list", env={**os.environ, "COLUMNS": "120"})
    rows = run.stdout.splitlines()[1:]
    assert all(len(line) <= 120 for line in rows)
    assert any(line.endswith("…") for line in rows)  # the bundled stems are longer than that


def test_json_is_for_scripts_and_points_at_the_definition(tmp_path: Path) -> None:
    pack = tmp_path / "my-pack"
    pack.mkdir()
    (pack / "questions.yaml").write_text(VALID_PACK)
    run = run_quizsim("--content", pack, "list", "scenarios", "--json", cwd=tmp_path)
    assert run.status == 0, run.stderr
    rows = json.loads(run.stdout)
    [mine] = [r for r in rows if r["id"] == "t-steady"]
    assert mine == {"id": "t-steady", "pack": "my-pack", "title": "Steady traffic",
                    "path": "my-pack/questions.yaml", "line": 2}
    assert VALID_PACK.splitlines()[mine["line"] - 1].strip() == "- id: t-steady"
    assert all(set(r) == {"id", "pack", "title", "path", "line"} for r in rows)


def test_content_with_problems_lists_what_loaded_and_says_so(tmp_path: Path) -> None:
    pack = tmp_path / "my-pack"
    pack.mkdir()
    (pack / "questions.yaml").write_text(VALID_PACK)
    (pack / "broken.yaml").write_text("questions:\n  - id: t-broken\n    stem: no options\n")
    run = run_quizsim("--content", pack, "list", cwd=tmp_path)
    assert run.status == 0
    ids = _table_ids(run.stdout)
    assert "t-valid" in ids and "t-broken" not in ids
    assert "problem" in run.stderr and "quizsim validate" in run.stderr


def test_an_unknown_kind_is_a_usage_error() -> None:
    run = run_quizsim("list", "optionz")
    assert run.status == 2
    assert "invalid choice: 'optionz'" in run.stderr and "questions" in run.stderr


def test_help_describes_the_command() -> None:
    run = run_quizsim("list", "--help")
    assert run.status == 0
    assert "{questions,scenarios,backends}" in run.stdout and "--json" in run.stdout
    assert "quizsim list scenarios" in run.stdout


def test_sim_points_to_list_when_an_id_is_unknown() -> None:
    run = run_quizsim("sim", "no-such-thing")
    assert run.status == 2
    assert "see `quizsim list questions` and `quizsim list scenarios`" in run.stderr
