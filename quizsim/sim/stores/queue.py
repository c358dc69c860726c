"""The generic queue: c servers and a service-time distribution (M/M/c, M/D/c, M/G/c)."""

from __future__ import annotations

import numpy as np

from quizsim.content.backends.queue import QueueBackend
from quizsim.text import num
from quizsim.sim.sampling import Sampler
from quizsim.sim.station import Station
from quizsim.sim.stores.base import OpResults, Ops, Store


class QueueStore(Store):
    """Every operation is one job through one FIFO queue with `servers` servers."""

    kinds = ("queue",)
    label = "queue"
    holds_sessions = False

    def __init__(self, profile: QueueBackend, ctx) -> None:
        super().__init__(profile, ctx)
        self.sampler = Sampler(profile.service_time)
        self.station = Station(profile.servers)

    @property
    def capacity_per_s(self) -> float:
        return self.profile.servers * 1000.0 / self.sampler.mean_ms

    def serve(self, ops: Ops) -> OpResults:
        service_ms = self.sampler.draw_ms(self.ctx.rng, ops.size)
        # One job per request: the real count is the window's Poisson count, and the mean is the profile's.
        wait_ms = self.station.process(
            ops.t_s, service_ms / 1000.0, ops.t0, ops.t1, ops.fraction, None, ops.real_count,
            service_mean_s=self.sampler.mean_ms / 1000.0, count_n=ops.real_count,
        ) * 1000.0
        return OpResults.ok(wait_ms + service_ms, wait_ms)

    def capacity(self) -> dict[str, float]:
        return {"servers": float(self.profile.servers), "capacity_per_s": self.capacity_per_s}

    def backlog_s(self, t: float) -> float:
        return self.station.backlog_s(t)

    def describe(self) -> str:
        return f"{self.profile.servers} servers, capacity {num(self.capacity_per_s)}/s"
