"""Worker tiers: an EC2 Auto Scaling group (target tracking, boot time) and a Lambda SQS consumer."""

from __future__ import annotations

import math

from quizsim.content.backends.work_queue import Ec2Workers, LambdaWorkers
from quizsim.text import counted, fmt_count, num

_LAMBDA_IDLE_KEEP_S = 600.0
"""Assumed: an idle execution environment is kept about this long before it is reclaimed (not published)."""

# How target tracking scales in (read 2026-12): "scales out proportionally to the metric as fast as it can, but
# scales in more gradually", and rounds so as to remove too few rather than too many instances
# (docs.aws.amazon.com/autoscaling/ec2/userguide/as-scaling-target-tracking.html, Considerations); it removes
# capacity only once the metric is "usually more than 10% lower" than the target
# (docs.aws.amazon.com/autoscaling/application/userguide/target-tracking-scaling-policy-overview.html); and a
# scale-in cannot start while a scale-out is in progress (the EC2 guide, Instance warm-up). While the alarm
# stays in ALARM it invokes the policy again every minute (CloudWatch guide, Alarm actions).
SCALE_IN_BELOW_SHARE = 0.10
"""Scale in only while the metric is more than this share below the target (AWS: "usually more than 10%")."""
SCALE_IN_STEP_SHARE = 0.10
"""Assumed: one scale-in removes at most this share of the instances in service (at least one); AWS gives
no figure for "more gradually"."""
SCALE_IN_COOLDOWN_S = 300.0
"""Assumed: a scale-in waits this long after the group's last scaling activity, as the 300 s default
cooldown of EC2 Auto Scaling and of Application Auto Scaling's scale-in does (EC2 target tracking
publishes none of its own)."""


class Ec2Fleet:
    """Instances in service plus instances booting; decides every `evaluation_s` by target tracking."""

    def __init__(self, spec: Ec2Workers, say, cpu_share: float = 1.0) -> None:
        self.spec = spec
        self.cpu_share = cpu_share
        self.running = float(spec.instances)
        self.booting: list[tuple[float, int]] = []  # (ready at, count)
        self.say = say
        self._next_eval = spec.evaluation_s
        self._above = self._below = 0
        self._last_scaled = -math.inf
        self._busy_s = self._avail_s = 0.0
        self.cost_rate_usd_per_s = spec.usd_per_hour / 3600.0

    @property
    def instances(self) -> float:
        """Instances billed: in service and booting."""
        return self.running + sum(c for _, c in self.booting)

    def slots(self, t: float) -> float:
        while self.booting and self.booting[0][0] <= t:
            _, count = self.booting.pop(0)
            self.running += count
        return self.running * self.spec.jobs_in_parallel

    def record(self, busy_s: float, avail_s: float) -> None:
        self._busy_s += busy_s
        self._avail_s += avail_s

    def control(self, t: float, visible: float) -> None:
        """One scaling decision when a datapoint is due; `visible` is the queue's depth."""
        if t + 1e-9 < self._next_eval:
            return
        self._next_eval += self.spec.evaluation_s
        spec = self.spec
        visible = max(0.0, visible)
        busy = self._busy_s / self._avail_s * 100 if self._avail_s else (100.0 if visible > 0 else 0.0)
        busy *= self.cpu_share  # a thread waiting on I/O keeps its job but not the CPU
        self._busy_s = self._avail_s = 0.0
        if spec.scale_on == "none":
            return
        # Instances still booting are not part of the metric, nor of the capacity it is scaled from.
        base = max(self.running, 1.0)
        if spec.scale_on == "backlog_per_instance":
            value, load = visible / base, visible
        elif spec.scale_on == "cpu":
            value, load = busy, busy * base
        else:
            # Target tracking assumes the metric falls as instances are added; queue depth only does so slowly.
            value, load = visible, visible * base
        self._above = self._above + 1 if value > spec.target else 0
        self._below = self._below + 1 if value < spec.target * (1 - SCALE_IN_BELOW_SHARE) else 0
        # The capacity that brings the metric back to target, rounded up: too many rather than too few.
        desired = int(min(max(math.ceil(load / spec.target - 1e-9), spec.min_instances), spec.max_instances))
        have = self.instances
        if self._above >= spec.scale_out_datapoints and desired > have:
            add = int(desired - have)
            self.booting.append((t + spec.boot_s, add))
            self.say(t, "scale", f"worker group scales out by {add} to {desired} instances ({_reading(spec, value)}); "
                     f"in service after {spec.boot_s:g} s")
            self._above = 0
            self._last_scaled = t
        elif (self._below >= spec.scale_in_datapoints and desired < self.running and not self.booting
              and t - self._last_scaled >= SCALE_IN_COOLDOWN_S - 1e-9):
            step = max(1, math.floor(self.running * SCALE_IN_STEP_SHARE))
            new = max(desired, int(self.running) - step)
            self.say(t, "scale", f"worker group scales in from {self.running:g} to {new} instances ({_reading(spec, value)})"
                     + (f"; a scale-in removes at most {counted(step, 'instance')}" if new > desired else ""))
            self.running = float(new)
            self._last_scaled = t


