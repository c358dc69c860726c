"""Imported questions made into checked quizsim questions, and written as a pack's YAML file."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from pydantic import ValidationError

from quizsim.content.question import Question
from quizsim.content.validation_text import describe
from quizsim.interchange.model import (
    ImportResult,
    Skipped,
    slug,
    to_content,
    unique_ids,
)


@dataclass
class Converted:
    questions: list[Question] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    """Source line of each question."""
    skipped: list[Skipped] = field(default_factory=list)
    renamed: list[tuple[int, str, str]] = field(default_factory=list)
    """(line, the id its name gives, the id it got) where that id was taken."""


def convert(result: ImportResult, prefix: str, taken: set[str] = frozenset()) -> Converted:
    """Each imported question checked as a quizsim Question; one quizsim cannot hold is skipped with why."""
    out = Converted(skipped=list(result.skipped))
    ids = unique_ids(result.questions, prefix, set(taken))
    for imported, question_id in zip(result.questions, ids):
        try:
            out.questions.append(Question.model_validate(to_content(imported, question_id)))
            out.lines.append(imported.line)
            wanted = slug(imported.name)
            if wanted and wanted != question_id:
                out.renamed.append((imported.line, wanted, question_id))
        except ValidationError as exc:
            reasons = "; ".join(describe(err) for err in exc.errors())
            out.skipped.append(Skipped(imported.line, "question", reasons))
    out.skipped.sort(key=lambda s: s.line)
    return out


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def pack_yaml(questions: list[Question], comment: str = "") -> str:
    """A content file holding `questions` (what `quizsim validate` and the app load)."""
    data = {"questions": [q.model_dump(mode="json", exclude_defaults=True) for q in questions]}
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110, default_flow_style=False)
    head = "".join(f"# {line}\n" if line else "#\n" for line in comment.splitlines())
    return head + body
