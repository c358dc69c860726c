"""Run several options of a question on the same seed, interleaved, streaming batches to a callback.

The one stepping loop for every face: the CLI and tests call `race()` in-process, the TUI's worker
processes (quizsim.race.pool) call it on their share of the options, and the in-thread fallback calls it
too. No Textual here. The engine (quizsim.sim) is imported on first use so that start-up does not pay
for SimPy and numpy.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from threading import Event as ThreadEvent
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quizsim.content import Library, Question, ResolvedScenario
    from quizsim.sim.result import Event, Result, Window

MAX_BATCHES = 100
"""At most this many batches per race (a message per window froze the UI in earlier projects)."""
MIN_INTERVAL_S = 0.04
YIELD_AFTER_FIRST_S = 0.03
"""Pause after the first batch so the UI thread gets the GIL and draws the first frame at once."""
YIELD_AFTER_BATCH_S = 0.002


class RaceCancelled(Exception):
    """The learner cancelled the race (Esc, next question, new seed)."""


@dataclass(frozen=True)
class RunPlan:
    """One option to run: its resolved scenario, or why it cannot run."""

    option_id: str
    resolved: "ResolvedScenario | None"
    error: str | None = None


@dataclass
class RaceBatch:
    """New windows and events per option since the previous batch."""

    windows: dict[str, list["Window"]] = field(default_factory=dict)
    events: dict[str, list["Event"]] = field(default_factory=dict)
    progress: dict[str, float] = field(default_factory=dict)

    def empty(self) -> bool:
        return not any(self.windows.values()) and not any(self.events.values())


@dataclass
class RaceOutcome:
    results: dict[str, "Result"] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    """Option id → readable reason it did not produce a result."""


def plan_runs(library: "Library", question: "Question", option_ids: Sequence[str]) -> list[RunPlan]:
    """Resolve each option; a broken option becomes a plan carrying its error instead of raising."""
    from quizsim.content import ResolveError, resolve_option

    by_id = {o.id: o for o in question.options}
    plans = []
    for oid in option_ids:
        option = by_id.get(oid)
        if option is None:
            plans.append(RunPlan(oid, None, f"option {oid!r} is not in question {question.id!r}"))
            continue
        try:
            plans.append(RunPlan(oid, resolve_option(library, question, option)))
        except ResolveError as exc:
            plans.append(RunPlan(oid, None, str(exc)))
        except Exception as exc:  # a content bug must not take the app down
            plans.append(RunPlan(oid, None, f"{type(exc).__name__}: {exc}"))
    return plans


def race(
    plans: Sequence[RunPlan],
    seed: int,
    cancel: "ThreadEvent | Any",
    emit: Callable[[RaceBatch], Any],
    *,
    clock: Callable[[], float] = time.monotonic,
    max_batches: int | None = None,
    yield_s: tuple[float, float] | None = None,
) -> RaceOutcome:
    """Advance every run one update at a time, round robin, calling `emit` with throttled batches.

    `cancel` is anything with `is_set()`. `max_batches` caps the batches (default MAX_BATCHES);
    `yield_s` is the pause after the first and after later batches, which lets a UI thread in the same
    process draw (default YIELD_AFTER_FIRST_S, YIELD_AFTER_BATCH_S; a worker process passes (0, 0)).
    """
    cap = MAX_BATCHES if max_batches is None else max(1, max_batches)
    pause_first_s, pause_batch_s = (YIELD_AFTER_FIRST_S, YIELD_AFTER_BATCH_S) if yield_s is None else yield_s
    outcome = RaceOutcome()
    runs: dict[str, Any] = {}
    for plan in plans:
        if plan.resolved is None:
            outcome.errors[plan.option_id] = plan.error or "cannot be simulated"
    live = [p for p in plans if p.resolved is not None]
    if live:
        from quizsim.sim import Cancelled, run
    else:
        return outcome

    pending = RaceBatch()
    progress = {p.option_id: 0.0 for p in live}
    sent = 0
    last_emit_at = -1e9
    last_emit_progress = -1.0

    def flush(force: bool) -> None:
        nonlocal pending, sent, last_emit_at, last_emit_progress
        if pending.empty() and not force:
            return
        now = clock()
        least = min(progress.values()) if progress else 1.0
        first = sent == 0
        due = now - last_emit_at >= MIN_INTERVAL_S and least - last_emit_progress >= 1.0 / cap
        if force or first or (due and sent < cap - 1):
            pending.progress = dict(progress)
            emit(pending)
            pending = RaceBatch()
            sent += 1
            last_emit_at = now
            last_emit_progress = least
            # A CPU-bound thread holds the GIL for whole switch intervals; the UI needs it to draw.
            pause_s = pause_first_s if first else pause_batch_s
            if pause_s > 0:
                time.sleep(pause_s)

    try:
        for plan in live:
            try:
                runs[plan.option_id] = run(plan.resolved, seed, cancel=cancel)
            except Exception as exc:
                outcome.errors[plan.option_id] = _describe(exc)
                progress.pop(plan.option_id, None)
        while runs:
            for oid in list(runs):
                if cancel.is_set():
                    raise RaceCancelled()
                try:
                    update = next(runs[oid])
                except StopIteration as stop:
                    outcome.results[oid] = stop.value
                    progress[oid] = 1.0
                    del runs[oid]
                    continue
                except Cancelled:
                    raise RaceCancelled() from None
                except Exception as exc:
                    outcome.errors[oid] = _describe(exc)
                    progress.pop(oid, None)
                    del runs[oid]
                    continue
                if update.windows:
                    pending.windows.setdefault(oid, []).extend(update.windows)
                if update.events:
                    pending.events.setdefault(oid, []).extend(update.events)
                progress[oid] = float(update.progress)
            flush(force=False)
        flush(force=True)
        return outcome
    finally:
        for gen in runs.values():
            gen.close()


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def first_resolved(library: "Library", question: "Question | None") -> "ResolvedScenario | None":
    """The first option of `question` that resolves, to warm the engine with a real scenario."""
    if question is None:
        return None
    for plan in plan_runs(library, question, [o.id for o in question.options]):
        if plan.resolved is not None:
            return plan.resolved
    return None


def step_once(resolved: "ResolvedScenario | None") -> None:
    """Import the engine and, given a scenario, take one real simulation step of it."""
    import quizsim.sim
    import quizsim.verdict.judge  # noqa: F401

    if resolved is not None:
        gen = quizsim.sim.run(resolved, 0)
        try:
            next(gen)
        finally:
            gen.close()


def warm_engine(library: "Library", question: "Question | None") -> None:
    """Import the engine and take one step of a real run, in the background while the learner reads.

    The engine imports numpy and its store models on first use; doing it here keeps the first chart
    frame after an answer fast. Any failure is left for the real race to report.
    """
    try:
        step_once(first_resolved(library, question))
    except Exception:
        pass
