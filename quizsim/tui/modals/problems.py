"""`x` on the home screen: the content that was skipped and why (PATH:LINE:COL: message)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from quizsim.tui.compat import SafeModalScreen
from quizsim.tui.literal import literal


class ProblemsScreen(SafeModalScreen[None]):
    BINDINGS = [Binding("escape,q,x", "close", "Close", id="close-problems")]

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="problems-box"):
            yield Static(f"{len(self.lines)} content problem(s): these were skipped; everything else loaded.", id="problems-title")
            yield Static(literal("\n".join(f"✖ {line}" for line in self.lines) or "None."))
            yield Static("Fix them and check with: quizsim validate")

    def action_close(self) -> None:
        self.dismiss(None)
