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


class Ec2Profile(BackendBase):
    """An EC2 instance type running the web application."""

    kind: Literal["ec2"]
    instance_type: str
    capacity: InstanceCapacity
    pricing: InstancePricing


class AlbProfile(BackendBase):
    """An Application Load Balancer."""

    kind: Literal["alb"]
    overhead: "AlbFigures"


class AlbFigures(Sourced):
    overhead_ms: NonNegative = 1
    price_per_hour_usd: NonNegative = 0.0225


AlbProfile.model_rebuild()
