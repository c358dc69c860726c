"""Random GIFT- and Aiken-like text never raises: it imports, is skipped or is a problem with a line; and
whatever imports comes back the same through GIFT. Seeded, so a failure replays."""

from __future__ import annotations

import random

from quizsim.interchange.aiken_reader import read_aiken
from quizsim.interchange.convert import convert
from quizsim.interchange.gift_reader import read_gift
from quizsim.interchange.gift_writer import write_gift

PIECES = [*"~=#{}:\\%-> \nabcTFRUEA.)1290$[]/", "::", "####", "ANSWER: ", "\n\n", "TRUE", "%50%", "%-100%",
          "[html]", "<b>", "&amp;", "\\n", "\t", "$CATEGORY:", "// [tag:x]"]


def essence(questions):
    return [(q.stem, q.domain, q.explanation, [(o.text, o.correct, o.why) for o in q.options]) for q in questions]


def noise(rng: random.Random, most: int) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(0, most)))


def bank(rng: random.Random) -> str:
    """Pure noise, or a question-shaped block with noise in every part."""
    if rng.random() < 0.3:
        return noise(rng, 60)
    marks = ["~", "=", "~%50%", "~%-100%", "~%33.3%"]
    answers = " ".join(rng.choice(marks) + "w" + noise(rng, 6) for _ in range(rng.randint(1, 5)))
    tail = noise(rng, 3) if rng.random() < 0.3 else ""
    return noise(rng, 4) + "Stem " + noise(rng, 8) + "{" + answers + "}" + tail


def test_random_banks():
    rng = random.Random(20261202)
    imported = 0
    for _ in range(3000):
        text = bank(rng)
        aiken = read_aiken(text)
        assert all(p.line >= 1 and p.message for p in aiken.problems)
        convert(aiken, "x")
        result = read_gift(text)
        assert all(p.line >= 1 and p.column >= 1 and p.message for p in result.problems)
        questions = convert(result, "x").questions
        if questions and not result.problems:
            imported += 1
            assert essence(convert(read_gift(write_gift(questions)), "x").questions) == essence(questions), text
    assert imported > 50  # the generator does reach real questions
