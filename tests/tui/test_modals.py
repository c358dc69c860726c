"""Every modal survives being dismissed twice (Esc racing Enter): the app runs on and the screen below stays."""

from __future__ import annotations

import pytest
from textual import events
from textual.command import CommandList, CommandPalette

from quizsim.tui.app import make_app
from quizsim.tui.modals.exam_settings import ExamSettingsScreen
from quizsim.tui.modals.goto import GotoScreen
from quizsim.tui.modals.help import HelpScreen
from quizsim.tui.modals.problems import ProblemsScreen
from quizsim.tui.modals.tag_filter import TagFilterScreen
from quizsim.tui.screens.home import HomeScreen
from quizsim.tui.screens.practice import PracticeScreen
from tests.tui.support import practice_library, screen_text, write_extra_pack


def library_with_a_problem(tmp_path):
    from quizsim.content import load_library

    folder = write_extra_pack(tmp_path)
    (folder / "broken.yaml").write_text("questions:\n  - id: half-a-question\n    stem: [unclosed\n")
    library = load_library([folder])
    assert library.problems and library.questions
    return library


async def open_modal(pilot, key: str, from_practice: bool = True):
    """Open a modal with `key` (from the practice screen, else from home); return (screen below, modal)."""
    if from_practice:
        await pilot.press("p")
        await pilot.pause()
    below = pilot.app.screen
    await pilot.press(key)
    await pilot.pause()
    return below, pilot.app.screen


async def race_keys(pilot, *keys: str) -> None:
    """Send keys back to back, without letting the app handle one before the next arrives (as in a terminal)."""
    driver = pilot.app._driver
    for key in keys:
        char = {"enter": "\r", "escape": "\x1b", "question_mark": "?"}.get(key, key if len(key) == 1 else None)
        event = events.Key(key, char)
        event.set_sender(pilot.app)
        driver.send_message(event)
    await pilot.pause()
    await pilot.pause()


def assert_intact(app, below, modal_type) -> None:
    assert app.is_running
    assert app.screen is below, f"expected {below!r} on top, got {app.screen!r}"
    assert not any(isinstance(screen, modal_type) for screen in app.screen_stack)
    if isinstance(below, PracticeScreen):
        assert isinstance(app.screen_stack[0], HomeScreen) and len(app.screen_stack) == 2
        stem = app.library.questions[below.session.current].stem
        assert stem[:40] in screen_text(app)  # still showing its question
    else:
        assert isinstance(below, HomeScreen) and len(app.screen_stack) == 1
        assert "Practice" in screen_text(app)


# (modal, key that opens it, whether it opens from the practice screen)
OPENERS = [
    pytest.param(HelpScreen, "question_mark", True, id="help"),
    pytest.param(TagFilterScreen, "f", True, id="tag-filter"),
    pytest.param(ProblemsScreen, "x", False, id="problems"),
    pytest.param(CommandPalette, "ctrl+p", True, id="command-palette"),
    pytest.param(GotoScreen, "g", True, id="goto"),
    pytest.param(ExamSettingsScreen, "e", False, id="exam-settings"),
]


# (modal, key that opens it, whether it opens from the practice screen, keys that close it in a race)
RACES = [
    pytest.param(HelpScreen, "question_mark", True, ("escape", "enter"), id="help"),
    pytest.param(TagFilterScreen, "f", True, ("escape", "enter"), id="tag-filter-esc-enter"),
    pytest.param(TagFilterScreen, "f", True, ("enter", "escape"), id="tag-filter-enter-esc"),
    pytest.param(ProblemsScreen, "x", False, ("escape", "escape"), id="problems"),  # enter on home would practise
    pytest.param(CommandPalette, "ctrl+p", True, ("escape", "enter"), id="command-palette-esc-enter"),
    pytest.param(CommandPalette, "ctrl+p", True, ("enter", "escape"), id="command-palette-enter-esc"),
    pytest.param(GotoScreen, "g", True, ("escape", "enter"), id="goto"),
    pytest.param(ExamSettingsScreen, "e", False, ("escape", "escape"), id="exam-settings"),
]


