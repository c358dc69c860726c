"""import → export → import gives back the same questions; the bundled session-state pack survives GIFT."""

from __future__ import annotations

import json

import pytest

from quizsim.content.question import Question
from quizsim.interchange.convert import convert, pack_yaml
from quizsim.interchange.gift_reader import read_gift
from quizsim.interchange.gift_writer import write_gift
from quizsim.interchange.json_writer import write_json
from tests.interchange.test_moodle_fixtures import FIXTURES


def essence(question: Question) -> tuple:
    """What GIFT can hold: everything but scenario, judge, simulate blocks and difficulty."""
    return (
        question.id, question.stem, question.choose, question.explanation, question.domain,
        tuple(question.tags), tuple(question.references),
        tuple((o.id, o.text, o.correct, o.why) for o in question.options),
    )


def through_gift(questions: list[Question]) -> list[Question]:
    result = read_gift(write_gift(questions, "a header\nof two lines"))
    assert not result.problems and not result.skipped
    return convert(result, "again").questions


@pytest.mark.parametrize("name", ["moodle-examples.gift.txt", "moodle-test-questions.gift.txt"])
def test_moodle_files_import_export_import(name):
    path = FIXTURES / name
    if not path.is_file():
        pytest.skip(f"{path} is not here")
    first = convert(read_gift(path.read_text(encoding="utf-8")), path.name.split(".")[0]).questions
    assert [essence(q) for q in through_gift(first)] == [essence(q) for q in first]


def test_the_bundled_session_state_pack_through_gift_keeps_every_question(bundled_library):
    pack = bundled_library.packs["session-state"]
    original = [bundled_library.questions[i] for i in pack.question_ids]
    assert len(original) >= 40
    again = through_gift(original)
    assert [essence(q) for q in again] == [essence(q) for q in original]


def test_awkward_text_survives_gift():
    tricky = Question.model_validate({
        "id": "tricky", "stem": "[html] is not a format here: a {brace}, 100% sure?\nSecond line \\ ~ = # :",
        "options": [
            {"id": "a", "text": "%50% looks like a weight", "why": "#hash first"},
            {"id": "b", "text": "[markdown] text", "correct": True, "why": "a\nb"},
            {"id": "c", "text": "<b>tag</b> & entity", "why": "This is not the right answer."},
        ],
        "explanation": "####not general feedback",
    })
    [again] = through_gift([tricky])
    assert essence(again) == essence(tricky)


def test_true_false_and_choose_three_survive_gift():
    from tests.interchange.support import gift

    first = convert(gift("""
        TF?{FALSE##Right, it is false.####Because.}

        Three? (Select THREE.){~%33.33333%a ~%33.33333%b ~%33.33333%c ~%-100%d}
    """), "x").questions
    assert [q.choose for q in first] == [1, 3]
    assert [essence(q) for q in through_gift(first)] == [essence(q) for q in first]


def test_imported_yaml_loads_as_the_same_questions(tmp_path):
    from quizsim.content import load_library

    first = convert(read_gift((FIXTURES / "moodle-test-questions.gift.txt").read_text()), "t").questions
    (tmp_path / "bank").mkdir()
    (tmp_path / "bank" / "questions.yaml").write_text(pack_yaml(first, "a comment"), encoding="utf-8")
    library = load_library([tmp_path / "bank"])
    assert library.problems == []
    assert [essence(library.questions[q.id]) for q in first] == [essence(q) for q in first]


def test_json_export_holds_every_field(bundled_library):
    questions = [bundled_library.questions[i] for i in bundled_library.packs["session-state"].question_ids]
    document = json.loads(write_json(questions, "session-state"))
    assert document["format"] == "quizsim-questions" and document["pack"] == "session-state"
    again = [Question.model_validate(q) for q in document["questions"]]
    assert again == questions
