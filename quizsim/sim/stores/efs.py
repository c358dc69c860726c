"""EFS: one NFS file per session; latency, throughput (bursting credits or elastic), metering, lock contention.

- Bursting: the file system earns baseline throughput (per GiB stored, with a floor) and may
  burst to burst_mib_per_s while credits last; reads count at read_metering_fraction. Metered
  bytes queue at the allowed rate (a one-server queue whose service time is bytes ÷ rate), so
  when credits run out latency climbs.
- Elastic: no throughput limit modelled; every operation is billed as at least min_metered_kib.
- Writers to one session file hold its NFS lock for lock.hold_ms and serialize (the hot key).
"""

from __future__ import annotations

import numpy as np

from quizsim.content.backends.efs import EfsBackend
from quizsim.text import num
from quizsim.sim.sampling import Sampler
from quizsim.sim.station import Station
from quizsim.sim.stores.base import OpResults, Ops, Store

KIB, MIB, GIB = 1024.0, 1024.0**2, 1024.0**3


class EfsStore(Store):
    kinds = ("efs",)
    label = "EFS"

    def __init__(self, profile: EfsBackend, ctx) -> None:
        super().__init__(profile, ctx)
        tp = profile.throughput
        self.read_sampler = Sampler(profile.latency.read)
        self.write_sampler = Sampler(profile.latency.write)
        self.credits_bytes = tp.initial_credits_gib * GIB
        self.baseline = max(tp.min_baseline_mib_per_s * MIB, tp.baseline_kib_per_s_per_gib * KIB * tp.stored_gib)
        self.throughput = Station(1)
        self.lock = Station(1)
        self.metered = {"read": 0.0, "write": 0.0}
        self._window_bytes = 0.0
        self._told_empty = False

    def _rate(self) -> float:
        tp = self.profile.throughput
        return tp.burst_mib_per_s * MIB if self.credits_bytes > 0 else self.baseline

    def serve(self, ops: Ops) -> OpResults:
        rng, tp = self.ctx.rng, self.profile.throughput
        n = ops.size
        size = (self.pool.spec.size_kb if self.pool is not None else 4.0) * KIB
        latency = np.where(ops.write, 0.0, 0.0)
        reads = ~ops.write
        latency[reads] = self.read_sampler.draw_ms(rng, int(reads.sum()))
        latency[ops.write] = self.write_sampler.draw_ms(rng, int(ops.write.sum()))
        wait = np.zeros(n)
        if tp.mode == "bursting":
            metered = np.where(ops.write, size, size * tp.read_metering_fraction)
            wait += self.throughput.process(ops.t_s, metered / self._rate(), ops.t0, ops.t1, ops.fraction, self.ctx.timeout_s, ops.real_count) * 1000.0
            self._window_bytes += float(metered.sum()) * ops.weight
        else:
            billed = max(size, tp.min_metered_kib * KIB)
            self.metered["read"] += float(reads.sum()) * ops.weight * billed
            self.metered["write"] += float(ops.write.sum()) * ops.weight * billed
        hot_writes = np.flatnonzero(ops.hot & ops.write)
        locking = self.profile.lock
        if hot_writes.size and locking is not None and locking.hold_ms > 0:
            hold = np.full(hot_writes.size, locking.hold_ms / 1000.0)
            wait[hot_writes] += self.lock.process(
                ops.t_s[hot_writes], hold, ops.t0, ops.t1, ops.fraction, self.ctx.timeout_s, hot_writes.size * ops.weight,
            ) * 1000.0
        result = OpResults.ok(latency + wait, wait)
        result.found = self.found(ops)
        return result

    def end_window(self, t0: float, t1: float) -> None:
        dt = t1 - t0
        tp, price = self.profile.throughput, self.profile.pricing
        if tp.mode == "bursting":
            was = self.credits_bytes
            self.credits_bytes = max(0.0, self.credits_bytes + self.baseline * dt - self._window_bytes)
            demand = self._window_bytes / dt if dt > 0 else 0.0
            if was > 0 and self.credits_bytes <= 0 and not self._told_empty:
                self.ctx.narrator.say(
                    t1, "throttle",
                    f"EFS burst credits used up: throughput falls from {num(tp.burst_mib_per_s)} to the "
                    f"{num(self.baseline / MIB)} MiB/s baseline; metered demand {num(demand / MIB)} MiB/s",
                )
                self._told_empty = True
            elif self.credits_bytes > 0 and self._told_empty:
                self.ctx.narrator.say(t1, "recovery", "EFS earned burst credits again: bursting resumes")
                self._told_empty = False
            self._window_bytes = 0.0
        else:
            self.ctx.ledger.add("store requests", self.metered["read"] / 1e9 * price.read_per_gb_usd + self.metered["write"] / 1e9 * price.write_per_gb_usd)
            self.metered = {"read": 0.0, "write": 0.0}
        self.ctx.ledger.add("store storage", tp.stored_gib * GIB / 1e9 * price.storage_gb_month_usd * dt / (730 * 3600))

    def capacity(self) -> dict[str, float]:
        if self.profile.throughput.mode != "bursting":
            return {}
        return {"efs_mib_per_s": self._rate() / MIB, "efs_credits_gib": self.credits_bytes / GIB}

    def notes(self) -> list[str]:
        return ["EFS burst credits have no cap in this model (AWS publishes none)."]
