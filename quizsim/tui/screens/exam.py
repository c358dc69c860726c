"""Exam mode: the drawn questions against a countdown, flags and a question grid, no feedback until the end.

The core (`quizsim.study.exam.ExamSession`) keeps the clock and commits every pick, flag and move, so leaving
(esc, quit, a crash) pauses the exam and opening Exam again resumes it. The screen only asks it the time:
the session reads its injected clock (time.monotonic in the app), so tests drive the countdown without sleeping.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.events import Key
from textual.screen import Screen
from textual.widgets import Footer, Static

from quizsim.study.exam import ExamClosed, ExamSession
from quizsim.study.order import ENV_SEED, Lettering, option_order
from quizsim.study.progress import ProgressError
from quizsim.study.practice import Selection
from quizsim.text import countdown
from quizsim.tui.widgets.question_card import LETTERS, QuestionCard

if TYPE_CHECKING:
    from quizsim.content import Library, Question


class ExamScreen(Screen[None]):
    """One exam question at a time; every pick is committed, nothing is graded until the exam is submitted."""

    DEFAULT_CSS = """
    #exam-header { height: 1; background: $panel; }
    #exam-body { height: 1fr; }
    """
    BINDINGS = [
        Binding("1", "pick(1)", "Pick", id="exam-pick", key_display="1-9"),
        *[Binding(str(i), f"pick({i})", show=False) for i in range(2, 10)],
        *[Binding(ch, f"pick({i + 1})", show=False) for i, ch in enumerate(LETTERS)],
        Binding("n,right", "next", "Next", id="exam-next", key_display="→"),
        Binding("p,left", "previous", "Prev", id="exam-previous", key_display="←"),
        Binding("f,m", "flag", "Flag", id="exam-flag", key_display="f"),
        Binding("g", "grid", "Questions", id="exam-grid", tooltip="Every question: answered, flagged; jump to one"),
        Binding("s", "submit_exam", "Submit exam", id="exam-submit", tooltip="End the exam and see the result (press twice)"),
        Binding("escape", "leave", "Pause/home", id="exam-leave", key_display="esc",
                tooltip="Leave the exam; it resumes where you left it"),
        Binding("question_mark", "app.help", "Help", id="exam-help", key_display="?"),
    ]

    def __init__(self, library: "Library", session: ExamSession, on_finished: Callable[[ExamSession], None] | None = None) -> None:
        super().__init__()
        self.library = library
        self.session = session
        self.on_finished = on_finished
        self._confirm_submit = False
        self._ended = False
        shuffle = os.environ.get(ENV_SEED, "").strip() != "as-written"
        self._order_seed = session.spec.seed if shuffle else None

    def compose(self) -> ComposeResult:
        yield Static(id="exam-header")
        with Horizontal(id="exam-body"):  # the card's width is a share of a row (app.tcss #card)
            yield QuestionCard(id="card")
        yield Footer()

    def on_mount(self) -> None:
        self.redraw()
        self.set_interval(1.0, self.tick, name="exam-countdown")

    def on_screen_suspend(self) -> None:
        self._pause()  # a modal on top or leaving: commit the clock

    def on_unmount(self) -> None:
        self._pause()  # the app quits (ctrl+q) in the middle: the time used so far is kept

    def _pause(self) -> None:
        try:
            self.session.pause()
        except ProgressError as exc:
            self.notify(f"Could not save the exam's clock: {exc}", severity="error", markup=False)

    # ---- state --------------------------------------------------------------------------------

    @property
    def question(self) -> "Question | None":
        return self.library.questions.get(self.session.current.question_id)

    @property
    def lettering(self) -> Lettering:
        question = self.question
        if question is None:
            return Lettering(())
        return option_order(question.id, [o.id for o in question.options], self._order_seed)

    def tick(self) -> None:
        """Look at the clock: redraw the countdown, and show the result when time is up."""
        if self._ended:
            return
        try:
            self.session.tick()
        except ProgressError as exc:  # time ran out but the submit could not be stored
            self.notify(f"Could not submit the exam: {exc}", severity="error", timeout=15, markup=False)
            return
        if self.session.finished:
            self._show_result()
        else:
            self._draw_header()

    def _draw_header(self) -> None:
        s = self.session
        flagged = sum(it.flagged for it in s.items)
        header = Text(f" Exam · question {s.position + 1}/{len(s.items)} · {s.answered_count} answered", style="bold")
        if flagged:
            header.append(f" · ⚑ {flagged} flagged")
        header.append(f"    ⏱ {countdown(s.remaining_ms)} left", style="bold")
        if s.current.flagged:
            header.append("    ⚑ this question is flagged")
        if self._confirm_submit:
            header.append("    press s again to submit", style="bold reverse")
        if self.is_attached and self.query("#exam-header"):
            self.query_one("#exam-header", Static).update(header)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that arrive while the screen composes or is being removed do nothing (found by random keys)."""
        if action in ("quit", "help", "next_theme"):
            return True
        return self.is_attached and bool(self.query(QuestionCard))

    def redraw(self) -> None:
        # Keys and timers can arrive while the screen composes or is being removed (found by random keys).
        cards = self.query(QuestionCard) if self.is_attached else None
        if not cards or not self.query("#exam-header"):
            return
        self._draw_header()
        question = self.question
        card = cards.first()
        picked = list(self.session.current.chosen or ())
        if question is None:
            card.show(None, [], None, "This question is no longer in the loaded content; it is not scored.")
            return
        n = len(question.options)
        keys = f"1–{n} or a–{LETTERS[min(n, len(LETTERS)) - 1]}"
        choose = f"Choose {question.choose} ({len(picked)} chosen). " if question.choose > 1 else ""
        hint = (f"{choose}Pick with {keys} (again to unpick); n/p move, f flags, g lists the questions, "
                "s submits the exam. No feedback until the end.")
        card.show(question, picked, None, hint, order=self.lettering.order)

    # ---- actions --------------------------------------------------------------------------------

    def _act(self, work: Callable[[], object]) -> bool:
        """Run a session action; if the exam ended meanwhile (time-out), show the result instead."""
        self._confirm_submit = False
        try:
            work()
        except ExamClosed as exc:
            self.notify(str(exc), severity="warning")
            self._show_result()
            return False
        except ProgressError as exc:  # the pick is not kept: say so rather than show it as kept
            self.notify(f"Could not save that: {exc}", severity="error", timeout=15, markup=False)
            return False
        self.redraw()
        return True

    def action_pick(self, number: int) -> None:
        question = self.question
        if question is None or not 1 <= number <= len(question.options):
            return
        selection = Selection(question.choose, list(self.session.current.chosen or ()))
        option_id = self.lettering.id_at(number - 1)
        if question.choose == 1 and option_id in selection.picked:
            selection.picked = []  # the same key again clears the answer
        else:
            refused = selection.toggle(option_id)
            if refused:
                self.notify(refused, severity="warning")
                return
        self._act(lambda: self.session.choose(self.lettering.sort(selection.picked)))

    def action_next(self) -> None:
        self._act(self.session.next)

    def action_previous(self) -> None:
        self._act(self.session.previous)

    def action_flag(self) -> None:
        self._act(self.session.toggle_flag)

    def action_grid(self) -> None:
        from quizsim.tui.modals.question_grid import QuestionGridScreen

        def jump(position: int | None) -> None:
            if position is not None:
                self._act(lambda: self.session.goto(position))

        self.app.push_screen(QuestionGridScreen(self.session.grid()), jump)

    def action_submit_exam(self) -> None:
        if not self._confirm_submit:
            self._confirm_submit = True
            left = len(self.session.items) - self.session.answered_count
            unanswered = f" {left} question{'s' if left != 1 else ''} not answered." if left else ""
            self.notify(f"Press s again to submit the exam.{unanswered}", timeout=5)
            self._draw_header()
            return
        try:
            self.session.finish()
        except ProgressError as exc:
            self.notify(f"Could not submit the exam: {exc}", severity="error", timeout=15, markup=False)
            return
        self._show_result()

    def action_leave(self) -> None:
        self._pause()
        if not self.session.finished:
            self.notify("Exam paused: open Exam (e) from home to go on where you left it.", timeout=6)
        self._ended = True
        self.app.pop_screen()

    def _show_result(self) -> None:
        if self._ended:
            return
        self._ended = True
        from quizsim.tui.screens.exam_result import ExamResultScreen

        if self.session.timed_out:
            self.notify("Time is up: the exam was submitted.", severity="warning", timeout=8)
        self.app.switch_screen(ExamResultScreen(self.library, self.session))

    def on_key(self, event: Key) -> None:
        if event.character and event.character in LETTERS.upper():
            event.stop()
            self.action_pick(LETTERS.upper().index(event.character) + 1)


