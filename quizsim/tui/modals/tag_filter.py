"""`f`: pick a tag to practise only questions carrying it (or all)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from quizsim.tui.compat import SafeModalScreen, SafeOptionList
from quizsim.tui.literal import literal_line

ALL = "\x00all"


class TagFilterScreen(SafeModalScreen[str | None]):
    """Returns the chosen tag, ALL for no filter, or None when dismissed."""

    BINDINGS = [Binding("escape", "close", "Cancel", id="close-filter")]

    def __init__(self, tags: dict[str, int], current: str | None) -> None:
        super().__init__()
        self.tags = tags
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="filter-box"):
            yield Static("Practise only questions tagged… (enter picks, esc cancels)")
            options = [Option(f"{'● ' if self.current is None else '  '}all questions", id=ALL)]
            options += [
                Option(Text("● " if tag == self.current else "  ").append_text(literal_line(tag)).append(f" ({count})"), id=tag)
                for tag, count in self.tags.items()
            ]
            yield SafeOptionList(*options, id="filter-list")

    def on_mount(self) -> None:
        # Start on the filter in force, so Enter keeps it and arrows move from it.
        tags = list(self.tags)
        option_list = self.query_one("#filter-list", OptionList)
        option_list.highlighted = 0 if self.current not in tags else tags.index(self.current) + 1
        option_list.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)
