"""Rank a question's simulated options: the one place that decides who wins, used by the CLI, the verdict,
compare-all and the runner-up pick."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from quizsim.verdict.judge import Standing, answer_key_disagreements, standing, winners

if TYPE_CHECKING:
    from quizsim.content.question import Question
    from quizsim.sim.result import Result


@dataclass(frozen=True)
class Ranking:
    """A question's options that produced results, ordered by its judge."""

    question: "Question"
    standings: dict[str, Standing]
    """Option id → standing, in the order the results were given."""
    order: tuple[str, ...]
    """Option ids, best first (options breaking a requirement last)."""
    winners: frozenset[str]
    """The options the simulation picks: as many as the question asks for, more when tied."""

    @property
    def correct(self) -> frozenset[str]:
        return frozenset(o.id for o in self.question.options if o.correct)

    @property
    def agrees(self) -> bool:
        """True when the simulation's winners are exactly the answer key's options."""
        return self.winners == self.correct

    def disagreements(self) -> list[str]:
        """Why the simulation disagrees with the answer key, in words; empty when it confirms it."""
        ranked = [s for s in self.standings.values()]
        present = self.correct & set(self.standings)
        return answer_key_disagreements(self.question.judge, ranked, set(present))

    def best_of(self, options: set[str] | frozenset[str]) -> str | None:
        """The best-ranked option among `options` (e.g. the most tempting wrong answer)."""
        return next((oid for oid in self.order if oid in options), None)


def rank(question: "Question", results: Mapping[str, "Result"]) -> Ranking:
    """Judge every option in `results` (option id → its run) under the question's judge."""
    judge = question.judge
    standings = {oid: standing(judge, oid, result) for oid, result in results.items()}
    order = tuple(winners(judge, list(standings.values()), count=len(standings)))
    count = max(1, question.choose)
    top = frozenset(winners(judge, list(standings.values()), count=count)) if standings else frozenset()
    return Ranking(question, standings, order, top)
