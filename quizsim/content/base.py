"""Shared building blocks of the content model: strict models and sourced figures."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from quizsim.content.limits import MAX_ID_CHARS, MAX_TEXT_CHARS

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*$", min_length=1, max_length=MAX_ID_CHARS),
]
"""Lower-case id: letters, digits, '.', '_' and '-'."""

NonNegative = Annotated[float, Field(ge=0)]
Positive = Annotated[float, Field(gt=0)]

_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


class StrictModel(BaseModel):
    """Base of every content model: unknown fields are errors and field docstrings become schema text."""

    model_config = ConfigDict(
        extra="forbid",
        use_attribute_docstrings=True,
        frozen=True,
        str_strip_whitespace=True,
        str_max_length=MAX_TEXT_CHARS,  # every text has a bound; fields that need more say so
    )


class Sourced(StrictModel):
    """A block of figures that claims to describe AWS: it names its source and date, or says it is assumed."""

    source: str | None = None
    """Where these figures were published (document, page or measurement)."""
    as_of: str | None = None
    """When the source was read or published: YYYY-MM or YYYY-MM-DD."""
    assumed: str | None = None
    """Set instead of source when nothing authoritative was found: why this value was chosen."""

    @model_validator(mode="after")
    def _has_provenance(self) -> "Sourced":
        if self.assumed:
            return self
        if not self.source:
            raise ValueError("figures need a 'source' (with 'as_of') or an 'assumed' reason")
        if not self.as_of:
            raise ValueError(f"source {self.source!r} needs an 'as_of' date (YYYY-MM or YYYY-MM-DD)")
        if not _DATE.match(self.as_of):
            raise ValueError(f"as_of {self.as_of!r} is not a date: write YYYY-MM or YYYY-MM-DD")
        return self
