"""Exam mode: N questions drawn by domain weight, a countdown, flags, free movement, no feedback until the end.

The clock is injected (seconds, monotonic); time counts only while the exam is open, so quitting pauses it.
Every answer, flag and move is committed to the progress store at once, so a quit or a crash resumes where
it stopped. Scoring simplification: the real exam weighs questions and equates forms to a scaled score of
100–1000; here the scaled score is 100 + 900 × (questions right ÷ questions), so the pass mark 720 needs
about 69 % right. A multiple-response question counts only when every pick is right (as on the real exam).
"""

from __future__ import annotations

import random
import secrets
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field

from quizsim.study.progress import ProgressError, ProgressStore
from quizsim.study.schedule import Schedule, StudyQuestion, fraction_right

# AWS Certified Solutions Architect – Associate (SAA-C03) Exam Guide, version 1.0 (2022): 65 questions in
# 130 minutes, scaled score 100–1000 with 720 to pass, and these domain weights.
# https://d1.awsstatic.com/training-and-certification/docs-sa-assoc/AWS-Certified-Solutions-Architect-Associate_Exam-Guide.pdf
# (checked 2026-12-02)
SAA_C03_QUESTIONS = 65
SAA_C03_MINUTES = 130
SECONDS_PER_QUESTION = SAA_C03_MINUTES * 60 // SAA_C03_QUESTIONS  # 120
PASS_MARK = 720
MIN_SCORE, MAX_SCORE = 100, 1000
SAA_C03_DOMAIN_WEIGHTS = {
    "Design secure architectures": 0.30,
    "Design resilient architectures": 0.26,
    "Design high-performing architectures": 0.24,
    "Design cost-optimized architectures": 0.20,
}

Clock = Callable[[], float]


class ExamClosed(Exception):
    """The exam is over (finished or out of time); str() says which."""


@dataclass(frozen=True)
class ExamSpec:
    """How an exam is set: stored with it, so a resumed exam keeps its rules."""

    count: int
    time_limit_ms: int
    pass_mark: int = PASS_MARK
    seed: int = 0
    weights: dict[str, float] = field(default_factory=dict)
    retake_of: str | None = None

    @classmethod
    def paced(cls, count: int, *, seconds_per_question: float = SECONDS_PER_QUESTION, **kwargs) -> ExamSpec:
        """A spec with the real exam's pace (2 minutes a question) unless told otherwise."""
        return cls(count=count, time_limit_ms=int(count * seconds_per_question * 1000), **kwargs)


def draw(pool: Sequence[StudyQuestion], count: int, *, weights: Mapping[str, float] | None = None,
         seed: int = 0) -> list[str]:
    """`count` question ids, shares per domain following `weights` (default SAA-C03's), shuffled by `seed`.

    Domains are matched ignoring case. A domain with too few questions gives its share to the others;
    domains without a weight are drawn from only when the weighted ones run out; if no domain of the pool
    has a weight, each domain's share is its share of the pool.
    """
    weights = SAA_C03_DOMAIN_WEIGHTS if weights is None else weights
    wanted = {k.casefold(): float(v) for k, v in weights.items()}
    rng = random.Random(seed)
    by_domain: dict[str, list[str]] = {}
    for q in sorted(pool, key=lambda q: q.id):
        by_domain.setdefault(q.ref.domain, []).append(q.id)
    count = max(0, min(count, sum(len(v) for v in by_domain.values())))
    quota = {d: 0 for d in by_domain}
    share = {d: wanted.get(d.casefold(), 0.0) for d in by_domain}
    if not any(share.values()):
        share = {d: float(len(ids)) for d, ids in by_domain.items()}
    left = count
    for weighted_only in (True, False):
        while left:
            open_ = [d for d in by_domain if quota[d] < len(by_domain[d]) and (share[d] > 0 or not weighted_only)]
            if not open_:
                break
            basis = {d: share[d] if weighted_only else float(len(by_domain[d])) for d in open_}
            placed = _largest_remainder(basis, left)
            for d, n in placed.items():
                take = min(n, len(by_domain[d]) - quota[d])
                quota[d] += take
                left -= take
    chosen = [qid for d in sorted(by_domain) for qid in rng.sample(by_domain[d], quota[d])]
    rng.shuffle(chosen)
    return chosen


