"""Shared fixtures. Every test runs with its own QUIZSIM_HOME so no learner data is touched."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("quizsim-home")
    monkeypatch.setenv("QUIZSIM_HOME", str(home))
    monkeypatch.delenv("QUIZSIM_CONTENT", raising=False)
    return home


@pytest.fixture(scope="session")
def bundled_library():
    from quizsim.content import default_content_paths, load_library

    return load_library(default_content_paths())
