"""`quizsim sim`: simulate a scenario file, a scenario id or a question's options."""

from __future__ import annotations

import argparse
import sys

DESCRIPTION = """\
Simulate a scenario and print what happened: latency percentiles, errors, sessions lost, cost,
and the event log. TARGET is a scenario file, a scenario id, or a question id (with --option,
or every option side by side)."""


def register(commands: argparse._SubParsersAction, content: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "sim", help="simulate a scenario or a question's options", description=DESCRIPTION,
        parents=[content], formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("target", metavar="TARGET", help="scenario file, scenario id or question id")
    parser.add_argument("--option", metavar="ID", help="with a question id: simulate only this option")
    parser.add_argument("--seed", type=int, metavar="N", help="random seed (default: the scenario's)")
    parser.add_argument(
        "--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
        help="override a scenario field by dotted path, e.g. workload.arrival.rate_per_s=5000 (repeatable)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    print("quizsim sim: the simulation engine is not built yet (issue 3)", file=sys.stderr)
    return 2
