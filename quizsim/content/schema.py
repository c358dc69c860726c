"""The JSON Schema of content files, and field-name look-ups for did-you-mean hints."""

from __future__ import annotations

import json
import typing
from typing import Any, Union

from pydantic import BaseModel, Field, TypeAdapter

from quizsim.content import limits
from quizsim.content.backends import Backend
from quizsim.content.base import StrictModel
from quizsim.content.question import Question
from quizsim.content.scenario import Scenario


class PackHeader(StrictModel):
    """Title and description of the pack this folder holds (usually in pack.yaml)."""

    id: str | None = None
    """Ignored: a pack's id is its folder name."""
    title: str = Field(max_length=limits.MAX_TITLE_CHARS)
    """Name of the pack, shown on the home screen."""
    description: str = Field(default="", max_length=limits.MAX_DESCRIPTION_CHARS)
    """What the pack drills, in a sentence or two."""


class ContentFile(StrictModel):
    """A content file: any mix of a pack header, questions, scenarios and backend profiles."""

    pack: PackHeader | None = None
    questions: list[Question] = []
    scenarios: list[Scenario] = []
    backends: list[Backend] = []


def content_schema() -> dict[str, Any]:
    """JSON Schema accepted by every content file (a content file, or a file holding one scenario)."""
    schema = TypeAdapter(Union[ContentFile, Scenario]).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "quizsim content file"
    return schema


def content_schema_text() -> str:
    return json.dumps(content_schema(), indent=2, sort_keys=False) + "\n"


ROOT_MODELS: dict[str, Any] = {"question": Question, "scenario": Scenario, "backend": Backend}


def field_names_at(loc: tuple, root: Any = None) -> list[str]:
    """Field names allowed where `loc[-1]` was written, following `loc[:-1]` from the root model."""
    candidates = _models(root) if root is not None else [m for r in ROOT_MODELS.values() for m in _models(r)]
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        following: list[type[BaseModel]] = []
        for model in candidates:
            if part in model.model_fields:
                following.extend(_models(model.model_fields[part].annotation))
            elif _kind_of(model) == part:
                following.append(model)  # discriminator tag in a union location
        candidates = following or candidates
    names: set[str] = set()
    for model in candidates:
        names.update(model.model_fields)
    return sorted(names)


def field_description_at(loc: tuple, root: Any) -> str:
    """The docstring of the field `loc` names (first sentence), or '' when it is not a model field."""
    candidates = _models(root)
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        following: list[type[BaseModel]] = []
        for model in candidates:
            if part in model.model_fields:
                following.extend(_models(model.model_fields[part].annotation))
            elif _kind_of(model) == part:
                following.append(model)
        candidates = following or candidates
    for model in candidates:
        info = model.model_fields.get(str(loc[-1])) if loc else None
        if info is not None and info.description:
            return info.description.split(". ")[0].rstrip(".")
    return ""


def _kind_of(model: type[BaseModel]) -> str | None:
    field = model.model_fields.get("kind")
    if field is None:
        return None
    args = typing.get_args(field.annotation)
    return args[0] if args else None


def _models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(_models(arg))
    return found
