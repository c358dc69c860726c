"""Guards for Textual 8.2.8 bugs found by the random-key test.

- Page up/down on an OptionList whose lines are not laid out yet (e.g. right after the command palette
  opens) raises KeyError in `_move_page`; the same crash is reported against other apps' Select overlays.
- The command palette's search worker can finish after the palette was dismissed; its watchers then
  query children that are gone and raise NoMatches inside a worker, which ends the app.
- Esc and a selection racing each other dismiss the palette twice; the second pop took the screen
  below it (or raised ScreenStackError on the last screen).
"""

from __future__ import annotations

from textual.await_complete import AwaitComplete
from textual.command import CommandPalette
from textual.css.query import NoMatches
from textual.widgets import OptionList
from textual import work


class SafeOptionList(OptionList):
    def _move_page(self, direction) -> None:  # type: ignore[override]
        try:
            super()._move_page(direction)
        except KeyError:
            pass  # nothing laid out yet: nothing to page through


class SafeCommandPalette(CommandPalette):
    @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
    async def _gather_commands(self, search_value: str) -> None:
        try:
            await CommandPalette._gather_commands.__wrapped__(self, search_value)
        except NoMatches:
            pass  # dismissed mid-search: there is no list left to fill

    def _action_command_list(self, action: str) -> None:
        try:
            super()._action_command_list(action)
        except KeyError:
            pass

    def _watch__list_visible(self) -> None:
        try:
            super()._watch__list_visible()
        except NoMatches:
            pass  # the palette was dismissed while its search was still running

    async def _watch__show_busy(self) -> None:
        try:
            await super()._watch__show_busy()
        except NoMatches:
            pass

    def dismiss(self, result=None) -> AwaitComplete:  # type: ignore[override]
        if self.app.screen is not self:
            return AwaitComplete(_already_dismissed())  # popping again would pop someone else's screen
        return super().dismiss(result)


async def _already_dismissed() -> None:
    return None
