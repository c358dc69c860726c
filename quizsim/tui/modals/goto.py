"""`g`: go to a question by its number in the set or by its id."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from quizsim.tui.compat import OrderedInput, SafeModalScreen
from quizsim.tui.literal import literal_line
from quizsim.tui.modals._box import box_css


def find_question(text: str, ids: Sequence[str]) -> int | str:
    """The 0-based position that `text` (a number from 1, or a question id) names, or why it names none."""
    text = text.strip()
    if not text:
        return "Type a question number or id."
    if text.isdigit():
        number = int(text)
        if 1 <= number <= len(ids):
            return number - 1
        return f"No question {number}: this set has 1 to {len(ids)}."
    if text in ids:
        return list(ids).index(text)
    folded = [i for i, qid in enumerate(ids) if qid.casefold() == text.casefold()]
    if folded:
        return folded[0]
    return f"No question with id {text!r} in this set."


class GotoScreen(SafeModalScreen[int | None]):
    """Returns the 0-based position to go to, or None when cancelled."""

    DEFAULT_CSS = box_css("GotoScreen")
    BINDINGS = [Binding("escape", "close", "Cancel", id="close-goto")]

    def __init__(self, ids: Sequence[str]) -> None:
        super().__init__()
        self.ids = list(ids)

    def compose(self) -> ComposeResult:
        with Vertical(classes="study-box"):
            yield Static(f"Go to question: a number (1–{len(self.ids)}) or an id  (enter goes, esc cancels)",
                         classes="study-title")
            yield OrderedInput(placeholder="7 or s3-lifecycle-archive", id="goto-input")
            yield Static("", id="goto-error", classes="study-error")

    def on_mount(self) -> None:
        self.query_one("#goto-input", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        found = find_question(event.value, self.ids)
        if isinstance(found, str):
            self.query_one("#goto-error", Static).update(literal_line(found) if found else Text(""))
            return
        self.dismiss(found)

    def action_close(self) -> None:
        self.dismiss(None)
