"""S3: one object per session, per-prefix request rates and 503 Slow Down."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from quizsim.content.backends.common import BackendBase
from quizsim.content.base import NonNegative, Positive, Sourced, StrictModel
from quizsim.content.distributions import SourcedDistribution


class S3Latency(StrictModel):
    read: SourcedDistribution
    write: SourcedDistribution


class S3Limits(Sourced):
    """Request rates per partitioned prefix."""

    write_per_s_per_prefix: Positive = 3500
    read_per_s_per_prefix: Positive = 5500
    prefixes: int = Field(default=1, ge=1)
    """Partitioned prefixes the session keys spread over."""
    repartition_s: NonNegative = 1800
    """Time S3 takes to add a partition after sustained 503s."""
    max_attempts: int = Field(default=3, ge=1, le=20)
    """SDK attempts per request, including the first."""
    base_backoff_ms: Positive = 50


class S3Pricing(Sourced):
    storage_gb_month_usd: NonNegative
    per_thousand_put_usd: NonNegative
    per_thousand_get_usd: NonNegative


class S3Backend(BackendBase):
    """An S3 bucket holding one object per session."""

    kind: Literal["s3"]
    latency: S3Latency
    limits: S3Limits
    pricing: S3Pricing
