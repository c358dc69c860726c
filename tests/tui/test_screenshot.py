"""A screenshot lands in a folder that exists (the data folder's screenshots/), and the toast says where."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quizsim.tui.app import make_app
from tests.tui.support import practice_library


@pytest.fixture
def library(tmp_path):
    return practice_library(tmp_path)


def toasts(app) -> list[str]:
    return [notification.message for notification in app._notifications]


async def wait_for_toast(pilot, title: str = "Screenshot") -> str:
    for _ in range(100):  # the file is written by a thread; wait up to ~5 s on a busy machine
        await pilot.pause(0.05)
        found = [n.message for n in pilot.app._notifications if n.title == title]
        if found:
            return found[-1]
    raise AssertionError(f"no {title!r} toast; toasts: {toasts(pilot.app)}")


def saved_path(message: str) -> Path:
    match = re.fullmatch(r"Saved to (.+\.svg)", message)
    assert match, message
    path = Path(match.group(1))
    assert path.is_absolute(), message
    return path


async def test_screenshot_action_saves_into_the_data_folder(library, tmp_path, monkeypatch) -> None:
    home = tmp_path / "home"  # does not exist yet: the folder is created on demand
    monkeypatch.setenv("QUIZSIM_HOME", str(home))
    app = make_app(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.action_screenshot()
        path = saved_path(await wait_for_toast(pilot))
        assert path.parent == (home / "screenshots").resolve()
        assert path.is_file() and "<svg" in path.read_text(encoding="utf-8")
        assert app.is_running


async def test_screenshot_from_the_command_palette(library, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("QUIZSIM_HOME", str(tmp_path / "home"))
    app = make_app(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("p")  # from the practice screen: the shot shows the question
        await pilot.press("ctrl+p")
        await pilot.press(*"screenshot")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        path = saved_path(await wait_for_toast(pilot))
        assert path.parent == (tmp_path / "home" / "screenshots").resolve()
        svg = path.read_text(encoding="utf-8")
        assert "<svg" in svg and "queue" in svg  # the practice screen, not the palette over it


async def test_two_screenshots_in_a_row_are_two_files(library, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("QUIZSIM_HOME", str(tmp_path / "home"))
    app = make_app(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.action_screenshot()
        app.action_screenshot()
        for _ in range(100):
            await pilot.pause(0.05)
            if len([n for n in app._notifications if n.title == "Screenshot"]) >= 2:
                break
        assert len(list((tmp_path / "home" / "screenshots").glob("*.svg"))) == 2


async def test_a_folder_that_cannot_be_created_is_named_in_the_toast(library, tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "home"
    blocker.mkdir()
    (blocker / "screenshots").write_text("a file where the folder would go")
    monkeypatch.setenv("QUIZSIM_HOME", str(blocker))
    app = make_app(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.action_screenshot()
        message = await wait_for_toast(pilot)
        assert message.startswith("Not saved: cannot create the folder ") and str(blocker / "screenshots") in message
        assert app.is_running
