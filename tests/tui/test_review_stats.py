"""Answers from practice are stored; home shows what is due per pack; review and wrong-only sessions; the
stats screen lists topics weakest first; a progress database the app cannot use is said, never a traceback."""

from __future__ import annotations

from datetime import timedelta

from quizsim.study.progress import ProgressStore
from quizsim.study.progress.records import utc_now
from quizsim.tui.app import make_app
from quizsim.tui.progress_access import store_of
from quizsim.tui.screens.home import HomeScreen
from quizsim.tui.screens.review import ReviewScreen
from quizsim.tui.screens.stats import StatsScreen
from tests.tui.study_pack import study_library
from tests.tui.support import screen_as_text, screen_text, settle

SIZE = (120, 40)


async def answer(pilot, key: str) -> None:
    await pilot.press(key, "enter")
    await settle(pilot)
    await pilot.press("n")
    await pilot.pause()


async def test_practice_answers_feed_due_counts_review_and_stats(tmp_path) -> None:
    app = make_app(study_library(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Due for review: 0" in screen_text(app)
        await pilot.press("p")
        await pilot.pause()
        await answer(pilot, "1")  # q01 (caching): right
        await answer(pilot, "2")  # q02 (scaling): wrong
        await answer(pilot, "2")  # q03 (cost): wrong
        with ProgressStore.open() as store:  # committed already, seen by another connection
            stored = [(a.question_id, a.correct, a.mode) for a in store.answers()]
        assert stored == [("study-q01", True, "practice"), ("study-q02", False, "practice"),
                          ("study-q03", False, "practice")]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        # Right after answering nothing is due yet (fsrs learning steps; a quick right answer is Easy: days);
        # a month later all three are.
        assert "Due for review: 0 · last answered wrong: 2" in screen_text(app)
        store_of(app).clock = lambda: utc_now() + timedelta(days=30)
        app.screen.refresh_due()
        await pilot.pause()
        assert "Due for review: 3 · last answered wrong: 2\n  Study test pack: 3" in screen_text(app)

        await pilot.press("w")  # review only the wrong ones
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert sorted(app.screen.session.ids) == ["study-q02", "study-q03"]
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("r")  # review what is due
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen) and sorted(review.session.ids) == ["study-q01", "study-q02", "study-q03"]
        first = review.session.current
        await pilot.press("1", "enter")
        await settle(pilot)
        with ProgressStore.open() as store:
            last = store.answers()[-1]
        assert (last.question_id, last.mode, last.correct) == (first, "review", True)
        await pilot.press("escape")
        await pilot.pause()

        store_of(app).clock = utc_now  # back to today: the month-ahead review answer is off the chart
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        text = screen_as_text(app)  # what is drawn: the topic rows are in a Log, not a Static
        assert "4 answers" in text and "Due now:" in text and "learned:" in text
        assert "Answers per day" in text
        rows = [line.split() for line in text.split("Topic (weakest first)")[1].splitlines()[1:] if "%" in line]
        accuracy = [int(row[2].rstrip("%")) for row in rows]
        assert rows[0][0] == "cost" and accuracy == sorted(accuracy), rows  # weakest first
        assert {row[0] for row in rows} == {"cost", "scaling", "study", "caching"}
        charts = {row[0]: row[4] for row in rows if len(row) > 4}
        assert charts["cost"] == "▁" and charts["caching"] == "█"  # today's accuracy: 0 % and 100 %


async def test_newer_database_is_said_and_practice_goes_on(tmp_path, monkeypatch) -> None:
    import sqlite3

    home = tmp_path / "home"
    monkeypatch.setenv("QUIZSIM_HOME", str(home))
    home.mkdir()
    with ProgressStore.open():
        pass
    db = home / "progress.db"
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 999")
    before = db.read_bytes()
    app = make_app(study_library(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert "Progress is not saved this session" in screen_text(app)
        assert any("newer" in str(n.message) for n in app._notifications)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("1", "enter")
        await settle(pilot)
        assert "Right" in screen_text(app)
        await pilot.press("m")  # a flag cannot be kept: said, not raised
        await pilot.pause()
        assert app.is_running
    assert db.read_bytes() == before  # left untouched


async def test_damaged_database_is_moved_aside_and_said(tmp_path, monkeypatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("QUIZSIM_HOME", str(home))
    (home / "progress.db").write_bytes(b"this is not a database" * 100)
    app = make_app(study_library(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert any("was damaged" in m and "corrupt" in m for m in messages), messages
        assert "Due for review: 0" in screen_text(app)
