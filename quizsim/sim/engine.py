"""The run loop: SimPy drives the control plane, numpy pushes each window's requests through the data plane."""

from __future__ import annotations

import threading
from collections.abc import Generator

import numpy as np
import simpy

from quizsim.content.resolve import ResolvedScenario
from quizsim.text import num, parse_clock
from quizsim.sim.context import SimContext
from quizsim.sim.errors import Cancelled
from quizsim.sim.ledger import SECONDS_PER_MONTH, Ledger
from quizsim.sim.metrics import RunMetrics, _r
from quizsim.sim.narrator import Narrator
from quizsim.sim.pipeline import BareQueuePipeline, Pipeline
from quizsim.sim.session_pipeline import SessionPipeline
from quizsim.sim.result import Result, Summary, Update
from quizsim.sim.workload import RateSchedule
from quizsim.sim.windowing import window_size_s


class Simulation:
    """One run of one resolved scenario with one seed; `step()` advances one window."""

    def __init__(self, resolved: ResolvedScenario, seed: int | None = None) -> None:
        scenario = resolved.scenario
        self.resolved = resolved
        self.seed = int(scenario.seed if seed is None else seed)
        self.duration_s = float(scenario.duration_s)
        self.window_s = window_size_s(self.duration_s)
        self.ctx = SimContext(
            resolved=resolved,
            env=simpy.Environment(),
            rng=np.random.default_rng(self.seed),
            narrator=Narrator(parse_clock(scenario.start_clock)),
            ledger=Ledger(),
            window_s=self.window_s,
            duration_s=self.duration_s,
            timeout_s=scenario.web.timeout_s if scenario.web is not None else 60.0,
        )
        self.schedule = RateSchedule(scenario.workload)
        self.pipeline = make_pipeline(resolved, self.ctx, self.schedule)
        self.metrics = RunMetrics()
        self.t = 0.0
        self.unstable = False
        self.finished = False
        self._start_processes()

    # -- control plane -------------------------------------------------------------------------------
    def _start_processes(self) -> None:
        env = self.ctx.env
        env.process(self._narrate_phases())
        for fault in self.resolved.scenario.faults:
            env.process(self._inject(fault))
        self.pipeline.start()

    def _narrate_phases(self):
        env, say = self.ctx.env, self.ctx.narrator.say
        base = self.resolved.scenario.workload.arrival.rate_per_s
        changes = []
        for phase in self.resolved.scenario.workload.phases:
            label = f" ({phase.label})" if phase.label else ""
            ramp = f" over {phase.ramp_s:g} s" if phase.ramp_s else ""
            changes.append((phase.at_s, f"traffic ×{phase.rate_per_s / base:.3g}{label}: {num(phase.rate_per_s)} req/s{ramp}"))
            if phase.for_s is not None:
                back = float(self.schedule.rate(phase.at_s + max(phase.for_s, phase.ramp_s) + 1e-6))
                after = f" after the {phase.label}" if phase.label else ""
                changes.append((phase.at_s + max(phase.for_s, phase.ramp_s), f"traffic back to {num(back)} req/s{after}"))
        for at, text in sorted(changes, key=lambda c: c[0]):
            if at >= self.duration_s:
                continue
            yield env.timeout(at - env.now)
            say(env.now, "phase", text)

    def _inject(self, fault):
        yield self.ctx.env.timeout(fault.at_s)
        self.pipeline.on_fault(fault, self.ctx.now)

    # -- data plane ----------------------------------------------------------------------------------
    def step(self) -> Update:
        """Simulate the next window; returns what it produced."""
        ctx = self.ctx
        t0 = self.t
        t1 = min(t0 + self.window_s, self.duration_s)
        ctx.errors, ctx.lost = {}, {}
        misses_before = self.pipeline.session_misses
        ctx.env.run(until=t0 + 1e-9)  # control-plane decisions due by t0 apply to this window
        outcome = self.pipeline.window(t0, t1)
        self.pipeline.end_window(t0, t1)
        window = self.metrics.record_window(
            t0, t1, outcome.count, outcome.weight, outcome.latency_ms, outcome.wait_ms,
            ctx.errors, ctx.lost, ctx.ledger.total_usd, self.pipeline.capacity(), outcome.in_system_mean,
            outcome.store_latency_ms, session_misses=self.pipeline.session_misses - misses_before,
        )
        self.t = t1
        if outcome.unbounded:
            self.unstable = True
            ctx.narrator.say(t1, "unstable", outcome.unbounded)
        if self.t >= self.duration_s - 1e-9 or self.unstable:
            self.finished = True
            reason = self.pipeline.finish(self.t, self.unstable)
            if reason:
                self.unstable = True
                ctx.narrator.say(self.t, "unstable", reason)
        return Update(windows=[window], events=ctx.narrator.drain(), progress=min(1.0, self.t / self.duration_s))

    def result(self) -> Result:
        m, ctx = self.metrics, self.ctx
        simulated = max(self.t, 1e-9)
        errors = {k: int(round(v)) for k, v in sorted(m.errors.items())}
        costs = {k: _r(v, 6) for k, v in sorted(ctx.ledger.by_component.items())}
        lost = {k: int(round(v)) for k, v in sorted(m.lost.items())}
        notes = list(self.pipeline.notes())
        if m.min_fraction < 1:
            notes.append(
                f"Above {num(self.pipeline.cap)} requests per {self.window_s:g} s window, a weighted sample stands for "
                f"the rest (smallest share simulated one by one: {m.min_fraction:.2%})."
            )
        if ctx.narrator.dropped:
            notes.append(f"{ctx.narrator.dropped} further events were not kept.")
        summary = Summary(
            requests=int(m.requests),
            duration_s=_r(simulated, 3),
            latency_ms=m.summary_latency(),
            store_latency_ms=m.summary_store_latency(),
            wait_ms={"mean": _r(m.mean_wait_ms)},
            throughput_per_s=_r(m.completed_weight / simulated),
            errors={"total": sum(errors.values()), **errors},
            sessions_lost=sum(lost.values()),
            sessions_lost_by_cause=lost,
            cost_usd={"total": _r(ctx.ledger.total_usd, 6), **costs},
            cost_usd_per_month=_r(ctx.ledger.total_usd / simulated * SECONDS_PER_MONTH, 2),
            unstable=self.unstable,
            session_reads=int(round(self.pipeline.session_reads)),
            session_misses=int(round(self.pipeline.session_misses)),
            sessions_started=int(round(self.pipeline.sessions_started)),
            writes_lost=int(round(ctx.writes_lost)),
            sample_fraction=_r(m.min_fraction, 6),
            window_s=self.window_s,
            notes=tuple(notes),
            **self.pipeline.summary_fields(simulated),
        )
        r = self.resolved
        return Result(
            scenario=r.scenario.id,
            option=r.option_id,
            correct=r.correct,
            seed=self.seed,
            store_kind=r.store.kind,
            store_profile=r.store.id,
            summary=summary,
            windows=list(m.windows),
            events=list(ctx.narrator.events),
            store_traits=r.store.traits.model_dump(),
        )


