"""Storage local to one web instance: an EBS volume, the instance store, or the server's own memory."""

from __future__ import annotations

from typing import Literal

from quizsim.content.backends.common import BackendBase
from quizsim.content.base import NonNegative, Positive, Sourced
from quizsim.content.distributions import SourcedDistribution


class LocalPricing(Sourced):
    """Per-instance storage price."""

    gb_month_usd: NonNegative = 0
    volume_gb: NonNegative = 0
    """Size of the volume attached to each instance."""


class LocalLimits(Sourced):
    """How fast one instance's volume serves operations."""

    max_iops: Positive
    """Operations per second one volume serves before requests queue (EBS gp3: 3,000 included)."""


class LocalBackend(BackendBase):
    """Sessions kept on the instance that served the request; other instances cannot see them."""

    kind: Literal["ebs", "instance_store", "memory"]
    latency: SourcedDistribution
    limits: LocalLimits | None = None
    """The volume's IOPS limit; omit for storage without one worth modelling (instance store, memory)."""
    pricing: LocalPricing
    survives_stop: bool = True
    """Data survives stopping the instance (false for instance store and memory)."""
