"""Which two options the consequence panel races after an answer.

A wrong answer is raced against a correct option; a right answer against the most tempting wrong
option, which `quizsim.verdict.rank` picks once the wrong options have been simulated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Matchup:
    """The learner's option, and the one to set beside it."""

    yours: str
    other: str | None
    """Known partner (a correct option), or None while the runner-up is still to be found."""
    candidates: tuple[str, ...] = ()
    """Wrong options to simulate to find the runner-up (when `other` is None)."""
    learner_right: bool = False

    @property
    def role(self) -> str:
        """'best' when the partner is a correct option, 'runner-up' when the learner was right."""
        return "runner-up" if self.learner_right else "best"


def plan_matchup(options: Sequence[tuple[str, bool]], chosen: Sequence[str]) -> Matchup:
    """`options`: (id, correct) in question order; `chosen`: the learner's picks."""
    correct = [oid for oid, ok in options if ok]
    wrong_picks = [c for c in chosen if c not in correct]
    if wrong_picks:
        missed = [c for c in correct if c not in chosen]
        return Matchup(yours=wrong_picks[0], other=(missed or correct)[0])
    yours = chosen[0] if chosen else correct[0]
    wrong = tuple(oid for oid, ok in options if not ok)
    return Matchup(yours=yours, other=None, candidates=wrong, learner_right=True)
