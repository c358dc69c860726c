"""Text snapshots of the key screens at 80×24 and 120×40.

Plain text on purpose: every meaning must survive without colour (✓ ✗ ★ and line styles), and a
text diff is readable in review. After an intended change, refresh them with
    QUIZSIM_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/tui/test_snapshots.py
and read the diff before committing. Numbers in the verdict come from the engine, so an engine
change that moves them shows up here too.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from quizsim.tui.app import make_app
from tests.tui.support import practice_library, screen_as_text, settle

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("QUIZSIM_UPDATE_SNAPSHOTS") == "1"
SESSION_SEED = "10"
"""Shuffles the session the same way every run: tui-queue-servers first, its options shown as
A = four servers, B = three, C = eight (ids c, b, a), so the snapshots show letters that are not ids."""


def check_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / f"{name}.txt"
    if UPDATE or not path.exists():
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"new snapshot written to {path}; read it, then run again")
        return
    expected = path.read_text(encoding="utf-8").rstrip("\n")
    if text != expected:
        diff = "\n".join(difflib.unified_diff(expected.splitlines(), text.splitlines(), "expected", "actual", lineterm=""))
        pytest.fail(f"screen differs from {path.name} (QUIZSIM_UPDATE_SNAPSHOTS=1 refreshes it):\n{diff}")


async def screens_after(library, size: tuple[int, int], keys: list[str]) -> str:
    app = make_app(library)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            if key in ("enter", "c"):
                await settle(pilot)
                await pilot.press("j")  # the end of the playback: verdict and full event log
        await pilot.pause()
        return screen_as_text(app)


SCREENS = {
    "home": [],
    "question": ["p"],
    "answered-wrong": ["p", "b", "enter"],
    "compare-all": ["p", "b", "enter", "c"],
    "help": ["p", "question_mark"],
}


CASES = [
    (screen, size)
    for screen in SCREENS
    for size in ((80, 24), (120, 40))
    if not (screen == "compare-all" and size == (80, 24))  # the stacked compare-all is covered by a Pilot test
]


@pytest.mark.parametrize(("screen", "size"), CASES, ids=[f"{s}-{w}x{h}" for s, (w, h) in CASES])
async def test_key_screens(tmp_path, monkeypatch, screen: str, size: tuple[int, int]) -> None:
    monkeypatch.setenv("QUIZSIM_SEED", SESSION_SEED)
    text = await screens_after(practice_library(tmp_path), size, SCREENS[screen])
    check_snapshot(f"{screen}-{size[0]}x{size[1]}", text)
