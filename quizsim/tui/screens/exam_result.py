"""After an exam: score, pass or fail, breakdown by domain and tag, time per question, and each question's
review with its consequence panel; w retakes only the questions that were wrong or left unanswered."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from quizsim.study.exam import ExamResult, ExamSession, Tally
from quizsim.study.order import Lettering, option_order
from quizsim.study.progress import ProgressError
from quizsim.text import countdown
from quizsim.tui.compat import SafeOptionList
from quizsim.tui.literal import literal_line
from quizsim.tui.widgets.consequence import ConsequencePanel
from quizsim.tui.widgets.question_card import QuestionCard

if TYPE_CHECKING:
    from quizsim.content import Library


ROW_ID_WIDTH = 21
"""A question row is 35 cells: it fits the 44-cell side column inside the list's border and scrollbar."""


def score_line(result: ExamResult) -> Text:
    verdict = ("PASS", "bold green") if result.passed else ("FAIL", "bold red")
    text = Text.assemble(("Score ", "bold"), (f"{result.scaled_score}", "bold"), f" / 1000 (pass mark {result.pass_mark})  ",
                         verdict)
    text.append(f"\n{result.right} of {result.total} right · time {countdown(result.elapsed_ms)}"
                f" of {countdown(result.time_limit_ms)}")
    if result.timed_out:
        text.append(" · time ran out: submitted as it stood", style="bold")
    if result.missing:
        text.append(f"\n{len(result.missing)} question(s) no longer in the content were not scored.")
    return text


def tally_table(title: str, tallies: list[Tally]) -> Table:
    """Right / total and accuracy per name, weakest first (as the core orders them)."""
    table = Table(title=title, title_justify="left", box=None, padding=(0, 1), show_edge=False)
    table.add_column(title.split()[-1].capitalize(), overflow="fold")
    table.add_column("right", justify="right")
    table.add_column("%", justify="right")
    for t in tallies:
        table.add_row(literal_line(t.name), f"{t.right}/{t.total}", f"{t.accuracy:.0%}")
    return table


