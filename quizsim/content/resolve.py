"""Turn a scenario (or a question's option) into one concrete, fully-checked run description."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import ValidationError

from quizsim.content.backends import STORE_KINDS, AlbProfile, Backend, BackendAdapter, Ec2Profile
from quizsim.content.library import Library
from quizsim.content.problems import did_you_mean
from quizsim.content.question import Option, Question
from quizsim.content.scenario import Scenario, StoreRef


class ResolveError(ValueError):
    """A scenario, option or override that cannot become a run; the message names the field."""


@dataclass(frozen=True)
class ResolvedScenario:
    """Everything the engine needs for one run, with overrides applied."""

    scenario: Scenario
    store: Backend
    instance: Ec2Profile | None
    load_balancer: AlbProfile | None
    question_id: str | None = None
    option_id: str | None = None
    correct: bool | None = None


def parse_set_value(text: str) -> Any:
    """A --set value as YAML would read it: '5000' → 5000, 'true' → True, 'sticky' → 'sticky'."""
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    if isinstance(value, str):
        try:
            number = float(value)  # YAML 1.1 reads '2e7' as text; a user means a number
        except ValueError:
            return value
        return int(number) if number.is_integer() and "." not in value else number
    return text if isinstance(value, (dict, list)) and not text.strip().startswith(("{", "[")) else value


def apply_overrides(data: dict[str, Any], overrides: dict[str, Any], what: str) -> dict[str, Any]:
    """Return a copy of `data` with each dotted path set; unknown paths are a ResolveError."""
    result = copy.deepcopy(data)
    for dotted, value in overrides.items():
        parts = dotted.split(".")
        node: Any = result
        walked: list[str] = []
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            if isinstance(node, list):
                if not part.isdigit() or int(part) >= len(node):
                    raise ResolveError(f"{what}: override {dotted!r}: {'.'.join(walked)} has no item {part}")
                index = int(part)
                if last:
                    node[index] = value
                else:
                    node = node[index]
                walked.append(part)
                continue
            if not isinstance(node, dict) or part not in node:
                known = list(node) if isinstance(node, dict) else []
                prefix = ".".join(walked)
                hint = did_you_mean(part, known)
                raise ResolveError(
                    f"{what}: override {dotted!r}: unknown key {part!r}"
                    + (f" under {prefix!r}" if prefix else "")
                    + hint
                )
            if last:
                node[part] = value
            else:
                if node[part] is None:
                    node[part] = {}
                node = node[part]
            walked.append(part)
    return result


def _errors_text(exc: ValidationError) -> str:
    from quizsim.content.validation_text import describe

    return "; ".join(describe(err) for err in exc.errors())


def _backend(library: Library, backend_id: str, kinds: tuple[str, ...], what: str) -> Backend:
    backend = library.backends.get(backend_id)
    if backend is None:
        raise ResolveError(
            f"{what} references backend {backend_id!r}, which is not loaded"
            + did_you_mean(backend_id, [b for b, p in library.backends.items() if p.kind in kinds])
        )
    if backend.kind not in kinds:
        raise ResolveError(f"{what}: backend {backend_id!r} is of kind {backend.kind!r}; expected {' or '.join(kinds)}")
    return backend


def resolve_scenario(
    library: Library,
    scenario: Scenario,
    store_id: str | None = None,
    overrides: dict[str, Any] | None = None,
    what: str | None = None,
) -> ResolvedScenario:
    """Apply a store choice and dotted overrides ('store.' paths reach the store profile) to a scenario."""
    what = what or f"scenario {scenario.id!r}"
    overrides = dict(overrides or {})
    store_overrides = {k[len("store."):]: v for k, v in overrides.items() if k.startswith("store.")}
    scenario_overrides = {k: v for k, v in overrides.items() if not k.startswith("store.")}

    if scenario_overrides:
        data = apply_overrides(scenario.model_dump(mode="python"), scenario_overrides, what)
        try:
            scenario = Scenario.model_validate(data)
        except ValidationError as exc:
            raise ResolveError(f"{what}: after overrides: {_errors_text(exc)}") from None

    if store_id is not None:
        profile = _backend(library, store_id, STORE_KINDS, what)
        profile_data = profile.model_dump(mode="python")
    elif isinstance(scenario.store, StoreRef):
        profile = _backend(library, scenario.store.backend, STORE_KINDS, what)
        profile_data = apply_overrides(profile.model_dump(mode="python"), scenario.store.set, what)
    else:
        profile_data = dict(scenario.store)
        profile_data.setdefault("id", f"{scenario.id}-store")
        profile_data.setdefault("title", profile_data["id"])
    if store_overrides:
        profile_data = apply_overrides(profile_data, store_overrides, what)
    kind = profile_data.get("kind")
    if kind not in STORE_KINDS:
        raise ResolveError(
            f"{what}: store kind {kind!r} is unknown" + did_you_mean(str(kind), STORE_KINDS)
            + f" (known: {', '.join(STORE_KINDS)})"
        )
    try:
        store = BackendAdapter.validate_python(profile_data)
    except ValidationError as exc:
        raise ResolveError(f"{what}: store: {_errors_text(exc)}") from None

    instance = balancer = None
    if scenario.web is not None:
        instance = _backend(library, scenario.web.instance, ("ec2",), what + " web.instance")
        balancer = _backend(library, scenario.web.load_balancer, ("alb",), what + " web.load_balancer")
    return ResolvedScenario(scenario=scenario, store=store, instance=instance, load_balancer=balancer)


def resolve_option(library: Library, question: Question, option: Option, extra: dict[str, Any] | None = None) -> ResolvedScenario:
    """The run an option stands for: its scenario, store and overrides (plus any `extra` overrides)."""
    what = f"question {question.id!r} option {option.id!r}"
    simulate = option.simulate
    if simulate is None:
        raise ResolveError(f"{what} has nothing to simulate (no 'simulate' block)")
    scenario_id = simulate.scenario or question.scenario
    if scenario_id is None:
        raise ResolveError(f"{what} names no scenario, and the question has no default 'scenario'")
    scenario = library.scenarios.get(scenario_id)
    if scenario is None:
        raise ResolveError(f"{what} references scenario {scenario_id!r}, which is not loaded" + did_you_mean(scenario_id, library.scenarios))
    overrides = {**simulate.set, **(extra or {})}
    resolved = resolve_scenario(library, scenario, simulate.store, overrides, what)
    return ResolvedScenario(
        scenario=resolved.scenario,
        store=resolved.store,
        instance=resolved.instance,
        load_balancer=resolved.load_balancer,
        question_id=question.id,
        option_id=option.id,
        correct=option.correct,
    )
