"""The Textual names quizsim's guards override or call still exist, with the signatures the guards assume.

quizsim/tui/compat.py and quizsim/tui/screenshot.py override private Textual methods; a Textual upgrade that
renames one would silently drop the guard (the override would never be called). This fails loudly instead.
"""

from __future__ import annotations

import inspect
import tomllib
from importlib.metadata import version
from pathlib import Path

from packaging.requirements import Requirement
from textual import events
from textual.app import App
from textual.await_complete import AwaitComplete
from textual.command import CommandPalette
from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList

from quizsim.tui.compat import DismissOnce, SafeCommandPalette, SafeModalScreen, SafeOptionList

ROOT = Path(__file__).resolve().parents[2]


def params(func) -> list[str]:
    return list(inspect.signature(func).parameters)


def test_installed_textual_is_inside_the_pinned_range() -> None:
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    textual = next(Requirement(d) for d in dependencies if Requirement(d).name == "textual")
    assert str(textual.specifier) and textual.specifier.contains(version("textual")), (textual, version("textual"))
    assert any(s.operator == "<" for s in textual.specifier), "pin an upper bound: the guards use private names"


def test_command_palette_private_names() -> None:
    assert isinstance(CommandPalette._GATHER_COMMANDS_GROUP, str)
    gather = CommandPalette._gather_commands
    assert hasattr(gather, "__wrapped__"), "SafeCommandPalette awaits the undecorated worker body"
    assert params(gather.__wrapped__) == ["self", "search_value"]
    assert inspect.iscoroutinefunction(gather.__wrapped__)
    assert params(CommandPalette._action_command_list) == ["self", "action"]
    # Watchers are found by name from the reactive they watch.
    assert {"_list_visible", "_show_busy"} <= set(CommandPalette._reactives)
    assert params(CommandPalette._watch__list_visible) == ["self"]
    assert not inspect.iscoroutinefunction(CommandPalette._watch__list_visible)
    assert params(CommandPalette._watch__show_busy) == ["self"]
    # The no-matches countdown the palette guard re-implements.
    from textual.command import CommandList

    assert params(CommandPalette._start_no_matches_countdown) == ["self", "search_value"]
    assert params(CommandPalette._stop_no_matches_countdown) == ["self"]
    assert isinstance(CommandPalette._NO_MATCHES, str) and CommandPalette._NO_MATCHES_COUNTDOWN > 0
    assert CommandList is not None
    assert inspect.iscoroutinefunction(CommandPalette._watch__show_busy)


def test_option_list_move_page() -> None:
    assert params(OptionList._move_page) == ["self", "direction"]


async def test_dismiss_guard_names() -> None:  # AwaitComplete.nothing() needs a running loop
    assert params(Screen.dismiss) == ["self", "result"]
    assert isinstance(inspect.getattr_static(Screen, "is_active"), property)
    assert isinstance(AwaitComplete.nothing(), AwaitComplete)
    assert params(Screen.action_dismiss) == ["self", "result"]  # HelpScreen binds the "dismiss" action


def test_every_guard_overrides_a_name_textual_still_has() -> None:
    for guard, base in ((SafeCommandPalette, CommandPalette), (SafeOptionList, OptionList), (SafeModalScreen, ModalScreen)):
        for name, value in vars(guard).items():
            if callable(value) and not name.startswith("__"):
                assert hasattr(base, name), f"{guard.__name__}.{name} overrides nothing in Textual {version('textual')}"
    assert hasattr(Screen, "dismiss") and "dismiss" in vars(DismissOnce)
    for guarded in (SafeCommandPalette, SafeModalScreen):
        assert guarded.dismiss is DismissOnce.dismiss


def test_screenshot_names() -> None:
    assert params(App.deliver_screenshot) == ["self", "filename", "path", "time_format"]
    assert params(App.action_screenshot) == ["self", "filename", "path"]
    assert "self.deliver_screenshot(" in inspect.getsource(App.action_screenshot)
    assert "self.deliver_screenshot" in inspect.getsource(App.get_system_commands)  # the palette's "Screenshot"
    assert {"save_directory", "save_filename", "open_method", "mime_type", "name"} <= set(params(App.deliver_text))
    assert {"path", "name"} <= set(inspect.signature(events.DeliveryComplete).parameters)
    assert {"exception", "name"} <= set(inspect.signature(events.DeliveryFailed).parameters)
    assert events.DeliveryComplete.handler_name == "on_delivery_complete"
    assert events.DeliveryFailed.handler_name == "on_delivery_failed"


def test_input_key_names() -> None:
    from textual.widgets import Input

    assert params(Input._on_key) == ["self", "event"] and inspect.iscoroutinefunction(Input._on_key)
    assert "backspace" in {b.key for b in Input.BINDINGS}


async def keys_arriving_together(input_class, keys: list[str]) -> str:
    """The value after `keys` reach the app as from a terminal: posted at once, not one press at a time."""
    from textual.app import ComposeResult

    class OneInput(App):
        def compose(self) -> ComposeResult:
            yield input_class("62", id="field")

    app = OneInput()
    async with app.run_test() as pilot:
        field = app.query_one("#field")
        field.focus()
        await pilot.pause()
        field.select_all()
        for key in keys:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        for _ in range(5):
            await pilot.pause()
        return field.value


async def test_ordered_input_applies_keys_in_the_order_they_arrive() -> None:
    from textual.widgets import Input

    from quizsim.tui.compat import OrderedInput

    keys = ["backspace", "1", "0"]
    assert await keys_arriving_together(OrderedInput, keys) == "10"
    # The bug it guards against, still in this Textual (when this fails, Textual fixed it: drop the guard).
    assert await keys_arriving_together(Input, keys) != "10"