def _largest_remainder(weights: Mapping[str, float], total: int) -> dict[str, int]:
    """`total` split in proportion to `weights`, whole numbers summing to `total`."""
    mass = sum(weights.values())
    exact = {k: total * w / mass for k, w in weights.items()}
    parts = {k: int(v) for k, v in exact.items()}
    by_remainder = sorted(exact, key=lambda k: (-(exact[k] - parts[k]), k))
    for k in by_remainder[: total - sum(parts.values())]:
        parts[k] += 1
    return parts


@dataclass
class ExamItem:
    position: int
    question_id: str
    chosen: tuple[str, ...] | None = None
    flagged: bool = False
    time_ms: int = 0


@dataclass(frozen=True)
class Tally:
    """Right answers out of a number of questions, for one domain or tag."""

    name: str
    right: int
    total: int

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0


@dataclass(frozen=True)
class QuestionOutcome:
    position: int
    question_id: str
    chosen: tuple[str, ...] | None
    correct_ids: tuple[str, ...]
    correct: bool
    flagged: bool
    time_ms: int
    domain: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class ExamResult:
    exam_id: str
    right: int
    total: int
    scaled_score: int
    pass_mark: int
    passed: bool
    timed_out: bool
    elapsed_ms: int
    time_limit_ms: int
    by_domain: list[Tally]
    by_tag: list[Tally]
    questions: list[QuestionOutcome]
    missing: list[str]
    """Question ids of the exam that the loaded content no longer has (not scored)."""

    @property
    def wrong_ids(self) -> list[str]:
        """Questions answered wrongly or left unanswered, in exam order."""
        return [q.question_id for q in self.questions if not q.correct]

    def to_dict(self) -> dict:
        data = asdict(self)
        data["wrong_ids"] = self.wrong_ids
        return data


def scaled_score(right: int, total: int) -> int:
    """100–1000, linear in the share right (see the module docstring)."""
    return round(MIN_SCORE + (MAX_SCORE - MIN_SCORE) * (right / total)) if total else MIN_SCORE


