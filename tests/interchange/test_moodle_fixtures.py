"""Moodle's own GIFT files (../shared/fixtures/gift, read in place) import with the counts Moodle's rules give.

moodle-examples.gift.txt holds 43 questions: 23 a multiple-choice quiz can ask (18 multiple choice,
of which 2 with multiple answers, and 5 true/false) and 20 it cannot (8 numerical, 7 short answer,
2 missing-word short answer, 3 matching). moodle-test-questions.gift.txt holds 9: 5 importable (2 multiple
choice, 3 true/false) and 4 not (essay, matching, numerical, short answer).
"""

from __future__ import annotations

from collections import Counter

import pytest

from quizsim.interchange.convert import convert
from quizsim.interchange.gift_reader import read_gift
from tests.conftest import SHARED

FIXTURES = SHARED / "fixtures" / "gift"


def read(name: str):
    path = FIXTURES / name
    if not path.is_file():
        pytest.skip(f"{path} is not here (the shared fixtures sit beside the repository)")
    return read_gift(path.read_text(encoding="utf-8"))


def test_moodle_examples_counts():
    result = read("moodle-examples.gift.txt")
    assert not result.problems
    converted = convert(result, "moodle-examples")
    assert len(converted.questions) == 23
    assert Counter(s.kind for s in converted.skipped) == {
        "numerical": 8, "short answer": 7, "short answer (missing word)": 2, "matching": 3,
    }
    kinds = Counter("true/false" if [o.text for o in q.options] == ["True", "False"] else f"choose {q.choose}"
                    for q in converted.questions)
    assert kinds == {"choose 1": 16, "choose 2": 2, "true/false": 5}


def test_moodle_examples_details():
    converted = convert(read("moodle-examples.gift.txt"), "moodle-examples")
    by_id = {q.id: q for q in converted.questions}
    control = by_id["gift-control-characters"]
    assert [o.text for o in control.options] == ["~", "=", "#", "{", "}", "\\"]
    assert control.options[5].correct
    assert control.options[5].why.startswith("Correct! \\ (backslash) is not a control character. BUT, it is used")
    hometown = by_id["jesus-hometown"]
    assert hometown.stem == "Jesus Christ was from _____."
    assert [o.text for o in hometown.options if o.correct] == ["Nazareth"]
    assert by_id["grants-tomb"].options[1].why == "Right answer!"


def test_moodle_test_questions_counts():
    result = read("moodle-test-questions.gift.txt")
    assert not result.problems
    converted = convert(result, "moodle-test-questions")
    assert [q.id for q in converted.questions] == ["q2", "colours", "q1", "2-08-tsl", "2-08-tsl-2"]
    assert [(s.line, s.kind) for s in converted.skipped] == [
        (2, "essay"), (5, "matching"), (31, "numerical"), (34, "short answer"),
    ]
    colours = converted.questions[1]
    assert colours.choose == 2 and [o.text for o in colours.options if o.correct] == ["yellow", "off-beige"]
    assert colours.options[3].text == "blue"  # its [plain] format marker is not text
    q1 = converted.questions[2]
    assert q1.explanation == "This is, of course, a Hitchiker's Guide to the Galaxy reference."
    assert [o.why for o in q1.options] == ["42 is the Ultimate Answer.", "You gave the right answer."]
