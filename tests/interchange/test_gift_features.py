"""Each GIFT feature the issue lists, read as Moodle reads it, into a question `quizsim validate` accepts."""

from __future__ import annotations

import pytest

from quizsim.interchange.model import RIGHT_WHY, WRONG_WHY
from tests.interchange.support import gift, key, only, questions


def test_single_answer_multiple_choice():
    q = only(gift("Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}"))
    assert q.stem == "Who's buried in Grant's tomb?"
    assert key(q) == [("Grant", False), ("Jefferson", False), ("no one", True)]
    assert q.choose == 1
    assert [o.id for o in q.options] == ["a", "b", "c"]
    assert q.judge is None and all(o.simulate is None for o in q.options)


def test_missing_word_multiple_choice_puts_a_blank_where_the_block_was():
    q = only(gift("Grant is {~buried =entombed ~living} in Grant's tomb."))
    assert q.stem == "Grant is _____ in Grant's tomb."
    assert key(q)[1] == ("entombed", True)


def test_multiple_answers_with_weights_become_choose_n_and_the_stem_says_so():
    q = only(gift("""
        What two people are entombed in Grant's tomb? {
            ~%-50%No one
            ~%50%Grant
            ~%50%Grant's wife
            ~%-50%Grant's father }
    """))
    assert q.choose == 2
    assert key(q) == [("No one", False), ("Grant", True), ("Grant's wife", True), ("Grant's father", False)]
    assert q.stem == "What two people are entombed in Grant's tomb? (Select TWO.)"


def test_a_stem_that_already_says_how_many_is_left_alone():
    q = only(gift("Pick the even numbers. (Choose 2) {~%50%2 ~%50%4 ~%-100%5}"))
    assert q.stem == "Pick the even numbers. (Choose 2)"
    assert q.choose == 2


def test_partial_credit_in_a_single_answer_question_is_not_the_key_but_is_noted():
    q = only(gift("Difficult question.{~wrong answer ~%50%half credit answer =full credit answer}"))
    assert key(q) == [("wrong answer", False), ("half credit answer", False), ("full credit answer", True)]
    assert "50 % credit" in q.options[1].why


@pytest.mark.parametrize("word, true_is_right", [("T", True), ("TRUE", True), ("F", False), ("FALSE", False)])
def test_true_false(word, true_is_right):
    q = only(gift(f"The sun rises in the east.{{{word}}}"))
    assert key(q) == [("True", true_is_right), ("False", not true_is_right)]


def test_true_false_feedback_goes_to_the_wrong_and_the_right_answer():
    q = only(gift("42 is the Absolute Answer.{FALSE#42 is the Ultimate Answer.#You gave the right answer.}"))
    true, false = q.options
    assert (true.correct, true.why) == (False, "42 is the Ultimate Answer.")
    assert (false.correct, false.why) == (True, "You gave the right answer.")


def test_per_answer_feedback_and_defaults_where_there_is_none():
    q = only(gift("""
        What's the answer?{
        ~wrong answer#feedback comment on the wrong answer
        ~another wrong answer
        =right answer#Very good!}
    """))
    assert [o.why for o in q.options] == ["feedback comment on the wrong answer", WRONG_WHY, "Very good!"]
    q2 = only(gift("Q?{~a =b}"))
    assert [o.why for o in q2.options] == [WRONG_WHY, RIGHT_WHY]


def test_general_feedback_is_the_explanation_and_a_default_states_the_key():
    q = only(gift("Q?{~a =b ####Because b.}"))
    assert q.explanation == "Because b."
    assert only(gift("Q?{~a =b}")).explanation == "The right answer: b."


def test_question_names_become_ids_unique_and_valid():
    found = questions(gift("""
        ::Jesus' Home Town!::Where?{~Jerusalem =Nazareth}

        ::Jesus' Home Town!::Where again?{~Jerusalem =Nazareth}

        Unnamed?{~a =b}
    """))
    assert [q.id for q in found] == ["jesus-home-town", "jesus-home-town-2", "bank-3"]


def test_a_very_long_name_gives_an_id_within_the_limit():
    q = only(gift("::" + "x" * 200 + "::Q?{~a =b}"))
    assert len(q.id) == 64


def test_category_sets_the_domain_of_the_questions_after_it():
    found = questions(gift("""
        $CATEGORY: $course$/top/Networking/VPC

        First?{~a =b}

        Second?{~a =b}

        $CATEGORY: Storage

        Third?{~a =b}
    """))
    assert [q.domain for q in found] == ["Networking/VPC", "Networking/VPC", "Storage"]


def test_tags_and_references_from_comments_before_the_question():
    q = only(gift("""
        // [tag:vpc] [tag:subnets]
        // reference: https://docs.aws.amazon.com/vpc/
        Q?{~a =b}
    """))
    assert q.tags == ["vpc", "subnets"]
    assert q.references == ["https://docs.aws.amazon.com/vpc/"]


def test_text_formats():
    q = only(gift("::f::[html]Which is <b>bold</b> &amp; right?{~<i>not</i> this =[plain]<b>this</b>#[markdown]**yes**}"))
    assert q.stem == "Which is bold & right?"
    assert [o.text for o in q.options] == ["not this", "<b>this</b>"]  # [plain] is shown as written
    assert q.options[1].why == "**yes**"
    assert only(gift("[moodle]Plain?{~a =b}")).stem == "Plain?"
    assert only(gift("[markdown]Who's in **Grant's tomb**?{~a =b}")).stem == "Who's in **Grant's tomb**?"


def test_escaped_control_characters_are_literal():
    q = only(gift(r"""
        Which is not a control character\: a \{brace\}? {
           ~ \~     # \~ is one.
           ~ \=     # \= is one.
           ~ \#     # \# is one.
           = \\     # Correct\! \\ escapes the others.\nNew line.
        }
    """))
    assert q.stem == "Which is not a control character: a {brace}?"
    assert [o.text for o in q.options] == ["~", "=", "#", "\\"]
    assert q.options[0].why == "~ is one."
    assert q.options[3].why == "Correct\\! \\ escapes the others.\nNew line."


def test_comments_are_ignored_and_questions_span_lines():
    q = only(gift("""
        // a comment before
        The American holiday of Thanksgiving is
        celebrated on the {
            // a comment inside
            ~second
            ~third
            =fourth
        } Thursday of November.
    """))
    assert q.stem == "The American holiday of Thanksgiving is celebrated on the _____ Thursday of November."
    assert key(q) == [("second", False), ("third", False), ("fourth", True)]


@pytest.mark.parametrize("text, kind", [
    ("Match. {=a -> 1 =b -> 2 =c -> 3}", "matching"),
    ("Year? {#1822:1}", "numerical"),
    ("Who? {=no one =nobody}", "short answer"),
    ("Two plus two equals {=four =4}.", "short answer (missing word)"),
    ("How are you? {}", "essay"),
    ("Just some text.", "description"),
])
def test_types_a_quiz_cannot_take_are_skipped_with_line_and_type(text, kind):
    result = gift(f"First?{{~a =b}}\n\n// comment\n{text}\n")
    assert not result.problems
    assert [(s.line, s.kind) for s in result.skipped] == [(4, kind)]
    assert len(result.questions) == 1


def test_quizsim_limits_skip_a_question_with_the_reason():
    result = gift("Many?{" + " ".join(f"~o{i}" for i in range(10)) + " =right}")
    assert result.skipped and "at most 9" in result.skipped[0].reason
    result = gift("Both?{=a =b ~c}")
    assert result.skipped and "exactly one" in result.skipped[0].reason
