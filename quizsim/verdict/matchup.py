"""Which options the consequence panel races after an answer.

A wrong answer is raced against the answer key; a right one against the most tempting wrong option,
which `quizsim.verdict.rank` picks once the wrong options have been simulated.

"Select TWO" (choose-N): the matchup names every pick and every option of the best answer ("yours
A+C vs best A+B"), but races only the options in which the two answers differ, each wrong pick beside
a correct option it missed (C beside B). A pick both answers share runs identically on the same seed:
its lane would add a line to the chart and a column to the verdict without showing any difference, and
the panel has room for two or four lines at 80 columns, not for six. Half right is one race (C vs B);
both wrong is two (C vs A, D vs B), each with its own verdict table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from quizsim.study.practice import Grade, grade


@dataclass(frozen=True)
class Matchup:
    """The learner's picks, the best answer's options, and which of them race side by side."""

    picks: tuple[str, ...]
    """Every option the learner chose."""
    best: tuple[str, ...]
    """Every option of the answer key."""
    pairs: tuple[tuple[str, str | None], ...]
    """(your option, the one beside it) per race; the partner is None while the runner-up is unknown."""
    candidates: tuple[str, ...] = ()
    """Wrong options to simulate to find the runner-up (when the learner was right)."""

    @property
    def learner_right(self) -> bool:
        return set(self.picks) == set(self.best)

    @property
    def grade(self) -> Grade:
        return grade(self.best, self.picks)

    @property
    def yours(self) -> str:
        """Your option in the first race."""
        return self.pairs[0][0]

    @property
    def other(self) -> str | None:
        """The option beside it: a correct one, or None while the runner-up is still to be found."""
        return self.pairs[0][1]

    @property
    def shared(self) -> tuple[str, ...]:
        """Picks that are in the best answer too (not raced: they would run the same)."""
        return tuple(p for p in self.picks if p in self.best)

    @property
    def role(self) -> str:
        """'best' when the partner is a correct option, 'runner-up' when the learner was right."""
        return "runner-up" if self.learner_right else "best"

    def run_ids(self) -> list[str]:
        """Every option to simulate: the raced ones, or all picks and wrong options to find the runner-up."""
        if self.other is None:
            return _unique([*self.picks, *self.candidates])
        return _unique([oid for pair in self.pairs for oid in pair if oid is not None])

    def lanes(self) -> list[tuple[str, str]]:
        """(option id, role) of the lanes to show: yours first, then the options beside them."""
        if self.other is None:
            return [(self.yours, "yours")]
        yours = _unique([y for y, _ in self.pairs])
        others = _unique([o for _, o in self.pairs if o is not None])
        return [(oid, "yours") for oid in yours] + [(oid, self.role) for oid in others]

    def settle_runner_up(self, order: Sequence[str]) -> tuple[str, str] | None:
        """(your pick, closest wrong option) once the judge ranked every run, best first.

        With several right picks, the one the judge ranks lowest races: the narrowest margin is the lesson.
        """
        wrong = next((oid for oid in order if oid in self.candidates), None)
        if wrong is None:
            return None
        ranked_picks = [oid for oid in order if oid in self.picks]
        return (ranked_picks[-1] if ranked_picks else self.yours), wrong


def plan_matchup(options: Sequence[tuple[str, bool]], chosen: Sequence[str]) -> Matchup:
    """`options`: (id, correct) in shown order; `chosen`: the learner's picks."""
    correct = tuple(oid for oid, ok in options if ok)
    picks = tuple(chosen)
    wrong_picks = [c for c in picks if c not in correct]
    if wrong_picks:
        missed = [c for c in correct if c not in picks] or list(correct[:1])
        pairs = tuple((pick, missed[min(i, len(missed) - 1)]) for i, pick in enumerate(wrong_picks))
        return Matchup(picks=picks, best=correct, pairs=pairs)
    yours = picks[0] if picks else correct[0]
    wrong = tuple(oid for oid, ok in options if not ok)
    return Matchup(picks=picks or (yours,), best=correct, pairs=((yours, None),), candidates=wrong)


def _unique(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))
