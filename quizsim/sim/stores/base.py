"""The store interface: what the engine asks of every session store, whatever its mechanism.

Each window the engine hands a store one batch of reads and writes (`Ops`, arrays sorted by time) and gets back, per operation, how long it took, how much of that was queueing,
whether it failed (and how), and for reads whether the session was there (`OpResults`). A store
may run SimPy processes for its control plane (auto scaling, repartitioning, failover), charges
its costs to the ledger once per window, reports its capacity, and reacts to faults.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

if TYPE_CHECKING:
    from quizsim.content.scenario import Fault
    from quizsim.sim.context import SimContext
    from quizsim.sim.sessions import SessionPool

ERROR_KINDS = ("throttled", "slow_down", "oom", "timeout", "failover_outage", "node_down", "instance_down")
"""Error kinds, in the order of their codes (code = index + 1; 0 = success)."""
ERROR_CODE = {kind: i + 1 for i, kind in enumerate(ERROR_KINDS)}


@dataclass
class Ops:
    """One window's reads or writes, sorted by the time they reach the store."""

    t_s: np.ndarray
    """When each operation reaches the store (simulated seconds)."""
    write: np.ndarray
    """True for a write, False for a read."""
    session: np.ndarray
    """Session-pool slot of each operation (-1: no session, e.g. a bare queue job)."""
    instance: np.ndarray
    """Web instance that issued it (-1: none)."""
    hot: np.ndarray
    """True for operations on the one hot key."""
    weight: float
    """Real operations each simulated one stands for (1 when not sampling)."""
    t0: float
    t1: float
    fraction: float = 1.0
    """Sampling probability of the window's requests (1.0: every request is simulated)."""

    @property
    def size(self) -> int:
        return int(self.t_s.size)

    @property
    def real_count(self) -> float:
        """Real operations this batch stands for."""
        return self.size * self.weight


@dataclass
class OpResults:
    """What happened to each operation of an `Ops` batch."""

    latency_ms: np.ndarray
    """Time the operation took, including queueing and retry back-off."""
    wait_ms: np.ndarray
    """Part of latency spent queued."""
    error: np.ndarray
    """0 for success, else an ERROR_CODE."""
    found: np.ndarray
    """Reads: the session data was there. Writes: always True."""

    @classmethod
    def ok(cls, latency_ms: np.ndarray, wait_ms: np.ndarray | None = None) -> "OpResults":
        """All succeeded, except operations whose wait is infinite (turned away by a timeout)."""
        n = latency_ms.size
        error = np.zeros(n, dtype=np.int8)
        if wait_ms is None:
            wait_ms = np.zeros(n)
        else:
            timed_out = ~np.isfinite(wait_ms)
            if timed_out.any():
                error[timed_out] = ERROR_CODE["timeout"]
                wait_ms = np.where(timed_out, 0.0, wait_ms)
                latency_ms = np.where(timed_out, 0.0, latency_ms)
        return cls(latency_ms=latency_ms, wait_ms=wait_ms, error=error, found=np.ones(n, dtype=bool))


class Store:
    """Base of every store model. Subclasses live in quizsim/sim/stores/<kind>.py."""

    kinds: ClassVar[tuple[str, ...]] = ()
    """Backend kinds this class models."""
    label: str = "store"
    """Name used in event sentences, e.g. 'DynamoDB'."""
    local: bool = False
    """Sessions live on the web instance that wrote them (EBS, instance store, memory)."""
    holds_sessions: bool = True
    """False for the generic queue: requests are jobs, not session reads and writes."""

    def __init__(self, profile: Any, ctx: "SimContext") -> None:
        self.profile = profile
        self.ctx = ctx
        self.pool: "SessionPool | None" = None

    def attach(self, pool: "SessionPool | None") -> None:
        """Called once before the run with the session pool (None when there are no sessions)."""
        self.pool = pool

    def start(self) -> None:
        """Start control-plane processes in ctx.env (auto scaling, failover timers...)."""

    def serve(self, ops: Ops) -> OpResults:
        """Serve one batch of operations."""
        raise NotImplementedError

    def end_window(self, t0: float, t1: float) -> None:
        """Charge the window's costs and narrate what changed."""

    def capacity(self) -> dict[str, float]:
        """Capacity now, for the capacity-over-time chart, e.g. {'wcu': 500}."""
        return {}

    def on_fault(self, fault: "Fault", t: float) -> None:
        """A store fault (store_node_failure, az_outage, store_scale_out) at t; stores with nodes override this."""
        if fault.kind == "store_scale_out":
            self.ctx.narrator.say(t, "scale", f"store scale-out: {self.label} has no nodes to add; it scales by itself or not at all")
            return
        self.ctx.narrator.say(
            t, "failure",
            f"{fault.kind.replace('_', ' ')}: {self.label} has no node of yours to lose "
            "(AWS runs it across Availability Zones); its sessions are unaffected",
        )

    def on_departed(self, last_access_s: np.ndarray, weights: np.ndarray) -> None:
        """Sessions whose users left (their keys stay until the TTL removes them)."""

    def on_instance_lost(self, instance: int, cause: str, t: float) -> None:
        """A web instance stopped or terminated (local stores lose or strand its sessions)."""

    def on_instance_back(self, instance: int, t: float) -> None:
        """A stopped web instance is running again."""

    def found(self, ops: Ops) -> np.ndarray:
        """For reads: is the session's data there for the instance asking? (pool state, TTL, locality)."""
        pool = self.pool
        found = np.ones(ops.size, dtype=bool)
        if pool is None:
            return found
        slots = ops.session
        has = slots >= 0
        s = slots[has]
        ok = pool.present[s].copy()
        ttl = pool.spec.ttl_s
        if ttl is not None:
            ok &= ops.t_s[has] - pool.last_access[s] <= ttl
        if self.local:
            ok &= pool.home[s] == ops.instance[has]
        found[has] = ok
        return found | ops.write

    def notes(self) -> list[str]:
        """Approximations worth telling the learner about this store's model."""
        return []


def codes(error: np.ndarray, kind: str) -> np.ndarray:
    """Mask of operations that failed with `kind`."""
    return error == ERROR_CODE[kind]
