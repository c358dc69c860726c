"""Build decoupling runs inline: a work_queue store, a Poisson rate, optional phases."""

from __future__ import annotations

from quizsim.content.library import Library
from quizsim.content.resolve import resolve_scenario
from quizsim.content.scenario import Scenario
from quizsim.sim import simulate

EC2 = {"instances": 4, "jobs_in_parallel": 4, "usd_per_hour": 0.0816, "boot_s": 120, "assumed": "test fleet"}


def run_jobs(rate_per_s: float, store: dict, *, duration_s: float = 3600, phases: list | None = None, seed: int = 7):
    """Simulate `rate_per_s` jobs per second through the inline work_queue `store` (kind added here)."""
    scenario = Scenario.model_validate({
        "id": "t-jobs",
        "duration_s": duration_s,
        "workload": {"arrival": {"rate_per_s": rate_per_s}, "phases": phases or []},
        "store": {"kind": "work_queue", **store},
    })
    return simulate(resolve_scenario(Library(), scenario), seed=seed)


def exp_job(mean_ms: float) -> dict:
    return {"service_time": {"dist": "exponential", "mean_ms": mean_ms}}
