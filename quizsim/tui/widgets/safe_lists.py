"""Guards for a Textual 8.2.8 bug: page up/down on an OptionList whose lines are not laid out yet
(e.g. right after the command palette opens) raises KeyError in `_move_page`. Found by the
random-key test; the same crash is reported against other apps' Select overlays.
"""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets import OptionList


class SafeOptionList(OptionList):
    def _move_page(self, direction) -> None:  # type: ignore[override]
        try:
            super()._move_page(direction)
        except KeyError:
            pass  # nothing laid out yet: nothing to page through


class SafeCommandPalette(CommandPalette):
    def _action_command_list(self, action: str) -> None:
        try:
            super()._action_command_list(action)
        except KeyError:
            pass
