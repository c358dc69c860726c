"""Checks across documents: every id a scenario or option names exists, is of the right kind, and resolves.

Runs after all files are loaded. Whatever cannot become a run is reported at the field that names the
bad id, and dropped from the library so the app never offers it.
"""

from __future__ import annotations

from quizsim.content.backends import STORE_KINDS
from quizsim.content.library import Library
from quizsim.content.problems import Problem, did_you_mean
from quizsim.content.question import Question
from quizsim.content.resolve import ResolveError, resolve_option, resolve_scenario
from quizsim.content.scenario import Scenario, StoreRef


def check_references(library: Library) -> None:
    """Report and drop scenarios and questions whose references do not resolve."""
    for scenario_id, scenario in list(library.scenarios.items()):
        problems = _scenario_reference_problems(library, scenario)
        if not problems:
            try:
                resolve_scenario(library, scenario)
            except Exception as exc:  # ResolveError, or anything unforeseen: a problem, never a crash
                if not isinstance(exc, ResolveError):
                    exc = ResolveError(f"could not be resolved ({type(exc).__name__}: {exc})")
                message = _strip(str(exc), f"scenario {scenario_id!r}")
                written = isinstance(scenario.store, StoreRef) and scenario.store.set
                problems.append((message, ("store", "set") if written else ("store",)))
        if problems:
            library.skipped.add(("scenario", scenario_id))
            for message, sub in problems:
                _report(library, "scenario", scenario_id, f"scenario {scenario_id!r}", message, sub)
            _drop(library, "scenario", scenario_id)
    broken_scenarios = {i for kind, i in library.skipped if kind == "scenario"}
    for question_id, question in list(library.questions.items()):
        problems = _question_problems(library, question, broken_scenarios)
        for subject, message, sub in problems:
            _report(library, "question", question_id, subject, message, sub)
        if problems:
            library.skipped.add(("question", question_id))
            _drop(library, "question", question_id)


def _backend_problem(library: Library, backend_id: str, kinds: tuple[str, ...], role: str) -> str | None:
    """None if `backend_id` names a loaded profile of one of `kinds`, else what is wrong."""
    backend = library.backends.get(backend_id)
    if backend is None:
        candidates = [b for b, p in library.backends.items() if p.kind in kinds]
        return f"{role} {backend_id!r} is not a loaded backend profile" + (
            did_you_mean(backend_id, candidates) or _known(candidates)
        )
    if backend.kind not in kinds:
        wanted = "a store (" + ", ".join(kinds) + ")" if len(kinds) > 2 else " or ".join(kinds)
        return f"{role} {backend_id!r} is a profile of kind {backend.kind!r}; expected {wanted}"
    return None


def _known(ids: list[str]) -> str:
    if not ids:
        return ""
    shown = sorted(ids)[:8]
    return f" (loaded: {', '.join(shown)}{', ...' if len(ids) > 8 else ''})"


def _scenario_reference_problems(library: Library, scenario: Scenario) -> list[tuple[str, tuple]]:
    problems: list[tuple[str, tuple]] = []
    if isinstance(scenario.store, StoreRef):
        found = _backend_problem(library, scenario.store.backend, STORE_KINDS, "store.backend")
        if found:
            problems.append((found, ("store", "backend")))
    if scenario.web is not None:
        for field, kinds in (("instance", ("ec2",)), ("load_balancer", ("alb",))):
            found = _backend_problem(library, getattr(scenario.web, field), kinds, f"web.{field}")
            if found:
                problems.append((found, ("web", field)))
    return problems


def _question_problems(
    library: Library, question: Question, broken_scenarios: set[str]
) -> list[tuple[str, str, tuple]]:
    """(subject, message, place) for every reference of the question and its options that fails."""
    me = f"question {question.id!r}"
    problems: list[tuple[str, str, tuple]] = []
    default = question.scenario
    if default is not None and default not in library.scenarios:
        problems.append((me, _scenario_problem(library, default, broken_scenarios, "scenario"), ("scenario",)))
    for index, option in enumerate(question.options):
        simulate = option.simulate
        if simulate is None:
            continue
        who = f"{me} option {option.id!r}"
        here = ("options", index, "simulate")
        found = []
        if simulate.scenario is not None and simulate.scenario not in library.scenarios:
            found.append((_scenario_problem(library, simulate.scenario, broken_scenarios, "simulate.scenario"), here + ("scenario",)))
        elif simulate.scenario is None and default is None:
            found.append(("simulate names no scenario and the question has no 'scenario'; add one of them", here))
        if simulate.store is not None:
            bad = _backend_problem(library, simulate.store, STORE_KINDS, "simulate.store")
            if bad:
                found.append((bad, here + ("store",)))
        inherited_broken = simulate.scenario is None and default is not None and default not in library.scenarios
        if not found and not inherited_broken:
            try:
                resolve_option(library, question, option)
            except Exception as exc:  # ResolveError, or anything unforeseen: a problem, never a crash
                if not isinstance(exc, ResolveError):
                    exc = ResolveError(f"could not be resolved ({type(exc).__name__}: {exc})")
                message = _strip(str(exc), who)
                place = here + ("set",) if simulate.set else here
                found.append((message, place))
        problems.extend((who, message, place) for message, place in found)
    return problems


def _scenario_problem(library: Library, scenario_id: str, broken: set[str], role: str) -> str:
    if scenario_id in broken:
        return f"{role} {scenario_id!r} did not load (see its own error), so this cannot run"
    return f"{role} {scenario_id!r} is not a loaded scenario" + (
        did_you_mean(scenario_id, list(library.scenarios)) or _known(list(library.scenarios))
    )


def _strip(message: str, subject: str) -> str:
    for prefix in (subject + ": ", subject + " "):
        if message.startswith(prefix):
            return message[len(prefix):]
    return message


def _report(library: Library, kind: str, item_id: str, subject: str, message: str, sub: tuple) -> None:
    path, line, column = library.locate(kind, item_id, sub)
    library.problems.append(Problem(path, line, column, message, subject))


def _drop(library: Library, kind: str, item_id: str) -> None:
    store = {"question": library.questions, "scenario": library.scenarios}[kind]
    store.pop(item_id, None)
    if kind == "question":
        for pack in library.packs.values():
            if item_id in pack.question_ids:
                pack.question_ids.remove(item_id)
