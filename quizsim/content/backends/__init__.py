"""Backend profiles, one module per store kind; `Backend` is their union, chosen by `kind`."""

from __future__ import annotations

from typing import Annotated, Union

from pydantic import Field, TypeAdapter

from quizsim.content.backends.common import BackendBase, Traits
from quizsim.content.backends.dynamodb import DynamoDBBackend
from quizsim.content.backends.efs import EfsBackend
from quizsim.content.backends.elasticache_serverless import ElastiCacheServerlessBackend
from quizsim.content.backends.local import LocalBackend
from quizsim.content.backends.memcached import MemcachedBackend
from quizsim.content.backends.queue import QueueBackend
from quizsim.content.backends.redis import RedisBackend
from quizsim.content.backends.s3 import S3Backend
from quizsim.content.backends.web import AlbProfile, Ec2Profile
from quizsim.content.backends.work_queue import WorkQueueBackend

Backend = Annotated[
    Union[
        DynamoDBBackend,
        RedisBackend,
        MemcachedBackend,
        ElastiCacheServerlessBackend,
        EfsBackend,
        S3Backend,
        LocalBackend,
        QueueBackend,
        WorkQueueBackend,
        Ec2Profile,
        AlbProfile,
    ],
    Field(discriminator="kind"),
]
"""Any backend profile; `kind` picks the model."""

BackendAdapter: TypeAdapter[Backend] = TypeAdapter(Backend)

STORE_KINDS = (
    "dynamodb", "redis", "memcached", "elasticache_serverless", "efs", "s3",
    "ebs", "instance_store", "memory", "queue", "work_queue",
)
"""Kinds that can serve as a scenario's session store."""

__all__ = [
    "Backend", "BackendAdapter", "BackendBase", "Traits", "STORE_KINDS",
    "DynamoDBBackend", "RedisBackend", "MemcachedBackend", "ElastiCacheServerlessBackend",
    "EfsBackend", "S3Backend", "LocalBackend", "QueueBackend", "WorkQueueBackend", "Ec2Profile", "AlbProfile",
]
