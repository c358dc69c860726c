"""Session-store models, one module per mechanism; `make_store` picks the class for a profile's kind."""

from __future__ import annotations

from typing import Any

from quizsim.sim.errors import SimInputError
from quizsim.sim.stores.base import ERROR_KINDS, OpResults, Ops, Store


def _classes() -> dict[str, type[Store]]:
    from quizsim.sim.stores.queue import QueueStore

    classes: list[type[Store]] = [QueueStore]
    try:
        from quizsim.sim.stores.dynamodb import DynamoDBStore
        from quizsim.sim.stores.efs import EfsStore
        from quizsim.sim.stores.local import LocalStore
        from quizsim.sim.stores.memcached import MemcachedStore
        from quizsim.sim.stores.redis import RedisStore
        from quizsim.sim.stores.s3 import S3Store
        from quizsim.sim.stores.serverless import ServerlessCacheStore

        classes += [DynamoDBStore, EfsStore, LocalStore, MemcachedStore, RedisStore, S3Store, ServerlessCacheStore]
    except ImportError:  # pragma: no cover - during the first milestone only the queue exists
        pass
    return {kind: cls for cls in classes for kind in cls.kinds}


def make_store(profile: Any, ctx: Any) -> Store:
    """The store model for a backend profile; an unknown kind is a SimInputError naming it."""
    classes = _classes()
    cls = classes.get(profile.kind)
    if cls is None:
        raise SimInputError(f"store kind {profile.kind!r} cannot be simulated (known: {', '.join(sorted(classes))})")
    return cls(profile, ctx)


__all__ = ["ERROR_KINDS", "OpResults", "Ops", "Store", "make_store"]
