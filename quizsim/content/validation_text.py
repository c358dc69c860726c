"""Pydantic validation errors rewritten for content authors: the field, what was written, what is allowed."""

from __future__ import annotations

import re
import typing
from typing import Any

from quizsim.content.problems import did_you_mean


def _backend_kinds() -> tuple[str, ...]:
    """Every `kind` of the Backend union, read from the models so a new backend module is known at once."""
    from quizsim.content.backends import Backend

    union = typing.get_args(Backend)[0]
    kinds: list[str] = []
    for model in typing.get_args(union):
        kinds.extend(typing.get_args(model.model_fields["kind"].annotation))
    return tuple(kinds)


KNOWN_KINDS = _backend_kinds()
"""Every backend `kind`; pydantic puts the chosen one at the front of union error locations."""

_QUOTED = re.compile(r"'([^']*)'")


def field_path(loc: tuple) -> str:
    """('options', 0, 'correct') → 'options[0].correct'; union tags such as 'redis' are dropped."""
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            if parts:
                parts[-1] = f"{parts[-1]}[{part}]"
            else:
                parts.append(f"[{part}]")
        elif part in KNOWN_KINDS or part == "StoreRef" or str(part).startswith(("function-", "dict[", "list[")):
            continue  # pydantic's name for a union branch, not something the author wrote
        else:
            parts.append(str(part))
    return ".".join(parts)


def shown(value: Any) -> str:
    """A value as the author wrote it, kept short."""
    text = repr(value) if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def describe(err: dict, field: str | None = None) -> str:
    """One readable sentence for one pydantic error, starting with the field it is about."""
    field = field_path(tuple(err["loc"])) if field is None else field
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    got = "" if isinstance(value, (dict, list)) else f", got {shown(value)}"
    name = f"field {field!r}" if field else "this entry"

    if kind == "missing":
        return f"missing required field {field!r}"
    if kind == "extra_forbidden":
        return f"unknown field {field!r}"
    if kind == "value_error":
        text = err["msg"].removeprefix("Value error, ")
        return f"{field}: {text}" if field else text
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{name}: expected a whole number{got}"
    if kind in ("float_parsing", "float_type", "finite_number"):
        return f"{name}: expected a number{got}"
    if kind in ("bool_parsing", "bool_type"):
        return f"{name}: expected true or false{got}"
    if kind == "string_type":
        return f"{name}: expected text{_got_kind(value)}"
    if kind == "list_type":
        return f"{name}: expected a list (items starting with '- '){_got_kind(value)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{name}: expected a mapping of fields (key: value){_got_kind(value)}"
    if kind == "greater_than":
        return f"{name}: must be greater than {_n(ctx.get('gt'))}{got}"
    if kind == "greater_than_equal":
        bound = ctx.get("ge")
        rule = "must not be negative" if bound == 0 else f"must be at least {_n(bound)}"
        return f"{name}: {rule}{got}"
    if kind == "less_than":
        return f"{name}: must be less than {_n(ctx.get('lt'))}{got}"
    if kind == "less_than_equal":
        return f"{name}: must be at most {_n(ctx.get('le'))}{got}"
    if kind == "literal_error":
        allowed = _QUOTED.findall(str(ctx.get("expected", ""))) or [str(ctx.get("expected", ""))]
        return (
            f"{name}: {shown(value)} is not allowed{did_you_mean(str(value), allowed)}"
            f" (one of: {', '.join(allowed)})"
        )
    if kind == "too_short":
        least = ctx.get("min_length")
        return f"{name}: needs at least {least} item{'s' if least != 1 else ''}, found {ctx.get('actual_length', 0)}"
    if kind == "too_long":
        return f"{name}: allows at most {ctx.get('max_length'):,} items, found {ctx.get('actual_length'):,}"
    if kind == "string_too_short":
        return f"{name}: must not be empty"
    if kind == "string_too_long":
        length = f"{len(value):,} characters" if isinstance(value, str) else "too long"
        return f"{name}: is {length}; the limit is {ctx.get('max_length'):,}"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if pattern.startswith("^[a-z0-9][a-z0-9._-]*"):
            return f"{name}: {shown(value)} is not a valid id: use lower-case letters, digits, '.', '_' and '-'"
        if "{1,8}" in pattern:
            return f"{name}: {shown(value)} is not a valid option id: 1-8 lower-case letters or digits, e.g. a"
        return f"{name}: {shown(value)} does not have the expected form ({pattern})"
    return f"{name}: {err['msg']}{got}"


def _got_kind(value: Any) -> str:
    if isinstance(value, dict):
        return ", got a mapping"
    if isinstance(value, list):
        return ", got a list"
    if value is None:
        return ", got nothing (an empty value)"
    return f", got {shown(value)}"


def _n(number: Any) -> str:
    """0.0 → '0', 1e7 → '10000000': bounds as an author would write them."""
    if isinstance(number, float) and number.is_integer():
        return str(int(number))
    return str(number)
