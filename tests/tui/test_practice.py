"""The practice loop driven through the real app and the real engine: answer, watch, compare, cancel."""

from __future__ import annotations

import pytest

from quizsim.tui.app import make_app
from quizsim.tui.screens.home import HomeScreen
from quizsim.tui.screens.practice import PracticeScreen
from quizsim.tui.widgets.consequence import ConsequencePanel
from quizsim.tui.widgets.line_chart import LineChart
from tests.tui.support import practice_library, screen_text, settle


@pytest.fixture
def library(tmp_path):
    return practice_library(tmp_path)


async def open_question(pilot, question_id: str) -> PracticeScreen:
    """From the home screen, practise everything and move to `question_id`."""
    await pilot.press("p")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, PracticeScreen)
    while screen.session.current != question_id:
        await pilot.press("n")
    await pilot.pause()
    return screen


async def finish_run(pilot) -> ConsequencePanel:
    await settle(pilot)
    await pilot.press("j")  # jump to the end of the playback: the verdict shows
    await pilot.pause()
    return pilot.app.screen.query_one(ConsequencePanel)


async def test_home_lists_packs_topics_and_counts(library) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        text = screen_text(app)
        assert "Practice" in text and "5 questions, 2 scenarios" in text
        tree = app.screen.query_one("#pack-tree")
        labels = [str(node.label) for node in tree.root.children]
        assert labels == ["TUI test pack (5 questions)"]
        topics = [str(n.label) for n in tree.root.children[0].children]
        assert "tui-test (5)" in topics and "queueing (4)" in topics


async def test_wrong_answer_races_the_best_option_and_explains(library) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_question(pilot, "tui-queue-servers")
        await pilot.press("2", "enter")  # B: three servers (wrong)
        await pilot.pause()
        panel = await finish_run(pilot)
        assert [lane.option_id for lane in panel.view.visible_lanes()] == ["b", "a"]
        text = screen_text(app)
        assert "✗ Wrong" in text
        assert "Your answer B vs the best answer A" in text
        assert "← you" in text and "wrong: At 67 % busy" in text and "right: More servers" in text
        assert "Explanation" in text and "Erlang C" in text and "wikipedia.org" in text
        assert "Verdict: p99" in text and "★ p99 latency" in text and "✗ " in text and "× slower" in text
        assert "★ what the question asks for: lowest p99 latency" in text
        assert screen.session.score() == (0, 1)
        assert panel.query_one(LineChart).first_data_frame_at is not None


async def test_right_answer_is_compared_with_the_most_tempting_wrong_option(library) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_question(pilot, "tui-queue-servers")
        await pilot.press("a", "enter")
        panel = await finish_run(pilot)
        # C (four servers) is far closer to A on p99 than B (three servers): the judge's runner-up.
        assert [(l.option_id, l.role) for l in panel.view.visible_lanes()] == [("a", "yours"), ("c", "runner-up")]
        text = screen_text(app)
        assert "✓ Right" in text and "closest wrong answer C" in text
        assert "runner-up C" in text and "× faster" in text
        assert screen.session.score() == (1, 0)


async def test_multi_select_counts_picks_and_needs_all_of_them(library) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_question(pilot, "tui-queue-choose-two")
        await pilot.press("a")
        assert "Choose 2: chosen 1 of 2" in screen_text(app)
        await pilot.press("enter")  # refused: one more needed
        await pilot.pause()
        assert screen.answered is None
        await pilot.press("3")
        assert screen.selection.picked == ["a", "c"] and "chosen 2 of 2" in screen_text(app)
        await pilot.press("b")  # a third pick is refused
        assert screen.selection.picked == ["a", "c"]
        await pilot.press("enter")
        panel = await finish_run(pilot)
        assert screen.answered == ("a", "c") and screen.session.score() == (0.5, 0.5)  # 1 of 2 right
        # The wrong pick (C) is raced against the correct option that was missed (B).
        assert [lane.option_id for lane in panel.view.visible_lanes()] == ["c", "b"]
        assert "☒" not in screen_text(app)  # after submitting the boxes become ✓/✗ marks


async def test_a_broken_requirement_heads_the_verdict(library) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_question(pilot, "tui-queue-required")
        await pilot.press("b", "enter")
        await finish_run(pilot)
        text = screen_text(app)
        assert "Verdict: breaks a requirement: p99" in text
        assert "! p99 latency" in text and "★ mean latency" in text
        assert "! required: p99 latency at most 200 ms" in text


async def test_compare_all_races_every_option_on_one_seed(library) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_question(pilot, "tui-queue-servers")
        await pilot.press("b", "enter")
        await settle(pilot)
        await pilot.press("c")
        panel = await finish_run(pilot)
        assert panel.view.mode == "compare"
        assert sorted(l.option_id for l in panel.view.visible_lanes()) == ["a", "b", "c"]
        seeds = {lane.result.seed for lane in panel.view.lanes.values()}
        assert seeds == {panel.view.seed}
        text = screen_text(app)
        assert "All options, same seed" in text and "★ wins" in text
        assert "the simulation agrees with the answer key" in text


async def test_new_seed_reruns_the_comparison(library) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_question(pilot, "tui-queue-servers")
        await pilot.press("b", "enter")
        await settle(pilot)
        first = screen.seed
        await pilot.press("r")
        panel = await finish_run(pilot)
        assert screen.seed != first and panel.view.seed == screen.seed
        assert all(l.result is not None and l.result.seed == screen.seed for l in panel.view.visible_lanes())


