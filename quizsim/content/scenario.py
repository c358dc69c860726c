"""A scenario: the world a question describes — workload, web tier, faults, store and duration."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from quizsim.content import limits
from quizsim.content.base import Id, NonNegative, StrictModel

MAX_RATE_PER_S = 10_000_000
MAX_DURATION_S = 31 * 24 * 3600


class Arrival(StrictModel):
    """How requests arrive."""

    process: Literal["poisson"] = "poisson"
    """Arrival process; Poisson (independent arrivals)."""
    rate_per_s: float = Field(gt=0, le=MAX_RATE_PER_S)
    """Base request rate, requests per second."""


class Phase(StrictModel):
    """A change of the arrival rate: a step, a spike (with for_s) or a ramp (with ramp_s)."""

    at_s: NonNegative
    """When the phase starts, seconds from the start of the run."""
    rate_per_s: float = Field(gt=0, le=MAX_RATE_PER_S)
    """Rate the phase reaches."""
    for_s: float | None = Field(default=None, gt=0)
    """If set, the rate returns to what it was after this many seconds (a spike)."""
    ramp_s: NonNegative = 0
    """Seconds taken to move linearly to the new rate (0 = a step)."""
    label: str = Field(default="", max_length=limits.MAX_LABEL_CHARS)
    """Name used in the event log, e.g. 'flash sale'."""


class DailyCycle(StrictModel):
    """A sinusoidal daily pattern multiplied onto the rate."""

    amplitude: float = Field(default=0.5, ge=0, lt=1)
    """Relative swing: 0.5 means the rate varies between 50 % and 150 % of the base."""
    period_s: float = Field(default=86400, gt=0)
    peak_at_s: NonNegative = 50400
    """Time of the daily peak, seconds from the start."""


class Sessions(StrictModel):
    """Users and their sessions."""

    requests_per_session: float = Field(default=20, ge=1)
    """Requests a user makes in one session."""
    think_time_s: float = Field(default=30, gt=0)
    """Mean time between one user's requests."""
    reads_per_request: NonNegative = 1
    """Session reads per request."""
    writes_per_request: NonNegative = 1
    """Session writes per request."""
    size_kb: float = Field(default=2, gt=0, le=400_000)
    """Size of one session's data."""
    ttl_s: float | None = Field(default=1800, gt=0)
    """Idle timeout after which a session expires; null = sessions never expire (no TTL on the key)."""
    hot_key_share: float = Field(default=0, ge=0, le=1)
    """Share of requests that touch one single hot key (e.g. a shared cart)."""


class Workload(StrictModel):
    """Traffic reaching the web tier."""

    arrival: Arrival
    phases: list[Phase] = []
    """Rate changes over time, in order of at_s."""
    daily_cycle: DailyCycle | None = None
    sessions: Sessions | None = None
    """Users with sessions; omit for a bare queue."""

    @model_validator(mode="after")
    def _phases_in_order(self) -> "Workload":
        times = [p.at_s for p in self.phases]
        if times != sorted(times):
            raise ValueError("phases must be listed in order of at_s")
        return self


class AutoScalingPolicy(StrictModel):
    """EC2 Auto Scaling target tracking for the web tier."""

    metric: Literal["cpu", "requests_per_target"] = "cpu"
    target: float = Field(default=60, gt=0)
    """Target value: CPU percent, or requests per second per instance."""
    min_instances: int = Field(default=1, ge=0)
    max_instances: int = Field(default=10, ge=1, le=10_000)
    cooldown_s: NonNegative = 300
    """After a scale-in, seconds before the next scale-in."""
    warmup_s: NonNegative = 300
    """After a scale-out, seconds new instances warm up before another scale-out is considered."""
    scale_out_datapoints: int = Field(default=3, ge=1)
    """Consecutive one-minute datapoints above target before scaling out (target tracking: 3)."""
    scale_in_datapoints: int = Field(default=15, ge=1)
    """Consecutive one-minute datapoints below target before scaling in (target tracking: 15)."""
    replace_unhealthy_s: NonNegative = 60
    """Seconds from an instance failing to its replacement being launched (health checks failing)."""

    @model_validator(mode="after")
    def _bounds(self) -> "AutoScalingPolicy":
        if self.max_instances < self.min_instances:
            raise ValueError("max_instances is below min_instances")
        return self


