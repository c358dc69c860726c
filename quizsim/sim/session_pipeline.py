"""The session request path: ALB → web instance (queue) → session reads and writes at the store.

Per window: arrivals (sampled above a bound), each a new session or a continuing one; the ALB
routes it (round robin, or the stickiness cookie); it queues at its instance; its session reads
and writes go to the store in one time-ordered batch. A read that does not find the session logs
the user out and a new session starts where the request landed. Every such read is a missed read
(`session_misses`); the session counts as lost (by cause) only the first time, so `sessions_lost`
counts users, never more than the sessions of the run (`sessions_started`).
"""

from __future__ import annotations

import numpy as np

from quizsim.content.resolve import ResolvedScenario
from quizsim.content.scenario import Sessions
from quizsim.sim.context import SimContext
from quizsim.sim.pipeline import Outcome, Pipeline
from quizsim.sim.sessions import CAUSE_CODE, LOSS_CAUSES, SessionPool
from quizsim.sim.stores import make_store
from quizsim.sim.stores.base import ERROR_KINDS, Ops
from quizsim.sim.web import WebFleet
from quizsim.sim import windowing
from quizsim.sim.workload import RateSchedule


def _counts(rng: np.random.Generator, per_request: float, m: int) -> np.ndarray:
    """Operations per request: the integer part, plus one more with the fractional part's probability."""
    whole = int(per_request)
    extra = rng.random(m) < (per_request - whole) if per_request > whole else np.zeros(m, dtype=bool)
    return whole + extra.astype(np.int64)


