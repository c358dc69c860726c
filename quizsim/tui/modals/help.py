"""`?`: every key of every screen, in one modal."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from quizsim.tui.compat import SafeModalScreen

KEYS = (
    ("Home", (
        ("enter", "practise the selected pack or topic"),
        ("p", "practise every question"),
        ("r", "review: the questions due again (spaced repetition)"),
        ("w", "review only the questions last answered wrong"),
        ("e", "exam: N questions against the clock (resumes one left in the middle)"),
        ("s", "stats: accuracy per topic over time, answers per day, due and learned"),
        ("v", "presenter mode for a class over the selected pack or topic (also: quizsim present)"),
        ("b", "sandbox: build a scenario, run it, compare runs, save it as YAML (also: quizsim sandbox)"),
        ("x", "show the content problems that were skipped"),
    )),
    ("Question", (
        ("1–9, a–e", "pick an option (choose-N questions: pick N, the counter shows how many)"),
        ("enter", "submit the answer"),
        ("n / →", "next question"),
        ("p / ←", "previous question"),
        ("s", "skip this question"),
        ("f", "filter questions by tag"),
        ("m", "flag the question for later (kept across runs)"),
        ("g", "go to a question by number or id"),
        ("n at the end", "the set's summary: score, by topic, the wrong ones (w retries them)"),
        ("pgup / pgdn", "scroll (the stacked panels at 80 columns, else the panel or the card)"),
    )),
    ("After answering", (
        ("c", "compare all: race every option on the same seed"),
        ("r", "run again with a new seed"),
        ("space", "pause or resume the playback"),
        ("+ / -", "play faster or slower"),
        ("j / end", "jump to the end of the run (then the verdict)"),
        ("esc", "cancel a running simulation (again: back to the home screen)"),
    )),
    ("Exam", (
        ("1–9, a–e", "pick (again to unpick); every pick is kept at once"),
        ("n / p", "next or previous question"),
        ("f", "flag for review"),
        ("g", "the question grid: answered, flagged; enter jumps"),
        ("s, s", "submit the exam (the result: w retakes the wrong ones)"),
        ("esc", "pause and leave; e from home resumes"),
    )),
    ("Everywhere", (
        ("?", "this help"),
        ("t", "next theme: dark, light, high contrast"),
        ("ctrl+p", "command palette: every action by name"),
        ("q", "quit"),
    )),
)


def keys_table() -> Table:
    table = Table(show_header=False, box=None, pad_edge=False, expand=True)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)
    for section, rows in KEYS:
        table.add_row(f"[u]{section}[/u]", "")
        for key, what in rows:
            table.add_row(f"  {key}", what)
        table.add_row("", "")
    return table


class HelpScreen(SafeModalScreen[None]):
    """The keys, by screen."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="close-help"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static("quizsim keys", id="help-title")
            yield Static(keys_table())
            yield Static("Nothing is shown by colour alone: ✓ right, ✗ wrong, ★ the metric the question asks for, ▲ capacity change, ✖ failure, ◆ traffic change; each line of a chart has its own line style.")

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
