"""ElastiCache Serverless: no nodes to size; billed per GB-hour of data stored and per ECPU."""

from __future__ import annotations

import math

from quizsim.content.backends.elasticache_serverless import ElastiCacheServerlessBackend
from quizsim.sim.sampling import Sampler
from quizsim.sim.stores.base import OpResults, Ops, Store
from quizsim.sim.stores.keys import KeyCensus


class ServerlessCacheStore(Store):
    """Scales by itself (no capacity limit modelled); cost follows data stored and data moved."""

    kinds = ("elasticache_serverless",)
    label = "ElastiCache Serverless"

    def __init__(self, profile: ElastiCacheServerlessBackend, ctx) -> None:
        super().__init__(profile, ctx)
        self.sampler = Sampler(profile.latency)
        self.ecpu = 0.0
        self.census: KeyCensus | None = None

    def attach(self, pool) -> None:
        super().attach(pool)
        spec = pool.spec if pool is not None else None
        self.census = KeyCensus(pool, spec.ttl_s if spec else None)
        if spec is not None:
            self.census.seed_left(float(self.ctx.resolved.scenario.workload.arrival.rate_per_s), spec.requests_per_session)

    def serve(self, ops: Ops) -> OpResults:
        result = OpResults.ok(self.sampler.draw_ms(self.ctx.rng, ops.size))
        result.found = self.found(ops)
        size_kb = self.pool.spec.size_kb if self.pool is not None else 1.0
        self.ecpu += ops.size * ops.weight * max(1.0, math.ceil(size_kb / self.profile.pricing.kb_per_ecpu))
        return result

    def on_departed(self, last_access_s, weights) -> None:
        self.census.on_departed(last_access_s, weights)

    def stored_gb(self) -> float:
        size_kb = self.pool.spec.size_kb if self.pool is not None else 0.0
        return self.census.total() * size_kb / 1024 / 1024

    def end_window(self, t0: float, t1: float) -> None:
        self.census.expire(t1)
        p = self.profile.pricing
        gb = max(p.min_gb, self.stored_gb())
        self.ctx.ledger.add("store capacity", gb * p.gb_hour_usd * (t1 - t0) / 3600)
        self.ctx.ledger.add("store requests", self.ecpu * p.per_million_ecpu_usd / 1e6)
        self.ecpu = 0.0

    def capacity(self) -> dict[str, float]:
        return {"stored_gb": self.stored_gb()}
