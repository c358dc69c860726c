"""`quizsim validate`: where content comes from (bundled, --content, $QUIZSIM_CONTENT, PATH) and the summary."""

from __future__ import annotations

import os
from pathlib import Path

from quizsim.content import default_content_paths, load_library
from tests.cli.support import VALID_PACK, run_quizsim


def _bundled_counts() -> dict[str, str]:
    library = load_library(default_content_paths())
    return {
        "files": str(len(library.files)),
        "questions": str(len(library.questions)),
        "scenarios": str(len(library.scenarios)),
        "backends": str(len(library.backends)),
    }


def _pack(folder: Path, suffix: str) -> Path:
    """A valid pack whose ids end in `suffix`, so several can load together."""
    folder.mkdir(parents=True)
    text = VALID_PACK.replace("t-valid", f"t-valid-{suffix}").replace("t-steady", f"t-steady-{suffix}")
    (folder / "pack.yaml").write_text(f"pack:\n  title: Pack {suffix}\n")
    (folder / "questions.yaml").write_text(text)
    return folder


def test_bundled_content_is_valid(tmp_path: Path) -> None:
    run = run_quizsim("validate", cwd=tmp_path)
    assert run.status == 0, run.stdout
    assert run.all_problems == []
    summary = run.summary
    assert summary["mark"] == "ok" and summary["problems"] == "0"
    expected = _bundled_counts()
    assert {k: summary[k] for k in expected} == expected
    assert int(summary["questions"]) >= 4


def test_a_pack_can_reference_bundled_backends(tmp_path: Path) -> None:
    pack = _pack(tmp_path / "my-pack", "a")
    run = run_quizsim("validate", pack, cwd=tmp_path)
    assert run.status == 0, run.stdout
    summary = run.summary
    # The summary counts what the named PATH holds, not the bundled packs it was checked with.
    assert (summary["files"], summary["questions"], summary["scenarios"], summary["backends"]) == ("2", "1", "1", "0")
    assert "bundled packs loaded for reference" in run.stdout


def test_a_single_file_can_be_checked(tmp_path: Path) -> None:
    pack = _pack(tmp_path / "my-pack", "a")
    run = run_quizsim("validate", pack / "questions.yaml", cwd=tmp_path)
    assert run.status == 0, run.stdout
    assert run.summary["files"] == "1" and run.summary["questions"] == "1"


def test_content_option_is_repeatable_and_adds_to_the_bundled_packs(tmp_path: Path) -> None:
    first, second = _pack(tmp_path / "one", "1"), _pack(tmp_path / "two", "2")
    bundled = _bundled_counts()
    run = run_quizsim("validate", "--content", first, "--content", second, cwd=tmp_path)
    assert run.status == 0, run.stdout
    assert int(run.summary["questions"]) == int(bundled["questions"]) + 2
    assert int(run.summary["scenarios"]) == int(bundled["scenarios"]) + 2
    # before the command too
    run = run_quizsim("--content", first, "validate", "--content", second, cwd=tmp_path)
    assert int(run.summary["questions"]) == int(bundled["questions"]) + 2


def test_quizsim_content_is_a_path_list(tmp_path: Path) -> None:
    first, second = _pack(tmp_path / "one", "1"), _pack(tmp_path / "two", "2")
    env = {**os.environ, "QUIZSIM_CONTENT": f"{first}{os.pathsep}{os.pathsep}{second}"}
    run = run_quizsim("validate", cwd=tmp_path, env=env)
    assert run.status == 0, run.stdout
    assert int(run.summary["questions"]) == int(_bundled_counts()["questions"]) + 2


def test_problems_in_extra_content_fail_validation(tmp_path: Path) -> None:
    broken = _pack(tmp_path / "broken", "b")
    (broken / "questions.yaml").write_text(VALID_PACK.replace("correct: true, ", ""))
    env = {**os.environ, "QUIZSIM_CONTENT": str(broken)}
    run = run_quizsim("validate", cwd=tmp_path, env=env)
    assert run.status == 1
    [problem] = run.problems
    assert problem.path == "broken/questions.yaml"
    assert "no option is marked correct" in problem.message
    assert run.summary["mark"] == "FAILED"


def test_the_same_pack_named_twice_loads_once(tmp_path: Path) -> None:
    pack = _pack(tmp_path / "p", "a")
    run = run_quizsim("validate", pack, pack / "questions.yaml", "--content", pack, cwd=tmp_path)
    assert run.status == 0, run.stdout
    assert run.summary["questions"] == "1"
