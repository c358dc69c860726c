"""Where quizsim keeps learner data and finds content."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from quizsim import paths


def test_user_data_dir_honours_quizsim_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "somewhere" / "quizsim-data"
    monkeypatch.setenv("QUIZSIM_HOME", str(home))
    assert paths.user_data_dir() == home
    assert home.is_dir(), "the folder is created on first use"


def test_without_quizsim_home_the_platform_folder_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from platformdirs import user_data_path

    monkeypatch.delenv("QUIZSIM_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))  # keep the real home untouched on Linux
    expected = user_data_path("quizsim", appauthor=False)
    assert paths.user_data_dir() == expected
    if os.name == "posix" and "darwin" not in os.uname().sysname.lower():
        assert expected == tmp_path / "xdg" / "quizsim"


def test_tests_never_touch_the_real_data_folder() -> None:
    assert os.environ["QUIZSIM_HOME"], "conftest sets QUIZSIM_HOME for every test"
    assert Path(os.environ["QUIZSIM_HOME"]).resolve() == paths.user_data_dir().resolve()


def test_content_env_is_an_os_path_list(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QUIZSIM_CONTENT", os.pathsep.join([str(tmp_path / "a"), "", "  ", "~/packs"]))
    assert paths.content_dirs_from_env() == [tmp_path / "a", Path("~/packs").expanduser()]
    monkeypatch.delenv("QUIZSIM_CONTENT")
    assert paths.content_dirs_from_env() == []


def test_bundled_content_in_a_checkout_is_the_content_folder() -> None:
    repo = Path(__file__).resolve().parents[1]
    assert paths.bundled_content_dir() == repo / "content"
