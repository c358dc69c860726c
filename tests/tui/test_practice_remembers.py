"""Practice remembers (issue 9): the answer given when going back, flags and the theme across runs, go to
question by number or id, the end-of-set summary with a retry of the wrong ones, and the playback speed."""

from __future__ import annotations

from textual.widgets import Input

from quizsim.study.progress import ProgressStore
from quizsim.tui.app import make_app
from quizsim.tui.screens.practice import PracticeScreen
from quizsim.tui.screens.practice_memory import SPEED_SETTING
from quizsim.tui.screens.set_summary import SetSummaryScreen
from tests.tui.study_pack import study_library
from tests.tui.support import screen_text, settle

SIZE = (120, 40)


async def practise_all(pilot) -> PracticeScreen:
    await pilot.pause()
    await pilot.press("p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PracticeScreen)
    return pilot.app.screen


async def goto(pilot, text: str) -> None:
    await pilot.press("g")
    await pilot.pause()
    pilot.app.screen.query_one("#goto-input", Input).value = text
    await pilot.press("enter")
    await pilot.pause()


async def test_going_back_shows_the_answer_given(tmp_path) -> None:
    app = make_app(study_library(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await practise_all(pilot)
        await pilot.press("2", "enter")  # b: wrong
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert screen.answered is None and "← you" not in screen_text(app)
        await pilot.press("left")
        await settle(pilot)
        assert screen.session.current == "study-q01" and screen.answered == ("b",)
        text = screen_text(app)
        assert "← you" in text and "Wrong" in text and "Explanation" in text
        assert screen.check_action("submit", ()) is False  # not a fresh card: it cannot be answered again


async def test_flag_and_theme_persist_across_restarts(tmp_path) -> None:
    library = study_library(tmp_path)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = app.theme
        await pilot.press("t")
        await pilot.pause()
        chosen_theme = app.theme
        assert chosen_theme != before
        screen = await practise_all(pilot)
        await pilot.press("n", "m")  # flag question 2
        await pilot.pause()
        assert "⚑ flagged" in screen_text(app)

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert app.theme == chosen_theme
        screen = await practise_all(pilot)
        assert "⚑ flagged" not in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert screen.session.current == "study-q02" and "⚑ flagged" in screen_text(app)
        await pilot.press("m")  # clear it
        await pilot.pause()
    with ProgressStore.open() as store:
        assert store.flagged_ids() == []


async def test_go_to_question_by_number_and_by_id(tmp_path) -> None:
    app = make_app(study_library(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await practise_all(pilot)
        await goto(pilot, "5")
        assert screen.session.current == "study-q05" and "5/12" in screen_text(app)
        await goto(pilot, "study-q09")
        assert screen.session.current == "study-q09"
        await pilot.press("g")
        await pilot.pause()
        app.screen.query_one("#goto-input", Input).value = "40"
        await pilot.press("enter")
        await pilot.pause()
        assert "No question 40: this set has 1 to 12." in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.session.current == "study-q09"


async def test_end_of_set_summary_retries_the_wrong_ones(tmp_path) -> None:
    app = make_app(study_library(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await practise_all(pilot)
        await goto(pilot, "11")
        await pilot.press("1", "enter")  # right
        await settle(pilot)
        await pilot.press("n", "2", "enter")  # question 12: wrong
        await settle(pilot)
        await pilot.press("n")  # past the last question
        await pilot.pause()
        assert isinstance(app.screen, SetSummaryScreen)
        text = screen_text(app)
        assert "End of the set: 2 of 12 answered" in text and "✓ 1  ✗ 1" in text
        assert "✗ study-q12" in text and "study-q11" not in text.split("Not right")[1]
        assert "By topic" in text
        await pilot.press("w")
        await pilot.pause()
        retry = app.screen
        assert isinstance(retry, PracticeScreen) and retry.session.ids == ["study-q12"]


async def test_playback_speed_is_remembered(tmp_path) -> None:
    app = make_app(study_library(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await practise_all(pilot)
        await pilot.press("1", "enter")
        await settle(pilot)
        await pilot.press("plus", "plus")
        await pilot.pause()
        from quizsim.tui.widgets.consequence import ConsequencePanel

        speed = screen.query_one(ConsequencePanel).view.playback.speed_index
        await pilot.press("n", "1", "enter")
        await settle(pilot)
        assert screen.query_one(ConsequencePanel).view.playback.speed_index == speed
    with ProgressStore.open() as store:
        assert store.get_setting(SPEED_SETTING) == speed
