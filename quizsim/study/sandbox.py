"""The sandbox's model: a scenario built from a few choices, run, and saved as YAML for `quizsim sim`.

Each knob offers a handful of values; `build_scenario` turns the choices into a Scenario that references
the bundled backend profiles, so the saved file runs again with `quizsim sim FILE --seed N` to the same
result. No Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from quizsim.content.scenario import Scenario

if TYPE_CHECKING:
    from quizsim.content import Library, ResolvedScenario

STORES: dict[str, str] = {
    "dynamodb-on-demand": "DynamoDB on-demand",
    "dynamodb-provisioned-autoscaling": "DynamoDB provisioned + auto scaling",
    "redis-t4g-small-single": "Redis, one t4g.small node",
    "redis-r7g-large-multi-az": "Redis r7g.large + replica, Multi-AZ",
    "memcached-3-nodes": "Memcached, t4g.small nodes",
    "efs-bursting": "EFS, bursting throughput",
    "s3-standard": "S3 Standard",
    "ebs-gp3-local": "EBS gp3 on each instance",
    "instance-store-local": "Instance store on each instance",
}
"""Bundled store profiles (content/session-state/backends.yaml); a Redis profile is its node size."""

SIZES: dict[str, tuple[tuple[str, dict[str, Any]], ...]] = {
    "dynamodb-provisioned-autoscaling": tuple(
        (f"{units:,} RCU/WCU", {"provisioned.rcu": units, "provisioned.wcu": units}) for units in (100, 500, 2000, 10000)
    ),
    "memcached-3-nodes": tuple((f"{n} node{'s' if n > 1 else ''}", {"nodes": n}) for n in (3, 1, 2, 6)),
}
"""Store sizes a profile can take, as overrides of it; other profiles have one size (the profile's)."""

AS_PROFILED = (("as profiled", {}),)

RATES_PER_S = (300, 100, 1000, 3000, 10000)
SPIKES = ((0, "none"), (3, "×3 for 10 min"), (10, "×10 for 10 min"))
DAILY = ((False, "off"), (True, "±50 %, peak at the middle of the run"))
DURATIONS_S = ((3600, "1 hour"), (1800, "30 min"), (3 * 3600, "3 hours"))
INSTANCES = (4, 2, 6, 10)
ROUTING = (("round_robin", "round robin"), ("sticky", "sticky sessions"))
SCALING = ((False, "off"), (True, "target tracking, CPU 60 %"))
FAULTS = (
    ("", "none"),
    ("instance_failure", "a web instance fails"),
    ("store_node_failure", "a store node fails"),
    ("az_outage", "an Availability Zone is lost"),
)
SEEDS = (42, 1, 7, 2026)
MAX_RUNS = 4
"""Runs kept side by side; a fifth drops the oldest."""


@dataclass(frozen=True)
class Choices:
    """Everything the sandbox lets a learner set; defaults are the first value of each knob."""

    store: str = "dynamodb-on-demand"
    size: int = 0
    """Index into the store's SIZES."""
    rate_per_s: int = RATES_PER_S[0]
    spike: int = 0
    """Multiplier of a 10-minute spike a third into the run; 0 for none."""
    daily_cycle: bool = False
    duration_s: int = DURATIONS_S[0][0]
    instances: int = INSTANCES[0]
    routing: str = "round_robin"
    auto_scaling: bool = False
    fault: str = ""
    seed: int = SEEDS[0]


@dataclass(frozen=True)
class Knob:
    name: str
    label: str
    values: tuple[Any, ...]
    shown: tuple[str, ...]


def knobs(choices: Choices) -> list[Knob]:
    """The knobs as they stand for `choices` (the sizes depend on the store)."""
    sizes = SIZES.get(choices.store, AS_PROFILED)
    return [
        Knob("store", "Store", tuple(STORES), tuple(STORES.values())),
        Knob("size", "Store size", tuple(range(len(sizes))), tuple(label for label, _ in sizes)),
        Knob("rate_per_s", "Requests/s", RATES_PER_S, tuple(f"{r:,}" for r in RATES_PER_S)),
        Knob("spike", "Spike", tuple(m for m, _ in SPIKES), tuple(t for _, t in SPIKES)),
        Knob("daily_cycle", "Daily cycle", tuple(v for v, _ in DAILY), tuple(t for _, t in DAILY)),
        Knob("duration_s", "Duration", tuple(v for v, _ in DURATIONS_S), tuple(t for _, t in DURATIONS_S)),
        Knob("instances", "Web instances", INSTANCES, tuple(str(n) for n in INSTANCES)),
        Knob("routing", "ALB routing", tuple(v for v, _ in ROUTING), tuple(t for _, t in ROUTING)),
        Knob("auto_scaling", "Auto scaling", tuple(v for v, _ in SCALING), tuple(t for _, t in SCALING)),
        Knob("fault", "Fault", tuple(v for v, _ in FAULTS), tuple(t for _, t in FAULTS)),
        Knob("seed", "Seed", SEEDS, tuple(str(s) for s in SEEDS)),
    ]


def shown_value(choices: Choices, knob: Knob) -> str:
    value = getattr(choices, knob.name)
    return knob.shown[knob.values.index(value)] if value in knob.values else str(value)


def turn(choices: Choices, name: str, step: int) -> Choices:
    """`choices` with knob `name` moved `step` values on (wrapping); a new store starts at its first size."""
    knob = next(k for k in knobs(choices) if k.name == name)
    current = getattr(choices, name)
    index = knob.values.index(current) if current in knob.values else 0
    changed = replace(choices, **{name: knob.values[(index + step) % len(knob.values)]})
    return replace(changed, size=0) if name == "store" else changed


def describe(choices: Choices) -> str:
    """One line naming the run: 'DynamoDB on-demand · 300 req/s · ×10 spike · 4 instances …'."""
    sizes = SIZES.get(choices.store, AS_PROFILED)
    parts = [STORES.get(choices.store, choices.store)]
    if choices.store in SIZES:
        parts.append(sizes[choices.size][0])
    parts.append(f"{choices.rate_per_s:,} req/s")
    if choices.spike:
        parts.append(f"×{choices.spike} spike")
    if choices.daily_cycle:
        parts.append("daily cycle")
    parts.append(f"{choices.instances} inst {'sticky' if choices.routing == 'sticky' else 'RR'}")
    if choices.auto_scaling:
        parts.append("ASG")
    if choices.fault:
        parts.append(dict(FAULTS)[choices.fault])
    return " · ".join(parts)


def build_scenario(choices: Choices, scenario_id: str = "sandbox") -> Scenario:
    """The scenario the choices describe; ValueError (pydantic's) if a combination is out of range."""
    duration = choices.duration_s
    workload: dict[str, Any] = {
        "arrival": {"rate_per_s": choices.rate_per_s},
        "sessions": {"requests_per_session": 20, "think_time_s": 30, "size_kb": 2, "ttl_s": 1800},
    }
    if choices.spike:
        workload["phases"] = [{
            "at_s": round(duration / 3), "rate_per_s": choices.rate_per_s * choices.spike, "for_s": 600, "label": "spike",
        }]
    if choices.daily_cycle:
        workload["daily_cycle"] = {"amplitude": 0.5, "period_s": 86400, "peak_at_s": round(duration / 2)}
    web: dict[str, Any] = {"instance": "m7g-large", "instances": choices.instances, "routing": choices.routing}
    if choices.store == "instance-store-local":
        web["instance"] = "m7gd-large"  # the instance store needs an instance type that has one
    if choices.auto_scaling:
        web["auto_scaling"] = {
            "metric": "cpu", "target": 60, "min_instances": choices.instances, "max_instances": choices.instances * 5,
            "warmup_s": 120,
        }
    store: dict[str, Any] = {"backend": choices.store}
    sizes = SIZES.get(choices.store, AS_PROFILED)
    overrides = sizes[choices.size][1] if choices.size < len(sizes) else {}
    if overrides:
        store["set"] = dict(overrides)
    data: dict[str, Any] = {
        "id": scenario_id,
        "title": "Built in the sandbox",
        "description": describe(choices),
        "duration_s": duration,
        "start_clock": "09:00",
        "workload": workload,
        "web": web,
        "store": store,
        "seed": choices.seed,
    }
    if choices.fault:
        data["faults"] = [{"at_s": round(duration / 2), "kind": choices.fault}]
    return Scenario.model_validate(data)


def resolve(library: "Library", scenario: Scenario) -> "ResolvedScenario":
    from quizsim.content import resolve_scenario

    return resolve_scenario(library, scenario)


def scenario_yaml(scenario: Scenario, seed: int) -> str:
    """The scenario as a content file; the comment says how to run it again."""
    data = scenario.model_dump(mode="json", exclude_unset=True)
    data["seed"] = seed  # stated even when it is the default, so the file says what it ran on
    head = (
        f"# Built in quizsim's sandbox: {scenario.description}\n"
        f"# Run it again with: quizsim sim FILE --seed {seed}  (the same seed gives the same result)\n"
    )
    return head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def save(scenario: Scenario, seed: int, path: Path) -> Path:
    """Write the scenario to `path` (its folder is created); returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(scenario_yaml(scenario, seed), encoding="utf-8")
    return path


def next_free(folder: Path, stem: str = "sandbox") -> Path:
    """folder/sandbox-1.yaml, or the first number not taken."""
    n = 1
    while (folder / f"{stem}-{n}.yaml").exists():
        n += 1
    return folder / f"{stem}-{n}.yaml"
