"""ElastiCache for Redis OSS / Valkey, node based: memory and eviction, a throughput limit, replication and failover.

- Memory: keys of active sessions plus keys of users who left (until their TTL) fill maxmemory ×
  the usable fraction; the eviction policy then evicts least recently used sessions (users are
  logged out) or, when no key is eligible (volatile-* and keys without TTL, or noeviction),
  refuses every write with OOM.
- Throughput: the primary serves max_ops_per_s per shard; above that operations queue.
- Failure of a primary: with a replica and Multi-AZ, its operations fail for failover_s while the
  replica is promoted, and acknowledged writes not yet replicated (the last replication_lag_ms)
  are lost; without a replica its sessions are lost and it is down until an empty node replaces it.
  In cluster mode (shards > 1) a node holds one shard's slots: only that shard's keys, about 1/shards
  of the sessions, are hit.
"""

from __future__ import annotations

import math

import numpy as np

from quizsim.content.backends.redis import RedisBackend
from quizsim.text import duration, num
from quizsim.sim.sampling import Sampler
from quizsim.sim.station import Station
from quizsim.sim.stores.base import ERROR_CODE, OpResults, Ops, Store
from quizsim.sim.stores.cache_memory import GIB, CacheMemory
from quizsim.sim.stores.keys import KeyCensus


