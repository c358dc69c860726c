"""Practice: a question card, then the consequence of the answer, simulated beside the best one."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.events import Key
from textual.screen import Screen
from textual.widgets import Footer, Static

from quizsim.study.order import Lettering, session_seed
from quizsim.study.practice import PracticeSession, Selection, grade, score_text
from quizsim.text_safety import visible_line
from quizsim.tui.screens.practice_memory import PracticeMemory
from quizsim.tui.widgets.consequence import ConsequencePanel
from quizsim.tui.widgets.question_card import LETTERS, QuestionCard

if TYPE_CHECKING:
    from quizsim.content import Library, Question

ANSWERED_ONLY = {"compare_all", "new_seed", "toggle_pause", "faster", "slower", "jump_to_end"}


class PracticeScreen(PracticeMemory, Screen[None]):
    """One question at a time; keys pick, Enter submits, the panel shows what the answer does."""

    BINDINGS = [
        Binding("1", "pick(1)", "Pick", id="pick", key_display="1-9"),
        *[Binding(str(i), f"pick({i})", show=False) for i in range(2, 10)],
        *[Binding(ch, f"pick({i + 1})", show=False) for i, ch in enumerate(LETTERS)],
        Binding("enter", "submit", "Submit", id="submit"),
        # 'c' picks option C before answering (binding above) and compares all after.
        Binding("c", "compare_all", "Compare all", id="compare-all", tooltip="Race every option on the same seed"),
        Binding("r", "new_seed", "New seed", id="new-seed"),
        Binding("space", "toggle_pause", "Pause", id="pause"),
        Binding("j", "jump_to_end", "To end", id="jump-to-end"),
        # The footer shows keys in this order and cuts what does not fit: help comes before the rest,
        # so `?` shows at 80 columns before and after answering (the help lists every key).
        Binding("question_mark", "app.help", "Help", id="help", key_display="?"),
        Binding("n,right", "next", "Next", id="next", key_display="→"),
        Binding("p,left", "previous", "Prev", id="previous", key_display="←"),
        Binding("s", "skip", "Skip", id="skip"),
        Binding("f", "filter", "Tag filter", id="filter"),
        Binding("m", "flag", "Flag", id="flag", tooltip="Flag this question for later (kept across runs)", show=False),
        Binding("g", "goto", "Go to", id="goto", tooltip="Go to a question by number or id", show=False),
        Binding("escape", "escape", "Cancel/home", id="escape", key_display="esc"),
        Binding("plus,equals_sign", "faster", "Faster", id="faster", key_display="+", show=False),
        Binding("minus", "slower", "Slower", id="slower", key_display="-", show=False),
        # Priority: the focused card would otherwise take these keys for itself, even after answering.
        Binding("end", "jump_to_end", "To end", show=False, priority=True),
        Binding("pagedown", "scroll_page(1)", "Scroll down", id="scroll-down", show=False, priority=True),
        Binding("pageup", "scroll_page(-1)", "Scroll up", id="scroll-up", show=False, priority=True),
        Binding("t", "app.next_theme", "Theme", id="theme", show=False),
        Binding("q", "app.quit", "Quit", id="quit", show=False),
    ]

    def __init__(
        self, library: "Library", question_ids: list[str], title: str, tag: str | None = None, order_seed: int | None | str = "env",
    ) -> None:
        """`order_seed` shuffles questions and options (None keeps the YAML's order); by default it comes
        from QUIZSIM_SEED, or is drawn at random and shown in the header so the session can be replayed."""
        super().__init__()
        self.library = library
        self.title_text = title
        self._seed_problem: str | None = None
        if order_seed == "env":
            try:
                order_seed = session_seed()
            except ValueError as exc:
                self._seed_problem = f"{exc}; questions and options keep their written order."
                order_seed = None
        questions = [(qid, library.questions[qid].tags) for qid in question_ids]
        self.session = PracticeSession(questions, tag=tag, seed=order_seed if isinstance(order_seed, int) else None)
        self.selection = Selection(1)
        self.answered: tuple[str, ...] | None = None
        self.seed = 0
        self._prewarmed = False
        self._memory_init()

    def compose(self) -> ComposeResult:
        yield Static(id="practice-header")
        with Horizontal(id="practice-body"):
            yield QuestionCard(id="card")
            yield ConsequencePanel(id="consequence")
        yield Footer()

    def on_mount(self) -> None:
        if self._seed_problem:
            self.notify(self._seed_problem, severity="warning", timeout=10)
        self.show_question()
        self.set_timer(0.3, self._prewarm_engine)

    def _prewarm_engine(self) -> None:
        """Load the engine (SimPy, numpy, store models) in the background while the learner reads."""
        from functools import partial

        from quizsim.race.runner import warm_engine

        if not self._prewarmed:
            self._prewarmed = True
            self.run_worker(partial(warm_engine, self.library, self.question), thread=True, group="prewarm", exit_on_error=False)

    # ---- state --------------------------------------------------------------------------------

    @property
    def question(self) -> "Question | None":
        qid = self.session.current
        return self.library.questions.get(qid) if qid is not None else None

    @property
    def lettering(self) -> Lettering:
        """The current question's options in shown order; letters and keys follow it."""
        question = self.question
        if question is None:
            return Lettering(())
        return self.session.options(question.id, [o.id for o in question.options])

    @property
    def ready(self) -> bool:
        """Children composed and still attached (keys can arrive while the screen mounts or leaves)."""
        return self.is_attached and bool(self.query(ConsequencePanel)) and bool(self.query("#q-head"))

    def show_question(self) -> None:
        if not self.ready:
            return
        question = self.question
        self.query_one(ConsequencePanel).reset(self._scenario_preview(question),
                                               simulated=question is None or question.simulated)
        self.selection = Selection(question.choose if question else 1)
        self.answered = None
        previous = self.session.answers.get(self.session.current or "")
        if question is not None and previous is not None:
            # Back to an answered question: the answer given and its feedback, not a fresh card.
            self.selection.picked = list(previous.chosen)
            self.answered = previous.chosen
            self.seed = self._default_seed(question)
            self._run_matchup(on_first_frame=self._answer_shown)
        else:
            self._card_shown()
        self.redraw()
        self.query_one(QuestionCard).scroll_home(animate=False)

    def _scenario_preview(self, question: "Question | None") -> str:
        """What will be simulated, in a few lines: the world of the question, not the answer."""
        scenario = self.library.scenarios.get(question.scenario or "") if question is not None else None
        if scenario is None:
            return ""
        from quizsim.text import clock_span

        minutes = scenario.duration_s / 60
        span = clock_span(scenario.start_clock, scenario.duration_s)
        lines = [f"\nThe scenario: {scenario.title or scenario.id}", f"{span} simulated ({minutes:,.0f} min)"]
        if scenario.description:
            lines.append(scenario.description.strip())
        return "\n".join(lines)

    def redraw(self) -> None:
        if not self.ready:
            return
        question = self.question
        right, wrong = self.session.score()
        tag = f" · tag {visible_line(self.session.tag)}" if self.session.tag else ""
        header = Text(f" quizsim · {self.title_text}{tag} · {self.session.position}", style="bold")
        header.append(f"    {score_text(right, wrong)}")
        if self.session.seed is not None:
            header.append(f"   shuffle {self.session.seed}")
        if self.answered is not None and self.seed:
            header.append(f"   seed {self.seed}")
        if self.is_flagged(self.session.current):
            header.append("   ⚑ flagged")
        self.query_one("#practice-header", Static).update(header)
        card = self.query_one(QuestionCard)
        card.show(question, self.selection.picked, self.answered, self._hint(question), order=self.lettering.order)
        state = (self.session.current, self.answered is not None)
        if state != getattr(self, "_bindings_state", None):
            self._bindings_state = state  # the footer recomposes on refresh: only when keys change
            self.refresh_bindings()

    def _hint(self, question: "Question | None") -> str:
        if question is None:
            return "f changes the tag filter."
        if self.answered is not None:
            result = grade([o.id for o in question.options if o.correct], self.answered)
            then = "c compares all options · " if question.simulated else ""
            return f"{result.mark} {result.words}. {then}n next question"
        n = len(question.options)
        keys = f"1–{n}" + (f" or a–{LETTERS[min(n, len(LETTERS)) - 1]}" if n else "")
        counter = self.selection.counter()
        prefix = f"Choose {question.choose}: {counter}. " if counter else ""
        return f"{prefix}Pick with {keys}, then enter to submit."

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.ready and action not in ("escape", "help", "next_theme", "quit"):
            return False
        question = self.question
        if action == "pick":
            return question is not None and self.answered is None and int(parameters[0]) <= len(question.options)
        if action == "submit":
            return question is not None and self.answered is None
        if action in ANSWERED_ONLY:
            return self.answered is not None and question is not None and question.simulated
        return True

    def palette_commands(self) -> list[tuple[str, str, object]]:
        """Picking each option, for the command palette (the other actions come from the bindings)."""
        from functools import partial

        question = self.question
        if question is None or self.answered is not None:
            return []
        lettering = self.lettering
        texts = {option.id: option.text for option in question.options}
        return [
            (f"Pick {lettering.letter_of(oid)}: {texts[oid][:60]}", f"Pick option {i + 1} (key {i + 1})", partial(self.action_pick, i + 1))
            for i, oid in enumerate(lettering.order)
        ]

    # ---- answering ----------------------------------------------------------------------------

    def action_pick(self, number: int) -> None:
        question = self.question
        if question is None or self.answered is not None or not 1 <= number <= len(question.options):
            return
        refused = self.selection.toggle(self.lettering.id_at(number - 1))
        if refused:
            self.notify(refused, severity="warning")
        self.redraw()

    def action_submit(self) -> None:
        question = self.question
        if question is None or self.answered is not None:
            return
        if not self.selection.ready:
            need = question.choose - len(self.selection.picked)
            self.notify(f"Pick {need} more option{'s' if need != 1 else ''} first.", severity="warning")
            return
        self.answered = tuple(self.lettering.sort(self.selection.picked))
        self.session.record(question.id, self.answered, grade([o.id for o in question.options if o.correct], self.answered))
        self._store_answer(question, self.answered)
        self.seed = self._default_seed(question)
        # The card is redrawn with the panel's first frame (see ConsequencePanel.start_matchup).
        self._run_matchup(on_first_frame=self._answer_shown)

    def _default_seed(self, question: "Question") -> int:
        scenario = self.library.scenarios.get(question.scenario or "")
        return scenario.seed if scenario is not None else 42

    def _run_matchup(self, on_first_frame=None) -> None:
        from quizsim.verdict.matchup import plan_matchup

        question = self.question
        if question is None or self.answered is None:
            return
        lettering = self.lettering
        correct = {o.id for o in question.options if o.correct}
        matchup = plan_matchup([(oid, oid in correct) for oid in lettering.order], self.answered)
        panel = self.query_one(ConsequencePanel)
        panel.start_matchup(self.library, question, matchup, self.seed, on_first_frame, letters=lettering.letters())
        self.apply_speed()

    def _answer_shown(self) -> None:
        """Feedback on the card, drawn with the panel's first frame; stacked panels scroll to the chart."""
        self.redraw()
        if self.has_class("-narrow") or self.app.has_class("-narrow"):
            panel = self.query_one(ConsequencePanel)
            self.call_after_refresh(panel.scroll_visible, animate=False)

    # ---- after answering ----------------------------------------------------------------------

    def action_compare_all(self) -> None:
        question = self.question
        if question is None or self.answered is None:
            return
        self.query_one(ConsequencePanel).start_compare(self.library, question, self.seed, self.answered, order=list(self.lettering.order))

    def action_new_seed(self) -> None:
        question = self.question
        if question is None or self.answered is None:
            return
        self.seed = random.randrange(1, 1_000_000)
        panel = self.query_one(ConsequencePanel)
        mode = panel.view.mode if panel.view is not None else "matchup"
        self.redraw()
        if mode == "compare":
            panel.start_compare(self.library, question, self.seed, self.answered, order=list(self.lettering.order))
        else:
            self._run_matchup()

    def action_toggle_pause(self) -> None:
        self.query_one(ConsequencePanel).toggle_pause()

    def action_faster(self) -> None:
        self.query_one(ConsequencePanel).faster()
        self.remember_speed()

    def action_slower(self) -> None:
        self.query_one(ConsequencePanel).slower()
        self.remember_speed()

    def action_jump_to_end(self) -> None:
        self.query_one(ConsequencePanel).jump_to_end()

    def action_escape(self) -> None:
        if not self.ready:
            return
        panel = self.query_one(ConsequencePanel)
        if panel.cancel():
            self.notify("Simulation cancelled.")
            return
        self.app.pop_to_home()

    def action_scroll_page(self, direction: int) -> None:
        """Stacked panels scroll together; side by side, the panel scrolls once answered, else the card."""
        if self.has_class("-narrow") or self.app.has_class("-narrow"):
            target = self.query_one("#practice-body")
        elif self.answered is not None:
            target = self.query_one(ConsequencePanel)
        else:
            target = self.query_one(QuestionCard)
        if direction > 0:
            target.scroll_page_down(animate=False)
        else:
            target.scroll_page_up(animate=False)

    # ---- navigation ---------------------------------------------------------------------------

    def action_next(self) -> None:
        if self.session.at_end and self.session.ids:
            self.show_set_summary()
            return
        self.session.next()
        self.show_question()

    def action_previous(self) -> None:
        self.session.previous()
        self.show_question()

    def action_skip(self) -> None:
        self.session.skip()
        self.show_question()

    def action_filter(self) -> None:
        from quizsim.tui.modals.tag_filter import ALL, TagFilterScreen

        def chosen(tag: str | None) -> None:
            if tag is None:
                return
            self.session.set_tag(None if tag == ALL else tag)
            self.show_question()

        self.app.push_screen(TagFilterScreen(self.session.tags(), self.session.tag), chosen)

    def on_key(self, event: Key) -> None:
        # Upper-case A–E pick like a–e (shift is natural when reading the option letters).
        if event.character and event.character in LETTERS.upper() and self.answered is None:
            event.stop()
            self.action_pick(LETTERS.upper().index(event.character) + 1)

