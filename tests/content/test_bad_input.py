"""Every kind of bad input the foundation issue lists: a clear message naming the file and line,
exit status 1, no traceback, and the valid file beside it still loads."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.cli.support import VALID_PACK, line_of, run_quizsim


def _alias_bomb() -> bytes:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return ("\n".join(lines) + "\n").encode()  # 9**10 (3.4 billion) strings if expanded


@dataclass
class Case:
    name: str
    file: str | None
    """File written into pack/ beside a valid file; None when the case is about a path."""
    content: bytes = b""
    line: int | None = None
    """Line the message must name; None where the input has no meaningful line."""
    says: str = ""
    targets: tuple[str, ...] = ("pack",)
    reported_path: str = ""


CASES = [
    Case("malformed YAML", "bad.yaml", b"pack:\n  title: Broken\nwhat: is: this\n", 3, "YAML syntax"),
    Case("unclosed quote", "bad.yaml", b'questions:\n  - id: q1\n    stem: "never closed\n', None, "never closed"),
    Case("not UTF-8", "bad.yaml", "questions:\n  - id: café\n".encode("latin-1"), 2, "not UTF-8"),
    Case("binary file", "bad.yaml", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, 1, "binary"),
    Case("empty file", "bad.yaml", b"", None, "empty file"),
    Case("only comments", "bad.yaml", b"# a pack to be written\n\n", None, "empty file"),
    Case("alias bomb", "bad.yaml", _alias_bomb(), None, "alias bomb"),
    Case("python object tag", "bad.yaml", b"questions:\n  - !!python/object/apply:os.system ['touch PWNED']\n",
         2, "!!python/object/apply:os.system is not allowed"),
    Case("list where a mapping is expected", "bad.yaml", b"- id: a\n  stem: x\n- id: b\n", 1,
         "expected a mapping at the top"),
    Case("question that is not a mapping", "bad.yaml", b"questions:\n  - just a sentence\n", 2,
         "each question must be a mapping"),
    Case("dangling reference", "bad.yaml", VALID_PACK[VALID_PACK.index("questions:"):].replace("t-valid", "t-dangling")
         .replace("{store: dynamodb-on-demand}}", "{store: dynamodb-on-demnd}}").encode(), None,
         "'dynamodb-on-demnd' is not a loaded backend profile; did you mean 'dynamodb-on-demand'?"),
    Case("path that does not exist", None, targets=("no-such-pack", "pack"), reported_path="no-such-pack",
         says="does not exist"),
    Case("folder with no YAML", None, targets=("notes", "pack"), reported_path="notes", says="no YAML files"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_reported_and_the_rest_loads(case: Case, tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "valid.yaml").write_text(VALID_PACK, encoding="utf-8")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "README.txt").write_text("not content\n")
    if case.file:
        (pack / case.file).write_bytes(case.content)
    line = case.line
    if case.name == "dangling reference":
        line = line_of(case.content.decode(), "dynamodb-on-demnd")

    run = run_quizsim("validate", *case.targets, cwd=tmp_path)

    assert run.status == 1, run.stdout
    [problem] = run.problems
    assert problem.path == (case.reported_path or f"pack/{case.file}")
    assert case.says in problem.message
    if line is not None:
        assert problem.line == line
    summary = run.summary
    assert summary["mark"] == "FAILED" and run.own_problem_count == 1
    assert summary["questions"] == "1" and summary["scenarios"] == "1", "the valid file beside it must still load"
    assert not (tmp_path / "PWNED").exists(), "a YAML tag ran a command"


def test_alias_bomb_names_a_line_of_the_file(tmp_path: Path) -> None:
    (tmp_path / "bomb.yaml").write_bytes(_alias_bomb())
    run = run_quizsim("validate", "bomb.yaml", cwd=tmp_path)
    [problem] = run.problems
    assert run.status == 1
    assert problem.path == "bomb.yaml" and 1 <= problem.line <= 10


def test_fifty_megabyte_file_is_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "pack" / "huge.yaml"
    big.parent.mkdir()
    with big.open("wb") as out:  # sparse: 50 MB on paper, almost nothing on disk
        out.write(b"questions:\n")
        out.seek(50 * 1024 * 1024)
        out.write(b"\n")
    (tmp_path / "pack" / "valid.yaml").write_text(VALID_PACK)
    run = run_quizsim("validate", "pack", cwd=tmp_path)
    assert run.status == 1
    [problem] = run.problems
    assert problem.path == "pack/huge.yaml" and problem.line == 1
    assert "too large (52.4 MB" in problem.message
    assert run.summary["questions"] == "1"


def test_question_id_repeated_in_two_files_names_both(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "a-first.yaml").write_text(VALID_PACK)
    question_only = VALID_PACK[VALID_PACK.index("questions:"):]
    (pack / "b-again.yaml").write_text(question_only)
    run = run_quizsim("validate", "pack", cwd=tmp_path)
    assert run.status == 1
    [problem] = run.problems
    assert problem.path == "pack/b-again.yaml"
    assert problem.line == line_of(question_only, "id: t-valid")
    assert "question 't-valid'" in problem.message
    assert "already used by the question at pack/a-first.yaml:" in problem.message
    assert run.summary["questions"] == "1"


def test_tabs_get_a_hint(tmp_path: Path) -> None:
    (tmp_path / "tabs.yaml").write_text("questions:\n\t- id: q\n")
    [problem] = run_quizsim("validate", "tabs.yaml", cwd=tmp_path).problems
    assert (problem.path, problem.line) == ("tabs.yaml", 2)
    assert "tabs" in problem.message


def test_nesting_too_deep_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "deep.yaml").write_text("questions: " + "[" * 5000 + "]" * 5000 + "\n")
    run = run_quizsim("validate", "deep.yaml", cwd=tmp_path)
    assert run.status == 1
    [problem] = run.problems
    assert problem.path == "deep.yaml" and "nested too deeply" in problem.message


def test_every_bad_file_together_still_loads_the_valid_one(tmp_path: Path) -> None:
    from quizsim.content import load_library

    for index, case in enumerate(c for c in CASES if c.file):
        (tmp_path / f"bad-{index:02}.yaml").write_bytes(case.content)
    (tmp_path / "valid.yaml").write_text(VALID_PACK)
    from quizsim.paths import bundled_content_dir

    library = load_library([bundled_content_dir(), tmp_path])
    assert "t-valid" in library.questions and "t-steady" in library.scenarios
    bad_files = {p.path.name for p in library.problems if p.path.parent == tmp_path}
    assert bad_files == {f"bad-{i:02}.yaml" for i in range(len([c for c in CASES if c.file]))}
