"""ElastiCache Serverless: no nodes to pick, billed per GB-hour stored and per ECPU."""

from __future__ import annotations

from typing import Literal

from quizsim.content.backends.common import BackendBase
from quizsim.content.base import NonNegative, Positive, Sourced
from quizsim.content.distributions import SourcedDistribution


class ServerlessPricing(Sourced):
    """Serverless cache prices."""

    gb_hour_usd: NonNegative
    per_million_ecpu_usd: NonNegative
    min_gb: Positive
    """Minimum data stored that is billed."""
    kb_per_ecpu: Positive = 1
    """Kilobytes transferred per ECPU."""


class ElastiCacheServerlessBackend(BackendBase):
    """An ElastiCache Serverless cache (Redis OSS or Valkey)."""

    kind: Literal["elasticache_serverless"]
    engine: Literal["redis", "valkey"] = "valkey"
    latency: SourcedDistribution
    pricing: ServerlessPricing
