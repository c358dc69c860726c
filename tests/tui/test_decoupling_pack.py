"""The app runs a decoupling question end to end: answer, race, verdict on jobs lost."""

from __future__ import annotations

from quizsim.tui.app import make_app
from tests.tui.support import screen_text
from tests.tui.test_practice import finish_run, open_question



async def test_a_wrong_answer_races_direct_calls_against_the_queue_and_counts_lost_jobs(bundled_library) -> None:
    # The pack borrows the session-state pack's web-tier profiles (ALB, instances), as packs may: the app loads both.
    library = bundled_library
    assert not library.problems, [p.format() for p in library.problems]
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_question(pilot, "dq-spike-no-lost-jobs")
        await pilot.press("a")
        await pilot.press("enter")
        panel = await finish_run(pilot)
        assert screen.answered == ("a",)
        assert [lane.option_id for lane in panel.view.visible_lanes()] == ["a", "b"]
        text = screen_text(app)
        assert "jobs lost" in text and "82," in text  # option a's lost jobs, as the explanation says
