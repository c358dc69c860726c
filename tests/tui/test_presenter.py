"""Presenter mode: votes typed by the teacher, races alone or together, pause and step, a key revealed
only when asked, and question, votes, chart and verdict on one 80×24 screen."""

from __future__ import annotations

import re

import pytest

from quizsim.study.playlist import Playlist, PlaylistItem
from quizsim.tui.app import make_app
from quizsim.tui.screens.presenter import PresenterScreen
from quizsim.tui.widgets.presenter_board import PresenterBoard
from tests.tui.support import practice_library, screen_as_text, settle


@pytest.fixture
def library(tmp_path):
    return practice_library(tmp_path)


def playlist_of(*ids: str, seed: int | None = 7) -> Playlist:
    return Playlist(title="Demo", seed=seed, items=[PlaylistItem(question=q) for q in ids])


async def open_presenter(pilot, library, playlist) -> PresenterScreen:
    screen = PresenterScreen(library, playlist)
    await pilot.app.push_screen(screen)
    await pilot.pause()
    return screen


async def test_votes_are_tallied_as_bars_and_undone(library) -> None:
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_presenter(pilot, library, playlist_of("tui-queue-servers"))
        await pilot.press("1", "2", "2", "2", "3", "2")
        assert screen.tally.count("a") == 1 and screen.tally.count("b") == 4 and screen.tally.count("c") == 1
        text = screen_as_text(app)
        assert "6 votes" in text
        b_line = next(l for l in text.splitlines() if "Three servers" in l)
        a_line = next(l for l in text.splitlines() if "Eight servers" in l)
        assert "4  67%" in b_line and "1  17%" in a_line
        assert b_line.count("█") > a_line.count("█") * 3  # B's bar is four times A's
        await pilot.press("u")
        assert screen.tally.count("b") == 3 and "5 votes" in screen_as_text(app)
        await pilot.press("0")
        assert screen.tally.total == 0


async def test_one_option_races_alone_and_the_key_waits_for_reveal(library) -> None:
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_presenter(pilot, library, playlist_of("tui-queue-servers"))
        await pilot.press("2", "2", "1")
        await pilot.press("b")  # option B's race on its own
        await settle(pilot)
        await pilot.press("j")
        await pilot.pause()
        board = screen.query_one(PresenterBoard)
        assert board.view is not None and board.view.shown == ["b"] and board.view.complete
        text = screen_as_text(app)
        assert "B alone" in text and "Verdict" in text
        assert "✓" not in text and "✗" not in text and "key hidden" in text
        # Racing every option still hides the key.
        await pilot.press("g")
        await settle(pilot)
        await pilot.press("j")
        await pilot.pause()
        assert board.view.shown == ["a", "b", "c"]
        text = screen_as_text(app)
        assert "──A ━━B ══C (p99 ms)" in text and "✓" not in text
        await pilot.press("k")
        await pilot.pause()
        text = screen_as_text(app)
        assert "key: A" in text and "1 of 3 voted right" in text
        assert any(l.lstrip().startswith("✓ A") and "Eight servers" in l for l in text.splitlines())
        assert any(l.lstrip().startswith("✗ B") and "Three servers" in l for l in text.splitlines())
        verdict_rows = [l for l in text.splitlines() if l.rstrip().endswith(tuple("0123456789$s")) and "." in l]
        assert any("✓ A" in l for l in verdict_rows), text


