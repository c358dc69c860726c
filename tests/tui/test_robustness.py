"""Nothing a learner does, and nothing broken in content or the engine, takes the app down."""

from __future__ import annotations

import random

import pytest
from textual.command import CommandPalette

from quizsim.tui.app import make_app
from quizsim.tui.screens.practice import PracticeScreen
from quizsim.tui.widgets.consequence import ConsequencePanel
from tests.tui.support import practice_library, screen_text, settle


@pytest.fixture
def library(tmp_path):
    return practice_library(tmp_path)


async def go_to(pilot, question_id: str) -> PracticeScreen:
    await pilot.press("p")
    await pilot.pause()
    screen = pilot.app.screen
    while screen.session.current != question_id:
        await pilot.press("n")
    return screen


async def test_missing_scenario_shows_the_error_and_the_app_keeps_working(library) -> None:
    del library.scenarios["tui-queue"]  # e.g. removed from disk; the question still references it
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await go_to(pilot, "tui-queue-servers")
        await pilot.press("b", "enter")
        await settle(pilot)
        text = screen_text(app)
        assert "✖ Option B could not be simulated" in text and "'tui-queue', which is not loaded" in text
        assert "✖ no run finished" in text
        assert "✗ Wrong" in text and "Explanation" in text  # feedback still there
        await pilot.press("c")  # compare all: every option fails the same way, still no crash
        await settle(pilot)
        assert "Option C could not be simulated" in screen_text(app)
        await pilot.press("n")  # and the next question (another scenario) works normally
        await pilot.press("a", "enter")
        assert screen.session.current == "tui-queue-long"
        panel = app.screen.query_one(ConsequencePanel)
        while panel.view.computed_to_s() <= 0:
            await pilot.pause(0.01)
        assert panel.view.lanes["a"].error is None and panel.view.lanes["a"].series.filled_to_s > 0
        await pilot.press("escape")
        await settle(pilot)


async def test_option_without_simulation_is_reported_not_raised(library) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await go_to(pilot, "tui-no-simulation")
        await pilot.press("b", "enter")
        await settle(pilot)
        text = screen_text(app)
        assert "Option B could not be simulated" in text and "nothing to simulate" in text


async def test_engine_failure_in_one_option_leaves_the_other_running(library) -> None:
    # An override the engine cannot honour: one server so slow the queue grows without bound
    # would be 'unstable', not an error; a negative-free but absurd setting is caught by validation.
    question = library.questions["tui-queue-servers"]
    broken = question.options[1].model_copy(update={"simulate": question.options[1].simulate.model_copy(update={"set": {"store.servers": "many"}})})
    library.questions["tui-queue-servers"] = question.model_copy(update={"options": [question.options[0], broken, question.options[2]]})
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await go_to(pilot, "tui-queue-servers")
        await pilot.press("b", "enter")
        await settle(pilot)
        panel = app.screen.query_one(ConsequencePanel)
        assert panel.view.lanes["b"].error and "servers" in panel.view.lanes["b"].error
        assert panel.view.lanes["a"].result is not None
        assert "Option B could not be simulated" in screen_text(app)


# Modals swallow most keys (the palette takes letters as its search), so they are opened rarely.
RARE = {"ctrl+p": 0.1, "f": 0.3, "question_mark": 0.3, "escape": 0.6, "enter": 4.0}
KEYS = [
    *"123456789abcdeABCDE", "enter", "c", "r", "space", "plus", "minus", "j", "end", "n", "p", "s", "f",
    "left", "right", "up", "down", "pageup", "pagedown", "home", "tab", "shift+tab", "escape", "question_mark",
    "t", "x", "ctrl+p", "backspace", "z",
]


async def press_fast(pilot, key: str) -> None:
    """Send one key as the terminal driver would and let the screen handle it.

    Pilot.press also waits for the process to go idle (up to a second per key while a simulation
    thread works), which would make thousands of presses take many minutes.
    """
    from textual import events
    from textual.app import _character_to_key

    name = _character_to_key(key) if len(key) == 1 and not key.isalnum() else key
    event = events.Key(name, key if len(key) == 1 else None)
    event.set_sender(pilot.app)
    pilot.app._driver.send_message(event)
    await pilot._wait_for_screen()


@pytest.mark.slow
@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_thousands_of_random_key_presses_never_raise(library, size) -> None:
    # Keep simulations short: the keys are the subject here, and each run competes for the CPU.
    library.questions.pop("tui-queue-long")
    library.packs["tui-pack"].question_ids.remove("tui-queue-long")
    scenario = library.scenarios["tui-queue"]
    library.scenarios["tui-queue"] = scenario.model_copy(
        update={"duration_s": 60.0, "workload": scenario.workload.model_copy(update={"phases": []})}
    )
    rng = random.Random(20261127 + size[0])
    app = make_app(library)
    answered_seen = 0
    async with app.run_test(size=size) as pilot:
        await pilot.press("p")
        for i in range(1000):
            key = rng.choices(KEYS, weights=[RARE.get(k, 1.0) for k in KEYS])[0]
            if key == "enter" and isinstance(app.screen, CommandPalette):
                key = "escape"  # enter would run a palette command such as Quit or Screenshot
            await press_fast(pilot, key)
            if i % 200 == 199:
                await pilot.resize_terminal(*rng.choice([(80, 24), (200, 60), (100, 30), (60, 20)]))
            if isinstance(app.screen, PracticeScreen) and app.screen.answered is not None:
                answered_seen += 1
        await settle(pilot)
        assert app.is_running and app.screen is not None
    assert answered_seen > 10, answered_seen  # the presses did reach answered questions with simulations running
    # run_test re-raises any exception the app hit; reaching here means none did


async def test_skipped_content_is_shown_from_the_home_screen(tmp_path) -> None:
    from quizsim.content import load_library
    from tests.tui.support import write_extra_pack

    folder = write_extra_pack(tmp_path)
    (folder / "broken.yaml").write_text("questions:\n  - id: half-a-question\n    stem: [unclosed\n")
    library = load_library([folder])
    assert library.problems and library.questions  # one file broken, the rest loaded
    app = make_app(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert f"⚠ {len(library.problems)} content problem(s) skipped: press x to see them." in screen_text(app)
        await pilot.press("x")
        await pilot.pause()
        text = screen_text(app)
        assert type(app.screen).__name__ == "ProblemsScreen"
        assert "broken.yaml:" in text and "everything else loaded" in text
        await pilot.press("escape")
        await pilot.press("p")  # practising the valid questions still works
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen)



async def test_a_palette_search_finishing_after_its_list_is_gone_never_ends_the_app(library) -> None:
    # Textual's palette fills its list from a worker; when the palette was dismissed mid-search the
    # worker raised NoMatches('CommandList') and ended the app (found by the random-key test under load).
    from textual.command import CommandList

    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        await palette.query_one(CommandList).remove()  # what a dismissal mid-search leaves behind
        palette._gather_commands("a")
        palette._list_visible = not palette._list_visible
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        await pilot.press("escape")
        assert app.is_running


async def test_dismissing_the_palette_twice_leaves_the_screen_below_alone(library) -> None:
    # Esc and a palette selection handled back to back both dismiss it (found by a random-key stress run).
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        below = app.screen
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        palette.dismiss()
        await pilot.pause()
        palette.dismiss()
        await pilot.pause()
        assert app.is_running and app.screen is below
