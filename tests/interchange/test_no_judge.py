"""Imported questions have no scenario and no judge: the content model accepts that only when nothing simulates."""

from __future__ import annotations

from quizsim.content import load_library

QUESTION = """\
questions:
  - id: t-no-judge
    stem: Which is a fruit?
    options:
      - {id: a, text: Carrot, why: A root.}
      - {id: b, text: Apple, correct: true, why: It grows on a tree.%s}
    explanation: Fruits grow from flowers.
"""


def load(tmp_path, text):
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "q.yaml").write_text(text, encoding="utf-8")
    return load_library([tmp_path / "pack"])


def test_a_question_without_judge_or_scenario_loads(tmp_path):
    library = load(tmp_path, QUESTION % "")
    assert library.problems == []
    assert library.questions["t-no-judge"].judge is None


def test_an_option_that_simulates_needs_the_question_to_have_a_judge(tmp_path):
    library = load(tmp_path, QUESTION % ", simulate: {store: dynamodb-on-demand}")
    [problem] = library.problems
    assert "has no 'judge'" in problem.message and "add judge: {metric: ...}" in problem.message
    assert problem.line == 4 and "t-no-judge" in problem.subject  # at its options