def make_pipeline(resolved: ResolvedScenario, ctx: SimContext, schedule: RateSchedule) -> Pipeline:
    """The decoupling path for a work_queue design, the bare-queue path when there is neither a web tier nor
    sessions, else the session path."""
    if resolved.store.kind == "work_queue":
        from quizsim.sim.workers.pipeline import WorkQueuePipeline

        return WorkQueuePipeline(resolved, ctx, schedule)
    if resolved.store.kind == "queue" and resolved.scenario.web is None:
        return BareQueuePipeline(resolved, ctx, schedule)
    return SessionPipeline(resolved, ctx, schedule)


def run(
    resolved: ResolvedScenario, seed: int | None = None, *, cancel: threading.Event | None = None,
) -> Generator[Update, None, Result]:
    """Simulate `resolved`, yielding an Update per window; returns the Result. Deterministic per seed."""
    sim = Simulation(resolved, seed)
    while not sim.finished:
        if cancel is not None and cancel.is_set():
            raise Cancelled("simulation cancelled")
        yield sim.step()
    return sim.result()


def simulate(resolved: ResolvedScenario, seed: int | None = None, *, cancel: threading.Event | None = None) -> Result:
    """Run to the end and return the Result."""
    gen = run(resolved, seed, cancel=cancel)
    while True:
        try:
            next(gen)
        except StopIteration as stop:
            return stop.value
