"""The classroom's votes as bars, one line per option; ✓/✗ once the key is revealed."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from quizsim.study.tally import VoteTally
from quizsim.tui.widgets.presenter_text import vote_lines


class VoteBars(Widget):
    DEFAULT_CSS = "VoteBars { height: auto; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tally = VoteTally(())
        self.letters: dict[str, str] = {}
        self.texts: dict[str, str] = {}
        self.correct: frozenset[str] | None = None

    def show(self, tally: VoteTally, letters: dict[str, str], texts: dict[str, str], correct: frozenset[str] | None) -> None:
        self.tally, self.letters, self.texts, self.correct = tally, letters, texts, correct
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:
        return max(1, len(self.tally.option_ids))

    def render(self) -> Text:
        return vote_lines(self.tally, self.tally.option_ids, self.letters, self.texts, self.size.width or 80, self.correct)