def _reading(spec: Ec2Workers, value: float) -> str:
    """'backlog per instance 12, target 500': what the policy saw."""
    shown = f"{value:.0f} %" if spec.scale_on == "cpu" else (fmt_count(value) if value >= 10 else num(round(value, 1)))
    target = f"{spec.target:g} %" if spec.scale_on == "cpu" else num(spec.target)
    return f"{_metric(spec.scale_on)} {shown}, target {target}"


def _metric(name: str) -> str:
    return {"cpu": "CPU", "queue_depth": "queue depth", "backlog_per_instance": "backlog per instance"}[name]


class LambdaConsumer:
    """An SQS event source mapping: pollers scale with the backlog; invocations above the limit are throttled."""

    def __init__(self, spec: LambdaWorkers, say) -> None:
        self.spec = spec
        self.say = say
        self.pollers = 0.0
        self.warm = 0.0
        self._idle_since = 0.0
        # Reserved concurrency both caps the function and keeps that much of the account's quota for it;
        # without it the function shares what other functions leave of the account's quota.
        if spec.reserved_concurrency is not None:
            self.limit = float(spec.reserved_concurrency)
        else:
            self.limit = float(max(0.0, spec.account_concurrency - spec.other_functions_concurrency))
        self.gb = spec.memory_mb / 1024.0
        self.throttled_pollers = 0.0

    def concurrency(self, t: float, dt: float, visible: float, mean_service_s: float,
                    batches_at_most: float = math.inf) -> tuple[float, float, float]:
        """(pollers' invocations in flight, of which run, new environments started) this tick.
        `batches_at_most`: what the queue lets the mapping take at once (FIFO: one batch per message group
        not blocked); the mapping never invokes more, so only invocations within it can be throttled."""
        spec = self.spec
        needed = visible * mean_service_s / dt if visible > 0 else 0.0
        if visible <= 0:
            self.pollers = 0.0
        else:
            start = max(self.pollers, float(spec.initial_concurrency))
            grown = start + spec.scale_up_per_min * dt / 60.0 if self.pollers else start
            wanted = max(needed, float(spec.initial_concurrency))
            self.pollers = max(0.0, min(grown, float(spec.max_concurrency), wanted, batches_at_most))
        if self.pollers > self.limit:
            # Throttled: the mapping backs off halfway to what the function may run (assumed back-off shape).
            self.throttled_pollers = self.pollers
            self.pollers = self.limit + (self.pollers - self.limit) / 2
        running = min(self.pollers, self.limit)
        cold = max(0.0, running - self.warm)
        if running > 0:
            self.warm = max(self.warm, running)
            self._idle_since = t
        elif t - self._idle_since > _LAMBDA_IDLE_KEEP_S:
            self.warm = 0.0
        return self.pollers, running, cold
