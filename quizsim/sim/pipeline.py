"""The request path of a run. A bare queue: request → queue. Otherwise: ALB → web instance → session store."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from quizsim.content.resolve import ResolvedScenario
from quizsim.text import num
from quizsim.sim.context import SimContext
from quizsim.sim.stores import make_store
from quizsim.sim.stores.base import Ops
from quizsim.sim import windowing
from quizsim.sim.workload import RateSchedule

UNBOUNDED_BACKLOG_S = 600.0
"""A bare queue whose backlog passes this many seconds of work (and keeps growing) has no steady state."""


@dataclass
class Outcome:
    """One window's requests as the metrics see them."""

    count: int
    """Requests that really arrived."""
    weight: float
    """Real requests each simulated one stands for."""
    latency_ms: np.ndarray
    """Latency of each simulated request that succeeded."""
    wait_ms: np.ndarray
    """Time queued by each of those requests."""
    unbounded: str = ""
    """Set when the run must stop: why the queue has no steady state."""
    in_system_mean: float = 0.0
    """Bare queue: mean number of requests in the system over the window."""
    store_latency_ms: np.ndarray | None = None
    """Latency of each simulated store operation that succeeded (queueing and retries included)."""


class Pipeline:
    """What the engine drives each window."""

    cap: int
    session_reads: float = 0.0
    session_misses: float = 0.0
    sessions_started: float = 0.0

    def start(self) -> None: ...
    def window(self, t0: float, t1: float) -> Outcome: raise NotImplementedError
    def end_window(self, t0: float, t1: float) -> None: ...
    def capacity(self) -> dict[str, float]: return {}
    def on_fault(self, fault, t: float) -> None: ...
    def finish(self, t: float, stopped: bool) -> str:
        """The run ends at t (`stopped`: early); returns why it has no steady state, or ''."""
        return ""
    def notes(self) -> list[str]: return []
    def summary_fields(self, simulated_s: float) -> dict:
        """Extra Summary fields this path measures (e.g. jobs lost), by name."""
        return {}


class BareQueuePipeline(Pipeline):
    """A scenario holding only a generic queue: each request is one job (no web tier, no sessions)."""

    def __init__(self, resolved: ResolvedScenario, ctx: SimContext, schedule: RateSchedule) -> None:
        self.ctx = ctx
        self.schedule = schedule
        self.cap = windowing.MAX_SIMULATED_PER_WINDOW_QUEUE
        self.store = make_store(resolved.store, ctx)
        self.store.attach(None)
        self._growing = 0
        self._last_backlog = 0.0
        self._pending = np.zeros(0)  # departure times (after the current window) of earlier requests

    def on_fault(self, fault, t: float) -> None:
        self.ctx.narrator.say(t, "failure", f"{fault.kind.replace('_', ' ')}: a bare queue has nothing to fail")

    def window(self, t0: float, t1: float) -> Outcome:
        arrivals = self.schedule.arrivals(self.ctx.rng, t0, t1, self.cap)
        n = arrivals.times_s.size
        weight = arrivals.weight
        ops = Ops(
            t_s=arrivals.times_s, write=np.zeros(n, dtype=bool), session=np.full(n, -1), instance=np.full(n, -1),
            hot=np.zeros(n, dtype=bool), weight=weight, t0=t0, t1=t1, fraction=arrivals.fraction,
        )
        result = self.store.serve(ops)
        in_system = self._in_system(arrivals.times_s, arrivals.times_s + result.latency_ms / 1000.0, t0, t1, weight)
        # Each request is one job at the queue, so the store's latency is the request's (both exclude turned-away jobs).
        return Outcome(
            arrivals.count, weight, result.latency_ms, result.wait_ms, self._unbounded(t1), in_system,
            store_latency_ms=result.latency_ms[result.error == 0],
        )

    def _in_system(self, arrive: np.ndarray, depart: np.ndarray, t0: float, t1: float, weight: float) -> float:
        """Mean number in the system at random instants of the window: arrivals so far − departures so far."""
        probes = np.sort(self.ctx.rng.uniform(t0, t1, 64))

        def at_or_before(times: np.ndarray) -> np.ndarray:  # how many of `times` are <= each probe
            return np.cumsum(np.bincount(np.searchsorted(probes, times, side="left"), minlength=65))[:64]

        in_system = np.searchsorted(arrive, probes, side="right") - at_or_before(depart)
        in_system += self._pending.size - at_or_before(self._pending)
        self._pending = np.concatenate([self._pending[self._pending > t1], depart[depart > t1]])
        return float(in_system.mean()) * weight

    def _unbounded(self, t1: float) -> str:
        backlog = self.store.backlog_s(t1)
        self._growing = self._growing + 1 if backlog > self._last_backlog else 0
        self._last_backlog = backlog
        if backlog > UNBOUNDED_BACKLOG_S and self._growing >= 3:
            rate = float(self.schedule.rate(t1))
            return (
                f"the queue grew without bound: {num(backlog)} s of work waiting; arrivals "
                f"{num(rate)}/s reach or exceed the capacity of {self.store.describe()}. The run stops here."
            )
        return ""

    def capacity(self) -> dict[str, float]:
        return self.store.capacity()

    def end_window(self, t0: float, t1: float) -> None:
        self.store.end_window(t0, t1)

    def finish(self, t: float, stopped: bool) -> str:
        if stopped:
            return ""
        rate = float(self.schedule.rate(max(0.0, t - 1e-6)))
        if rate >= self.store.capacity_per_s:
            return (
                f"arrivals of {num(rate)}/s reach or exceed the capacity of {self.store.describe()}: "
                "this queue has no steady state and grows without bound."
            )
        return ""

    def notes(self) -> list[str]:
        return self.store.notes()
