"""The home screen's study part (issue 9): due counts per pack, and the keys for review, exam and stats;
the theme remembered across runs."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Static

from quizsim.text import countdown
from quizsim.tui.literal import literal_line

THEME_SETTING = "theme"

STUDY_BINDINGS = [
    Binding("r", "review_due", "Review", id="review-due", tooltip="Practise the questions due for review"),
    Binding("w", "review_wrong", "Wrong", id="review-wrong", tooltip="Review only the questions last answered wrong"),
    Binding("e", "exam", "Exam", id="exam", tooltip="A timed exam (resumes one left in the middle)"),
    Binding("s", "stats", "Stats", id="stats", tooltip="Accuracy per topic over time, answers per day"),
    # Classroom tools: listed on the home screen and in help; the footer has no room for them at 80 columns.
    Binding("v", "present_selected", "Present", id="present", show=False,
            tooltip="Presenter mode for a class: the selected pack or topic, one question large, votes, then the race"),
    Binding("b", "sandbox", "Sandbox", id="sandbox", show=False,
            tooltip="Build a scenario, run it, compare runs, save it as YAML"),
]

MODES_TEXT = (
    ("▸ Review", " r due · w wrong only  "),
    ("▸ Exam", " e  "),
    ("▸ Stats", " s\n"),
    ("▸ Class", " v presents the selection  "),
    ("▸ Sandbox", " b"),
)


def modes_text() -> Text:
    text = Text()
    for title, what in MODES_TEXT:
        text.append(title, style="bold")
        text.append(what)
    return text


def due_text(due_by_pack: dict[str, int], titles: dict[str, str], wrong: int,
             exam: tuple[int, int, int] | None = None) -> Text:
    total = sum(due_by_pack.values())
    text = Text(f"Due for review: {total}", style="bold")
    text.append(f" · last answered wrong: {wrong}")
    if exam is not None:
        answered, count, left_ms = exam
        text.append("\nExam in progress", style="bold")
        text.append(f": {answered} of {count} answered, {countdown(left_ms)} left · e resumes it")
    for pack, n in due_by_pack.items():
        text.append("\n  ")
        text.append_text(literal_line(titles.get(pack, pack or "(no pack)")))
        text.append(f": {n}")
    return text


class HomeStudy:
    """Mixin for HomeScreen."""

    def study_widgets(self):
        yield Static(modes_text(), id="study-modes")
        yield Static("", id="due-counts")

    def refresh_due(self) -> None:
        """Due counts per pack from the schedule (the pack titles once the content is loaded)."""
        from quizsim.study.schedule import Schedule
        from quizsim.tui.progress_access import store_of, store_problem, with_store

        if not self.is_attached or not self.query("#due-counts"):
            return
        widget = self.query_one("#due-counts", Static)
        if store_of(self.app) is None:
            widget.update(Text(f"Progress is not saved this session: {store_problem(self.app)}"))
            return
        from quizsim.study.exam import ExamSession

        counts = with_store(self.app, lambda store: (Schedule(store).due_counts("pack"),
                                                     len(store.wrong_question_ids()),
                                                     ExamSession.unfinished_progress(store)))
        if counts is None:
            return
        library = self.app.library
        titles = {p.id: p.title for p in library.packs.values()} if library is not None else {}
        widget.update(due_text(counts[0], titles, counts[1], counts[2]))

    def restore_theme(self) -> None:
        """The theme chosen in an earlier run, and remember each change from now on."""
        from quizsim.tui.progress_access import with_store

        theme = with_store(self.app, lambda store: store.get_setting(THEME_SETTING))
        if isinstance(theme, str) and theme in self.app.available_themes and theme != self.app.theme:
            self.app.theme = theme
        self.watch(self.app, "theme", self._theme_changed, init=False)

    def _theme_changed(self, theme: str) -> None:
        from quizsim.tui.progress_access import with_store

        with_store(self.app, lambda store: store.set_setting(THEME_SETTING, theme))

    def on_screen_resume(self) -> None:
        # After the frame, as on mount: the home screen also resumes at start-up, and opening the store
        # (with fsrs) before the first frame made start-up about 40 ms slower.
        self.call_after_refresh(self.refresh_due)

    def action_review_due(self) -> None:
        from quizsim.tui.screens.review import open_review

        open_review(self.app, wrong_only=False)

    def action_review_wrong(self) -> None:
        from quizsim.tui.screens.review import open_review

        open_review(self.app, wrong_only=True)

    def action_exam(self) -> None:
        from quizsim.tui.screens.exam import open_exam

        open_exam(self.app)

    def action_present_selected(self) -> None:
        """Presenter mode over the pack or topic under the cursor (everything at the root)."""
        from quizsim.study.playlist import pack_playlist
        from quizsim.tui.screens.presenter import PresenterScreen

        library = self.app.library
        if library is None:
            return
        pack_id, tag = self.selected_target()
        try:
            playlist = pack_playlist(library, pack_id, tag)
        except ValueError as exc:
            self.app.notify(str(exc), severity="warning", markup=False)
            return
        self.app.push_screen(PresenterScreen(library, playlist))

    def action_sandbox(self) -> None:
        from quizsim.tui.screens.sandbox import SandboxScreen

        if self.app.library is not None:
            self.app.push_screen(SandboxScreen(self.app.library))

    def action_stats(self) -> None:
        from quizsim.tui.screens.stats import open_stats

        open_stats(self.app)
