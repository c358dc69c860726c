"""S3: one object per session; per-prefix request rates, 503 Slow Down with retries, request prices.

Each partitioned prefix takes write_per_s_per_prefix writes and read_per_s_per_prefix reads a
second. Above that S3 answers 503 Slow Down; the SDK retries with backoff, and after max_attempts
the request fails with 'slow_down'. After repartition_s of sustained 503s S3 splits the prefix
(doubling the partitions); the 503s stop once capacity exceeds demand.
"""

from __future__ import annotations

import numpy as np

from quizsim.content.backends.s3 import S3Backend
from quizsim.text import duration, num
from quizsim.sim.episodes import Episode
from quizsim.sim.sampling import Sampler
from quizsim.sim.stores.base import ERROR_CODE, OpResults, Ops, Store
from quizsim.sim.stores.retries import amplified_rejection, retry


class S3Store(Store):
    kinds = ("s3",)
    label = "S3"

    def __init__(self, profile: S3Backend, ctx) -> None:
        super().__init__(profile, ctx)
        self.read_sampler = Sampler(profile.latency.read)
        self.write_sampler = Sampler(profile.latency.write)
        self.prefixes = profile.limits.prefixes
        self.requests = {"read": 0.0, "write": 0.0}
        self.objects = 0.0
        self._slow_s = 0.0  # seconds of sustained 503s in the current stretch
        self._rejecting = False
        self.episodes = {
            key: Episode(ctx.narrator, "slow_down", f"S3: 503 Slow Down on {{pct}} of {key}s: {{detail}}", f"S3 503s on {key}s", "attempts rejected")
            for key in ("read", "write")
        }

    def start(self) -> None:
        self.ctx.env.process(self._repartition())

    def serve(self, ops: Ops) -> OpResults:
        rng, limits = self.ctx.rng, self.profile.limits
        n = ops.size
        dt = ops.t1 - ops.t0
        latency = np.empty(n)
        error = np.zeros(n, dtype=np.int8)
        rejecting = False
        for key, sampler, per_prefix in (
            ("read", self.read_sampler, limits.read_per_s_per_prefix),
            ("write", self.write_sampler, limits.write_per_s_per_prefix),
        ):
            idx = np.flatnonzero(ops.write if key == "write" else ~ops.write)
            base = sampler.draw_ms(rng, idx.size)
            span = max(dt, float(ops.t_s[idx[-1]] - ops.t_s[idx[0]])) if idx.size else dt
            demand = idx.size * ops.weight / span if span > 0 else 0.0
            capacity = per_prefix * self.prefixes
            p = amplified_rejection(demand, capacity, limits.max_attempts)
            extra, failed, attempts = retry(rng, idx.size, p, limits.max_attempts, limits.base_backoff_ms, base)
            latency[idx] = base + extra
            error[idx[failed]] = ERROR_CODE["slow_down"]
            ok = float((~failed).sum()) * ops.weight
            self.requests[key] += ok
            rejected = float(attempts.sum() - (~failed).sum()) * ops.weight
            self.episodes[key].update(
                ops.t0, ops.t1, p, rejected,
                f"{num(demand)} {key}s/s on {self.prefixes} prefix partition{'s' * (self.prefixes != 1)} "
                f"(limit {num(capacity)}/s)",
            )
            rejecting |= p > 0.005
        self._rejecting = rejecting
        return OpResults(latency_ms=latency, wait_ms=np.zeros(n), error=error, found=self.found(ops))

    def _repartition(self):
        env, limits = self.ctx.env, self.profile.limits
        while True:
            yield env.timeout(60)
            self._slow_s = self._slow_s + 60 if self._rejecting else 0.0
            if self._slow_s >= limits.repartition_s:
                self.prefixes *= 2
                self._slow_s = 0.0
                self.ctx.narrator.say(
                    env.now, "scale",
                    f"S3 partitioned the prefix after {duration(limits.repartition_s)} of 503s: {self.prefixes} partitions, "
                    f"{num(limits.write_per_s_per_prefix * self.prefixes)} writes/s",
                )

    def end_window(self, t0: float, t1: float) -> None:
        p = self.profile.pricing
        # One object per session ever started (however many times each request rewrites it).
        self.objects = self.pool.started_weight if self.pool is not None else 0.0
        self.ctx.ledger.add("store requests", self.requests["write"] / 1000 * p.per_thousand_put_usd
                            + self.requests["read"] / 1000 * p.per_thousand_get_usd)
        self.requests = {"read": 0.0, "write": 0.0}
        if self.pool is not None:
            gb = self.objects * self.pool.spec.size_kb / 1024 / 1024
            self.ctx.ledger.add("store storage", gb * p.storage_gb_month_usd * (t1 - t0) / (730 * 3600))

    def capacity(self) -> dict[str, float]:
        return {"s3_write_per_s_limit": float(self.profile.limits.write_per_s_per_prefix * self.prefixes)}

    def notes(self) -> list[str]:
        return ["S3 session objects are never deleted in this run (no lifecycle rule), so storage grows with every new session."]