@pytest.mark.parametrize(("modal_type", "key", "from_practice"), OPENERS)
async def test_dismiss_called_twice_in_one_tick(tmp_path, modal_type, key, from_practice) -> None:
    app = make_app(library_with_a_problem(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        below, modal = await open_modal(pilot, key, from_practice)
        assert isinstance(modal, modal_type)
        modal.dismiss()
        modal.dismiss()  # the same tick: without the guard this pops `below` too (or raises on the last screen)
        await pilot.pause()
        await pilot.pause()
        assert_intact(app, below, modal_type)


@pytest.mark.parametrize(("modal_type", "key", "from_practice", "race"), RACES)
async def test_closing_keys_pressed_back_to_back(tmp_path, modal_type, key, from_practice, race) -> None:
    app = make_app(library_with_a_problem(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        below, modal = await open_modal(pilot, key, from_practice)
        assert isinstance(modal, modal_type)
        await race_keys(pilot, *race)
        assert_intact(app, below, modal_type)


async def test_tag_filter_escape_racing_a_selection(tmp_path) -> None:
    # The handlers Esc and Enter run, in the same tick: cancel, then the selection the list posted.
    app = make_app(practice_library(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        below, modal = await open_modal(pilot, "f")
        assert isinstance(modal, TagFilterScreen)
        tag_before = below.session.tag
        modal.action_close()
        modal.dismiss("queueing")
        await pilot.pause()
        assert_intact(app, below, TagFilterScreen)
        assert below.session.tag == tag_before  # the first dismissal (cancel) wins; the late pick is ignored


async def test_tag_filter_dismissed_while_a_palette_sits_above_it(tmp_path) -> None:
    # The crash seen in tmux: the filter's own dismissal arrives after the palette opened over it;
    # Textual set the filter's result future a second time (InvalidStateError) and popped the palette.
    app = make_app(practice_library(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        below, modal = await open_modal(pilot, "f")
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        modal.dismiss("queueing")  # not on top: must not pop the palette nor resolve the filter
        modal.dismiss(None)
        await pilot.pause()
        assert app.is_running and app.screen is palette
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is modal
        await pilot.press("escape")
        await pilot.pause()
        assert_intact(app, below, TagFilterScreen)


async def test_palette_escape_racing_a_selection(tmp_path) -> None:
    app = make_app(practice_library(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        below, palette = await open_modal(pilot, "ctrl+p")
        assert isinstance(palette, CommandPalette)
        await pilot.press(*"next theme")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        palette.query_one(CommandList).action_select()  # posts OptionSelected: the palette dismisses when it is handled
        palette._action_escape()  # Esc, handled first, dismisses at once
        await pilot.pause()
        await pilot.pause()
        assert_intact(app, below, CommandPalette)


def test_every_modal_in_the_app_is_guarded() -> None:
    # A new modal must derive from compat.SafeModalScreen (or DismissOnce), or the race comes back.
    import importlib
    import pkgutil

    import quizsim.tui
    from textual.screen import ModalScreen

    from quizsim.tui.compat import DismissOnce

    for module in pkgutil.walk_packages(quizsim.tui.__path__, "quizsim.tui."):
        importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = {cls for cls in subclasses(ModalScreen) if cls.__module__.startswith("quizsim.")}
    assert {HelpScreen, TagFilterScreen, ProblemsScreen} <= ours
    unguarded = sorted(cls.__qualname__ for cls in ours if not issubclass(cls, DismissOnce))
    assert not unguarded, f"modals without the double-dismiss guard: {unguarded}"


async def test_palette_no_matches_countdown_after_dismissal_does_nothing(tmp_path) -> None:
    """A search with no match starts a 0.5 s countdown; Esc before it ends used to make it end the app."""
    import asyncio

    app = make_app(practice_library(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"zqxzqx", "escape")
        await asyncio.sleep(CommandPalette._NO_MATCHES_COUNTDOWN + 0.3)
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, HomeScreen)
