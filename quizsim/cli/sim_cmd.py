"""`quizsim sim`: simulate a scenario file, a scenario id or a question's options."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

DESCRIPTION = """\
Simulate a scenario and print what happened: latency percentiles, errors, sessions lost, cost,
and the event log. TARGET is a scenario file, a scenario id, or a question id (with --option,
or every option side by side, the winners on the question's metric marked).

exit status: 0 the run(s) finished (and, for a question's options, the simulation confirms the answer
key), 1 the content has problems or the simulation disagrees with the answer key, 2 usage errors
(unknown target, option or --set key, or a value out of range). --option runs one option and never
reports a disagreement."""


def register(commands: argparse._SubParsersAction, content: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "sim", help="simulate a scenario or a question's options", description=DESCRIPTION,
        parents=[content], formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("target", metavar="TARGET", help="scenario file, scenario id or question id")
    parser.add_argument("--option", metavar="ID", help="with a question id: simulate only this option")
    parser.add_argument("--seed", type=_seed, metavar="N", help="random seed, 0 or more (default: the scenario's)")
    parser.add_argument(
        "--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
        help="override a scenario field by dotted path, e.g. workload.arrival.rate_per_s=5000 "
        "or store.node.max_ops_per_s=1000 (repeatable)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument("--no-progress", action="store_true", help="never draw the progress bar")
    parser.set_defaults(handler=run)


class UsageError(Exception):
    """A bad target, option or override: printed, exit status 2."""


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative; seeds are 0 or more")
    return value


def run(args: argparse.Namespace) -> int:
    from quizsim.content import ResolveError
    from quizsim.sim import Cancelled, SimInputError

    try:
        overrides = _parse_overrides(args.overrides)
        runs, question = _plan(args, overrides)
        progress = _Progress(enabled=not args.json and not args.no_progress and sys.stderr.isatty())
        results = []
        for index, (label, resolved) in enumerate(runs):
            results.append((resolved, _simulate(resolved, args.seed, progress, label, index, len(runs))))
        progress.clear()
    except (UsageError, ResolveError, SimInputError) as exc:
        print(f"quizsim sim: error: {exc}", file=sys.stderr)
        return 2
    except _ContentProblems as exc:
        for line in exc.lines:
            print(line, file=sys.stderr)
        return 1
    except Cancelled:
        return 130

    from quizsim.cli import sim_output

    if question is None:
        resolved, result = results[0]
        print(json.dumps(result.to_json(), ensure_ascii=False) if args.json else sim_output.run_table(result))
        return 0
    if args.option:
        # One option is one run, printed as a scenario run is (DESIGN.md, Interfaces); with nothing to rank it
        # against, it neither confirms nor disputes the answer key (see --help).
        result = results[0][1]
        print(json.dumps(result.to_json(), ensure_ascii=False) if args.json else sim_output.run_table(result))
        return 0
    from quizsim.verdict.rank import rank

    by_option = {resolved.option_id: result for resolved, result in results}
    ranking = rank(question, by_option)
    if args.json:
        print(json.dumps(sim_output.question_json(question, by_option, ranking), ensure_ascii=False))
    else:
        print(sim_output.question_table(question, by_option, ranking))
    # Authors and scripts rely on the exit status: a key the simulation does not confirm is a content problem.
    return 0 if ranking.agrees else 1


class _ContentProblems(Exception):
    def __init__(self, lines: list[str]) -> None:
        super().__init__("content problems")
        self.lines = lines


def _parse_overrides(items: list[str]) -> dict:
    from quizsim.content.resolve import parse_set_value

    overrides = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--set {item!r}: write KEY=VALUE, e.g. --set web.instances=4")
        overrides[key.strip()] = parse_set_value(value)
    return overrides


def _plan(args: argparse.Namespace, overrides: dict):
    """The runs to do: [(label, ResolvedScenario)], and the question when TARGET is one."""
    from quizsim.content import default_content_paths, load_library, resolve_option, resolve_scenario

    target = args.target
    path = Path(target)
    if path.suffix in (".yaml", ".yml") or path.is_file():
        if not path.is_file():
            raise UsageError(f"scenario file {target!r} does not exist")
        library = load_library([*default_content_paths(args.content), path])
        mine = [p for p in library.problems if p.path.resolve() == path.resolve()]
        if mine:
            raise _ContentProblems([p.format() for p in mine])
        ids = [item_id for (kind, item_id), origin in library.origins.items()
               if kind == "scenario" and origin.path.resolve() == path.resolve()]
        if not ids:
            raise UsageError(f"{target}: no scenario in this file")
        if args.option:
            raise UsageError("--option only applies to a question id")
        scenario = library.scenarios[ids[0]]
        return [(scenario.id, resolve_scenario(library, scenario, overrides=overrides))], None

    library = load_library(default_content_paths(args.content))
    if target in library.scenarios:
        if args.option:
            raise UsageError("--option only applies to a question id")
        scenario = library.scenarios[target]
        return [(scenario.id, resolve_scenario(library, scenario, overrides=overrides))], None
    if target in library.questions:
        question = library.questions[target]
        options = [o for o in question.options if o.simulate is not None]
        if args.option:
            options = [o for o in question.options if o.id == args.option]
            if not options:
                from quizsim.content.problems import did_you_mean

                raise UsageError(
                    f"question {target!r} has no option {args.option!r}"
                    + did_you_mean(args.option, [o.id for o in question.options])
                )
        if not options:
            raise UsageError(f"question {target!r} has no option with a 'simulate' block")
        return [(f"{target} option {o.id}", resolve_option(library, question, o, overrides)) for o in options], question
    from quizsim.content.problems import did_you_mean

    known = [*library.scenarios, *library.questions]
    raise UsageError(
        f"{target!r} is not a scenario file, scenario id or question id" + did_you_mean(target, known)
        + " (see `quizsim list questions` and `quizsim list scenarios`; files end in .yaml)"
    )


def _simulate(resolved, seed, progress: "_Progress", label: str, index: int, total: int):
    from quizsim.sim import run

    gen = run(resolved, seed)
    while True:
        try:
            update = next(gen)
        except StopIteration as stop:
            return stop.value
        progress.show(label, (index + update.progress) / total)


class _Progress:
    """A one-line progress bar on stderr, shown only once a run has taken more than a second."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.started = time.monotonic()
        self.drawn = False
        self._last = 0.0

    def show(self, label: str, fraction: float) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.started < 1.0 or now - self._last < 0.1:
            return
        self._last = now
        width = 30
        filled = int(width * fraction)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {fraction:4.0%} {label[:40]:40}")
        sys.stderr.flush()
        self.drawn = True

    def clear(self) -> None:
        if self.drawn:
            sys.stderr.write("\r" + " " * 80 + "\r")
            sys.stderr.flush()