class RedisStore(Store):
    kinds = ("redis",)
    label = "Redis"

    def __init__(self, profile: RedisBackend, ctx) -> None:
        super().__init__(profile, ctx)
        self.sampler = Sampler(profile.latency)
        self.shards = profile.shards
        self.ops_per_s = profile.node.max_ops_per_s * self.shards
        self.station = Station(1)
        self.down_until = -math.inf
        self.down_error = ERROR_CODE["node_down"]
        self.down_shard = 0
        """The shard whose node failed last: only its keys are lost or unavailable (cluster mode)."""
        self.failed = 0
        self.memory: CacheMemory | None = None
        self._write_rate = 0.0

    def attach(self, pool) -> None:
        super().attach(pool)
        p = self.profile
        spec = pool.spec if pool is not None else None
        ttl = spec.ttl_s if spec else None
        census = KeyCensus(pool, ttl)
        if spec is not None:
            census.seed_left(float(self.ctx.resolved.scenario.workload.arrival.rate_per_s), spec.requests_per_session)
        usable = p.node.maxmemory_gb * p.node.usable_fraction * GIB * p.shards
        self.memory = CacheMemory(self.ctx, self.label, usable, p.eviction_policy, spec.size_kb if spec else 1.0, ttl, census)

    def serve(self, ops: Ops) -> OpResults:
        n = ops.size
        latency = self.sampler.draw_ms(self.ctx.rng, n)
        wait = self.station.process(ops.t_s, np.full(n, 1.0 / self.ops_per_s), ops.t0, ops.t1, ops.fraction, self.ctx.timeout_s, ops.real_count) * 1000.0
        result = OpResults.ok(latency + wait, wait)
        result.found = self.found(ops)
        down = ops.t_s < self.down_until
        if self.shards > 1:
            down &= self._shard(ops) == self.down_shard
        result.error[down] = self.down_error
        if self.memory is not None and self.memory.oom:
            result.error[ops.write & ~down] = ERROR_CODE["oom"]
        dt = ops.t1 - ops.t0
        self._write_rate = float(ops.write.sum()) * ops.weight / dt if dt > 0 else 0.0
        return result

    def _shard(self, ops: Ops) -> np.ndarray:
        """The shard that owns each operation's key (a session's id hashed to a slot, slots split evenly)."""
        if self.pool is None:
            return np.zeros(ops.size, dtype=np.int64)
        sid = np.where(ops.session >= 0, self.pool.sid[np.maximum(ops.session, 0)], 0)
        return sid % self.shards

    def on_departed(self, last_access_s, weights) -> None:
        self.memory.census.on_departed(last_access_s, weights)

    def end_window(self, t0: float, t1: float) -> None:
        if self.memory is not None and self.pool is not None:
            self.memory.settle(t0, t1)
        p = self.profile
        nodes = self.shards * (1 + p.replication.replicas)
        self.ctx.ledger.add("store nodes", nodes * p.node.price_per_hour_usd * (t1 - t0) / 3600)

    def on_fault(self, fault, t: float) -> None:
        if fault.kind == "store_scale_out":
            self.ctx.env.process(self._scale_out(fault.count))
            return
        rep, say = self.profile.replication, self.ctx.narrator.say
        shard, n = self.failed % self.shards, self.shards
        self.failed += 1
        self.down_shard = shard
        # Cluster mode: a node holds one shard's slots, so only those keys (about 1/n) are hit.
        which = f"the primary of shard {shard + 1} of {n} (about 1/{n} of the keys)" if n > 1 else "the primary"
        if rep.replicas >= 1:
            outage = rep.failover_s if rep.multi_az else rep.replace_node_s
            lost_writes = self._write_rate / n * rep.replication_lag_ms / 1000.0
            self.ctx.writes_lost += lost_writes
            self.ctx.lose("unreplicated_write", lost_writes)
            self.down_until = t + outage
            self.down_error = ERROR_CODE["failover_outage"]
            how = "Multi-AZ failover promotes the replica" if rep.multi_az else "no automatic failover: the replica is promoted by hand"
            say(t, "failure", f"Redis node failed: {which}; {how}: its operations fail for {duration(outage)}; "
                f"{num(lost_writes)} acknowledged writes of the last {rep.replication_lag_ms:g} ms were not yet replicated and are lost")
            self.ctx.env.process(self._recovered(outage, "the promoted replica serves; sessions kept"))
        else:
            lost = 0.0
            if self.pool is not None:
                on_shard = self.pool.sid[: self.pool.n] % n == shard
                lost = self.pool.lose(on_shard, "node_failure")
            self.ctx.lose("node_failure", lost)
            if self.memory is not None:
                if n > 1:
                    self.memory.census.scale_left(1 - 1 / n)
                else:
                    self.memory.census.clear()
            self.down_until = t + rep.replace_node_s
            self.down_error = ERROR_CODE["node_down"]
            sessions = f"all {num(lost)} active sessions" if n == 1 else f"the {num(lost)} active sessions on it"
            say(t, "failure", f"Redis node failed with no replica: {which}; {sessions} lost; "
                f"a new, empty node takes {duration(rep.replace_node_s)}")
            self.ctx.env.process(self._recovered(rep.replace_node_s, "a new, empty node serves"))

    def _scale_out(self, shards: int):
        """Manual scaling: online resharding; memory and throughput grow when it completes."""
        env, say = self.ctx.env, self.ctx.narrator.say
        took = self.profile.scaling.reshard_s
        say(env.now, "scale", f"Redis: operator adds {shards} shard{'s' * (shards != 1)} ({self.shards} → "
            f"{self.shards + shards}); online resharding takes {duration(took)}")
        yield env.timeout(took)
        per_shard = self.memory.capacity_bytes / self.shards if self.memory is not None else 0.0
        self.shards += shards
        self.ops_per_s = self.profile.node.max_ops_per_s * self.shards
        if self.memory is not None:
            self.memory.capacity_bytes = per_shard * self.shards
        say(env.now, "scale", f"Redis resharding done: {self.shards} shards, {num(self.ops_per_s)} ops/s, "
            f"{num(self.memory.capacity_bytes / GIB * 1024 if self.memory else 0)} MiB usable")

    def _recovered(self, after_s: float, text: str):
        yield self.ctx.env.timeout(after_s)
        self.ctx.narrator.say(self.ctx.env.now, "recovery", f"Redis back after {duration(after_s)}: {text}")

    def capacity(self) -> dict[str, float]:
        p = self.profile
        cap = {"cache_nodes": float(self.shards * (1 + p.replication.replicas))}
        if self.memory is not None:
            cap["cache_used_pct"] = min(100.0, 100.0 * self.memory.used_bytes() / self.memory.capacity_bytes)
        return cap

    def notes(self) -> list[str]:
        return ["Redis keys take an assumed 90 bytes of memory beyond the session data."]
