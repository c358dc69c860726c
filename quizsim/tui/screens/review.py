"""Review: practise what the spaced-repetition schedule says is due, or only the questions last answered wrong.

The same screen as practice (answers graded from the answer as the core does: wrong → Again, slow → Hard,
fast → Easy), with answers stored under mode 'review'.
"""

from __future__ import annotations

from quizsim.tui.screens.practice import PracticeScreen


class ReviewScreen(PracticeScreen):
    mode = "review"


def review_ids(app, *, wrong_only: bool) -> list[str] | None:
    """Due (or last-wrong) questions that the loaded content still has; None when there is no store."""
    from quizsim.study.schedule import Schedule
    from quizsim.tui.progress_access import with_store

    ids = with_store(app, lambda store: Schedule(store).review_ids(wrong_only=wrong_only))
    if ids is None:
        return None
    return [qid for qid in ids if qid in app.library.questions]


def open_review(app, *, wrong_only: bool = False) -> None:
    from quizsim.tui.progress_access import store_of, store_problem

    if app.library is None:
        app.notify("Content is still loading.")
        return
    if store_of(app) is None:
        app.notify(f"Review needs your progress, which cannot be used: {store_problem(app)}", severity="error",
                   timeout=10, markup=False)
        return
    ids = review_ids(app, wrong_only=wrong_only)
    if ids is None:
        return
    if not ids:
        app.notify("Nothing answered wrong lately." if wrong_only else
                   "Nothing is due: practise new questions, or come back later.")
        return
    title = f"Review: {len(ids)} last answered wrong" if wrong_only else f"Review: {len(ids)} due"
    app.pop_to_home()
    # Most overdue first, as the schedule gives them: no shuffle of the questions' order.
    screen = ReviewScreen(app.library, ids, title)
    app.push_screen(screen)
