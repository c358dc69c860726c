"""End of a practice set: the score, right and wrong by topic, and the wrong ones, with w to practise them again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from quizsim.study.practice import PracticeSession, score_text
from quizsim.tui.compat import SafeModalScreen
from quizsim.tui.literal import literal_line
from quizsim.tui.modals._box import box_css

if TYPE_CHECKING:
    from quizsim.content import Library

RETRY = "retry-wrong"


def wrong_ids(session: PracticeSession) -> list[str]:
    """Questions of the set answered not wholly right, in the set's order."""
    return [qid for qid in session.ids if qid in session.answers and not session.answers[qid].correct]


def by_topic(library: "Library", session: PracticeSession) -> list[tuple[str, float, int]]:
    """(tag, right, answered) per tag of the answered questions, weakest first."""
    right: dict[str, float] = {}
    total: dict[str, int] = {}
    for qid, answer in session.answers.items():
        for tag in library.questions[qid].tags:
            total[tag] = total.get(tag, 0) + 1
            right[tag] = right.get(tag, 0.0) + answer.grade.fraction
    return sorted(((t, right[t], total[t]) for t in total), key=lambda r: (r[1] / r[2], -r[2], r[0]))


class SetSummaryScreen(SafeModalScreen[str | None]):
    """Returns RETRY to practise the wrong ones again, else None."""

    DEFAULT_CSS = box_css("SetSummaryScreen") + "SetSummaryScreen > .study-box { width: 90; }"
    BINDINGS = [
        Binding("w", "retry", "Retry wrong", id="summary-retry"),
        Binding("escape,enter", "close", "Close", id="summary-close"),
    ]

    def __init__(self, library: "Library", session: PracticeSession) -> None:
        super().__init__()
        self.library = library
        self.session = session
        self.wrong = wrong_ids(session)

    def compose(self) -> ComposeResult:
        s = self.session
        right, wrong = s.score()
        unanswered = len(s.ids) - len([q for q in s.ids if q in s.answers])
        with VerticalScroll(classes="study-box"):
            yield Static(f"End of the set: {len(s.answers)} of {len(s.ids)} answered   {score_text(right, wrong)}",
                         classes="study-title", id="summary-score")
            table = Table(box=None, padding=(0, 1), show_edge=False, title="By topic (weakest first)", title_justify="left")
            table.add_column("topic")
            table.add_column("right", justify="right")
            for tag, r, n in by_topic(self.library, s):
                table.add_row(literal_line(tag), f"{round(r, 2):g} of {n}")
            yield Static(table, id="summary-topics")
            lines = Text()
            if self.wrong:
                lines.append(f"Not right ({len(self.wrong)}): w practises them again\n", style="bold")
                for qid in self.wrong:
                    lines.append("  ✗ ")
                    lines.append_text(literal_line(qid))
                    lines.append("  ")
                    lines.append_text(literal_line(self.library.questions[qid].stem.strip()[:60] + "…", style="dim"))
                    lines.append("\n")
            else:
                lines.append("Every answer right.\n", style="bold")
            if unanswered:
                lines.append(f"{unanswered} question(s) not answered.\n")
            lines.append("enter or esc closes")
            yield Static(lines, id="summary-wrong")

    def action_retry(self) -> None:
        if self.wrong:
            self.dismiss(RETRY)
        else:
            self.notify("Nothing to retry: every answer was right.")

    def action_close(self) -> None:
        self.dismiss(None)