class SessionPipeline(Pipeline):
    """Users with sessions, a web tier (optional) and a session store."""

    def __init__(self, resolved: ResolvedScenario, ctx: SimContext, schedule: RateSchedule) -> None:
        self.ctx = ctx
        self.schedule = schedule
        self.cap = windowing.MAX_SIMULATED_PER_WINDOW_SESSIONS
        scenario = resolved.scenario
        self.spec: Sessions = scenario.workload.sessions or Sessions()
        self.store = make_store(resolved.store, ctx)
        self.fleet = WebFleet(scenario.web, resolved.instance, resolved.load_balancer, ctx) if scenario.web else None
        self.alb_ms = resolved.load_balancer.overhead.overhead_ms if resolved.load_balancer else 0.0
        self.pool = SessionPool(self.spec, ctx.rng) if self.store.holds_sessions else None
        self.store.attach(self.pool)
        if self.fleet is not None:
            self.fleet.store = self.store
            fleet = self.fleet
            self.store.running_instances = lambda: fleet.count("booting", "in_service", "stopped")
        if self.pool is not None:
            rate0 = float(schedule.rate(0.0))
            fraction0 = min(1.0, self.cap / max(1.0, rate0 * ctx.window_s))
            live = self.fleet.in_service() if self.fleet else []
            self.pool.seed(rate0, 1.0 / fraction0, live)
        self.session_reads = 0.0
        self.session_misses = 0.0
        self._mean_read_ms = 1.0

    def start(self) -> None:
        if self.fleet is not None:
            self.fleet.start()
        self.store.start()

    def window(self, t0: float, t1: float) -> Outcome:
        ctx, rng, pool = self.ctx, self.ctx.rng, self.pool
        arrivals = self.schedule.arrivals(rng, t0, t1, self.cap)
        t = arrivals.times_s
        m = t.size
        weight = arrivals.weight
        fraction = self._fraction = arrivals.fraction
        error = np.zeros(m, dtype=np.int8)

        # Sessions: which requests start one, which continue one.
        if pool is not None:
            last, w, present = pool.depart(t0)
            if present.any():
                self.store.on_departed(last[present], w[present])
            is_new = rng.random(m) < 1.0 / self.spec.requests_per_session
            if pool.n == 0:
                is_new[:] = True
            slots = np.full(m, -1, dtype=np.int64)
            cont = np.flatnonzero(~is_new)
            slots[cont] = pool.pick(cont.size)
        else:
            is_new = np.zeros(m, dtype=bool)
            slots = np.full(m, -1, dtype=np.int64)

        # ALB routing and the web instances' queues.
        if self.fleet is not None:
            has = slots >= 0
            cookie = np.full(m, -1, dtype=np.int64)
            fresh = np.zeros(m, dtype=bool)
            if pool is not None and has.any():
                cookie[has] = pool.cookie[slots[has]]
                fresh[has] = t[has] - pool.last_access[slots[has]] <= self.fleet.spec.sticky_duration_s
            instance = self.fleet.route(t, cookie, fresh)
            web_wait, service = self.fleet.serve(t, instance, t0, t1, fraction, weight)
            error[instance < 0] = 7  # instance_down: no instance in service
            timed_out = ~np.isfinite(web_wait) & (instance >= 0)
            error[timed_out] = ERROR_KINDS.index("timeout") + 1
            web_wait = np.where(np.isfinite(web_wait), web_wait, 0.0)
        else:
            instance = np.full(m, -1, dtype=np.int64)
            web_wait = np.zeros(m)
            service = np.zeros(m)
        at_store = t + (self.alb_ms / 1000.0) + web_wait + service
        served = error == 0

        # Store operations: reads of continuing sessions, then writes, in one time-ordered batch.
        if self.store.holds_sessions:
            reads = _counts(rng, self.spec.reads_per_request, m) * (served & ~is_new)
            writes = _counts(rng, self.spec.writes_per_request, m) * served
            new_with_no_write = served & is_new & (writes == 0)
            writes[new_with_no_write] = 1  # a new session is written once
        else:
            reads = np.zeros(m, dtype=np.int64)
            writes = served.astype(np.int64)
        n_ops = reads + writes
        request = np.repeat(np.arange(m), n_ops)
        order_in_request = np.arange(request.size) - np.repeat(np.cumsum(n_ops) - n_ops, n_ops)
        is_write = order_in_request >= np.repeat(reads, n_ops)
        op_t = at_store[request] + np.where(is_write, self._mean_read_ms / 1000.0 * np.minimum(np.repeat(reads, n_ops), 1), 0.0)
        order = np.argsort(op_t, kind="stable")
        request, is_write, op_t = request[order], is_write[order], op_t[order]
        hot = rng.random(request.size) < self.spec.hot_key_share
        ops = Ops(
            t_s=op_t, write=is_write, session=slots[request], instance=instance[request], hot=hot,
            weight=weight, t0=t0, t1=t1, fraction=fraction,
        )
        results = self.store.serve(ops)
        if (~is_write).any():
            self._mean_read_ms = float(results.latency_ms[~is_write].mean())

        store_ms = np.bincount(request, weights=results.latency_ms, minlength=m)
        store_wait_ms = np.bincount(request, weights=results.wait_ms, minlength=m)
        failed_op = results.error > 0
        if failed_op.any():
            error[request[failed_op]] = results.error[failed_op]

        # Session reads that missed: the user is logged out; a new session starts here.
        if pool is not None:
            read_ops = ~is_write & (slots[request] >= 0) & ~failed_op
            self.session_reads += weight * float((np.bincount(request[read_ops], minlength=m) > 0).sum())
            missed_req = np.flatnonzero(np.bincount(request[read_ops & ~results.found], minlength=m))
            if missed_req.size:
                self._count_misses(missed_req, slots, instance, t, weight)
            self._touch(t, slots, instance, is_new, error, weight, missed_req)

        total_ms = self.alb_ms + (web_wait + service) * 1000.0 + store_ms
        too_slow = (error == 0) & (total_ms > ctx.timeout_s * 1000.0)
        error[too_slow] = ERROR_KINDS.index("timeout") + 1
        ok = error == 0
        for code in np.unique(error[~ok]):
            ctx.error(ERROR_KINDS[code - 1], weight * float((error == code).sum()))
        latency_ms = total_ms[ok]
        wait_ms = (web_wait * 1000.0 + store_wait_ms)[ok]
        # Store latency: every session operation that succeeded, whatever became of its request.
        return Outcome(arrivals.count, weight, latency_ms, wait_ms, store_latency_ms=results.latency_ms[~failed_op])

    def _count_misses(self, missed: np.ndarray, slots: np.ndarray, instance: np.ndarray, t: np.ndarray, weight: float) -> None:
        """Every missed read counts as a miss; the session counts as lost once, the first time it is lost."""
        pool, ttl = self.pool, self.spec.ttl_s
        self.session_misses += weight * missed.size
        s = slots[missed]
        present = pool.present[s]
        expired = np.zeros(missed.size, dtype=bool) if ttl is None else (t[missed] - pool.last_access[s] > ttl)
        # Losses from events (node failure, eviction, instance loss) were counted when they happened.
        self.ctx.lose("expired", pool.count_lost(s[present & expired]))
        self.ctx.lose("routed_elsewhere", pool.count_lost(s[present & ~expired]))

    def _touch(self, t, slots, instance, is_new, error, weight, missed_req) -> None:
        """Record the requests on their sessions: new sessions join the pool, missed ones restart here."""
        pool = self.pool
        ok = error == 0
        cont = ok & ~is_new & (slots >= 0)
        s = slots[cont]
        pool.last_access[s] = t[cont]
        pool.last_write[s] = t[cont]
        pool.cookie[s] = instance[cont]
        if missed_req.size:
            restart = missed_req[ok[missed_req]]
            rs = slots[restart]
            pool.present[rs] = True
            pool.cause[rs] = 0
            pool.home[rs] = instance[restart]
        new = ok & is_new
        if new.any():
            pool.add(t[new], 1.0 / self._fraction, instance[new])

    @property
    def sessions_started(self) -> float:
        return self.pool.started_weight if self.pool is not None else 0.0

    def end_window(self, t0: float, t1: float) -> None:
        if self.fleet is not None:
            self.fleet.end_window(t0, t1)
        self.store.end_window(t0, t1)

    def capacity(self) -> dict[str, float]:
        cap = self.fleet.capacity() if self.fleet is not None else {}
        cap.update(self.store.capacity())
        return cap

    def on_fault(self, fault, t: float) -> None:
        if fault.kind in ("instance_failure", "instance_stop"):
            if self.fleet is None:
                self.ctx.narrator.say(t, "failure", f"{fault.kind.replace('_', ' ')}: this scenario has no web tier")
                return
            self.fleet.on_fault(fault, t)
        elif fault.kind in ("store_node_failure", "store_scale_out"):
            self.store.on_fault(fault, t)
        elif fault.kind == "az_outage":
            if self.fleet is not None:
                self.fleet.on_fault(fault, t)
            self.store.on_fault(fault, t)

    def notes(self) -> list[str]:
        return self.store.notes()


__all__ = ["SessionPipeline", "CAUSE_CODE", "LOSS_CAUSES"]
