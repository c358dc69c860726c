"""What every part of one run shares: the SimPy environment, random numbers, clock, log, costs, telemetry."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import simpy

from quizsim.content.resolve import ResolvedScenario
from quizsim.sim.ledger import Ledger
from quizsim.sim.narrator import Narrator


@dataclass
class SimContext:
    """Shared state of one run. Control-plane processes run in `env`; the data plane reads their decisions."""

    resolved: ResolvedScenario
    env: simpy.Environment
    rng: np.random.Generator
    narrator: Narrator
    ledger: Ledger
    window_s: float
    duration_s: float
    timeout_s: float = 60.0
    """A request still waiting after this long fails with 'timeout' (the web tier's timeout)."""
    errors: dict[str, float] = field(default_factory=dict)
    """Weighted error counts of the current window, by kind (the engine resets it every window)."""
    lost: dict[str, float] = field(default_factory=dict)
    """Weighted sessions lost in the current window, by cause."""
    writes_lost: float = 0.0
    """Acknowledged writes lost so far (asynchronous replication)."""

    def error(self, kind: str, weighted_count: float) -> None:
        if weighted_count:
            self.errors[kind] = self.errors.get(kind, 0.0) + float(weighted_count)

    def lose(self, cause: str, weighted_count: float) -> None:
        if weighted_count:
            self.lost[cause] = self.lost.get(cause, 0.0) + float(weighted_count)

    @property
    def now(self) -> float:
        return float(self.env.now)
