"""A practice session: which questions, in what order, where the learner is, and how they answered.

Textual-free so the TUI and any later mode (review, exam) share it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from quizsim.study.order import Lettering, option_order, shuffle_questions


@dataclass(frozen=True)
class Grade:
    """How much of an answer is right: `right` of the `of` options the question asks for."""

    right: int
    of: int
    correct: bool
    """All right: the chosen set is exactly the set of correct options."""

    @property
    def fraction(self) -> float:
        """What the answer scores: 1 when all right, 0.5 for one of two, 0 when none is right."""
        return 1.0 if self.correct else (self.right / self.of if self.of else 0.0)

    @property
    def words(self) -> str:
        """'Right', 'Wrong', or '1 of 2 right' for a partly right choose-N answer."""
        if self.correct:
            return "Right"
        return f"{self.right} of {self.of} right" if self.right and self.of > 1 else "Wrong"

    @property
    def mark(self) -> str:
        return "✓" if self.correct else ("◐" if self.right else "✗")


def grade(correct_ids: Iterable[str], chosen: Iterable[str]) -> Grade:
    """Count the chosen options that are correct; all right only when the chosen set is the correct set.

    A pick beyond the number asked for cannot happen (Selection refuses it), so `right` of `of` is the
    whole story: choosing one right and one wrong option of a "Select TWO" is 1 of 2 right.
    """
    key, picks = set(correct_ids), set(chosen)
    return Grade(right=len(key & picks), of=max(len(key), 1), correct=key == picks)


@dataclass(frozen=True)
class Answer:
    """What the learner picked for one question and how it was graded."""

    chosen: tuple[str, ...]
    grade: Grade

    @property
    def correct(self) -> bool:
        return self.grade.correct


@dataclass
class Selection:
    """Options picked on the current card, at most `choose` of them."""

    choose: int
    picked: list[str] = field(default_factory=list)

    def toggle(self, option_id: str) -> str | None:
        """Pick or unpick an option; returns a reason when the pick is refused."""
        if option_id in self.picked:
            self.picked.remove(option_id)
            return None
        if self.choose == 1:
            self.picked = [option_id]
            return None
        if len(self.picked) >= self.choose:
            return f"you already chose {self.choose}; unpick one first"
        self.picked.append(option_id)
        return None

    @property
    def ready(self) -> bool:
        return len(self.picked) == self.choose

    def counter(self) -> str:
        """'chosen 1 of 2' for choose-N questions, '' for single answers."""
        return f"chosen {len(self.picked)} of {self.choose}" if self.choose > 1 else ""


class PracticeSession:
    """An ordered list of question ids with a cursor, an optional tag filter and the answers given."""

    def __init__(self, questions: Sequence[tuple[str, Sequence[str]]], tag: str | None = None, seed: int | None = None) -> None:
        """`questions`: (question id, tags) as written; `seed` shuffles questions and options (None keeps them)."""
        self.seed = seed
        tags_of = {qid: tuple(tags) for qid, tags in questions}
        self._all = [(qid, tags_of[qid]) for qid in shuffle_questions(tags_of, seed)]
        self.tag: str | None = None
        self.ids: list[str] = []
        self.index = 0
        self.answers: dict[str, Answer] = {}
        self.skipped: set[str] = set()
        self.set_tag(tag)

    def set_tag(self, tag: str | None) -> None:
        """Keep only questions carrying `tag` (None = all); stays on the current question when it remains."""
        keep = self.current
        self.tag = tag
        self.ids = [qid for qid, tags in self._all if tag is None or tag in tags]
        self.index = self.ids.index(keep) if keep in self.ids else 0

    def tags(self) -> dict[str, int]:
        """Every tag of the session's questions with its question count, most common first."""
        counts: dict[str, int] = {}
        for _, tags in self._all:
            for tag in tags:
                counts[tag] = counts.get(tag, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    @property
    def current(self) -> str | None:
        return self.ids[self.index] if self.ids else None

    @property
    def position(self) -> str:
        """'7/42', or '0/0' when the filter leaves nothing."""
        return f"{self.index + 1}/{len(self.ids)}" if self.ids else "0/0"

    def next(self) -> str | None:
        if self.ids:
            self.index = min(self.index + 1, len(self.ids) - 1)
        return self.current

    def previous(self) -> str | None:
        if self.ids:
            self.index = max(self.index - 1, 0)
        return self.current

    def skip(self) -> str | None:
        """Leave the current question unanswered and move on."""
        if self.current is not None and self.current not in self.answers:
            self.skipped.add(self.current)
        return self.next()

    @property
    def at_end(self) -> bool:
        return not self.ids or self.index == len(self.ids) - 1

    def options(self, question_id: str, option_ids: Iterable[str]) -> Lettering:
        """The question's options in the order this session shows them, with their letters."""
        return option_order(question_id, option_ids, self.seed)

    def record(self, question_id: str, chosen: Iterable[str], grade: Grade) -> Answer:
        answer = Answer(tuple(chosen), grade)
        self.answers[question_id] = answer
        self.skipped.discard(question_id)
        return answer

    def score(self) -> tuple[float, float]:
        """(right, wrong) so far, in questions: a "Select TWO" answer with one of two right adds 0.5 to each."""
        right = sum(a.grade.fraction for a in self.answers.values())
        return right, len(self.answers) - right


def score_text(right: float, wrong: float) -> str:
    """'✓ 3.5  ✗ 1.5' (whole numbers without a decimal)."""
    return f"✓ {_count(right)}  ✗ {_count(wrong)}"


def _count(value: float) -> str:
    value = round(value, 6)  # thirds of a "Select THREE" add up to 0.9999…
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
