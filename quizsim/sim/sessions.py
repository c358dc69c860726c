"""The users' sessions: a weighted pool of active sessions, each with where its data lives.

Requests arrive as a Poisson stream (the workload's rate). A request starts a new session with
probability 1 / requests_per_session, otherwise it belongs to an active session picked in
proportion to how many real sessions it stands for. A user stays about requests_per_session ×
think_time_s, so the pool holds about rate × think_time_s sessions — per-session access gaps of
about think_time_s, as in a closed population. When the engine samples requests, the pool holds
the sampled users only, each standing for `weight` real ones, so session state stays consistent.

A session is *lost* when its data goes (a node or instance dies, an eviction) or when a read misses it
while the pool still thinks it is there (routed to another instance, expired). The user is logged out
and starts again in the same slot; `counted` makes sure each session counts as lost at most once,
however often it is lost again afterwards. Missed reads are counted apart (SessionPipeline).
"""

from __future__ import annotations

import numpy as np

from quizsim.content.scenario import Sessions

LOSS_CAUSES = (
    "routed_elsewhere", "instance_failure", "instance_stop", "scale_in", "node_failure",
    "evicted", "expired", "unreplicated_write", "az_outage", "remapped",
)
"""Why a session was lost, in the order of their codes (code = index + 1)."""
CAUSE_CODE = {cause: i + 1 for i, cause in enumerate(LOSS_CAUSES)}
_ARRAYS = ("sid", "weight", "depart_at", "last_access", "last_write", "home", "cookie", "present", "cause", "counted")


class SessionPool:
    """Active sessions as parallel numpy arrays; slots are stable within a window."""

    def __init__(self, spec: Sessions, rng: np.random.Generator) -> None:
        self.spec = spec
        self.rng = rng
        self.n = 0
        self._next_sid = 0
        size = 1024
        self.sid = np.zeros(size, dtype=np.int64)
        self.weight = np.zeros(size)
        self.depart_at = np.zeros(size)
        self.last_access = np.zeros(size)
        self.last_write = np.zeros(size)
        self.home = np.full(size, -1, dtype=np.int32)
        """Web instance holding the session's data (local stores)."""
        self.cookie = np.full(size, -1, dtype=np.int32)
        """Web instance named by the ALB stickiness cookie (-1: none)."""
        self.present = np.zeros(size, dtype=bool)
        self.cause = np.zeros(size, dtype=np.int8)
        """Why the data is gone, when present is False."""
        self.counted = np.zeros(size, dtype=bool)
        """The session has been counted as lost once already (a user is logged out at most once in the count)."""
        self.started_weight = 0.0
        """Real sessions this pool has held: in progress at t = 0 plus started since."""
        self.lifetime_s = spec.requests_per_session * spec.think_time_s
        self._one_weight: float | None = None
        """The weight every session has, while they all have the same one."""
        self._weights_seen = False

    # -- population ----------------------------------------------------------------------------------
    def _grow(self, needed: int) -> None:
        size = self.sid.size
        if needed <= size:
            return
        while size < needed:
            size *= 2
        for name in _ARRAYS:
            old = getattr(self, name)
            new = np.zeros(size, dtype=old.dtype)
            if name in ("home", "cookie"):
                new[:] = -1
            new[: old.size] = old
            setattr(self, name, new)

    def add(self, t_s: np.ndarray, weight: float, home: np.ndarray) -> np.ndarray:
        """New sessions created at t_s on instance `home`; returns their slots."""
        k = t_s.size
        if not self._weights_seen:
            self._one_weight, self._weights_seen = weight, True
        elif self._one_weight is not None and weight != self._one_weight:
            self._one_weight = None
        self._grow(self.n + k)
        slots = np.arange(self.n, self.n + k)
        self.sid[slots] = np.arange(self._next_sid, self._next_sid + k)
        self._next_sid += k
        self.weight[slots] = weight
        self.depart_at[slots] = t_s + self.rng.exponential(self.lifetime_s, k)
        self.last_access[slots] = t_s
        self.last_write[slots] = t_s
        self.home[slots] = home
        self.cookie[slots] = home
        self.present[slots] = True
        self.cause[slots] = 0
        self.counted[slots] = False
        self.n += k
        self.started_weight += weight * k
        return slots

    def seed(self, rate_per_s: float, weight: float, instances: list[int]) -> None:
        """A steady-state population at t = 0: sessions already in progress, on random instances."""
        count = int(self.rng.poisson(rate_per_s * self.spec.think_time_s / weight))
        homes = np.array(instances)[self.rng.integers(0, len(instances), count)] if instances else np.full(count, -1)
        ages = self.rng.exponential(self.spec.think_time_s, count)
        slots = self.add(np.zeros(count), weight, homes)
        self.last_access[slots] = -ages
        self.last_write[slots] = -ages

    def depart(self, t: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Remove sessions whose users left before t; returns their (last_access, weight, present)."""
        n = self.n
        gone = self.depart_at[:n] <= t
        if not gone.any():
            return np.zeros(0), np.zeros(0), np.zeros(0, dtype=bool)
        out = (self.last_access[:n][gone].copy(), self.weight[:n][gone].copy(), self.present[:n][gone].copy())
        keep = ~gone
        m = int(keep.sum())
        for name in _ARRAYS:
            arr = getattr(self, name)
            arr[:m] = arr[:n][keep]
        self.n = m
        return out

    def pick(self, count: int) -> np.ndarray:
        """Slots of `count` requests from active sessions, each chosen in proportion to its weight."""
        if self.n == 0 or count == 0:
            return np.zeros(0, dtype=np.int64)
        if self._one_weight is not None:  # every session stands for the same number: a plain uniform pick
            return self.rng.integers(0, self.n, count)
        cumulative = np.cumsum(self.weight[: self.n])
        u = self.rng.random(count) * cumulative[-1]
        return np.minimum(np.searchsorted(cumulative, u, side="right"), self.n - 1)

    # -- losses --------------------------------------------------------------------------------------
    def lose(self, mask: np.ndarray, cause: str) -> float:
        """Mark the present sessions in `mask` (over the active slots) lost; returns the real count of
        sessions lost for the first time (a session lost before, and started again, is not counted twice)."""
        n = self.n
        hit = mask[:n] & self.present[:n]
        self.present[:n][hit] = False
        self.cause[:n][hit] = CAUSE_CODE[cause]
        return self._count(np.flatnonzero(hit))

    def count_lost(self, slots: np.ndarray) -> float:
        """Count the sessions in `slots` (repeats allowed) as lost, each at most once over the run; returns
        the real count newly counted. For losses found by a read (the data was never marked gone)."""
        return self._count(np.unique(slots))

    def _count(self, slots: np.ndarray) -> float:
        first = slots[~self.counted[slots]]
        self.counted[first] = True
        return float(self.weight[first].sum())

    def active_weight(self) -> float:
        return float(self.weight[: self.n].sum())

    def present_weight(self) -> float:
        return float(self.weight[: self.n][self.present[: self.n]].sum())
