"""The generic queue: c servers and a service-time distribution, for teaching queueing itself."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from quizsim.content.backends.common import BackendBase
from quizsim.content.distributions import Distribution


class QueueBackend(BackendBase):
    """c identical servers fed from one FIFO queue (M/M/c, M/D/c, M/G/c)."""

    kind: Literal["queue"]
    id: str = "queue"
    title: str = "Generic queue"
    servers: int = Field(ge=1, le=10_000)
    """Number of servers working in parallel (c)."""
    service_time: Distribution
    """Time one server spends on one request."""