def open_exam(app, clock: Callable[[], float] | None = None) -> None:
    """Exam from home: resume the exam left in the middle, else ask for the settings and draw a new one."""
    import time

    from quizsim.tui.modals.exam_settings import ExamSettings, ExamSettingsScreen
    from quizsim.tui.progress_access import store_of, store_problem, study_pool, with_store

    library = app.library
    if library is None:
        app.notify("Content is still loading.")
        return
    store = store_of(app)
    if store is None:
        app.notify(f"Exam mode keeps the exam in your progress database, which cannot be used: {store_problem(app)}",
                   severity="error", timeout=15, markup=False)
        return
    pool = study_pool(library)
    clock = clock or getattr(app, "exam_clock", None) or time.monotonic
    exam_id = with_store(app, ExamSession.unfinished)
    if exam_id is not None:
        session = with_store(app, lambda s: ExamSession.resume(s, exam_id, pool, clock=clock))
        if session is not None:
            app.notify(f"Resuming your exam: {session.answered_count} of {len(session.items)} answered, "
                       f"{countdown(session.remaining_ms)} left.", timeout=6)
            app.push_screen(ExamScreen(library, session))
            return

    def start(settings: ExamSettings | None) -> None:
        if settings is None:
            return
        session = with_store(app, lambda s: ExamSession.start(
            s, list(pool.values()), count=settings.count, time_limit_s=settings.minutes * 60,
            pass_mark=settings.pass_mark, clock=clock))
        if session is not None:
            app.push_screen(ExamScreen(library, session))

    if not pool:
        app.notify("No questions loaded to draw an exam from.", severity="warning")
        return
    app.push_screen(ExamSettingsScreen(len(pool)), start)
