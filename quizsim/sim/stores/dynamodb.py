"""DynamoDB: capacity units, on-demand (2× the previous peak) or provisioned (burst bucket, delayed auto scaling).

Each window, the demand in capacity units (item size → units) meets the capacity:
- on-demand serves up to max(new-table capacity, multiplier × the peak served at least
  peak_window_s ago); faster growth is throttled. A table's history before the run is its given
  previous peak, else the run's opening load (it has been serving it), unless it is a new table;
- provisioned serves its RCU/WCU plus what the burst bucket (up to burst_s of unused capacity)
  holds; target-tracking auto scaling sees one-minute consumed datapoints, raises an alarm after
  alarm_datapoints, waits alarm_delay_s, then UpdateTable takes update_delay_s — throttling meanwhile;
- one hot key is limited to one partition's units.
Throttled attempts are retried by the SDK with exponential backoff (adding latency, and load);
after max_attempts the request fails with 'throttled'.

With a DAX cluster in front (profile `dax`), reads are item-cache hits: write-through keeps every
session in the item cache, so reads use no table read units and are never throttled by the table;
writes pass through to the table as before; the cluster's nodes are billed by the hour.
"""

from __future__ import annotations

import math

import numpy as np

from quizsim.content.backends.dynamodb import DynamoDBBackend
from quizsim.text import duration, num, pct
from quizsim.sim.episodes import Episode
from quizsim.sim.sampling import Sampler
from quizsim.sim.stores.base import ERROR_CODE, OpResults, Ops, Store
from quizsim.sim.stores.keys import KeyCensus
from quizsim.sim.stores.retries import amplified_rejection, retry


MIN_STEP = 1.05
"""Scale out only for a change of more than 5 % (assumed: noise around the target does not resize the table)."""


class _Dimension:
    """Reads or writes: units per operation, capacity, burst bucket, consumption history."""

    def __init__(
        self, name: str, unit: str, units_per_op: float, provisioned: float | None, burst_s: float,
        initial_peak: float, previous_peak: float | None, new_table: bool = False,
    ) -> None:
        self.name, self.unit, self.units_per_op = name, unit, units_per_op
        self.provisioned = provisioned
        self.burst_s = burst_s
        self.bucket = (provisioned or 0.0) * burst_s  # starts full
        self.initial_peak = initial_peak
        self.peaks: list[tuple[float, float]] = [(-math.inf, previous_peak or 0.0)]  # (t, consumed units/s)
        self.opening_is_history = provisioned is None and previous_peak is None and not new_table
        """The first window's demand is what the table served before the run."""
        self.history: list[tuple[float, float, float]] = []  # (t1, dt, consumed units/s)
        self.updating = False

    def capacity_per_s(self, t: float, peak_window_s: float, multiplier: float) -> float:
        if self.provisioned is not None:
            return self.provisioned
        old_peak = max(p for when, p in self.peaks if when <= t - peak_window_s)
        return max(self.initial_peak, multiplier * old_peak)

    def consumed_last_minute(self, now: float) -> float:
        rows = [r for r in self.history if now - 60 < r[0] <= now + 1e-9]
        total = sum(r[1] for r in rows)
        return sum(r[1] * r[2] for r in rows) / total if total else 0.0