class ExamResultScreen(Screen[None]):
    DEFAULT_CSS = """
    #result-header { height: 1; background: $panel; }
    #result-body { height: 1fr; }
    #result-side { width: 44; padding: 0 1; }
    #result-list { height: auto; max-height: 30; }
    ExamResultScreen #card { width: 2fr; }
    ExamResultScreen #consequence { width: 3fr; }
    ExamResultScreen {
        &.-narrow #result-body { layout: vertical; overflow-y: auto; }
        &.-narrow #result-side { width: 100%; height: auto; overflow-y: hidden; }
    }
    """
    BINDINGS = [
        Binding("w", "retake_wrong", "Retake wrong", id="retake-wrong", tooltip="A new exam of the wrong or unanswered ones"),
        Binding("n,right", "move(1)", "Next", id="result-next", key_display="→"),
        Binding("p,left", "move(-1)", "Prev", id="result-previous", key_display="←"),
        Binding("c", "compare_all", "Compare all", id="result-compare"),
        Binding("escape", "home", "Home", id="result-home", key_display="esc"),
        Binding("question_mark", "app.help", "Help", id="result-help", key_display="?"),
    ]

    def __init__(self, library: "Library", session: ExamSession) -> None:
        super().__init__()
        self.library = library
        self.session = session
        self.result = session.result()
        self.index = 0

    def compose(self) -> ComposeResult:
        yield Static(Text(" Exam result", style="bold"), id="result-header")
        with Horizontal(id="result-body"):
            with VerticalScroll(id="result-side"):
                yield Static(score_line(self.result), id="result-score")
                yield Static("Questions  (enter or ←/→ reviews one)", classes="section-title")
                yield SafeOptionList(*[Option(self._row(i), id=str(i)) for i in range(len(self.result.questions))],
                                     id="result-list")
                yield Static(tally_table("By domain", self.result.by_domain), id="result-domains")
                yield Static(tally_table("By tag", self.result.by_tag), id="result-tags")
            yield QuestionCard(id="card")
            yield ConsequencePanel(id="consequence")
        yield Footer()

    def _row(self, index: int) -> Text:
        """One line that fits the side column: mark, flag, number, id (cut), then time or 'no answer'."""
        q = self.result.questions[index]
        mark = ("✓", "green") if q.correct else (("✗", "red") if q.chosen else ("–", "yellow"))
        text = Text.assemble((mark[0], f"bold {mark[1]}"), "⚑" if q.flagged else " ", f" {q.position + 1:>2}. ")
        name = literal_line(q.question_id)
        name.truncate(ROW_ID_WIDTH if q.chosen else ROW_ID_WIDTH - 3, overflow="ellipsis", pad=True)
        text.append_text(name)
        if q.chosen:
            text.append(f"  {countdown(q.time_ms)}")
        else:
            text.append(" no answer", style="dim")
        return text

    def on_mount(self) -> None:
        if self.result.questions:
            self.query_one("#result-list", OptionList).focus()
            self.show_question(0)

    def lettering(self, question) -> Lettering:
        import os

        from quizsim.study.order import ENV_SEED

        seed = None if os.environ.get(ENV_SEED, "").strip() == "as-written" else self.session.spec.seed
        return option_order(question.id, [o.id for o in question.options], seed)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that arrive while the screen composes or is being removed do nothing (found by random keys)."""
        if action in ("quit", "help", "next_theme"):
            return True
        return self.is_attached and bool(self.query(QuestionCard))

    def show_question(self, index: int) -> None:
        if not self.result.questions or not self.query(QuestionCard) or not self.query(ConsequencePanel):
            return
        self.index = max(0, min(index, len(self.result.questions) - 1))
        outcome = self.result.questions[self.index]
        question = self.library.questions.get(outcome.question_id)
        card, panel = self.query_one(QuestionCard), self.query_one(ConsequencePanel)
        if question is None:
            card.show(None, [], None)
            return
        lettering = self.lettering(question)
        chosen = tuple(outcome.chosen or ())
        hint = ("Right." if outcome.correct else ("Not answered." if not chosen else "Wrong.")) + \
            f" Time on it: {countdown(outcome.time_ms)}. w retakes the wrong ones."
        card.show(question, list(chosen), chosen, hint, order=lettering.order)
        card.scroll_home(animate=False)
        if not chosen:
            panel.reset("\nNot answered: c races every option on the same traffic.")
            return
        from quizsim.verdict.matchup import plan_matchup

        correct = {o.id for o in question.options if o.correct}
        matchup = plan_matchup([(oid, oid in correct) for oid in lettering.order], chosen)
        panel.start_matchup(self.library, question, matchup, self._seed(question), None, letters=lettering.letters())

    def _seed(self, question) -> int:
        scenario = self.library.scenarios.get(question.scenario or "")
        return scenario.seed if scenario is not None else 42

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None and int(event.option.id) != self.index:
            self.show_question(int(event.option.id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.show_question(int(event.option.id))

    def action_move(self, step: int) -> None:
        self.show_question(self.index + step)
        self.query_one("#result-list", OptionList).highlighted = self.index

    def action_compare_all(self) -> None:
        if not self.result.questions:
            return
        outcome = self.result.questions[self.index]
        question = self.library.questions.get(outcome.question_id)
        if question is not None:
            self.query_one(ConsequencePanel).start_compare(
                self.library, question, self._seed(question), tuple(outcome.chosen or ()),
                order=list(self.lettering(question).order))

    def action_retake_wrong(self) -> None:
        from quizsim.tui.screens.exam import ExamScreen

        try:
            retake = self.session.retake_wrong()
        except ValueError as exc:
            self.notify(str(exc))
            return
        except ProgressError as exc:  # the store failed: say so, keep the result on screen
            self.notify(f"Could not start the retake: {exc}", severity="error", markup=False)
            return
        self.app.switch_screen(ExamScreen(self.library, retake))

    def action_home(self) -> None:
        panel = self.query_one(ConsequencePanel)
        if panel.cancel():
            return
        self.app.pop_to_home()
