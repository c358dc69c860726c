"""Questions, their options, and how the simulation judges them."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from quizsim.content import limits
from quizsim.content.base import Id, StrictModel
from quizsim.metric_table import METRIC_NAMES, METRICS

Metric = Literal[METRIC_NAMES]  # type: ignore[valid-type]  # every name in quizsim.metric_table

_NUMBER_WORDS = {"TWO": 2, "THREE": 3, "FOUR": 4, "FIVE": 5}
_SELECT_N = re.compile(r"\b(?:select|choose)\s+(TWO|THREE|FOUR|FIVE|\d)\b", re.IGNORECASE)


class Constraint(StrictModel):
    """A bound an option must meet before the judged metric counts, e.g. sessions_lost at most 0."""

    metric: Metric
    max: float | None = None
    """Largest acceptable value of a simulated metric."""
    equals: bool | None = None
    """Required value of a trait."""


class Judge(StrictModel):
    """How the simulation decides which options win: the metric the stem's qualifier is about."""

    metric: Metric
    """What the stem asks for: a simulated number (lower wins) or a trait (true wins)."""
    constraints: list[Constraint] = []
    """Requirements from the stem an option must also meet (e.g. no sessions lost)."""
    tiebreak: Metric | None = None
    """Second metric deciding between options equal on the first (e.g. several serverless stores: lowest cost)."""
    tolerance: float = Field(default=0.05, ge=0, le=1)
    """Options within this fraction of the best value count as equally good."""

    @property
    def goal(self) -> str:
        """'min' for simulated numbers, 'true' for traits."""
        return METRICS[self.metric].goal

    @property
    def description(self) -> str:
        return METRICS[self.metric].description


class Simulate(StrictModel):
    """What to simulate for an option: a scenario, a store, and overrides."""

    scenario: Id | None = None
    """Scenario id; defaults to the question's scenario."""
    store: Id | None = None
    """Backend profile used as the session store, replacing the scenario's."""
    set: dict[str, Any] = {}
    """Overrides by dotted path into the scenario, e.g. {'web.routing': 'sticky'}; 'store.' paths reach the profile."""


class Option(StrictModel):
    """One answer choice."""

    id: str = Field(pattern=r"^[a-z0-9]{1,8}$")
    """Short id, usually a-e."""
    text: str = Field(min_length=1, max_length=limits.MAX_TEXT_CHARS)
    """The answer as the learner reads it."""
    correct: bool = False
    why: str = Field(min_length=1, max_length=limits.MAX_WHY_CHARS)
    """Feedback: why this option is right or wrong, naming the mechanism."""
    simulate: Simulate | None = None
    """What this option would run; omit only when the option cannot be simulated."""


class Question(StrictModel):
    """An exam-style question."""

    id: Id
    domain: str = Field(default="", max_length=limits.MAX_TITLE_CHARS)
    """Exam domain, e.g. 'Design high-performing architectures'."""
    tags: list[Annotated[str, Field(max_length=limits.MAX_TAG_CHARS)]] = Field(default=[], max_length=limits.MAX_TAGS)
    difficulty: Literal["recall", "application", "analysis"] = "application"
    stem: str = Field(min_length=1, max_length=limits.MAX_STEM_CHARS)
    """The scenario and the question, with its qualifier (MOST cost-effective, lowest latency...)."""
    choose: int = Field(default=1, ge=1, le=5)
    """How many options the learner must pick (1 = single answer)."""
    options: list[Option] = Field(min_length=2, max_length=limits.MAX_OPTIONS)
    explanation: str = Field(min_length=1, max_length=limits.MAX_EXPLANATION_CHARS)
    """The rule to remember and why, quoting what the simulation shows."""
    references: list[Annotated[str, Field(max_length=limits.MAX_REFERENCE_CHARS)]] = Field(
        default=[], max_length=limits.MAX_REFERENCES
    )
    """URLs of the documentation behind the answer."""
    scenario: Id | None = None
    """Default scenario for every option."""
    judge: Judge | None = None
    """How the simulation ranks the options; required when any option has 'simulate'. A question without
    it (e.g. one imported from GIFT or Aiken) is asked, graded and explained, but not simulated."""

    @property
    def simulated(self) -> bool:
        """Whether any option has a run to simulate (not so for a question imported from GIFT or Aiken)."""
        return any(option.simulate is not None for option in self.options)

    @model_validator(mode="after")
    def _consistent(self) -> "Question":
        ids = [o.id for o in self.options]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"option ids repeat: {', '.join(repeated)}")
        n_correct = sum(o.correct for o in self.options)
        if n_correct == 0:
            raise ValueError("no option is marked correct: true")
        if n_correct != self.choose:
            raise ValueError(
                f"choose is {self.choose} but {n_correct} options are marked correct; "
                f"set choose: {n_correct} or fix the options"
            )
        if self.choose >= len(self.options):
            raise ValueError(f"choose is {self.choose} but there are only {len(self.options)} options")
        match = _SELECT_N.search(self.stem)
        if match:
            word = match.group(1).upper()
            said = _NUMBER_WORDS.get(word) or int(word)
            if said != self.choose:
                raise ValueError(
                    f"the stem says '{match.group(0)}' but choose is {self.choose}; make them agree"
                )
        elif self.choose > 1:
            words = {v: k for k, v in _NUMBER_WORDS.items()}
            raise ValueError(
                f"choose is {self.choose} but the stem does not say so; add '(Select {words.get(self.choose, self.choose)}.)'"
            )
        if self.judge is None and any(o.simulate is not None for o in self.options):
            raise ValueError("options have 'simulate' but the question has no 'judge'; add judge: {metric: ...}")
        for ref in self.references:
            if not ref.startswith(("https://", "http://")):
                raise ValueError(f"references: {ref!r} is not a URL; write it with https://")
        return self