async def test_pause_and_step_stop_at_each_narrated_event(library) -> None:
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_presenter(pilot, library, playlist_of("tui-queue-servers"))
        await pilot.press("g")
        await pilot.press("space")
        board = screen.query_one(PresenterBoard)
        await settle(pilot)  # the whole race computed, the playback paused near the start
        view = board.view
        assert view.playback.paused and not view.complete
        held = view.playback.playhead_s
        await pilot.pause(0.3)
        assert view.playback.playhead_s == held  # paused: nothing moves
        events = sorted({e.t_s for lane in view.visible_lanes() for e in lane.events if e.t_s > held})
        assert events, "the test scenario narrates its surge"
        await pilot.press("full_stop")
        await pilot.pause()
        assert view.playback.playhead_s == pytest.approx(events[0])
        assert view.playback.paused
        text = screen_as_text(app)
        assert "surge" in text  # the event the step stopped at is on screen
        await pilot.press("full_stop")
        await pilot.pause()
        assert view.playback.playhead_s > events[0]
        await pilot.press("space")  # play on to the end
        await pilot.press("j")
        await pilot.pause()
        assert view.complete and "Verdict" in screen_as_text(app)


async def test_next_question_resets_votes_race_and_key(library) -> None:
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_presenter(pilot, library, playlist_of("tui-queue-servers", "tui-queue-long"))
        await pilot.press("1", "k")
        assert screen.revealed
        await pilot.press("n")
        await pilot.pause()
        assert screen.index == 1 and screen.tally.total == 0 and not screen.revealed
        assert "2/2" in screen_as_text(app) and "key hidden" in screen_as_text(app)
        await pilot.press("p")
        assert screen.index == 0


@pytest.mark.parametrize("question_id", ["ss-efs-throughput-mode", "ss-serverless-autoscaling-recall"])
async def test_question_votes_chart_and_verdict_fit_80x24(question_id, bundled_library) -> None:
    """The longest stem and the most options of the bundled pack, on a projector's 80×24."""
    library = bundled_library
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_presenter(pilot, library, playlist_of(question_id, seed=3))
        for key in "1223":
            await pilot.press(key)
        await pilot.press("g")
        await settle(pilot)
        await pilot.press("j")
        await pilot.pause()
        board = screen.query_one(PresenterBoard)
        assert board.view.complete
        question = library.questions[question_id]
        for selector in ("#pr-stem", "#pr-votes", "#cq-chart", "#cq-verdict"):
            region = screen.query_one(selector).region
            assert region.height > 0 and region.y >= 0 and region.bottom <= 23, (selector, region)
        assert screen.query_one("#cq-chart").region.height >= 4
        text = screen_as_text(app)
        assert question.stem.split()[0] in text and question.stem.split()[-1].rstrip("?") in text
        assert "Verdict" in text
        for letter in "ABCDE"[: len(question.options)]:
            # each option's vote line and its verdict line (letter, rank, metrics) are on screen
            assert re.search(rf"^\s*{letter} [█▏▎▍▌▋▊▉ ]+ +\d+ ", text, re.M), (letter, text)
            assert re.search(rf"{letter} \d\.(\s+\S+){{4}}", text), (letter, text)
        assert screen.query_one("#pr-stem").region.height <= question.stem.count(" ") // 8 + 3


async def test_quizsim_present_opens_the_presenter_in_high_contrast(library) -> None:
    from quizsim.cli.present_cmd import make_presenter_app
    from quizsim.tui.themes import HIGH_CONTRAST

    app = make_presenter_app(library, playlist_of("tui-queue-servers"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PresenterScreen) and app.theme == HIGH_CONTRAST.name
        assert "key hidden" in screen_as_text(app)


async def test_home_opens_the_presenter_on_the_selected_pack_and_the_sandbox(library) -> None:
    from textual.widgets import Tree

    from quizsim.tui.screens.home import HomeScreen
    from quizsim.tui.screens.sandbox import SandboxScreen

    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        home = app.screen
        assert "v presents the selection" in screen_as_text(app) and "b" in screen_as_text(app)
        tree = home.query_one("#pack-tree", Tree)
        pack_node = tree.root.children[0]
        tree.move_cursor(pack_node)
        await pilot.pause()
        pack_id = pack_node.data[0]
        await pilot.press("v")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PresenterScreen)
        assert [item.question for item in screen.playlist.items] == list(library.packs[pack_id].question_ids)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is home
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, SandboxScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
