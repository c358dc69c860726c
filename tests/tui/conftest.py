"""TUI tests see questions and options in the order the test pack writes them, unless a test sets a seed."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _questions_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    # Most tests press keys for options by their written position; the shuffle has its own tests
    # (tests/tui/test_card_order.py, tests/study/test_order.py), which set QUIZSIM_SEED themselves.
    monkeypatch.setenv("QUIZSIM_SEED", "as-written")
