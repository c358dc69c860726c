"""EFS: a shared NFS file system, one file per session."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from quizsim.content.backends.common import BackendBase
from quizsim.content.base import NonNegative, Positive, Sourced, StrictModel
from quizsim.content.distributions import SourcedDistribution


class EfsLatency(StrictModel):
    read: SourcedDistribution
    write: SourcedDistribution


class EfsThroughput(Sourced):
    """Throughput mode and its limits."""

    mode: Literal["bursting", "elastic"]
    baseline_kib_per_s_per_gib: NonNegative = 50
    """Bursting: baseline earned per GiB stored."""
    min_baseline_mib_per_s: NonNegative = 1
    """Bursting: baseline floor."""
    burst_mib_per_s: Positive = 100
    """Bursting: rate while credits last."""
    initial_credits_gib: NonNegative = 2150.4
    """Bursting: credits at the start of the run; a new file system starts with 2.1 TiB (2,150.4 GiB)."""
    read_metering_fraction: float = Field(default=1 / 3, gt=0, le=1)
    """Reads count at this fraction of their size against throughput."""
    min_metered_kib: NonNegative = 32
    """Elastic: each operation is metered as at least this many KiB."""
    stored_gib: Positive = 10
    """Data stored in the file system (drives the bursting baseline)."""


class EfsPricing(Sourced):
    storage_gb_month_usd: NonNegative
    read_per_gb_usd: NonNegative
    """Elastic throughput: per GB read."""
    write_per_gb_usd: NonNegative
    """Elastic throughput: per GB written."""


class EfsLock(Sourced):
    """NFS locking of a session file: concurrent writers to one file serialize."""

    hold_ms: NonNegative
    """Time a writer holds the lock on a session file."""


class EfsBackend(BackendBase):
    """An EFS file system mounted on every web instance."""

    kind: Literal["efs"]
    latency: EfsLatency
    throughput: EfsThroughput
    pricing: EfsPricing
    lock: EfsLock | None = None
    """Lock contention on the hot session file; omit to model none."""
