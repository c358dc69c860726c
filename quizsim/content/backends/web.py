"""Web-tier profiles: the EC2 instance type serving requests and the load balancer in front."""

from __future__ import annotations

from typing import Literal

from quizsim.content.backends.common import BackendBase
from quizsim.content.base import NonNegative, Positive, Sourced


class InstanceCapacity(Sourced):
    """How much work one instance does."""

    max_rps: Positive
    """Requests per second one instance serves at 100 % CPU."""
    service_ms: Positive
    """Application time per request, excluding the session store."""
    boot_s: NonNegative = 30
    """Launch to in service."""


class InstancePricing(Sourced):
    price_per_hour_usd: NonNegative
    min_billed_s: NonNegative = 60


class InstanceStorage(Sourced):
    """Disks that come with the instance type."""

    instance_store_gb: NonNegative = 0
    """Local NVMe instance store (0: the type has none, EBS only)."""


class Ec2Profile(BackendBase):
    """An EC2 instance type running the web application."""

    kind: Literal["ec2"]
    instance_type: str
    capacity: InstanceCapacity
    pricing: InstancePricing
    storage: InstanceStorage | None = None
    """Omit for an EBS-only type: sessions on an instance store need a type that has one."""


class AlbProfile(BackendBase):
    """An Application Load Balancer."""

    kind: Literal["alb"]
    overhead: "AlbFigures"
    lcu: "AlbLcu | None" = None
    """Load Balancer Capacity Units: what one LCU-hour covers and costs (omit: LCUs not charged)."""
    traffic: "AlbTraffic | None" = None
    """The traffic's shape as the LCU dimensions see it (needed with `lcu`)."""


class AlbFigures(Sourced):
    overhead_ms: NonNegative = 1
    price_per_hour_usd: NonNegative = 0.0225


class AlbLcu(Sourced):
    """An hour is billed at the largest of the four dimensions, each divided by what one LCU covers."""

    price_per_lcu_hour_usd: NonNegative = 0.008
    new_connections_per_s: Positive = 25
    active_connections_per_min: Positive = 3000
    processed_gb_per_h: Positive = 1
    """For EC2, container and IP targets."""
    rule_evaluations_per_s: Positive = 1000
    free_rules: NonNegative = 10
    """Rule evaluations are counted beyond this many rules per request."""


class AlbTraffic(Sourced):
    """How requests become connections, bytes and rule evaluations."""

    requests_per_connection: Positive = 10
    """Keep-alive: requests a client sends over one connection."""
    connection_s: Positive = 60
    """How long a connection stays open (active) on average."""
    kb_per_request: NonNegative = 10
    """Request plus response bytes the load balancer processes."""
    rules: NonNegative = 1
    """Listener rules evaluated per request."""


AlbProfile.model_rebuild()
