"""TUI tests see questions and options in the order the test pack writes them, unless a test sets a seed."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _questions_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    # Most tests press keys for options by their written position; the shuffle has its own tests
    # (tests/tui/test_card_order.py, tests/study/test_order.py), which set QUIZSIM_SEED themselves.
    monkeypatch.setenv("QUIZSIM_SEED", "as-written")


@pytest.fixture(autouse=True)
def _races_in_the_app_process(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every app would otherwise start two warm worker processes (an engine import and a real step each):
    # hundreds of them over the suite. The worker pool has its own tests (tests/race/test_pool.py and the
    # pool tests of tests/tui/test_panel_idle.py, which turn it back on with QUIZSIM_WORKERS=2).
    monkeypatch.setenv("QUIZSIM_WORKERS", "0")
