"""Exam mode in the app: settings, countdown on an injected clock, flags, grid, pause and resume, result, retake."""

from __future__ import annotations

from quizsim.study.progress import ProgressStore
from quizsim.tui.app import make_app
from quizsim.tui.screens.exam import ExamScreen, open_exam
from quizsim.tui.screens.exam_result import ExamResultScreen
from quizsim.tui.screens.home import HomeScreen
from tests.tui.study_pack import FakeClock, study_library
from tests.tui.support import screen_text

SIZE = (120, 40)


async def start_exam(pilot, count: str, minutes: str | None = None) -> ExamScreen:
    from textual.widgets import Input

    open_exam(pilot.app)
    await pilot.pause()
    modal = pilot.app.screen
    modal.query_one("#exam-count", Input).value = count
    await pilot.pause()
    if minutes is not None:
        modal.query_one("#exam-minutes", Input).value = minutes
    modal.query_one("#exam-count", Input).focus()
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ExamScreen), type(pilot.app.screen)
    return pilot.app.screen


def header(app) -> str:
    return app.screen.query_one("#exam-header").content.plain


async def test_exam_of_ten_paused_resumed_after_restart_and_finished(tmp_path):
    library = study_library(tmp_path)
    clock = FakeClock()
    app = make_app(library)
    app.exam_clock = clock
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_exam(pilot, "10")
        assert "question 1/10" in header(app) and "20:00 left" in header(app)  # 2 minutes a question
        first_ids = [it.question_id for it in screen.session.items]
        clock.advance(30)
        screen.tick()
        assert "19:30 left" in header(app)
        await pilot.press("1")  # option a: right
        assert "Right" not in screen_text(app) and "Wrong" not in screen_text(app)  # no feedback during the exam
        await pilot.press("n")
        clock.advance(40)
        await pilot.press("2", "f")  # option b: wrong, and flagged
        assert "⚑ 1 flagged" in header(app) and "2 answered" in header(app)
        await pilot.press("n", "n")
        clock.advance(5)
        await pilot.press("escape")  # leave in the middle
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.pause()
        assert "Exam in progress: 2 of 10 answered, 18:45 left · e resumes it" in screen_text(app)

    # Another run of the app on the same data folder: the exam resumes where it was left.
    clock2 = FakeClock()
    app = make_app(library)
    app.exam_clock = clock2
    async with app.run_test(size=SIZE) as pilot:
        open_exam(app)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        assert [it.question_id for it in screen.session.items] == first_ids
        assert "question 4/10" in header(app) and "2 answered" in header(app) and "⚑ 1 flagged" in header(app)
        assert "18:45 left" in header(app)  # 75 s used before leaving; the pause did not count
        # The grid jumps to question 2, which shows the answer kept (b).
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("home", "down", "enter")
        await pilot.pause()
        assert "question 2/10" in header(app)
        assert screen.session.current.chosen == ("b",)
        for _ in range(8):  # questions 3-10: all right
            await pilot.press("n", "1")
            clock2.advance(10)
        await pilot.press("s")
        assert isinstance(app.screen, ExamScreen)  # the first s only asks to confirm
        await pilot.press("s")
        await pilot.pause()
        result_screen = app.screen
        assert isinstance(result_screen, ExamResultScreen)
        text = screen_text(app)
        assert "9 of 10 right" in text and "PASS" in text  # 100 + 900 × 0.9 = 910 ≥ 720
        assert "Score 910" in text
        assert "By domain" in text and "By tag" in text and "Design resilient architectures" in text
        assert "00:40" in str(result_screen.query_one("#result-list").get_option_at_index(1).prompt)  # time per question
        # Each question's review: the card with the answer given, and the consequence panel.
        await pilot.press("right")
        await pilot.pause()
        assert "Wrong." in screen_text(app) and "← you" in screen_text(app)
        # Retake only the wrong one.
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)
        assert [it.question_id for it in app.screen.session.items] == [first_ids[1]]
        await pilot.press("escape")
        await pilot.pause()

    with ProgressStore.open() as store:
        exams = store.answers()
        assert sum(a.mode == "exam" for a in exams) == 10
        assert {a.question_id for a in exams if not a.correct} == {first_ids[1]}


async def test_time_out_submits_the_exam(tmp_path):
    library = study_library(tmp_path)
    clock = FakeClock()
    app = make_app(library)
    app.exam_clock = clock
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_exam(pilot, "3", minutes="1")
        await pilot.press("1")
        clock.advance(61)
        screen.tick()  # what the once-a-second timer does
        await pilot.pause()
        assert isinstance(app.screen, ExamResultScreen)
        text = screen_text(app)
        assert "time ran out" in text and "1 of 3 right" in text and "FAIL" in text


async def test_bad_settings_name_the_field(tmp_path):
    from textual.widgets import Input

    app = make_app(study_library(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        open_exam(app)
        await pilot.pause()
        app.screen.query_one("#exam-count", Input).value = "99"
        await pilot.press("enter")
        await pilot.pause()
        assert "Questions: from 1 to 12" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_quitting_the_app_mid_exam_keeps_the_time_used(tmp_path):
    library = study_library(tmp_path)
    clock = FakeClock()
    app = make_app(library)
    app.exam_clock = clock
    async with app.run_test(size=SIZE) as pilot:
        await start_exam(pilot, "5")
        clock.advance(50)  # no key pressed since: only quitting can commit these 50 s
    app = make_app(library)
    app.exam_clock = FakeClock()
    async with app.run_test(size=SIZE) as pilot:
        open_exam(app)
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen) and "09:10 left" in header(app)
