"""What practice remembers (issue 9), as a mixin of PracticeScreen: every answer stored the moment it is
given, flags, go to question, the end-of-set summary, and the playback speed across runs."""

from __future__ import annotations

import time
import uuid
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizsim.content import Question

SPEED_SETTING = "playback_speed_index"


class PracticeMemory:
    """Expects the PracticeScreen attributes: app, library, session, question, notify, show_question, redraw."""

    mode = "practice"
    """The mode answers are stored under ('review' in review sessions)."""

    def _memory_init(self) -> None:
        self._shown_at = time.monotonic()
        self._session_id = uuid.uuid4().hex[:12]

    def _card_shown(self) -> None:
        """A fresh card: the answer's time counts from now."""
        self._shown_at = time.monotonic()

    def _store_answer(self, question: "Question", chosen: tuple[str, ...]) -> None:
        """Commit the answer (and its review schedule) before it is shown as submitted."""
        from quizsim.study.schedule import Schedule, study_question
        from quizsim.tui.progress_access import with_store

        time_ms = int((time.monotonic() - getattr(self, "_shown_at", time.monotonic())) * 1000)
        pack = next((p.id for p in self.library.packs.values() if question.id in p.question_ids), "")
        with_store(self.app, lambda store: Schedule(store).answer(
            study_question(question, pack), chosen, time_ms=time_ms, mode=self.mode, session_id=self._session_id))

    # ---- flags ----------------------------------------------------------------------------------------

    def is_flagged(self, question_id: str | None) -> bool:
        from quizsim.tui.progress_access import with_store

        if question_id is None:
            return False
        return bool(with_store(self.app, lambda store: store.is_flagged(question_id), False))

    def action_flag(self) -> None:
        """Flag the question for later (kept in the progress store), or clear its flag."""
        from quizsim.tui.progress_access import store_of, with_store

        qid = self.session.current
        if qid is None:
            return
        if store_of(self.app) is None:
            self.notify("Flags are kept in the progress database, which cannot be used this session.", severity="warning")
            return
        flagged = not self.is_flagged(qid)
        pack = next((p.id for p in self.library.packs.values() if qid in p.question_ids), "")
        with_store(self.app, lambda store: store.set_flag(qid, flagged, pack=pack))
        self.notify("Flagged for later." if flagged else "Flag cleared.")
        self.redraw()

    # ---- go to ----------------------------------------------------------------------------------------

    def action_goto(self) -> None:
        from quizsim.tui.modals.goto import GotoScreen

        if not self.session.ids:
            return

        def go(position: int | None) -> None:
            if position is not None and self.is_attached:
                self.session.index = position
                self.show_question()

        self.app.push_screen(GotoScreen(self.session.ids), go)

    # ---- end of the set -------------------------------------------------------------------------------

    def show_set_summary(self) -> None:
        from quizsim.tui.screens.set_summary import RETRY, SetSummaryScreen, wrong_ids

        def chosen(result: str | None) -> None:
            if result == RETRY:
                self.retry(wrong_ids(self.session))

        self.app.push_screen(SetSummaryScreen(self.library, self.session), chosen)

    def retry(self, question_ids: list[str]) -> None:
        screen = type(self)(self.library, question_ids, f"{self.title_text} · retry wrong", order_seed=self.session.seed)
        self.app.switch_screen(screen)

    # ---- playback speed -------------------------------------------------------------------------------

    def remember_speed(self) -> None:
        from quizsim.tui.progress_access import with_store
        from quizsim.tui.widgets.consequence import ConsequencePanel

        view = self.query_one(ConsequencePanel).view
        if view is not None:
            with_store(self.app, lambda store: store.set_setting(SPEED_SETTING, view.playback.speed_index))

    def apply_speed(self) -> None:
        """The remembered playback speed for the race just started."""
        from quizsim.race.playback import SPEEDS
        from quizsim.tui.progress_access import with_store
        from quizsim.tui.widgets.consequence import ConsequencePanel

        index = with_store(self.app, lambda store: store.get_setting(SPEED_SETTING))
        view = self.query_one(ConsequencePanel).view
        if view is not None and isinstance(index, int) and 0 <= index < len(SPEEDS):
            view.playback.speed_index = index