class ExamSession:
    """One exam in progress (or finished), backed by the progress store."""

    def __init__(self, store: ProgressStore, exam_id: str, spec: ExamSpec, items: list[ExamItem],
                 questions: Mapping[str, StudyQuestion], *, clock: Clock, elapsed_ms: int = 0, position: int = 0,
                 finished: bool = False, timed_out: bool = False) -> None:
        self.store = store
        self.exam_id = exam_id
        self.spec = spec
        self.items = items
        self.questions = dict(questions)
        self._clock = clock
        self._mark = clock()
        self.elapsed_ms = elapsed_ms
        self.position = min(max(0, position), max(0, len(items) - 1))
        self.finished = finished
        self.timed_out = timed_out

    # -- starting and resuming ------------------------------------------------------------------------------

    @classmethod
    def start(cls, store: ProgressStore, pool: Sequence[StudyQuestion], *, count: int = SAA_C03_QUESTIONS,
              seconds_per_question: float = SECONDS_PER_QUESTION, time_limit_s: float | None = None,
              pass_mark: int = PASS_MARK, weights: Mapping[str, float] | None = None, seed: int | None = None,
              clock: Clock = time.monotonic) -> ExamSession:
        """Draw a new exam from `pool` and store it. Time limit: `time_limit_s`, else count × seconds_per_question."""
        seed = secrets.randbits(32) if seed is None else seed
        weights = dict(SAA_C03_DOMAIN_WEIGHTS if weights is None else weights)
        ids = draw(pool, count, weights=weights, seed=seed)
        if not ids:
            raise ValueError("no questions to draw an exam from")
        limit_ms = int((time_limit_s if time_limit_s is not None else len(ids) * seconds_per_question) * 1000)
        spec = ExamSpec(len(ids), limit_ms, pass_mark, seed, weights)
        return cls._create(store, spec, ids, {q.id: q for q in pool}, clock)

    @classmethod
    def _create(cls, store: ProgressStore, spec: ExamSpec, ids: Sequence[str],
                questions: Mapping[str, StudyQuestion], clock: Clock) -> ExamSession:
        exam_id = uuid.uuid4().hex[:12]
        store.create_exam(exam_id, asdict(spec), ids)
        items = [ExamItem(i, qid) for i, qid in enumerate(ids)]
        return cls(store, exam_id, spec, items, questions, clock=clock)

    @classmethod
    def resume(cls, store: ProgressStore, exam_id: str, questions: Mapping[str, StudyQuestion], *,
               clock: Clock = time.monotonic) -> ExamSession:
        """The stored exam, its clock and answers as they were last committed."""
        data = store.load_exam(exam_id)
        if data is None:
            raise ProgressError(f"no exam {exam_id!r} in {store.path}")
        items = [ExamItem(i["position"], i["question_id"], i["chosen"], i["flagged"], i["time_ms"])
                 for i in data["items"]]
        return cls(store, exam_id, ExamSpec(**data["spec"]), items, questions, clock=clock,
                   elapsed_ms=data["elapsed_ms"], position=data["position"],
                   finished=data["finished_at_ms"] is not None, timed_out=data["timed_out"])

    @staticmethod
    def unfinished(store: ProgressStore) -> str | None:
        """The id of the newest exam left in the middle, if any."""
        ids = store.unfinished_exam_ids()
        return ids[0] if ids else None

    @staticmethod
    def unfinished_progress(store: ProgressStore) -> tuple[int, int, int] | None:
        """(answered, questions, ms left) of the exam left in the middle, if any, without resuming it."""
        exam_id = ExamSession.unfinished(store)
        data = store.load_exam(exam_id) if exam_id else None
        if data is None:
            return None
        answered = sum(1 for item in data["items"] if item["chosen"])
        left_ms = max(0, int(data["spec"]["time_limit_ms"]) - int(data["elapsed_ms"]))
        return answered, len(data["items"]), left_ms

    def retake_wrong(self, *, clock: Clock | None = None) -> ExamSession:
        """A new exam of the questions this one got wrong or left unanswered, at the same pace."""
        ids = [qid for qid in self.result().wrong_ids]
        if not ids:
            raise ValueError("nothing to retake: every question was right")
        per_question_ms = self.spec.time_limit_ms / max(1, self.spec.count)
        spec = ExamSpec(len(ids), int(per_question_ms * len(ids)), self.spec.pass_mark, self.spec.seed,
                        self.spec.weights, retake_of=self.exam_id)
        return self._create(self.store, spec, ids, self.questions, clock or self._clock)

    # -- the clock ------------------------------------------------------------------------------------------

    def _account(self) -> None:
        """Charge the time since the last look at the clock to the exam and to the question on screen."""
        now = self._clock()
        delta_ms = max(0, int(round((now - self._mark) * 1000)))
        self._mark = now
        if self.finished:
            return
        delta_ms = min(delta_ms, max(0, self.spec.time_limit_ms - self.elapsed_ms))
        self.elapsed_ms += delta_ms
        if self.items:
            self.items[self.position].time_ms += delta_ms

    @property
    def remaining_ms(self) -> int:
        """Time left, without charging it (see tick)."""
        return max(0, self.spec.time_limit_ms - self.elapsed_ms)

    def tick(self) -> int:
        """Look at the clock; on time-out the exam is submitted. Returns the time left in ms."""
        self._account()
        if not self.finished and self.remaining_ms <= 0:
            self._submit(timed_out=True)
        return self.remaining_ms

    def pause(self) -> None:
        """Commit the clock and the time per question (call on quit); the countdown stops until resumed."""
        self._account()
        if not self.finished:
            self.store.save_exam_progress(self.exam_id, elapsed_ms=self.elapsed_ms, position=self.position,
                                          times_ms={it.position: it.time_ms for it in self.items})

    def _open_or_raise(self) -> None:
        self.tick()
        if self.finished:
            raise ExamClosed("time is up: the exam was submitted" if self.timed_out else "the exam is finished")

    # -- moving, answering, flagging ------------------------------------------------------------------------

    @property
    def current(self) -> ExamItem:
        return self.items[self.position]

    def question(self, position: int | None = None) -> StudyQuestion | None:
        """The content of an item's question; None if the content no longer has it."""
        return self.questions.get(self.items[self.position if position is None else position].question_id)

    def goto(self, position: int) -> None:
        """Jump to a question by its 0-based position."""
        if not 0 <= position < len(self.items):
            raise IndexError(f"question {position + 1} is not in this exam (1–{len(self.items)})")
        self._open_or_raise()
        left = self.current
        self.position = position
        self.store.save_exam_progress(self.exam_id, elapsed_ms=self.elapsed_ms, position=position,
                                      times_ms={left.position: left.time_ms})

    def next(self) -> None:
        self.goto(min(self.position + 1, len(self.items) - 1))

    def previous(self) -> None:
        self.goto(max(self.position - 1, 0))

    def choose(self, chosen: Sequence[str]) -> None:
        """Set (or with [] clear) the answer to the current question; committed, not graded until the end."""
        self._open_or_raise()
        item = self.current
        item.chosen = tuple(chosen) or None
        self._save_item(item)

    def toggle_flag(self) -> bool:
        """Flag the current question for review (or unflag it); returns the new state."""
        self._open_or_raise()
        item = self.current
        item.flagged = not item.flagged
        self._save_item(item)
        return item.flagged

    def _save_item(self, item: ExamItem) -> None:
        self.store.save_exam_progress(self.exam_id, elapsed_ms=self.elapsed_ms, position=self.position,
                                      item=(item.position, item.chosen, item.flagged, item.time_ms))

    @property
    def answered_count(self) -> int:
        return sum(1 for it in self.items if it.chosen)

    def grid(self) -> list[dict]:
        """One cell per question for a jump grid: number, answered, flagged, current. No right or wrong."""
        return [{"number": it.position + 1, "answered": bool(it.chosen), "flagged": it.flagged,
                 "current": it.position == self.position} for it in self.items]

    # -- the end --------------------------------------------------------------------------------------------

    def finish(self) -> ExamResult:
        """Submit the exam (unanswered questions count as wrong) and return the result."""
        self.tick()
        if not self.finished:
            self._submit(timed_out=False)
        return self.result()

    def _submit(self, *, timed_out: bool) -> None:
        schedule = Schedule(self.store)
        answers = []
        for item in self.items:
            question = self.questions.get(item.question_id)
            if question is None or not item.chosen:
                continue
            correct = set(item.chosen) == set(question.correct_ids)
            card, _ = schedule.card_update(question.id, correct=correct, time_ms=item.time_ms,
                                           stem_words=question.stem_words)
            answers.append((question.ref, item.chosen, correct, fraction_right(question.correct_ids, item.chosen),
                            item.time_ms, card))
        self.store.finish_exam(self.exam_id, elapsed_ms=self.elapsed_ms, timed_out=timed_out, answers=answers)
        self.finished, self.timed_out = True, timed_out

    def result(self) -> ExamResult:
        """Score, pass or fail, breakdowns and per-question outcomes; only once the exam is finished."""
        if not self.finished:
            raise ExamClosed("the exam is still running: no feedback until it is finished")
        outcomes, missing = [], []
        for item in self.items:
            question = self.questions.get(item.question_id)
            if question is None:
                missing.append(item.question_id)
                continue
            correct = bool(item.chosen) and set(item.chosen) == set(question.correct_ids)
            outcomes.append(QuestionOutcome(item.position, item.question_id, item.chosen, question.correct_ids,
                                            correct, item.flagged, item.time_ms, question.ref.domain,
                                            question.ref.tags))
        right = sum(o.correct for o in outcomes)
        score = scaled_score(right, len(outcomes))
        return ExamResult(
            self.exam_id, right, len(outcomes), score, self.spec.pass_mark, score >= self.spec.pass_mark,
            self.timed_out, self.elapsed_ms, self.spec.time_limit_ms,
            _tallies(outcomes, lambda o: [o.domain or "(no domain)"]), _tallies(outcomes, lambda o: list(o.tags)),
            outcomes, missing,
        )


def _tallies(outcomes: Sequence[QuestionOutcome], keys: Callable[[QuestionOutcome], list[str]]) -> list[Tally]:
    """Per key, right out of total, weakest first."""
    right: dict[str, int] = {}
    total: dict[str, int] = {}
    for o in outcomes:
        for key in keys(o):
            total[key] = total.get(key, 0) + 1
            right[key] = right.get(key, 0) + int(o.correct)
    tallies = [Tally(k, right[k], total[k]) for k in total]
    return sorted(tallies, key=lambda t: (t.accuracy, -t.total, t.name))
