"""Draw durations from the content model's distributions (exponential, deterministic, lognormal)."""

from __future__ import annotations

import math

import numpy as np

from quizsim.content.distributions import Distribution

_Z99 = 2.3263478740408408  # standard normal 99th percentile


class Sampler:
    """Draws durations in milliseconds from one Distribution."""

    def __init__(self, spec: Distribution) -> None:
        self.spec = spec
        if spec.dist == "lognormal":
            self.mu = math.log(spec.median_ms)
            self.sigma = (math.log(spec.p99_ms) - self.mu) / _Z99
            self.mean_ms = math.exp(self.mu + self.sigma**2 / 2)
            self.second_moment_ms2 = math.exp(2 * self.mu + 2 * self.sigma**2)
        else:
            self.mean_ms = float(spec.mean_ms)
            self.second_moment_ms2 = (2 if spec.dist == "exponential" else 1) * self.mean_ms**2

    def draw_ms(self, rng: np.random.Generator, n: int) -> np.ndarray:
        kind = self.spec.dist
        if kind == "exponential":
            return rng.exponential(self.mean_ms, n)
        if kind == "deterministic":
            return np.full(n, self.mean_ms)
        return rng.lognormal(self.mu, self.sigma, n)
