"""Before an exam: how many questions, how many minutes, and the pass mark (defaults: the real exam's pace)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from quizsim.study.exam import MAX_SCORE, MIN_SCORE, PASS_MARK, SAA_C03_QUESTIONS, SECONDS_PER_QUESTION
from quizsim.tui.compat import OrderedInput, SafeModalScreen
from quizsim.tui.modals._box import box_css


@dataclass(frozen=True)
class ExamSettings:
    count: int
    minutes: float
    pass_mark: int


def default_settings(available: int) -> ExamSettings:
    count = max(1, min(SAA_C03_QUESTIONS, available))
    return ExamSettings(count, count * SECONDS_PER_QUESTION / 60, PASS_MARK)


def parse_settings(count: str, minutes: str, pass_mark: str, available: int) -> ExamSettings | str:
    """The settings typed, or what is wrong with them (a message naming the field)."""
    try:
        n = int(count.strip())
    except ValueError:
        return f"Questions: a whole number from 1 to {available}, not {count.strip()!r}."
    if not 1 <= n <= available:
        return f"Questions: from 1 to {available} (the questions loaded), not {n}."
    text = minutes.strip()
    try:
        mins = float(text) if text else n * SECONDS_PER_QUESTION / 60
    except ValueError:
        return f"Minutes: a number, not {text!r}."
    if not 0 < mins <= 24 * 60:
        return f"Minutes: more than 0 and at most {24 * 60}, not {text}."
    try:
        mark = int(pass_mark.strip())
    except ValueError:
        return f"Pass mark: a whole number from {MIN_SCORE} to {MAX_SCORE}, not {pass_mark.strip()!r}."
    if not MIN_SCORE <= mark <= MAX_SCORE:
        return f"Pass mark: from {MIN_SCORE} to {MAX_SCORE}, not {mark}."
    return ExamSettings(n, mins, mark)


class ExamSettingsScreen(SafeModalScreen[ExamSettings | None]):
    """Enter starts the exam with the values shown; esc cancels."""

    DEFAULT_CSS = box_css("ExamSettingsScreen")
    BINDINGS = [Binding("escape", "close", "Cancel", id="close-exam-settings")]

    def __init__(self, available: int, defaults: ExamSettings | None = None) -> None:
        super().__init__()
        self.available = available
        self.defaults = defaults or default_settings(available)

    def compose(self) -> ComposeResult:
        d = self.defaults
        with Vertical(classes="study-box"):
            yield Static("New exam  (enter starts, esc cancels)", classes="study-title")
            yield Label(f"Questions (1–{self.available}; the real exam has {SAA_C03_QUESTIONS})")
            yield OrderedInput(str(d.count), id="exam-count", type="integer")
            yield Label("Minutes (empty: 2 a question, the real exam's pace)")
            yield OrderedInput(f"{d.minutes:g}", id="exam-minutes")
            yield Label(f"Pass mark ({MIN_SCORE}–{MAX_SCORE}; scaled score = 100 + 900 × share right)")
            yield OrderedInput(str(d.pass_mark), id="exam-pass-mark", type="integer")
            yield Static("", id="exam-settings-error", classes="study-error")

    def on_mount(self) -> None:
        self.query_one("#exam-count", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "exam-count":
            # Minutes follow the count at the real exam's pace until the learner sets them.
            try:
                n = int(event.value)
            except ValueError:
                return
            self.query_one("#exam-minutes", Input).value = f"{n * SECONDS_PER_QUESTION / 60:g}"

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        values = [self.query_one(f"#{i}", Input).value for i in ("exam-count", "exam-minutes", "exam-pass-mark")]
        settings = parse_settings(*values, available=self.available)
        if isinstance(settings, str):
            self.query_one("#exam-settings-error", Static).update(settings)
            return
        self.dismiss(settings)

    def action_close(self) -> None:
        self.dismiss(None)
