"""Presenter mode: one question large on a projector, the class's votes, then the options raced.

The key stays hidden until the teacher presses k, however many races were run; any option can be
raced alone (a–e) or all side by side (g) on the question's seed, paused, stepped event by event.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from quizsim.study.order import Lettering
from quizsim.study.playlist import default_seed, with_overrides
from quizsim.study.tally import VoteTally
from quizsim.tui.literal import literal, literal_line
from quizsim.tui.widgets.presenter_board import PresenterBoard
from quizsim.tui.widgets.vote_bars import VoteBars

if TYPE_CHECKING:
    from quizsim.content import Library, Question
    from quizsim.study.playlist import Playlist

RACE_KEYS = "abcdef"


class PresenterScreen(Screen[None]):
    BINDINGS = [
        Binding("1", "vote(1)", "Vote", id="vote", key_display="1-5"),
        *[Binding(str(i), f"vote({i})", show=False) for i in range(2, 10)],
        Binding("u,backspace", "undo_vote", "Undo vote", id="undo-vote", show=False),
        Binding("0", "clear_votes", "Clear votes", id="clear-votes", show=False),
        Binding("g", "race_all", "Race all", id="race-all"),
        *[Binding(ch, f"race_one({i})", show=False) for i, ch in enumerate(RACE_KEYS)],
        Binding("space", "toggle_pause", "Pause", id="pause"),
        Binding("full_stop,s", "step", "Step", id="step", key_display="."),
        Binding("j,end", "jump_to_end", "End", id="jump-to-end"),
        Binding("k", "reveal", "Reveal key", id="reveal"),
        Binding("n,right", "next", "Next", id="next", key_display="→"),
        Binding("p,left", "previous", "Prev", id="previous", key_display="←"),
        Binding("plus,equals_sign", "faster", "Faster", show=False),
        Binding("minus", "slower", "Slower", show=False),
        Binding("escape", "escape", "Stop/back", id="escape", key_display="esc", show=False),
        Binding("question_mark", "app.help", "Help", show=False),
        Binding("t", "app.next_theme", "Theme", show=False),
        Binding("q", "app.quit", "Quit", show=False),
    ]
    DEFAULT_CSS = """
    PresenterScreen { layout: vertical; }
    PresenterScreen #pr-title { height: 1; background: $panel; text-style: bold; }
    PresenterScreen #pr-stem { height: auto; max-height: 8; text-style: bold; padding: 0 1; }
    PresenterScreen #pr-votes { margin: 0 0 0 0; }
    """

    def __init__(self, library: "Library", playlist: "Playlist") -> None:
        super().__init__()
        self.library = library
        self.playlist = playlist
        self.index = 0
        self.question: "Question | None" = None
        self.order: list[str] = []
        self.tally = VoteTally(())
        self.revealed = False
        self.seed = 0

    def compose(self) -> ComposeResult:
        yield Static(id="pr-title")
        yield Static(id="pr-stem")
        yield VoteBars(id="pr-votes")
        yield PresenterBoard(id="pr-board")
        yield Footer()

    def on_mount(self) -> None:
        self.show_item(0)

    @property
    def board(self) -> PresenterBoard:
        return self.query_one(PresenterBoard)

    # ---- one question -------------------------------------------------------------------------

    def show_item(self, index: int) -> None:
        self.index = max(0, min(index, len(self.playlist.items) - 1))
        item = self.playlist.items[self.index]
        question = self.library.questions[item.question]
        self.question = with_overrides(question, item.set)
        seed = self.playlist.seed_of(self.index)
        self.seed = seed if seed is not None else default_seed(self.library, question)
        self.order = [o.id for o in question.options]
        self.tally = VoteTally(tuple(self.order))
        self.revealed = False
        self.query_one("#pr-stem", Static).update(literal(question.stem.strip()))
        board = self.board
        board.revealed = False
        board.option_order = list(self.order)
        board.reset(preview=f"Seed {self.seed}" + (f" · overrides {', '.join(f'{k}={v}' for k, v in item.set.items())}" if item.set else ""))
        self.refresh_votes()

    @property
    def letters(self) -> dict[str, str]:
        return Lettering(tuple(self.order)).letters()

    def refresh_votes(self) -> None:
        assert self.question is not None
        correct = frozenset(o.id for o in self.question.options if o.correct) if self.revealed else None
        texts = {o.id: o.text for o in self.question.options}
        self.query_one(VoteBars).show(self.tally, self.letters, texts, correct)
        self._title()

    def _title(self) -> None:
        assert self.question is not None
        n = len(self.playlist.items)
        parts = [self.playlist.title, f"{self.index + 1}/{n}", f"seed {self.seed}", f"{self.tally.total} votes"]
        if self.revealed:
            key = [o.id for o in self.question.options if o.correct]
            right = sum(self.tally.count(oid) for oid in key)
            parts.append(f"key: {Lettering(tuple(self.order)).name(key)}")
            if self.tally.total:
                parts.append(f"{right} of {self.tally.total} voted right")
        else:
            parts.append("key hidden (k reveals)")
        self.query_one("#pr-title", Static).update(literal_line(" " + " · ".join(parts)))  # the playlist's title

    # ---- actions ------------------------------------------------------------------------------

    def action_vote(self, position: int) -> None:
        if 1 <= position <= len(self.order):
            self.tally.add(self.order[position - 1])
            self.refresh_votes()

    def action_undo_vote(self) -> None:
        if self.tally.undo() is not None:
            self.refresh_votes()

    def action_clear_votes(self) -> None:
        self.tally.clear()
        self.refresh_votes()

    def action_race_all(self) -> None:
        self._race(list(self.order))

    def action_race_one(self, index: int) -> None:
        if 0 <= index < len(self.order):
            self._race([self.order[index]])

    def _race(self, option_ids: list[str]) -> None:
        assert self.question is not None
        self.board.start_options(self.library, self.question, self.seed, option_ids, self.order)

    def action_toggle_pause(self) -> None:
        self.board.toggle_pause()

    def action_step(self) -> None:
        self.board.step()

    def action_jump_to_end(self) -> None:
        self.board.jump_to_end()

    def action_faster(self) -> None:
        self.board.faster()

    def action_slower(self) -> None:
        self.board.slower()

    def action_reveal(self) -> None:
        self.revealed = True
        self.board.revealed = True
        self.board.redraw()
        self.refresh_votes()

    def action_next(self) -> None:
        if self.index + 1 < len(self.playlist.items):
            self.show_item(self.index + 1)

    def action_previous(self) -> None:
        if self.index > 0:
            self.show_item(self.index - 1)

    def action_escape(self) -> None:
        if not self.board.cancel():
            self.app.pop_screen() if len(self.app.screen_stack) > 1 else self.app.exit()
