"""Shuffled questions and options through the real app: the letters a learner reads follow the shown order
on every surface, the card gives nothing away before answering, and a half-right "Select TWO" scores half.

Seed 4 shows tui-queue-servers as A = four servers (id c), B = eight (a, right), C = three (b), and
tui-queue-choose-two as A = three (c), B = ten (b, right), C = eight (a, right).
"""

from __future__ import annotations

import re

import pytest

from quizsim.tui.app import make_app
from tests.tui.support import practice_library, screen_text, settle
from tests.tui.test_practice import finish_run, open_question


@pytest.fixture
def library(tmp_path):
    return practice_library(tmp_path)


def option_rows(app) -> list[str]:
    """The card's option lines as shown ('1/A Four servers', ...)."""
    text = screen_text(app)
    return [line.strip(" ○◉☐☒✓✗│") for line in text.splitlines() if "servers" in line and "/" in line[:12]]


async def session_order(library, seed: str, monkeypatch) -> tuple[list[str], list[str]]:
    monkeypatch.setenv("QUIZSIM_SEED", seed)
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_question(pilot, "tui-queue-servers")
        return list(screen.session.ids), option_rows(app)


async def test_same_seed_same_order_and_another_seed_another(library, monkeypatch) -> None:
    first = await session_order(library, "4", monkeypatch)
    again = await session_order(library, "4", monkeypatch)
    other = await session_order(library, "5", monkeypatch)
    assert first == again
    assert first[1] == ["1/A Four servers", "2/B Eight servers", "3/C Three servers"]
    assert first[0] != other[0] and first[1] != other[1]


async def test_letters_follow_the_shown_order_on_every_surface(library, monkeypatch) -> None:
    monkeypatch.setenv("QUIZSIM_SEED", "4")
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_question(pilot, "tui-queue-servers")
        before = screen_text(app)
        assert "shuffle 4" in before
        # Nothing on the card names the question or its tags before the answer is in.
        assert "tui-queue-servers" not in before and "tui-test" not in before and "queueing" not in before
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Pick C: Three servers" in titles and "Pick A: Four servers" in titles
        await pilot.press("c", "enter")  # C: three servers, whose id is b
        assert screen.answered == ("b",)
        panel = await finish_run(pilot)
        assert [(lane.letter, lane.option_id) for lane in panel.view.visible_lanes()] == [("C", "b"), ("B", "a")]
        text = screen_text(app)
        assert "tui-queue-servers" in text and "tui-test, queueing" in text  # shown once answered
        assert "3/C Three servers  ← you" in text
        assert "Your answer C vs the best answer B" in text
        assert "C (yours)" in text and "B (best)" in text  # legend
        assert " C errors" in text and " B errors" in text  # per-option lines
        assert "B,C │ 09:02 traffic" in text  # event log
        assert "yours C" in text and "best B" in text  # verdict headers
        await pilot.press("c")
        await finish_run(pilot)
        text = screen_text(app)
        rows = [m.group(1) for line in text.splitlines() if (m := re.match(r"([ABC](?: ← you)?) +[✓✗] .* ms ", line))]
        assert rows == ["A", "B", "C ← you"]  # compare-all rows in shown order, the learner's pick by its letter


async def test_error_lines_name_the_shown_letter(library, monkeypatch) -> None:
    monkeypatch.setenv("QUIZSIM_SEED", "5")  # tui-no-simulation shows b first
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_question(pilot, "tui-no-simulation")
        await pilot.press("1", "enter")
        assert screen.answered == ("b",)
        await settle(pilot)
        text = screen_text(app)
        assert "Your answer A vs the best answer B" in text
        assert "✖ Option A could not be simulated" in text  # b, shown first
        assert "Option B could not be simulated" not in text  # a has a run: it races alone


async def test_select_two_half_right_names_both_picks_and_scores_half(library, monkeypatch) -> None:
    monkeypatch.setenv("QUIZSIM_SEED", "4")
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_question(pilot, "tui-queue-choose-two")
        await pilot.press("a", "b", "enter")  # A: three servers (wrong), B: ten (right)
        panel = await finish_run(pilot)
        assert screen.answered == ("c", "b") and screen.session.score() == (0.5, 0.5)
        # Only the picks that differ race: A (yours) beside C, the right option it missed.
        assert [lane.label for lane in panel.view.visible_lanes()] == ["A (yours)", "C (best)"]
        text = screen_text(app)
        assert "◐ 1 of 2 right." in text
        assert "Your answer A+B vs the best answer B+C (1 of 2 right): B in both; A races C" in text
        assert "Verdict: 1 of 2 right; p99" in text and "yours A" in text and "best C" in text
        assert "✓ 0.5  ✗ 0.5" in text


async def test_latency_is_said_to_count_successful_requests_only(library) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_question(pilot, "tui-queue-servers")
        await pilot.press("b", "enter")
        await finish_run(pilot)
        text = screen_text(app)
        note = "latency counts successful requests only; failures are errors"
        lines = app.screen.query_one("#cq-lines").content.plain
        assert " B errors" in lines and note in lines  # beside the error lines
        assert text.count(note) == 2  # and under the verdict table


async def test_a_bad_seed_is_named_and_the_written_order_kept(library, monkeypatch) -> None:
    monkeypatch.setenv("QUIZSIM_SEED", "soon")
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_question(pilot, "tui-queue-servers")
        assert screen.session.seed is None
        assert option_rows(app) == ["1/A Eight servers", "2/B Three servers", "3/C Four servers"]
        messages = [n.message for n in app._notifications]
        assert any("QUIZSIM_SEED must be a whole number" in m and "'soon'" in m for m in messages)


BOTH_WRONG_PACK = """
pack: {title: Both wrong}
scenarios:
  - id: bw-queue
    duration_s: 120
    workload: {arrival: {rate_per_s: 200}}
    store: {kind: queue, servers: 4, service_time: {dist: exponential, mean_ms: 10}}
questions:
  - id: bw-two
    stem: Which TWO server counts keep p99 lowest? (Select TWO.)
    scenario: bw-queue
    choose: 2
    judge: {metric: p99_latency_ms}
    options:
      - {id: a, text: Eight servers, correct: true, why: Light., simulate: {set: {store.servers: 8}}}
      - {id: b, text: Ten servers, correct: true, why: Light., simulate: {set: {store.servers: 10}}}
      - {id: c, text: Three servers, why: Heavy., simulate: {set: {store.servers: 3}}}
      - {id: d, text: Four servers, why: Half busy., simulate: {set: {store.servers: 4}}}
    explanation: Two lightly loaded configurations.
"""


async def test_select_two_both_wrong_races_each_pick_with_its_own_verdict(tmp_path) -> None:
    from quizsim.content import load_library

    folder = tmp_path / "both-wrong"
    folder.mkdir()
    (folder / "pack.yaml").write_text(BOTH_WRONG_PACK)
    library = load_library([folder])
    assert not library.problems, [p.format() for p in library.problems]
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_question(pilot, "bw-two")
        await pilot.press("c", "d", "enter")  # as written (tests/tui/conftest.py): both wrong
        panel = await finish_run(pilot)
        assert screen.session.score() == (0, 1)
        assert [lane.label for lane in panel.view.visible_lanes()] == ["C (yours)", "D (yours)", "A (best)", "B (best)"]
        text = screen_text(app)
        assert "Your answer C+D vs the best answer A+B (0 of 2 right): C races A, D races B" in text
        assert "Verdict: 0 of 2 right; C vs A: p99" in text and "D vs B: p99" in text
        assert "yours C" in text and "best A" in text and "yours D" in text and "best B" in text
