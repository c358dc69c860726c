"""Aiken, the whole format: multi-line stems, A. and A) options, ANSWER lines, optional blank lines;
a malformed block is a problem naming its line."""

from __future__ import annotations

from quizsim.interchange.aiken_writer import write_aiken
from quizsim.interchange.model import RIGHT_WHY, WRONG_WHY
from tests.interchange.support import aiken, key, questions

BANK = """
    What is the correct answer to this question?
    A. Is it this one?
    B. Maybe this answer?
    C. Possibly this one?
    D. Must be this one!
    ANSWER: D

    Which LMS has the most quiz import formats?
    A) Moodle
    B) ATutor
    C) Claroline
    D) Blackboard
    E) WebCT
    F) Ilias
    ANSWER: A
    A question whose text
    runs over two lines?
    A. yes
    B. no
    ANSWER: A
"""


def test_the_whole_format():
    result = aiken(BANK)
    found = questions(result)
    assert [q.line for q in result.questions] == [1, 8, 16]
    assert [q.stem for q in found] == [
        "What is the correct answer to this question?",
        "Which LMS has the most quiz import formats?",
        "A question whose text runs over two lines?",
    ]
    assert key(found[0]) == [("Is it this one?", False), ("Maybe this answer?", False),
                             ("Possibly this one?", False), ("Must be this one!", True)]
    assert key(found[1])[0] == ("Moodle", True) and len(found[1].options) == 6
    assert [o.why for o in found[2].options] == [RIGHT_WHY, WRONG_WHY]
    assert found[2].explanation == "The right answer: yes."


def problem_lines(text: str) -> list[tuple[int, str]]:
    result = aiken(text)
    assert result.problems
    return [(p.line, p.message) for p in result.problems]


def test_a_block_without_answer_names_the_question_line():
    [(line, message)] = problem_lines("""
        First?
        A. a
        B. b
        ANSWER: A

        Second?
        A. a
        B. b

        Third?
        A. a
        B. b
        ANSWER: B
    """)
    assert line == 6 and "no 'ANSWER: X'" in message


def test_an_answer_that_is_not_an_option():
    [(line, message)] = problem_lines("Q?\nA. a\nB. b\nANSWER: E\n")
    assert line == 4 and "A, B" in message


def test_too_few_options_and_an_answer_with_no_question():
    [(line, message)] = problem_lines("Q?\nA. only\nANSWER: A\n")
    assert line == 1 and "at least 2" in message
    [(line, message)] = problem_lines("ANSWER: A\n")
    assert line == 1 and "no question" in message


def test_a_lower_case_answer_line_says_how_to_write_it():
    [(line, message)] = problem_lines("Q?\nA. a\nB. b\nAnswer: A\n")
    assert line == 4 and "'ANSWER: X'" in message


def test_the_last_question_without_answer():
    [(line, message)] = problem_lines("Q?\nA. a\nB. b\nANSWER: A\n\nLast?\nA. a\nB. b\n")
    assert line == 6 and "ends without" in message


def test_repeated_letter():
    [(line, message)] = problem_lines("Q?\nA. a\nA. b\nANSWER: A\n")
    assert line == 3 and "twice" in message


def test_round_trip_through_aiken():
    first = questions(aiken(BANK))
    again = questions(aiken(write_aiken(first)))
    assert [(q.stem, key(q), [o.why for o in q.options], q.explanation) for q in again] == \
           [(q.stem, key(q), [o.why for o in q.options], q.explanation) for q in first]
