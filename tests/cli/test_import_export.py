"""`quizsim import` and `quizsim export` run as a user runs them: files in, files out, messages on stderr."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.cli.support import run_quizsim
from tests.conftest import SHARED

FIXTURES = SHARED / "fixtures" / "gift"
EXAMPLES = FIXTURES / "moodle-examples.gift.txt"
TEST_QUESTIONS = FIXTURES / "moodle-test-questions.gift.txt"


@pytest.fixture(autouse=True)
def _fixtures_here():
    if not EXAMPLES.is_file():
        pytest.skip(f"{FIXTURES} is not here")


def test_import_moodle_examples_then_validate(tmp_path):
    out = tmp_path / "bank" / "moodle.yaml"
    run = run_quizsim("import", EXAMPLES, "-o", out)
    assert run.status == 0, run.stderr
    assert run.stdout == ""
    summary = run.stderr.splitlines()[-1]
    assert summary.startswith("imported 23 questions, skipped 20 (line 14: short answer; line 16: numerical;")
    assert summary.endswith(f"10 more) into {out}")
    assert f"{EXAMPLES}:55:1: warning: skipped matching question" in run.stderr
    checked = run_quizsim("validate", out.parent)
    assert checked.status == 0, checked.stdout
    assert checked.summary["questions"] == "23"


def test_import_to_standard_output_and_aiken_guessed_from_the_text(tmp_path):
    bank = tmp_path / "exam.txt"
    bank.write_text("Which is a fruit?\nA. Carrot\nB. Apple\nANSWER: B\n", encoding="utf-8")
    run = run_quizsim("import", bank)
    assert run.status == 0, run.stderr
    data = yaml.safe_load(run.stdout)
    assert data["questions"][0]["id"] == "exam-1"
    assert [o.get("correct", False) for o in data["questions"][0]["options"]] == [False, True]
    assert run.stderr.strip() == "imported 1 question"


def test_a_file_whose_format_cannot_be_told(tmp_path):
    bank = tmp_path / "notes.txt"
    bank.write_text("just some notes\n", encoding="utf-8")
    run = run_quizsim("import", bank)
    assert run.status == 2 and "--format gift or --format aiken" in run.stderr


BAD = {
    "unbalanced": (b"First?{~a =b}\n\nSecond? {~a\n=b\n", "bank.gift:3:9: error: '{' is never closed"),
    "no correct answer": (b"Q?{~a ~b}\n", "bank.gift:1:3: error: no correct answer"),
    "latin-1": ("Caf\u00e9?{~a =b}\n".encode("latin-1"), "bank.gift:1:4: error: not UTF-8 text (byte 0xe9"),
    "empty": (b"", "bank.gift:1:1: error: empty file"),
    "escape": (b"Q\x1b]0;owned\x07?{~a =b}\n", "bank.gift:1:2: error: holds a terminal escape"),
    "only skipped": (b"Year?{#1822}\n", "FAILED: nothing to import: imported 0 questions, skipped 1 (line 1: numerical)"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_writes_nothing(tmp_path, case):
    data, expected = BAD[case]
    bank = tmp_path / "bank.gift"
    bank.write_bytes(data)
    out = tmp_path / "out.yaml"
    out.write_text("old content\n", encoding="utf-8")
    run = run_quizsim("import", "bank.gift", "-o", "out.yaml", "--force", cwd=tmp_path)
    assert run.status == 1
    assert expected in run.stderr
    assert "nothing written" in run.stderr
    assert out.read_text(encoding="utf-8") == "old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bank.gift", "out.yaml"]  # no temporary file left


def test_a_20_mb_bank_is_refused(tmp_path):
    bank = tmp_path / "huge.gift"
    with bank.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)
    run = run_quizsim("import", bank, "-o", tmp_path / "out.yaml")
    assert run.status == 1 and "too large (21.0 MB" in run.stderr
    assert not (tmp_path / "out.yaml").exists()


def test_an_existing_output_is_kept_without_force(tmp_path):
    out = tmp_path / "out.yaml"
    out.write_text("mine\n", encoding="utf-8")
    run = run_quizsim("import", TEST_QUESTIONS, "-o", out)
    assert run.status == 2 and "--force" in run.stderr
    assert out.read_text(encoding="utf-8") == "mine\n"


def questions_of(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]


def test_import_export_import_gives_the_same_pack(tmp_path):
    first = tmp_path / "bank" / "questions.yaml"
    assert run_quizsim("import", TEST_QUESTIONS, "-o", first).status == 0
    exported = tmp_path / "bank.gift"
    run = run_quizsim("export", first.parent, "--format", "gift", "-o", exported)
    assert run.status == 0, run.stderr
    assert f"exported 5 questions as GIFT to {exported}" in run.stderr
    again = tmp_path / "again" / "questions.yaml"
    assert run_quizsim("import", exported, "-o", again).status == 0
    assert questions_of(again) == questions_of(first)


def test_export_the_bundled_pack_as_each_format(tmp_path):
    gift = run_quizsim("export", "session-state", "--format", "gift")
    assert gift.status == 0 and gift.stdout.count("::ss-") >= 40
    aiken = run_quizsim("export", "session-state", "--format", "aiken", "-o", tmp_path / "ss.txt")
    assert aiken.status == 0
    assert "warning: left out question 'ss-flash-sale-throttle-fixes': asks to choose 2" in aiken.stderr
    text = (tmp_path / "ss.txt").read_text(encoding="utf-8")
    assert text.count("ANSWER: ") >= 30
    as_json = run_quizsim("export", "session-state", "--format", "json")
    assert as_json.status == 0 and '"simulate"' in as_json.stdout


def test_export_an_unknown_pack(tmp_path):
    run = run_quizsim("export", "session-stat", "--format", "gift", cwd=tmp_path)
    assert run.status == 2 and "did you mean 'session-state'" in run.stderr
