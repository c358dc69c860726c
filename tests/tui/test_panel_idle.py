"""The consequence panel's playback timer: no redraws while paused, after the verdict or waiting for
data; `j` shows the verdict as soon as the results exist; races run in the app's worker processes once
they are warm, and in the panel's own thread (said once) when processes cannot start."""

from __future__ import annotations

import pytest

from quizsim.race.pool import RacePool
from quizsim.tui.app import make_app
from quizsim.tui.screens.practice import PracticeScreen
from quizsim.tui.widgets.consequence import ConsequencePanel
from tests.tui.support import practice_library, screen_text, settle


@pytest.fixture
def library(tmp_path):
    return practice_library(tmp_path)


async def _open(pilot, question_id: str) -> PracticeScreen:
    await pilot.press("p")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, PracticeScreen)
    while screen.session.current != question_id:
        await pilot.press("n")
    await pilot.pause()
    return screen


def _count_redraws(panel: ConsequencePanel) -> list[int]:
    calls = [0]
    redraw = panel.redraw

    def counting() -> None:
        calls[0] += 1
        redraw()

    panel.redraw = counting  # type: ignore[method-assign]
    return calls


async def test_paused_playback_does_not_redraw_until_resumed(library) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, "tui-queue-servers")
        await pilot.press("b", "enter", "space")  # paused before the first data arrives
        await settle(pilot)
        panel = app.screen.query_one(ConsequencePanel)
        assert not panel.view.running and panel.view.playback.paused
        await pilot.pause(0.2)  # a tick at most, then the timer sleeps
        head = panel.view.playback.playhead_s
        redraws = _count_redraws(panel)
        await pilot.pause(0.6)
        assert redraws[0] == 0 and panel.view.playback.playhead_s == head
        await pilot.press("space")  # playing again: the timer wakes and the playhead moves
        await pilot.pause(0.3)
        assert redraws[0] > 0 and panel.view.playback.playhead_s > head


async def test_after_the_verdict_nothing_redraws(library) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, "tui-queue-servers")
        await pilot.press("b", "enter", "j")
        await settle(pilot)
        panel = app.screen.query_one(ConsequencePanel)
        assert panel.view.complete and "Verdict" in screen_text(app)
        await pilot.pause(0.2)
        redraws = _count_redraws(panel)
        await pilot.pause(0.6)
        assert redraws[0] == 0


async def test_j_shows_the_verdict_as_soon_as_the_results_exist(library) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, "tui-queue-servers")
        # j before any result, at the slowest playback (32 s for the run): only following the end can
        # show the verdict when the results arrive.
        await pilot.press("b", "enter", "minus", "minus", "minus", "j")
        await settle(pilot)
        panel = app.screen.query_one(ConsequencePanel)
        assert panel.view.playback.speed == 0.25
        assert panel.view.complete and panel.verdict_shown_at is not None
        assert "Verdict" in screen_text(app) and "when the run ends" not in screen_text(app)


async def test_an_answer_races_in_the_warm_worker_processes(library, monkeypatch) -> None:
    monkeypatch.setenv("QUIZSIM_WORKERS", "2")
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        while app.race_pool is None or not (app.race_pool.ready or app.race_pool.failure):
            await pilot.pause(0.05)
        assert app.race_pool.ready, app.race_pool.failure
        await _open(pilot, "tui-queue-servers")
        await pilot.press("b", "enter", "j")
        await settle(pilot)
        panel = app.screen.query_one(ConsequencePanel)
        assert app.race_pool.races == 1
        assert panel.view.complete and all(lane.result is not None for lane in panel.view.visible_lanes())


async def test_processes_that_cannot_start_fall_back_to_the_thread_and_say_so_once(library, monkeypatch) -> None:
    def refuse(self):
        raise OSError("[Errno 38] Function not implemented: sem_open")

    monkeypatch.setattr(RacePool, "_new_executor", refuse)
    monkeypatch.setenv("QUIZSIM_WORKERS", "2")
    app = make_app(library)
    said = []
    notify = app.notify

    def recording(message, **kwargs):
        said.append(message)
        return notify(message, **kwargs)

    app.notify = recording  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        while app.race_pool is None or app.race_pool.failure is None:
            await pilot.pause(0.05)
        await pilot.pause()
        await _open(pilot, "tui-queue-servers")
        for _ in range(2):
            await pilot.press("b", "enter", "j")
            await settle(pilot)
        panel = app.screen.query_one(ConsequencePanel)
        assert panel.view.complete and "Verdict" in screen_text(app)
        said = [m for m in said if "worker processes could not start" in m]
        assert len(said) == 1 and "sem_open" in said[0]
