"""The web tier: EC2 instances behind an ALB (round robin or sticky), Auto Scaling, failures, billing.

Each instance is a queueing station: c worker slots (max_rps × service time), service times
exponential with mean c / max_rps so that one instance serves max_rps at 100 % CPU. A request
queued longer than the ALB timeout fails with 'timeout'. Auto Scaling is a SimPy process that
reads one-minute CPU (or requests per target) datapoints and acts after its delays.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from quizsim.content.backends.web import AlbProfile, Ec2Profile
from quizsim.content.scenario import Fault, WebTier
from quizsim.text import num
from quizsim.sim.context import SimContext
from quizsim.sim.station import Station


@dataclass
class Instance:
    """One EC2 instance."""

    number: int
    launched_at: float
    ready_at: float
    station: Station
    state: str = "booting"
    """booting, in_service, stopped or terminated."""
    billed_s: float = 0.0
    cpu_history: list[tuple[float, float, float]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"web-{self.number}"


def alb_lcus(alb: AlbProfile, requests_per_s: float) -> float:
    """LCUs an ALB uses at this request rate: the largest of its four dimensions."""
    lcu, traffic = alb.lcu, alb.traffic
    new_per_s = requests_per_s / traffic.requests_per_connection
    active = new_per_s * traffic.connection_s
    gb_per_h = requests_per_s * traffic.kb_per_request * 3600 / 1e6
    rules_per_s = requests_per_s * max(0.0, traffic.rules - lcu.free_rules)
    return max(
        new_per_s / lcu.new_connections_per_s,
        active / lcu.active_connections_per_min,
        gb_per_h / lcu.processed_gb_per_h,
        rules_per_s / lcu.rule_evaluations_per_s,
    )


MAX_QUEUED_INSTANCES = 24
"""Instances whose queues are simulated one by one; more identical instances share their waits."""


class WebFleet:
    """The instances, the ALB routing, Auto Scaling and the web tier's bill."""

    def __init__(self, spec: WebTier, ec2: Ec2Profile, alb: AlbProfile, ctx: SimContext) -> None:
        self.spec, self.ec2, self.alb, self.ctx = spec, ec2, alb, ctx
        cap = ec2.capacity
        self.slots = max(1, round(cap.max_rps * cap.service_ms / 1000.0))
        self.service_mean_s = self.slots / cap.max_rps
        self.instances: list[Instance] = []
        self.store = None  # set by the pipeline: told when instances go away or come back
        self._rr = 0
        self._window_requests = 0.0
        self._telemetry: list[tuple[float, float, float, int]] = []  # (t1, dt, cpu %, requests/s per instance)
        for _ in range(spec.instances):
            inst = self._new_instance(0.0, boot=False)
            inst.state = "in_service"

    # -- instances -----------------------------------------------------------------------------------
    def _new_instance(self, t: float, boot: bool = True) -> Instance:
        boot_s = self.ec2.capacity.boot_s if boot else 0.0
        inst = Instance(number=len(self.instances) + 1, launched_at=t, ready_at=t + boot_s, station=Station(self.slots))
        self.instances.append(inst)
        return inst

    def in_service(self) -> list[int]:
        return [i for i, inst in enumerate(self.instances) if inst.state == "in_service"]

    def count(self, *states: str) -> int:
        return sum(1 for inst in self.instances if inst.state in states)

    def launch(self, how_many: int, why: str) -> None:
        env = self.ctx.env
        batch = [self._new_instance(env.now) for _ in range(how_many)]
        env.process(self._boot(batch))
        boot = self.ec2.capacity.boot_s
        self.ctx.narrator.say(env.now, "scale", f"{why}: launching {how_many} instance{'s' * (how_many != 1)} (in service after {boot:g} s boot)")

    def _boot(self, batch: list[Instance], restarted: bool = False):
        """Instances launched (or started) together come into service together, after boot_s."""
        yield self.ctx.env.timeout(max(0.0, batch[0].ready_at - self.ctx.env.now))
        ready = [inst for inst in batch if inst.state == "booting"]
        for inst in ready:
            inst.state = "in_service"
            if restarted and self.store is not None:  # a stopped instance is back, with whatever its disks kept
                self.store.on_instance_back(self.instances.index(inst), self.ctx.env.now)
        if ready:
            names = ", ".join(inst.name for inst in ready) if len(ready) <= 3 else f"{len(ready)} new instances"
            self.ctx.narrator.say(self.ctx.env.now, "scale", f"{names} in service: {self.count('in_service')} instances serving")

    def remove(self, index: int, state: str, cause: str) -> None:
        inst = self.instances[index]
        t = self.ctx.env.now
        if inst.state == "terminated":
            return
        inst.state = state
        if state == "terminated":
            lifetime = t - inst.launched_at
            minimum = self.ec2.pricing.min_billed_s
            if lifetime < minimum:  # per-second billing with a 60 s minimum
                self.ctx.ledger.add("web instances", (minimum - lifetime) * self.ec2.pricing.price_per_hour_usd / 3600)
        if self.store is not None:
            self.store.on_instance_lost(index, cause, t)

    # -- routing and serving -------------------------------------------------------------------------
    def route(self, t_s: np.ndarray, cookie: np.ndarray, cookie_fresh: np.ndarray) -> np.ndarray:
        """Instance index per request (-1: no instance in service). Sticky requests follow a live cookie."""
        live = self.in_service()
        m = t_s.size
        if not live:
            return np.full(m, -1, dtype=np.int64)
        live_arr = np.array(live)
        # Round robin: successive requests go to successive instances.
        chosen = live_arr[(self._rr + np.arange(m)) % live_arr.size]
        self._rr = (self._rr + m) % live_arr.size
        if self.spec.routing == "sticky":
            alive = np.zeros(len(self.instances) + 1, dtype=bool)
            alive[live_arr] = True
            follow = cookie_fresh & (cookie >= 0) & alive[np.where(cookie >= 0, cookie, len(self.instances))]
            chosen = np.where(follow, cookie, chosen)
        return chosen

    def serve(
        self, t_s: np.ndarray, instance: np.ndarray, t0: float, t1: float, fraction: float, weight: float,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Queue each request at its instance; returns (wait s, service s); wait is inf for timeouts."""
        m = t_s.size
        self._window_requests += m * weight  # every request passes the load balancer
        waits = np.zeros(m)
        service = self.ctx.rng.exponential(self.service_mean_s, m)
        dt = t1 - t0
        live = self.in_service()
        order = np.argsort(instance, kind="stable")
        bounds = np.searchsorted(instance[order], np.array(live + [len(self.instances)]))
        cpus = []
        # Beyond MAX_QUEUED_INSTANCES identical instances, the rest borrow the waits of those
        # simulated in the same window (each instance sees the same share of a Poisson stream).
        exact = live[:MAX_QUEUED_INSTANCES]
        # Round robin splits the window's requests evenly, so each instance's count is as exact as the
        # window's (Poisson) count; the stickiness cookie's split is only known from the sample.
        even = self.spec.routing != "sticky"
        for k, index in enumerate(exact):
            inst = self.instances[index]
            mine = order[bounds[k]:bounds[k + 1]] if k + 1 < len(bounds) else order[bounds[k]:]
            mine = mine[instance[mine] == index]
            waits[mine] = inst.station.process(
                t_s[mine], service[mine], t0, t1, fraction, max_wait_s=self.spec.timeout_s, real_count=mine.size * weight,
                service_mean_s=self.service_mean_s, count_n=m * weight if even else None,
            )
            work = float(service[mine].sum()) * weight
            cpus.append(min(100.0, 100.0 * work / (self.slots * dt)) if dt > 0 else 0.0)
        if len(live) > len(exact):
            simulated = np.isin(instance, exact)
            rest = np.flatnonzero(~simulated & (instance >= 0))
            pool = waits[simulated]
            if rest.size and pool.size:
                waits[rest] = pool[self.ctx.rng.integers(0, pool.size, rest.size)]
        if live and dt > 0:
            cpu_avg = sum(cpus) / len(cpus)
            per_target = m * weight / dt / len(live)
            self._telemetry.append((t1, dt, cpu_avg, per_target))
            if len(self._telemetry) > 4096:
                del self._telemetry[:-2048]
        return waits, service

    def end_window(self, t0: float, t1: float) -> None:
        price = self.ec2.pricing.price_per_hour_usd / 3600
        running = self.count("booting", "in_service")
        self.ctx.ledger.add("web instances", running * (t1 - t0) * price)
        self.ctx.ledger.add("load balancer", (t1 - t0) * self.alb.overhead.price_per_hour_usd / 3600)
        if self.alb.lcu is not None and self.alb.traffic is not None and t1 > t0:
            lcus = alb_lcus(self.alb, self._window_requests / (t1 - t0))
            self.ctx.ledger.add("load balancer", lcus * self.alb.lcu.price_per_lcu_hour_usd * (t1 - t0) / 3600)
        self._window_requests = 0.0

    def capacity(self) -> dict[str, float]:
        return {"instances": float(self.count("in_service")), "booting": float(self.count("booting"))}

    # -- control plane -------------------------------------------------------------------------------
    def start(self) -> None:
        if self.spec.auto_scaling is not None:
            self.ctx.env.process(self._auto_scale())

    def _minute_metric(self, now: float) -> float | None:
        """The last minute's datapoint: mean CPU %, or requests/s per target."""
        rows = [r for r in self._telemetry if now - 60 < r[0] <= now + 1e-9]
        if not rows:
            return None
        total = sum(r[1] for r in rows)
        column = 2 if self.spec.auto_scaling.metric == "cpu" else 3
        return sum(r[column] * r[1] for r in rows) / total

    def _auto_scale(self):
        policy = self.spec.auto_scaling
        env, say = self.ctx.env, self.ctx.narrator.say
        above = below = 0
        last_out = last_in = -math.inf
        unit = " % CPU" if policy.metric == "cpu" else " req/s per instance"
        while True:
            yield env.timeout(60)
            metric = self._minute_metric(env.now)
            if metric is None:
                continue
            above = above + 1 if metric > policy.target else 0
            below = below + 1 if metric < policy.target * 0.9 else 0
            serving = self.count("in_service")
            pending = self.count("booting")
            if above >= policy.scale_out_datapoints and env.now - last_out >= policy.warmup_s:
                desired = min(policy.max_instances, math.ceil(serving * metric / policy.target))
                add = desired - serving - pending
                if add > 0:
                    self.launch(add, f"auto scaling: {num(metric)}{unit} above the target of {num(policy.target)} for {above} min")
                    last_out = env.now
                    above = 0
            elif below >= policy.scale_in_datapoints and env.now - max(last_in, last_out) >= policy.cooldown_s:
                desired = max(policy.min_instances, math.ceil(serving * metric / policy.target))
                remove = serving - desired
                if remove > 0:
                    live = self.in_service()
                    victims = live[-remove:]  # the newest go first
                    say(env.now, "scale", f"auto scaling: {num(metric)}{unit} below target for {below} min: terminating "
                        f"{remove} instance{'s' * (remove != 1)} ({', '.join(self.instances[i].name for i in victims)})")
                    for index in victims:
                        self.remove(index, "terminated", "scale_in")
                    last_in = env.now
                    below = 0

    def on_fault(self, fault: Fault, t: float) -> None:
        say = self.ctx.narrator.say
        live = self.in_service()
        if fault.kind == "az_outage":
            victims = live[1::2] or live[:1]
            kind, state, cause = "az_outage", "terminated", "az_outage"
        else:
            victims = live[: fault.count]
            if fault.kind == "instance_stop":
                kind, state, cause = "instance_stop", "stopped", "instance_stop"
            else:
                kind, state, cause = "instance_failure", "terminated", "instance_failure"
        if not victims:
            say(t, "failure", f"{kind.replace('_', ' ')}: no instance in service to fail")
            return
        names = ", ".join(self.instances[i].name for i in victims)
        verb = {"instance_stop": "stopped", "az_outage": "lost with their Availability Zone"}.get(kind, "failed")
        say(t, "failure", f"{names} {verb}: {len(live) - len(victims)} of {len(live)} instances left serving")
        for index in victims:
            self.remove(index, state, cause)
        if fault.kind == "instance_stop" and fault.duration_s is not None:
            self.ctx.env.process(self._restart(victims, fault.duration_s))
        elif state == "terminated" and self.spec.auto_scaling is not None:
            self.ctx.env.process(self._replace(len(victims)))

    def _restart(self, victims: list[int], after_s: float):
        yield self.ctx.env.timeout(after_s)
        now = self.ctx.env.now
        batch = []
        for index in victims:
            inst = self.instances[index]
            if inst.state == "stopped":
                inst.state = "booting"
                inst.ready_at = now + self.ec2.capacity.boot_s
                batch.append(inst)
        if batch:
            self.ctx.env.process(self._boot(batch, restarted=True))
        self.ctx.narrator.say(now, "recovery", f"{len(victims)} stopped instance{'s' * (len(victims) != 1)} started again")

    def _replace(self, how_many: int):
        yield self.ctx.env.timeout(self.spec.auto_scaling.replace_unhealthy_s)
        serving = self.count("in_service", "booting")
        add = min(how_many, self.spec.auto_scaling.max_instances - serving)
        if add > 0:
            self.launch(add, "health checks failed: Auto Scaling replaces the lost instance" + ("s" if add > 1 else ""))
