"""The exam's question grid: every question's number, answered or not, flagged or not; enter jumps to it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from quizsim.tui.compat import SafeModalScreen, SafeOptionList
from quizsim.tui.modals._box import box_css


def cell_text(cell: dict) -> Text:
    """'  7 ● answered ⚑ flagged' for one grid cell (no right or wrong: the exam gives none)."""
    text = Text("▸ " if cell["current"] else "  ")
    text.append(f"{cell['number']:>3} ")
    text.append("● answered" if cell["answered"] else "○ not answered", style="" if cell["answered"] else "dim")
    if cell["flagged"]:
        text.append("  ⚑ flagged", style="bold")
    return text


class QuestionGridScreen(SafeModalScreen[int | None]):
    """Returns the 0-based position chosen, or None when cancelled."""

    DEFAULT_CSS = box_css("QuestionGridScreen") + "QuestionGridScreen #grid-list { height: auto; max-height: 24; }"
    BINDINGS = [Binding("escape,g", "close", "Close", id="close-grid")]

    def __init__(self, cells: list[dict]) -> None:
        super().__init__()
        self.cells = cells

    def compose(self) -> ComposeResult:
        answered = sum(c["answered"] for c in self.cells)
        flagged = sum(c["flagged"] for c in self.cells)
        with Vertical(classes="study-box"):
            yield Static(f"Questions: {answered} of {len(self.cells)} answered, {flagged} flagged"
                         "  (enter jumps, esc closes)", classes="study-title")
            yield SafeOptionList(*[Option(cell_text(c), id=str(c["number"] - 1)) for c in self.cells], id="grid-list")

    def on_mount(self) -> None:
        grid = self.query_one("#grid-list", OptionList)
        grid.highlighted = next((i for i, c in enumerate(self.cells) if c["current"]), 0)
        grid.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id))

    def action_close(self) -> None:
        self.dismiss(None)
