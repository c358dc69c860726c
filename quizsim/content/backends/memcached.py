"""ElastiCache for Memcached: N independent nodes, no replication."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from quizsim.content.backends.common import BackendBase
from quizsim.content.base import NonNegative, Positive, Sourced
from quizsim.content.distributions import SourcedDistribution


class MemcachedNode(Sourced):
    """One Memcached node type."""

    node_type: str
    memory_gb: Positive
    """Memory available for items."""
    max_ops_per_s: Positive
    """Requests per second one node serves before requests queue."""
    price_per_hour_usd: NonNegative


class MemcachedRecovery(Sourced):
    """What happens after a node fails."""

    replace_node_s: NonNegative
    """Time until a failed node is replaced (it comes back empty); also how long an added node takes to join."""


class MemcachedDiscovery(Sourced):
    """Auto Discovery: how clients learn which nodes the cluster has."""

    interval_s: NonNegative
    """Clients poll the configuration endpoint this often, so they notice a lost node within it."""


class MemcachedBackend(BackendBase):
    """A Memcached cluster; each session lives on one node chosen by key hash."""

    kind: Literal["memcached"]
    latency: SourcedDistribution
    node: MemcachedNode
    nodes: int = Field(ge=1, le=40)
    """Nodes in the cluster (1-40)."""
    recovery: MemcachedRecovery
    discovery: MemcachedDiscovery
