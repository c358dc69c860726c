"""Shared fixtures. Every test runs with its own QUIZSIM_HOME so no learner data is touched.

`make test` runs the suite in pytest-xdist workers: each has its own temporary directory (tmp_path_factory
gives each worker its own base), so its own QUIZSIM_HOME, and each loads its own bundled library.
"""

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
    """The bundled content, shared read-only by every test of this process (tests.bundled)."""
    from tests.bundled import bundled_library

    return bundled_library()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked slow run first, so parallel workers share them out instead of one finishing alone."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)  # stable: order kept otherwise
