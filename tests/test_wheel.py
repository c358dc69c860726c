"""The wheel carries the bundled content (and the TUI's stylesheets), and an installed copy finds and loads it.

Builds the wheel from this checkout without network (`build --no-isolation`, hatchling from the test extra),
installs it without dependencies into a separate folder, and imports it from another working directory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.xdist_group("test_wheel")  # one worker builds and installs the wheel (module fixtures)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(REPO)],
        check=True, capture_output=True, text=True, timeout=300,
    )
    [built] = out.glob("quizsim-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--target", str(target), str(wheel)],
        check=True, capture_output=True, text=True, timeout=300,
    )
    return target


def _repo_files(folder: Path, suffix: str) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob(f"*{suffix}") if p.is_file()}


def test_wheel_contains_every_bundled_yaml_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    prefix = "quizsim/_bundled_content/"
    in_wheel = {n[len(prefix):] for n in names if n.startswith(prefix)}
    expected = _repo_files(REPO / "content", ".yaml") | _repo_files(REPO / "content", ".yml")
    assert expected, "the checkout has no bundled content"
    assert expected <= in_wheel, f"missing from the wheel: {sorted(expected - in_wheel)}"


def test_wheel_contains_the_tui_stylesheets(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"quizsim/tui/{n}" for n in _repo_files(REPO / "quizsim" / "tui", ".tcss")}
    assert expected <= names, f"missing from the wheel: {sorted(expected - names)}"


def test_installed_package_finds_and_loads_its_bundled_content(installed: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = f"""
import json, sys
sys.path.insert(0, {str(installed)!r})
import quizsim, quizsim.paths
from quizsim.content import default_content_paths, load_library
library = load_library(default_content_paths())
print(json.dumps({{
    "package": quizsim.__file__,
    "content": str(quizsim.paths.bundled_content_dir()),
    "problems": [p.format() for p in library.problems],
    "questions": len(library.questions),
    "packs": sorted(library.packs),
}}))
"""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "QUIZSIM_CONTENT")}
    done = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert Path(report["package"]).is_relative_to(installed), "imported the checkout, not the installed wheel"
    assert Path(report["content"]) == installed / "quizsim" / "_bundled_content"
    assert report["problems"] == []
    from quizsim.content import default_content_paths, load_library

    checkout = load_library(default_content_paths())
    assert report["questions"] == len(checkout.questions) > 0
    assert report["packs"] == sorted(checkout.packs)


def test_installed_command_validates_from_another_folder(installed: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "QUIZSIM_CONTENT"}
    env["PYTHONPATH"] = str(installed)
    done = subprocess.run(
        [sys.executable, "-m", "quizsim", "validate"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("ok: ") and ", 0 problems" in done.stdout
