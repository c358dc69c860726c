"""The order a practice session shows its questions and options in, and the letters that follow it.

One session seed decides both, so a session can be replayed: the same seed gives the same order. The
letter of an option is its position on screen ("A" is the option shown first), never its id in the YAML:
ids such as `a`…`e` follow the author's order, which would give the answer key's habits away.
No Textual here.
"""

from __future__ import annotations

import os
import random
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

ENV_SEED = "QUIZSIM_SEED"
AS_WRITTEN = "as-written"
"""QUIZSIM_SEED value that keeps the author's order (for reviewing a pack, and tests written against it)."""
LETTERS = string.ascii_uppercase


def session_seed(environ: Mapping[str, str] | None = None) -> int | None:
    """The seed in QUIZSIM_SEED, None for `as-written`, or a fresh random seed when it is not set.

    Raises ValueError naming the variable when its value is neither a whole number ≥ 0 nor `as-written`.
    """
    raw = (os.environ if environ is None else environ).get(ENV_SEED, "").strip()
    if not raw:
        return random.SystemRandom().randrange(1, 10_000)  # short enough to read off the header
    return parse_seed(raw, ENV_SEED)


def parse_seed(raw: str, name: str = "the seed") -> int | None:
    """A whole number ≥ 0, or None for `as-written`; ValueError naming `name` for anything else."""
    raw = raw.strip()
    if raw.lower() == AS_WRITTEN:
        return None
    if not raw.isdigit():
        raise ValueError(f"{name} must be a whole number ≥ 0 or '{AS_WRITTEN}', not {raw!r}")
    return int(raw)


def shuffle_questions(question_ids: Iterable[str], seed: int | None) -> list[str]:
    """Question ids in the order the session shows them (as given when `seed` is None)."""
    ids = list(question_ids)
    if seed is not None:
        random.Random(f"{seed}:questions").shuffle(ids)
    return ids


def option_order(question_id: str, option_ids: Iterable[str], seed: int | None) -> "Lettering":
    """A question's options in shown order for `seed`.

    Seeded by the question too, so a question's options come out the same whichever questions
    share the session or the tag filter.
    """
    ids = list(option_ids)
    if seed is not None:
        random.Random(f"{seed}:options:{question_id}").shuffle(ids)
    return Lettering(tuple(ids))


@dataclass(frozen=True)
class Lettering:
    """Option ids in the order shown; the letter and key of each follow that order."""

    order: tuple[str, ...]

    def letter_of(self, option_id: str) -> str:
        """'A' for the option shown first; an id this question does not have is shown as written."""
        try:
            return letter_at(self.order.index(option_id))
        except ValueError:
            return option_id.upper()

    def id_at(self, index: int) -> str:
        """The option id shown at `index` (0-based)."""
        return self.order[index]

    def letters(self) -> dict[str, str]:
        """Option id → letter, for every surface that names an option."""
        return {oid: letter_at(i) for i, oid in enumerate(self.order)}

    def name(self, option_ids: Iterable[str]) -> str:
        """'A+C': the letters of `option_ids` in shown order."""
        return "+".join(sorted((self.letter_of(oid) for oid in option_ids), key=_letter_key))

    def sort(self, option_ids: Sequence[str]) -> list[str]:
        """`option_ids` in shown order."""
        return sorted(option_ids, key=lambda oid: _letter_key(self.letter_of(oid)))


def letter_at(index: int) -> str:
    return LETTERS[index] if index < len(LETTERS) else str(index + 1)


def _letter_key(letter: str) -> tuple[int, str]:
    return (len(letter), letter)
