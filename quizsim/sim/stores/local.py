"""Storage local to one web instance: an EBS volume, the instance store, or the server's own memory.

The lessons are mechanical: a session lives on the instance that wrote it, so any request the ALB
sends to another instance misses it (about (N−1)/N under round robin); terminating an instance
(failure, scale-in) loses its sessions; stopping it loses instance-store and memory sessions,
while an EBS volume keeps them for when the instance starts again. EBS also has an IOPS limit
per volume, modelled as one queue per instance.
"""

from __future__ import annotations

import numpy as np

from quizsim.content.backends.local import LocalBackend
from quizsim.text import num
from quizsim.sim.sampling import Sampler
from quizsim.sim.station import Station
from quizsim.sim.stores.base import OpResults, Ops, Store

_LABELS = {"ebs": "EBS", "instance_store": "instance store", "memory": "in-process memory"}


class LocalStore(Store):
    kinds = ("ebs", "instance_store", "memory")
    local = True

    def __init__(self, profile: LocalBackend, ctx) -> None:
        super().__init__(profile, ctx)
        self.label = _LABELS[profile.kind]
        self.sampler = Sampler(profile.latency)
        self.volumes: dict[int, Station] = {}

    def serve(self, ops: Ops) -> OpResults:
        latency = self.sampler.draw_ms(self.ctx.rng, ops.size)
        wait = np.zeros(ops.size)
        iops = self.profile.limits.max_iops if self.profile.limits is not None else None
        if iops is not None and self.profile.kind != "memory":
            for instance in np.unique(ops.instance):
                mine = np.flatnonzero(ops.instance == instance)
                volume = self.volumes.setdefault(int(instance), Station(1))
                service = np.full(mine.size, 1.0 / iops)
                wait[mine] = volume.process(
                    ops.t_s[mine], service, ops.t0, ops.t1, ops.fraction, self.ctx.timeout_s, mine.size * ops.weight,
                ) * 1000.0
        result = OpResults.ok(latency + wait, wait)
        result.found = self.found(ops)
        return result

    def on_fault(self, fault, t: float) -> None:
        if fault.kind == "store_node_failure":
            self.ctx.narrator.say(t, "failure", f"store node failure: no effect here: sessions on {self.label} live on the web instances, which keep serving them")
            # For authors, not for the learner's event log: `quizsim sim` prints notes.
            self._author_note = "a store_node_failure fault does nothing to sessions local to the web instances; instance_failure loses them"

    _author_note = ""

    def notes(self) -> list[str]:
        return [self._author_note] if self._author_note else []

    def on_instance_lost(self, instance: int, cause: str, t: float) -> None:
        pool = self.pool
        if pool is None:
            return
        if cause == "instance_stop" and self.profile.survives_stop:
            self.ctx.narrator.say(t, "failure", f"sessions on the stopped instance's {self.label} wait for it to start again (until then, requests miss them)")
            return
        lost = pool.lose(pool.home[: pool.n] == instance, cause)
        self.ctx.lose(cause, lost)
        if lost:
            self.ctx.narrator.say(t, "loss", f"{num(lost)} sessions kept on that instance's {self.label} are lost")

    def end_window(self, t0: float, t1: float) -> None:
        price = self.profile.pricing
        if price.gb_month_usd and price.volume_gb and self._fleet_size():
            self.ctx.ledger.add("store storage", self._fleet_size() * price.volume_gb * price.gb_month_usd * (t1 - t0) / (730 * 3600))

    running_instances = None
    """Set by the pipeline: a callable giving the web instances running now (each has a volume)."""

    def _fleet_size(self) -> int:
        if self.running_instances is not None:
            return self.running_instances()
        return 1

    def capacity(self) -> dict[str, float]:
        limits = self.profile.limits
        return {"iops_per_instance": float(limits.max_iops)} if limits is not None else {}
