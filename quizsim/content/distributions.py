"""Latency and service-time distributions as authors write them."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from quizsim.content.base import Sourced, StrictModel


class Distribution(StrictModel):
    """A positive random duration in milliseconds."""

    dist: Literal["exponential", "deterministic", "lognormal"]
    """Shape: exponential (mean_ms), deterministic (mean_ms) or lognormal (median_ms and p99_ms)."""
    mean_ms: float | None = Field(default=None, gt=0)
    """Mean, for exponential and deterministic."""
    median_ms: float | None = Field(default=None, gt=0)
    """Median (p50), for lognormal."""
    p99_ms: float | None = Field(default=None, gt=0)
    """99th percentile, for lognormal; must not be below the median."""

    @model_validator(mode="after")
    def _fields_match_shape(self) -> "Distribution":
        if self.dist == "lognormal":
            if self.median_ms is None or self.p99_ms is None:
                raise ValueError("a lognormal distribution needs median_ms and p99_ms")
            if self.p99_ms < self.median_ms:
                raise ValueError(
                    f"p99_ms ({self.p99_ms:g}) is below the median/p50 ({self.median_ms:g}): "
                    "a 99th percentile cannot be smaller than the median"
                )
            if self.mean_ms is not None:
                raise ValueError("a lognormal distribution takes median_ms and p99_ms, not mean_ms")
        else:
            if self.mean_ms is None:
                hint = " (median_ms and p99_ms are for dist: lognormal)" if self.median_ms is not None else ""
                raise ValueError(f"a {self.dist} distribution needs mean_ms{hint}".replace("a exp", "an exp"))
            if self.median_ms is not None or self.p99_ms is not None:
                raise ValueError(f"a {self.dist} distribution takes mean_ms only")
        return self


class SourcedDistribution(Distribution, Sourced):
    """A latency distribution that describes AWS, with its source and date or marked assumed."""
