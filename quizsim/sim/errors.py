"""Errors the engine raises: a cancelled run, and input it refuses to simulate."""

from __future__ import annotations


class Cancelled(Exception):
    """The run was cancelled through its `cancel` event."""


class SimInputError(ValueError):
    """A scenario the engine cannot run; the message names the field and what is wrong."""
