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


class MemcachedBackend(BackendBase):
    """A Memcached cluster; each session lives on one node chosen by key hash."""

    kind: Literal["memcached"]
    latency: SourcedDistribution
    node: MemcachedNode
    nodes: int = Field(ge=1, le=40)
    """Nodes in the cluster (1-40)."""
    replace_node_s: NonNegative = 300
    """Time until a failed node is replaced (it comes back empty)."""
    discovery_s: NonNegative = 60
    """Clients poll the configuration endpoint this often (auto discovery), so they notice a lost node within it."""
