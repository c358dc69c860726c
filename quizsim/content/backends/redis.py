"""ElastiCache for Redis OSS / Valkey, node based: memory, eviction, replication and failover."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from quizsim.content.backends.common import BackendBase
from quizsim.content.base import NonNegative, Positive, Sourced
from quizsim.content.distributions import SourcedDistribution


class RedisNode(Sourced):
    """One cache node type."""

    node_type: str
    """e.g. cache.t4g.small."""
    maxmemory_gb: Positive
    """maxmemory of the node type."""
    usable_fraction: float = Field(default=0.75, gt=0, le=1)
    """Share of maxmemory left for data (reserved-memory-percent)."""
    max_ops_per_s: Positive
    """Requests per second one primary serves before requests queue."""
    price_per_hour_usd: NonNegative


class RedisReplication(Sourced):
    """Replicas and failover."""

    replicas: int = Field(default=0, ge=0, le=5)
    """Read replicas per shard; 0 means a single node."""
    multi_az: bool = False
    """Automatic failover to a replica in another AZ."""
    failover_s: NonNegative = 30
    """Writes fail for this long while a replica is promoted."""
    replication_lag_ms: NonNegative = 10
    """Writes acknowledged within this window before failure are lost (asynchronous replication)."""
    replace_node_s: NonNegative = 600
    """Without a replica: time to provision a new, empty node."""


class RedisScaling(Sourced):
    """Manual scaling: adding shards to a cluster-mode replication group (online resharding)."""

    reshard_s: NonNegative = 600
    """Time from the operator's request to the new shards serving their share of the keyspace."""


_DEFAULT_SCALING = RedisScaling(assumed="online resharding takes minutes; AWS publishes no duration")


class RedisBackend(BackendBase):
    """A Redis/Valkey replication group used as a session store."""

    kind: Literal["redis"]
    latency: SourcedDistribution
    node: RedisNode
    shards: int = Field(default=1, ge=1, le=500)
    """Primaries sharing the keyspace (cluster mode); 1 = cluster mode disabled."""
    replication: RedisReplication
    scaling: RedisScaling = _DEFAULT_SCALING
    """How long a manual scale-out (store_scale_out fault) takes."""
    eviction_policy: Literal["volatile-lru", "allkeys-lru", "noeviction", "volatile-ttl"] = "volatile-lru"
    """maxmemory-policy; volatile-* evict only keys with a TTL, else writes fail with OOM."""