class WebTier(StrictModel):
    """EC2 instances behind an Application Load Balancer."""

    instance: Id = "m7g-large"
    """Backend profile (kind ec2) of the web instances."""
    load_balancer: Id = "alb"
    """Backend profile (kind alb) of the load balancer."""
    instances: int = Field(default=2, ge=1, le=1000)
    """Instances running at the start."""
    routing: Literal["round_robin", "sticky"] = "round_robin"
    """ALB routing: round robin, or sticky sessions (AWSALB cookie)."""
    sticky_duration_s: float = Field(default=86400, ge=1, le=7 * 86400)
    """Stickiness cookie lifetime (1 s to 7 days)."""
    auto_scaling: AutoScalingPolicy | None = None
    """Target-tracking Auto Scaling; without it the instance count only changes through faults."""
    timeout_s: float = Field(default=60, gt=0)
    """A request queued longer than this at a web instance fails (ALB idle timeout, 60 s by default)."""


class Fault(StrictModel):
    """Something that goes wrong during the run."""

    at_s: NonNegative
    kind: Literal["instance_failure", "instance_stop", "store_node_failure", "az_outage", "store_scale_out"]
    """What happens: a web instance dies or is stopped, a cache node fails, one AZ is lost, or an operator
    scales the cache out by hand (store_scale_out: `count` more Redis shards or Memcached nodes)."""
    count: int = Field(default=1, ge=1, le=1000)
    """How many instances or nodes."""
    duration_s: float | None = Field(default=None, gt=0)
    """instance_stop: seconds until the instance is started again (null: it stays stopped)."""


class StoreRef(StrictModel):
    """The session store: a backend profile, optionally adjusted."""

    backend: Id
    """Id of a backend profile."""
    set: dict[str, Any] = {}
    """Overrides inside the profile, by dotted path, e.g. {'replication.replicas': 1}."""


class Scenario(StrictModel):
    """A world to simulate."""

    id: Id
    title: str = Field(default="", max_length=limits.MAX_TITLE_CHARS)
    description: str = Field(default="", max_length=limits.MAX_DESCRIPTION_CHARS)
    duration_s: float = Field(default=3600, gt=0, le=MAX_DURATION_S)
    """Simulated time, up to 31 days."""
    start_clock: str = Field(default="09:00", pattern=r"^\d{1,2}:\d{2}$")
    """Wall-clock time at t=0, used in the event log."""
    workload: Workload
    web: WebTier | None = None
    """Web tier; omit for a bare queue."""
    store: StoreRef | dict[str, Any]
    """A reference to a backend profile, or an inline profile with its own 'kind' (e.g. a generic queue)."""
    faults: list[Fault] = []
    seed: int = Field(default=42, ge=0)
    """Default random seed."""

    @model_validator(mode="after")
    def _check_store(self) -> "Scenario":
        if isinstance(self.store, dict) and "kind" not in self.store:
            if "backend" in self.store:  # meant as a reference: say what is wrong with it
                from pydantic import ValidationError

                from quizsim.content.validation_text import describe

                try:
                    StoreRef.model_validate(self.store)
                except ValidationError as exc:
                    raise ValueError("store: " + "; ".join(describe(e) for e in exc.errors())) from None
            raise ValueError("store needs either 'backend: ID' or an inline profile with 'kind'")
        for fault in self.faults:
            if fault.at_s >= self.duration_s:
                raise ValueError(f"fault at_s {fault.at_s:g} is after the end of the run ({self.duration_s:g} s)")
        return self
