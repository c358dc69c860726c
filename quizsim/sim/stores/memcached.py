"""ElastiCache for Memcached: N independent nodes, each session on one node by key hash, no replication.

A node's failure loses the sessions on it (about 1/N); until clients rediscover the cluster
(auto discovery polls every discovery.interval_s) operations on that node fail; a replacement node comes
back empty. A full node evicts least recently used items (Memcached always can).
"""

from __future__ import annotations

import math

import numpy as np

from quizsim.content.backends.memcached import MemcachedBackend
from quizsim.text import duration, num
from quizsim.sim.sampling import Sampler
from quizsim.sim.station import Station
from quizsim.sim.stores.base import ERROR_CODE, OpResults, Ops, Store
from quizsim.sim.stores.cache_memory import GIB, CacheMemory
from quizsim.sim.stores.keys import KeyCensus


class MemcachedStore(Store):
    kinds = ("memcached",)
    label = "Memcached"

    def __init__(self, profile: MemcachedBackend, ctx) -> None:
        super().__init__(profile, ctx)
        self.sampler = Sampler(profile.latency)
        self.nodes = profile.nodes
        self.station = Station(profile.nodes)
        self.node_down_until = np.full(profile.nodes, -math.inf)
        self.memory: CacheMemory | None = None
        self.failed = 0

    def attach(self, pool) -> None:
        super().attach(pool)
        spec = pool.spec if pool is not None else None
        census = KeyCensus(pool, spec.ttl_s if spec else None)
        if spec is not None:
            census.seed_left(float(self.ctx.resolved.scenario.workload.arrival.rate_per_s), spec.requests_per_session)
        usable = self.profile.node.memory_gb * GIB * self.nodes
        self.memory = CacheMemory(self.ctx, self.label, usable, "allkeys-lru", spec.size_kb if spec else 1.0, spec.ttl_s if spec else None, census)

    def _node(self, ops: Ops) -> np.ndarray:
        if self.pool is None:
            return np.zeros(ops.size, dtype=np.int64)
        sid = np.where(ops.session >= 0, self.pool.sid[np.maximum(ops.session, 0)], 0)
        return sid % self.nodes

    def serve(self, ops: Ops) -> OpResults:
        n = ops.size
        latency = self.sampler.draw_ms(self.ctx.rng, n)
        service = np.full(n, 1.0 / self.profile.node.max_ops_per_s)
        wait = self.station.process(ops.t_s, service, ops.t0, ops.t1, ops.fraction, self.ctx.timeout_s, ops.real_count) * 1000.0
        result = OpResults.ok(latency + wait, wait)
        result.found = self.found(ops)
        down = ops.t_s < self.node_down_until[np.minimum(self._node(ops), self.node_down_until.size - 1)]
        result.error[down] = ERROR_CODE["node_down"]
        return result

    def on_departed(self, last_access_s, weights) -> None:
        self.memory.census.on_departed(last_access_s, weights)

    def end_window(self, t0: float, t1: float) -> None:
        if self.pool is not None:
            self.memory.settle(t0, t1)
        self.ctx.ledger.add("store nodes", self.nodes * self.profile.node.price_per_hour_usd * (t1 - t0) / 3600)

    def on_fault(self, fault, t: float) -> None:
        if fault.kind == "store_scale_out":
            self.ctx.env.process(self._add_nodes(fault.count))
            return
        p = self.profile
        count = min(fault.count, self.nodes)
        nodes = [(self.failed + i) % self.nodes for i in range(count)]
        self.failed += count
        lost = 0.0
        if self.pool is not None:
            on_node = np.isin(self.pool.sid[: self.pool.n] % self.nodes, nodes)
            lost = self.pool.lose(on_node, "node_failure")
            self.memory.census.scale_left(1 - count / self.nodes)
        self.ctx.lose("node_failure", lost)
        blind = min(p.recovery.replace_node_s, p.discovery.interval_s)
        self.node_down_until[nodes] = t + blind
        self.ctx.narrator.say(
            t, "failure",
            f"Memcached: {count} of {self.nodes} nodes failed: {num(lost)} sessions on {'it' if count == 1 else 'them'} lost "
            f"(about 1/{self.nodes}); operations on {'that node' if count == 1 else 'those nodes'} fail for {duration(blind)} until clients rediscover the cluster",
        )

    def _add_nodes(self, count: int):
        """Manual scaling: new nodes join after launching; clients re-hash, and keys moving to a new node are misses."""
        env, say = self.ctx.env, self.ctx.narrator.say
        old = self.nodes
        say(env.now, "scale", f"Memcached: operator adds {count} node{'s' * (count != 1)} ({old} → {old + count}), ready in {duration(self.profile.recovery.replace_node_s)}")
        yield env.timeout(self.profile.recovery.replace_node_s)
        new = old + count
        lost = 0.0
        if self.pool is not None:
            # Consistent hashing moves about count/new of the keys to the new nodes, which start empty.
            moved = (self.pool.sid[: self.pool.n] * 2654435761 % 1_000_003) / 1_000_003 < count / new
            lost = self.pool.lose(moved, "remapped")
            self.memory.census.scale_left(1 - count / new)
        self.ctx.lose("remapped", lost)
        self.nodes = new
        self.station.set_servers(new, env.now)
        self.node_down_until = np.concatenate([self.node_down_until, np.full(count, -math.inf)])
        if self.memory is not None:
            self.memory.capacity_bytes = self.profile.node.memory_gb * GIB * new
        say(env.now, "scale", f"Memcached: {new} nodes serving; about {count}/{new} of the keys moved to empty nodes: {num(lost)} sessions lost")

    def capacity(self) -> dict[str, float]:
        cap = {"cache_nodes": float(self.nodes)}
        if self.memory is not None and self.pool is not None:
            cap["cache_used_pct"] = min(100.0, 100.0 * self.memory.used_bytes() / self.memory.capacity_bytes)
        return cap
