"""DynamoDB as a session store: capacity units, on-demand and provisioned modes."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from quizsim.content.backends.common import BackendBase
from quizsim.content.base import NonNegative, Positive, Sourced, StrictModel
from quizsim.content.distributions import SourcedDistribution


class DynamoLatency(StrictModel):
    """Request latency as the web server sees it."""

    read: SourcedDistribution
    """GetItem latency."""
    write: SourcedDistribution
    """PutItem / UpdateItem latency."""


class CapacityUnits(Sourced):
    """How item size turns into capacity units."""

    read_unit_kb: Positive = 4
    """Item size covered by one read request unit (strongly consistent)."""
    write_unit_kb: Positive = 1
    """Item size covered by one write request unit."""
    eventually_consistent_reads: bool = True
    """Eventually consistent reads cost half a unit."""


class OnDemand(Sourced):
    """On-demand mode: serves up to twice the previous peak at once."""

    initial_peak_wru_per_s: Positive = 4000
    """A new table serves this many write units per second at once."""
    initial_peak_rru_per_s: Positive = 12000
    """A new table serves this many read units per second at once."""
    peak_multiplier: Positive = 2
    """Traffic up to this multiple of the previous peak is served instantly."""
    peak_window_s: Positive = 1800
    """Growth beyond the multiplier within this window may throttle."""
    previous_peak_wru_per_s: Positive | None = None
    """The table's history: the highest write rate it served before the run (null: see new_table)."""
    previous_peak_rru_per_s: Positive | None = None
    """The table's history: the highest read rate it served before the run (null: see new_table)."""
    new_table: bool = False
    """True: the table is created as the run starts, with only the initial throughput of a new table.
    False (and no previous peak given): the table has been serving the run's opening load, so that
    load is its previous peak."""


class AutoScaling(Sourced):
    """Provisioned-mode target tracking, with its real delays."""

    enabled: bool = True
    """Whether auto scaling acts at all."""
    target_utilization_pct: float = Field(default=70, gt=0, le=100)
    """Utilisation the scaler aims for."""
    min_units: Positive = 5
    """Lowest capacity it scales to (per RCU and WCU)."""
    max_units: Positive = 40000
    """Highest capacity it scales to."""
    alarm_datapoints: int = Field(default=2, ge=1)
    """Consecutive one-minute datapoints above target before the alarm fires."""
    alarm_delay_s: NonNegative = 120
    """Extra delay before CloudWatch evaluates the alarm."""
    update_delay_s: NonNegative = 180
    """Time UpdateTable takes to apply the new capacity."""
    scale_in_datapoints: int = Field(default=15, ge=1)
    """Consecutive datapoints below target before scaling in."""


class Provisioned(Sourced):
    """Provisioned mode: fixed read/write capacity, a burst bucket and optional auto scaling."""

    rcu: Positive = 100
    """Provisioned read capacity units."""
    wcu: Positive = 100
    """Provisioned write capacity units."""
    burst_s: NonNegative = 300
    """Seconds of unused capacity kept for bursts."""
    auto_scaling: AutoScaling | None = None
    """Target-tracking auto scaling, or none."""


class Partitions(Sourced):
    """Per-partition limits a hot key runs into."""

    max_rcu_per_partition: Positive = 3000
    """Read units per second one partition (so one key) serves."""
    max_wcu_per_partition: Positive = 1000
    """Write units per second one partition (so one key) serves."""


class Retries(Sourced):
    """SDK retries on throttling."""

    max_attempts: int = Field(default=3, ge=1, le=20)
    """Attempts including the first."""
    base_backoff_ms: Positive = 25
    """First backoff; doubles per attempt, with full jitter."""


class DynamoPricing(Sourced):
    """us-east-1 prices."""

    per_million_wru_usd: NonNegative
    """On-demand: per million write request units."""
    per_million_rru_usd: NonNegative
    """On-demand: per million read request units."""
    wcu_hour_usd: NonNegative
    """Provisioned: per write capacity unit-hour."""
    rcu_hour_usd: NonNegative
    """Provisioned: per read capacity unit-hour."""
    storage_gb_month_usd: NonNegative
    """Per GB-month of items stored."""


class DaxCluster(Sourced):
    """DynamoDB Accelerator in front of the table: an item cache on nodes billed by the hour."""

    node_type: str
    """e.g. 'dax.t3.small'."""
    nodes: int = Field(default=3, ge=1, le=11)
    """Nodes in the cluster (one primary, the rest read replicas; AWS recommends 3 or more in 3 AZs)."""
    price_per_hour_usd: NonNegative
    """Price of one node-hour."""


class DynamoDBBackend(BackendBase):
    """A DynamoDB table holding one item per session."""

    kind: Literal["dynamodb"]
    capacity_mode: Literal["on_demand", "provisioned"]
    """Billing and capacity mode."""
    latency: DynamoLatency
    units: CapacityUnits
    on_demand: OnDemand | None = None
    """On-demand settings (required when capacity_mode is on_demand)."""
    provisioned: Provisioned | None = None
    """Provisioned settings (required when capacity_mode is provisioned)."""
    partitions: Partitions
    retries: Retries
    pricing: DynamoPricing
    dax: DaxCluster | None = None
    """A DAX cluster in front of the table: reads are item-cache hits (no table read units), its nodes are billed."""

    @model_validator(mode="after")
    def _mode_has_settings(self) -> "DynamoDBBackend":
        if self.capacity_mode == "on_demand" and self.on_demand is None:
            raise ValueError("capacity_mode on_demand needs an 'on_demand' block")
        if self.capacity_mode == "provisioned" and self.provisioned is None:
            raise ValueError("capacity_mode provisioned needs a 'provisioned' block")
        return self
