"""quizsim questions written as GIFT that Moodle imports and `quizsim import` reads back unchanged.

Stems, options, per-option feedback (`#`), the explanation as general feedback (`####`), the domain as
`$CATEGORY:`, tags as Moodle's `// [tag:...]` comment and references as `// reference: URL` comments.
Feedback and explanations that only restate the answer key (what `quizsim import` writes when a bank has
none) are left out. Scenarios, judges and simulate blocks have no place in GIFT and are not written.
"""

from __future__ import annotations

from collections.abc import Iterable

from quizsim.content.question import Question
from quizsim.interchange.model import default_explanation, default_why
from quizsim.interchange.text_format import starts_with_format

_SPECIAL = "~=#{}:"


def escape(text: str) -> str:
    """GIFT text for `text`: control characters escaped with a backslash, line breaks as \\n."""
    out = text.replace("\\", "\\\\")
    for char in _SPECIAL:
        out = out.replace(char, "\\" + char)
    out = out.replace("\n", "\\n")
    if starts_with_format(out) or out.startswith("%"):
        out = "[plain]" + out  # a leading [html] or %50% is the text's, not a format or a weight
    return out


def write_gift(questions: Iterable[Question], header: str = "") -> str:
    parts: list[str] = []
    if header:
        parts.append("\n".join(f"// {line}" if line else "//" for line in header.splitlines()))
    domain = ""
    for question in questions:
        if question.domain != domain:
            parts.append(f"$CATEGORY: {question.domain or '$course$/top'}")
            domain = question.domain
        parts.append(question_gift(question))
    return "\n\n".join(parts) + "\n"


def question_gift(question: Question) -> str:
    lines = []
    if question.tags:
        lines.append("// " + " ".join(f"[tag:{tag}]" for tag in question.tags))
    lines += [f"// reference: {ref}" for ref in question.references]
    stem = escape(question.stem)
    if not stem.startswith("[plain]") and ("<" in question.stem or "&" in question.stem):
        stem = "[plain]" + stem  # Moodle would render it as HTML
    lines.append(f"::{question.id}::{stem}{{")
    lines += [f"    {answer}" for answer in _answers(question)]
    explanation = question.explanation
    if explanation != default_explanation([(o.text, o.correct) for o in question.options]):
        lines.append(f"    ####{escape(explanation)}")
    lines.append("}")
    return "\n".join(lines)


def _feedback(why: str, correct: bool) -> str:
    return "" if why == default_why(correct) else escape(why)


def _answers(question: Question) -> list[str]:
    options = question.options
    if [o.text for o in options] == ["True", "False"] and question.choose == 1:
        true, false = options
        right, wrong = (true, false) if true.correct else (false, true)
        word = "TRUE" if true.correct else "FALSE"
        wrong_fb, right_fb = _feedback(wrong.why, False), _feedback(right.why, True)
        if right_fb:
            return [f"{word}#{wrong_fb}#{right_fb}"]
        return [f"{word}#{wrong_fb}" if wrong_fb else word]
    answers = []
    share = 100 / question.choose
    for option in options:
        text = escape(option.text)
        if question.choose == 1:
            mark = "=" if option.correct else "~"
        else:
            mark = f"~%{share:.7g}%" if option.correct else "~%-100%"
        feedback = _feedback(option.why, option.correct)
        answers.append(f"{mark}{text}" + (f"#{feedback}" if feedback else ""))
    return answers
