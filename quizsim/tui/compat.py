"""Guards for Textual 8.2 bugs found by the random-key test (tests/tui/test_compat.py checks the private names).

- Page up/down on an OptionList whose lines are not laid out yet (e.g. right after the command palette
  opens) raises KeyError in `_move_page`; the same crash is reported against other apps' Select overlays.
- The command palette's search worker can finish after the palette was dismissed; its watchers then
  query children that are gone and raise NoMatches inside a worker, which ends the app.
- Esc and a selection racing each other dismiss a modal twice. `Screen.dismiss` does not check that the
  screen is still on top: the second call pops the screen below (or raises ScreenStackError on the last
  screen), and when another screen sits above it, it sets the result future a second time
  (`InvalidStateError: invalid state`). Every modal derives from `DismissOnce` to make that a no-op.
- An Input inserts a typed character at once but sends a bound key (backspace, arrows, ctrl+k) up to the
  app before its action runs, so keys that arrive together apply out of order: "backspace 1" typed fast
  into a selected "62" deleted the 1 and left the field empty (Textual issue #6605, PR #6631). `OrderedInput`
  runs its own bindings where it handles the key.
"""

from __future__ import annotations

from typing import TypeVar

from textual import work
from textual.await_complete import AwaitComplete
from textual.command import CommandPalette
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual import events
from textual.widgets import Input, OptionList

ResultT = TypeVar("ResultT")


class DismissOnce:
    """Screen mixin: `dismiss` only acts while the screen is the active one, so a second call does nothing."""

    def dismiss(self, result=None) -> AwaitComplete:  # type: ignore[override]
        if not self.is_active:  # type: ignore[attr-defined]
            # Already dismissed, or something sits above it: popping now would pop someone else's screen.
            return AwaitComplete.nothing()
        return super().dismiss(result)  # type: ignore[misc]


class SafeModalScreen(DismissOnce, ModalScreen[ResultT]):
    """The base of every quizsim modal."""


class SafeOptionList(OptionList):
    def _move_page(self, direction) -> None:  # type: ignore[override]
        try:
            super()._move_page(direction)
        except KeyError:
            pass  # nothing laid out yet: nothing to page through


class SafeCommandPalette(DismissOnce, CommandPalette):
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

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """Textual's countdown to 'No matches found', whose timer can fire after the palette was dismissed
        (random keys in tmux: NoMatches CommandList ended the app); then it does nothing."""
        from rich.align import Align
        from rich.text import Text
        from textual.command import CommandList
        from textual.widgets.option_list import Option

        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            lists = self.query(CommandList)
            if not lists:
                return  # dismissed before the countdown ended: nothing to show it in
            if search_value:
                lists.first().add_option(
                    Option(Align.center(Text("No matches found", style="not bold")), disabled=True, id=self._NO_MATCHES)
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)

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


class OrderedInput(Input):
    """An Input whose editing keys and typed characters apply in the order they arrive."""

    async def _on_key(self, event: events.Key) -> None:
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            # Priority bindings were run by the app before the key got here.
            if not binding.priority and await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()
                return
        await super()._on_key(event)
