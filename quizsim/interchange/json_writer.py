"""quizsim questions as one JSON document: every field of the content model, simulate blocks included."""

from __future__ import annotations

import json
from collections.abc import Iterable

from quizsim.content.question import Question

FORMAT = "quizsim-questions"
VERSION = 1


def write_json(questions: Iterable[Question], pack: str = "") -> str:
    """`{"format", "version", "pack", "questions": [...]}`; fields left at their defaults are omitted."""
    document = {
        "format": FORMAT,
        "version": VERSION,
        "pack": pack,
        "questions": [q.model_dump(mode="json", exclude_defaults=True) for q in questions],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