async def test_playback_pause_speed_and_jump(library) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_question(pilot, "tui-queue-servers")
        await pilot.press("b", "enter")
        await settle(pilot)
        panel = app.screen.query_one(ConsequencePanel)
        await pilot.press("space")
        assert panel.view.playback.paused and "paused" in screen_text(app)
        head = panel.view.playback.playhead_s
        await pilot.pause(0.2)
        assert panel.view.playback.playhead_s == head
        await pilot.press("plus", "plus")
        assert panel.view.playback.speed == 4.0
        await pilot.press("minus")
        assert panel.view.playback.speed == 2.0
        await pilot.press("j")
        assert panel.view.complete and "Verdict" in screen_text(app)


async def test_escape_cancels_a_running_simulation(library) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_question(pilot, "tui-queue-long")
        await pilot.press("b", "enter")
        panel = app.screen.query_one(ConsequencePanel)
        while panel.view.computed_to_s() <= 0:  # wait for the first frame, then cancel mid-run
            await pilot.pause(0.01)
        assert panel.running
        await pilot.press("escape")
        await settle(pilot)
        assert panel.view.cancelled and not panel.running
        assert panel.view.progress() < 1.0
        assert "cancelled at" in screen_text(app)
        assert isinstance(app.screen, PracticeScreen)  # Esc cancelled; it did not leave
        await pilot.press("escape")  # nothing running: back home
        assert isinstance(app.screen, HomeScreen)
        assert screen.session.score() == (0, 1)


async def test_resizing_mid_run_is_safe(library) -> None:
    app = make_app(library)
    async with app.run_test(size=(200, 60)) as pilot:
        await open_question(pilot, "tui-queue-servers")
        await pilot.press("b", "enter")
        for size in ((80, 24), (200, 60), (60, 20), (120, 40)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
        panel = await finish_run(pilot)
        assert panel.view.complete and "Verdict" in screen_text(app)


async def test_narrow_terminal_stacks_the_panels(library) -> None:
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_question(pilot, "tui-queue-servers")
        card = app.screen.query_one("#card")
        panel = app.screen.query_one(ConsequencePanel)
        assert panel.region.y >= card.region.bottom  # stacked, not side by side
        await pilot.resize_terminal(200, 60)
        await pilot.pause()
        assert panel.region.x >= card.region.right and panel.region.y == card.region.y


async def test_navigation_skip_and_tag_filter(library) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        screen = app.screen
        assert screen.session.position == "1/5"
        await pilot.press("s")
        assert screen.session.position == "2/5" and screen.session.skipped == {"tui-queue-servers"}
        await pilot.press("left")
        assert screen.session.position == "1/5"
        await pilot.press("right", "right")
        assert screen.session.current == "tui-queue-choose-two"
        await pilot.press("f")
        await pilot.pause()
        filter_screen = app.screen
        labels = [str(filter_screen.query_one("#filter-list").get_option_at_index(i).prompt) for i in range(4)]
        assert any("multi (1)" in label for label in labels)
        index = next(i for i, label in enumerate(labels) if "multi" in label)
        for _ in range(index):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and screen.session.tag == "multi" and screen.session.ids == ["tui-queue-choose-two"]
        assert "tag multi" in screen_text(app) and "1/1" in screen_text(app)


async def test_help_screen_and_palette_reach_every_action(library) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        text = screen_text(app)
        for words in ("compare all", "new seed", "pause", "jump to the end", "cancel a running simulation", "filter"):
            assert words in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("Submit", "Next", "Prev", "Skip", "Tag filter", "Help: keys", "Next theme", "Pick B: Three servers"):
            assert title in titles
        pick_b = next(c for c in app.get_system_commands(app.screen) if c.title.startswith("Pick B"))
        pick_b.callback()
        assert app.screen.selection.picked == ["b"]
        await pilot.press("enter")
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("Compare all", "New seed", "Pause", "Faster", "Slower", "To end", "Cancel/home"):
            assert title in titles
        assert not any(t.startswith("Pick") for t in titles)
        # and through the palette itself, as a learner would (the playback ended first: typing is quicker)
        await pilot.press("j")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"compare all")
        from textual.command import CommandList

        for _ in range(200):  # the palette searches its providers asynchronously
            if app.screen.query_one(CommandList).option_count:
                break
            await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one(ConsequencePanel).view.mode == "compare"


async def test_themes_cycle_dark_light_high_contrast(library) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        themes = []
        for _ in range(3):
            await pilot.press("t")
            themes.append(app.theme)
        assert themes == ["textual-light", "quizsim-high-contrast", "textual-dark"]


async def test_bundled_content_starts_and_lists_its_packs() -> None:
    from quizsim.content import default_content_paths, load_library

    app = make_app(loader=lambda: load_library(default_content_paths()))
    async with app.run_test(size=(120, 40)) as pilot:
        # The load starts after the first refresh (call_after_refresh): wait for it to start, then to end.
        for _ in range(600):
            await settle(pilot)
            if app.library is not None:
                break
            await pilot.pause(0.05)
        assert app.library is not None
        tree = app.screen.query_one("#pack-tree")
        assert any("Session state on AWS" in str(n.label) for n in tree.root.children)
