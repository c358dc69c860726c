"""A question imported from GIFT or Aiken (no scenario, no judge) is asked and graded in the app without a crash."""

from __future__ import annotations

from quizsim.content import load_library
from quizsim.interchange.convert import convert, pack_yaml
from quizsim.interchange.gift_reader import read_gift
from quizsim.tui.app import make_app
from tests.tui.support import screen_text, settle


async def test_an_imported_question_is_graded_and_says_once_it_has_nothing_to_simulate(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("QUIZSIM_SEED", "as-written")
    questions = convert(read_gift("Between orange and green?{=yellow#Right. ~red ~blue}"), "bank").questions
    (tmp_path / "bank").mkdir()
    (tmp_path / "bank" / "questions.yaml").write_text(pack_yaml(questions), encoding="utf-8")
    library = load_library([tmp_path / "bank"])
    assert not library.problems
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("a", "enter")
        await settle(pilot)
        text = screen_text(app)
        assert "Right" in text and "yellow" in text
        assert "This question has nothing to simulate" in text
        assert "could not be simulated" not in text and "racing" not in text  # no race of options that cannot run
        assert "c compares all options" not in text
        await pilot.press("c")  # compare-all is off for it: nothing happens, nothing breaks
        await settle(pilot)
        assert app.screen.query_one("ConsequencePanel").view is None