class DynamoDBStore(Store):
    kinds = ("dynamodb",)
    label = "DynamoDB"

    def __init__(self, profile: DynamoDBBackend, ctx) -> None:
        super().__init__(profile, ctx)
        self.read_sampler = Sampler(profile.latency.read)
        self.write_sampler = Sampler(profile.latency.write)
        self.census: KeyCensus | None = None
        self.units_used = {"read": 0.0, "write": 0.0}

    def attach(self, pool) -> None:
        super().attach(pool)
        p = self.profile
        spec = pool.spec if pool is not None else None
        size_kb = spec.size_kb if spec else 1.0
        read_units = math.ceil(size_kb / p.units.read_unit_kb) * (0.5 if p.units.eventually_consistent_reads else 1.0)
        write_units = float(math.ceil(size_kb / p.units.write_unit_kb))
        prov = p.provisioned
        od = p.on_demand
        self.dims = {
            "read": _Dimension("reads", "RCU" if prov else "RRU", read_units, prov.rcu if prov else None, prov.burst_s if prov else 0,
                               od.initial_peak_rru_per_s if od else 0, od.previous_peak_rru_per_s if od else None,
                               od.new_table if od else False),
            "write": _Dimension("writes", "WCU" if prov else "WRU", write_units, prov.wcu if prov else None, prov.burst_s if prov else 0,
                                od.initial_peak_wru_per_s if od else 0, od.previous_peak_wru_per_s if od else None,
                                od.new_table if od else False),
        }
        self.episodes = {
            k: Episode(self.ctx.narrator, "throttle", f"DynamoDB throttled {{pct}} of {d.name}: {{detail}}",
                       f"DynamoDB {d.name[:-1]} throttling", "attempts throttled")
            for k, d in self.dims.items()
        }
        self.hot_episodes = {
            k: Episode(self.ctx.narrator, "throttle", f"DynamoDB throttled {{pct}} of hot-key {d.name}: {{detail}}",
                       f"DynamoDB hot-key {d.name[:-1]} throttling", "attempts throttled")
            for k, d in self.dims.items()
        }
        self.census = KeyCensus(pool, spec.ttl_s if spec else None)
        if spec is not None:
            self.census.seed_left(float(self.ctx.resolved.scenario.workload.arrival.rate_per_s), spec.requests_per_session)

    def start(self) -> None:
        prov = self.profile.provisioned
        if prov is not None and prov.auto_scaling is not None and prov.auto_scaling.enabled:
            for key in self.dims:
                self.ctx.env.process(self._auto_scale(key))

    # -- data plane ----------------------------------------------------------------------------------
    def serve(self, ops: Ops) -> OpResults:
        rng, p = self.ctx.rng, self.profile
        n = ops.size
        dt = ops.t1 - ops.t0
        latency = np.empty(n)
        error = np.zeros(n, dtype=np.int8)
        for key, sampler in (("read", self.read_sampler), ("write", self.write_sampler)):
            mask = ops.write if key == "write" else ~ops.write
            idx = np.flatnonzero(mask)
            base = sampler.draw_ms(rng, idx.size)
            if key == "read" and p.dax is not None:  # served by the DAX item cache, not the table
                latency[idx] = base
                continue
            p_reject, p_hot = self._rejection(key, ops, idx, dt)
            p_op = np.where(ops.hot[idx], max(p_reject, p_hot), p_reject)
            extra, failed, attempts = retry(rng, idx.size, p_op, p.retries.max_attempts, p.retries.base_backoff_ms, base)
            latency[idx] = base + extra
            error[idx[failed]] = ERROR_CODE["throttled"]
            self.units_used[key] += float((~failed).sum()) * ops.weight * self.dims[key].units_per_op
        result = OpResults(latency_ms=latency, wait_ms=np.zeros(n), error=error, found=self.found(ops))
        return result

    def _rejection(self, key: str, ops: Ops, idx: np.ndarray, dt: float) -> tuple[float, float]:
        """Share of attempts throttled in this window (whole table, and the hot key's partition)."""
        dim, p = self.dims[key], self.profile
        if dt <= 0:
            return 0.0, 0.0
        # Units/s of first attempts, over the time the operations really reach the table (a saturated
        # web tier spreads them beyond the window).
        span = max(dt, float(ops.t_s[idx[-1]] - ops.t_s[idx[0]])) if idx.size else dt
        demand = idx.size * ops.weight * dim.units_per_op / span
        od = p.on_demand
        if dim.opening_is_history:
            dim.peaks[0] = (-math.inf, demand)
            dim.opening_is_history = False
        capacity = dim.capacity_per_s(ops.t0, od.peak_window_s if od else 0, od.peak_multiplier if od else 1)
        available = capacity + (dim.bucket / dt if dim.provisioned is not None else 0.0)
        rejected = amplified_rejection(demand, available, p.retries.max_attempts)
        attempts = demand * sum(rejected**k for k in range(p.retries.max_attempts))
        consumed = min(attempts, available)
        if dim.provisioned is not None:
            dim.bucket = min(dim.provisioned * dim.burst_s, max(0.0, dim.bucket + (dim.provisioned - consumed) * dt))
        dim.history.append((ops.t1, dt, consumed))
        if len(dim.history) > 4096:
            del dim.history[:-2048]
        if dim.provisioned is None and consumed > dim.peaks[-1][1]:
            dim.peaks.append((ops.t1, consumed))
        limit = p.partitions.max_wcu_per_partition if key == "write" else p.partitions.max_rcu_per_partition
        hot_demand = float(ops.hot[idx].sum()) * ops.weight * dim.units_per_op / span
        hot = amplified_rejection(hot_demand, limit, p.retries.max_attempts)
        if dim.provisioned is not None:
            detail = f"provisioned {num(dim.provisioned)} {dim.unit}, demand {num(demand)}"
            if dim.bucket <= 0:
                detail += " (burst capacity used up)"
        else:
            detail = f"demand {num(demand)} {dim.unit}/s, above the {num(capacity)} on-demand serves at once (twice the previous peak)"
        self.episodes[key].update(ops.t0, ops.t1, rejected, rejected * attempts * dt / dim.units_per_op, detail)
        self.hot_episodes[key].update(
            ops.t0, ops.t1, hot, hot * hot_demand * dt / dim.units_per_op,
            f"{num(hot_demand)} {dim.unit}/s on one key; one partition serves {num(limit)}",
        )
        return rejected, hot

    def on_departed(self, last_access_s, weights) -> None:
        self.census.on_departed(last_access_s, weights)

    def end_window(self, t0: float, t1: float) -> None:
        p, ledger = self.profile.pricing, self.ctx.ledger
        dt = t1 - t0
        if self.profile.capacity_mode == "on_demand":
            ledger.add("store requests", self.units_used["write"] * p.per_million_wru_usd / 1e6
                       + self.units_used["read"] * p.per_million_rru_usd / 1e6)
        else:
            ledger.add("store capacity", (self.dims["write"].provisioned * p.wcu_hour_usd + self.dims["read"].provisioned * p.rcu_hour_usd) * dt / 3600)
        self.units_used = {"read": 0.0, "write": 0.0}
        if self.profile.dax is not None:
            ledger.add("store nodes", self.profile.dax.nodes * self.profile.dax.price_per_hour_usd * dt / 3600)
        self.census.expire(t1)
        if self.pool is not None:
            gb = self.census.total() * self.pool.spec.size_kb / 1024 / 1024
            ledger.add("store storage", gb * p.storage_gb_month_usd * dt / (730 * 3600))

    # -- control plane: provisioned auto scaling -----------------------------------------------------
    def _auto_scale(self, key: str):
        dim = self.dims[key]
        policy = self.profile.provisioned.auto_scaling
        env, say = self.ctx.env, self.ctx.narrator.say
        target = policy.target_utilization_pct / 100.0
        above = below = 0
        while True:
            yield env.timeout(60)
            consumed = dim.consumed_last_minute(env.now)
            utilisation = consumed / dim.provisioned
            above = above + 1 if utilisation > target else 0
            # Scale-in alarm below target − 20 points (assumed, as the alarms AWS creates for a 70 % target).
            below = below + 1 if utilisation < max(0.0, target - 0.2) else 0
            if above >= policy.alarm_datapoints:
                yield env.timeout(policy.alarm_delay_s)
                consumed = dim.consumed_last_minute(env.now)
                new = min(policy.max_units, math.ceil(consumed / target))
                if new > dim.provisioned * MIN_STEP:
                    say(env.now, "scale",
                        f"DynamoDB auto scaling: {dim.name[:-1]} alarm ({pct(utilisation)} of {num(dim.provisioned)} {dim.unit} used for "
                        f"{above} min): UpdateTable to {num(new)} {dim.unit}, applied in {duration(policy.update_delay_s)}")
                    yield env.timeout(policy.update_delay_s)
                    dim.provisioned = new
                    say(env.now, "scale", f"DynamoDB {dim.name[:-1]} capacity now {num(new)} {dim.unit}")
                above = below = 0
            elif below >= policy.scale_in_datapoints:
                new = max(policy.min_units, math.ceil(consumed / target))
                if new < dim.provisioned:
                    yield env.timeout(policy.update_delay_s)
                    say(env.now, "scale", f"DynamoDB auto scaling lowered {dim.name[:-1]} capacity {num(dim.provisioned)} → {num(new)} {dim.unit}")
                    dim.provisioned = new
                    dim.bucket = min(dim.bucket, new * dim.burst_s)
                below = 0

    def capacity(self) -> dict[str, float]:
        if not hasattr(self, "dims"):
            return {}
        dax = {"dax_nodes": float(self.profile.dax.nodes)} if self.profile.dax is not None else {}
        if self.profile.capacity_mode == "provisioned":
            return {"rcu": float(self.dims["read"].provisioned), "wcu": float(self.dims["write"].provisioned), **dax}
        od = self.profile.on_demand
        t = self.ctx.now
        return {
            "wru_per_s_limit": self.dims["write"].capacity_per_s(t, od.peak_window_s, od.peak_multiplier),
            "rru_per_s_limit": self.dims["read"].capacity_per_s(t, od.peak_window_s, od.peak_multiplier),
            **dax,
        }

    def notes(self) -> list[str]:
        dax = self.profile.dax
        if dax is None:
            return []
        return [f"DAX ({dax.nodes} × {dax.node_type}): every session read is taken as an item-cache hit; the nodes' own "
                "throughput limit is not modelled."]
