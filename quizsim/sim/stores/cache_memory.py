"""Memory of an in-memory cache (Redis, Memcached): keys fill it; a full cache evicts or refuses writes."""

from __future__ import annotations

from quizsim.text import num
from quizsim.sim.episodes import Episode
from quizsim.sim.stores.keys import KeyCensus

KEY_OVERHEAD_BYTES = 90
"""Memory per key beyond the value (dictionary entry, object header, key string): assumed, Redis-like."""
GIB = 2**30


class CacheMemory:
    """Holds the key census and applies the eviction policy once per window."""

    def __init__(self, ctx, label: str, capacity_bytes: float, policy: str, size_kb: float, ttl_s: float | None, census: KeyCensus) -> None:
        self.ctx, self.label, self.policy = ctx, label, policy
        self.capacity_bytes = capacity_bytes
        self.key_bytes = size_kb * 1024 + KEY_OVERHEAD_BYTES
        self.ttl_s = ttl_s
        self.census = census
        self.oom = False
        self._evicting = Episode(
            ctx.narrator, "eviction", f"{label} memory full: evicting least recently used sessions ({{pct}} of active users): {{detail}}",
            f"{label} eviction of active sessions", "active sessions evicted",
        )
        self._oom_told = False
        self.evicted_left = 0.0

    @property
    def capacity_keys(self) -> float:
        return self.capacity_bytes / self.key_bytes

    def used_bytes(self) -> float:
        return self.census.total() * self.key_bytes

    def can_evict(self) -> bool:
        if self.policy == "noeviction":
            return False
        if self.policy.startswith("volatile"):
            return self.ttl_s is not None  # only keys with a TTL are candidates
        return True  # allkeys-lru (and Memcached's LRU)

    def settle(self, t0: float, t1: float) -> None:
        """Expire keys, then evict (or refuse writes) if the keys no longer fit."""
        self.census.expire(t1)
        over = self.census.total() - self.capacity_keys
        if over <= 0:
            if self.oom:
                self.ctx.narrator.say(t1, "oom_end", f"{self.label} has free memory again: writes succeed")
            self.oom = False
            self._evicting.update(t0, t1, 0.0, 0.0, "")
            return
        if self.can_evict():
            left, active = self.census.evict(over)
            self.evicted_left += left
            self.ctx.lose("evicted", active)
            total = self.census.total() + left + active
            share = active / max(1.0, self.census.pool.active_weight()) if self.census.pool is not None else 0.0
            self._evicting.update(
                t0, t1, max(share, 0.005 if active else 0.0), active,
                f"{num(active)} sessions of active users evicted this window ({num(left)} keys of users who had left); "
                f"{num(total * self.key_bytes / GIB * 1024)} MiB of sessions for {num(self.capacity_bytes / GIB * 1024)} MiB usable",
            )
        else:
            if not self._oom_told:
                why = "keys have no TTL, so volatile-lru has nothing to evict" if self.ttl_s is None else f"policy {self.policy}"
                self.ctx.narrator.say(
                    t1, "oom",
                    f"{self.label} out of memory ({num(self.capacity_bytes / GIB * 1024)} MiB usable): {why}; every write now fails with OOM",
                )
                self._oom_told = True
            self.oom = True
