"""`quizsim` entry point: parse the command line and dispatch to one command module."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from quizsim import __version__

DESCRIPTION = """\
Cloud-architecture exam practice in the terminal. Answer a question, then watch what your
answer would do to a running system (latency, errors, lost sessions, cost) beside the best answer.

Run without a command to start the app."""

EPILOG = """\
content:
  Packs are folders of YAML files. quizsim loads the bundled packs, then every folder in
  $QUIZSIM_CONTENT (separated by '%s'), then every --content DIR.
  Learner data lives in the platform's user data folder, or in $QUIZSIM_HOME if set.

examples:
  quizsim                                   start the app
  quizsim validate                          check all configured content
  quizsim validate my-pack/                 check one folder
  quizsim check my-pack/                    simulate its questions and confirm each answer key
  quizsim list scenarios                    the scenario ids `quizsim sim` takes
  quizsim sim mmc-demo.yaml                 simulate a scenario file
  quizsim sim QUESTION_ID --json            simulate every option of a question
  quizsim stats                             your progress: accuracy, due questions, weakest topics
  quizsim export-progress -o answers.csv    every answer you gave, for a spreadsheet
  quizsim import bank.gift -o bank/q.yaml   a Moodle GIFT or Aiken bank as a pack
  quizsim quiz --plain session-state        questions line by line, for screen readers and scripts
  quizsim present demo.yaml                 presenter mode for a class, over a playlist (or a pack id)
  quizsim sandbox                           build a scenario, run it, compare runs, save it as YAML
  quizsim serve                             the app in a browser, on http://127.0.0.1:8000
  quizsim serve present demo.yaml           presenter mode in a browser
""" % (":" if sys.platform != "win32" else ";")


def _content_parent(dest: str = "content") -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--content",
        dest=dest,
        metavar="DIR",
        action="append",
        type=Path,
        default=[],
        help="also load the packs in DIR (repeatable)",
    )
    return parent


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line; `commands=False` leaves out the subcommands (and their imports) for `quizsim`
    with only the app's own options, which starts the app sooner."""
    content = _content_parent()
    parser = argparse.ArgumentParser(
        prog="quizsim",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        # Its own dest: a subcommand's --content default would otherwise overwrite `quizsim --content X CMD`.
        parents=[_content_parent("global_content")],
    )
    parser.add_argument("--version", action="version", version=f"quizsim {__version__}")
    parser.add_argument(
        "--seed", dest="session_seed", metavar="N", type=_session_seed,
        help="the app's practice order: replay a session's shuffle (its header shows N), or 'as-written'",
    )
    if not commands:
        parser.set_defaults(command=None)
        return parser
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    from quizsim.cli import check_cmd, export_cmd, list_cmd, schema_cmd, sim_cmd, stats_cmd, validate_cmd

    for module in (validate_cmd, check_cmd, list_cmd, schema_cmd, sim_cmd, stats_cmd, export_cmd):
        module.register(commands, content)
    from quizsim.cli import import_cmd, pack_export_cmd, quiz_cmd

    for module in (import_cmd, pack_export_cmd, quiz_cmd):
        module.register(commands, content)
    from quizsim.cli import present_cmd, sandbox_cmd, serve_cmd

    for module in (present_cmd, sandbox_cmd, serve_cmd):
        module.register(commands, content)
    return parser


APP_OPTIONS = ("--content", "--seed")


def parser_for(argv: list[str]) -> argparse.ArgumentParser:
    """The parser `main` uses for `argv`: without the subcommands when only the app's options are given."""
    return build_parser(commands=not _only_app_options(argv))


def _only_app_options(argv: list[str]) -> bool:
    """True when `argv` holds nothing but the app's options with their values (no command, no help)."""
    tokens = iter(argv)
    for token in tokens:
        if token in APP_OPTIONS:
            if next(tokens, None) is None:
                return False
        elif not token.startswith(tuple(f"{name}=" for name in APP_OPTIONS)):
            return False
    return True


def _session_seed(raw: str) -> str:
    from quizsim.study.order import parse_seed

    try:
        parse_seed(raw, "N")
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return raw.strip()


def main(argv: list[str] | None = None) -> int:
    """Run quizsim; returns the process exit status."""
    argv = sys.argv[1:] if argv is None else argv
    args = parser_for(argv).parse_args(argv)
    args.content = [*args.global_content, *getattr(args, "content", [])]
    try:
        if args.command is None:
            from quizsim.tui.launch import run_app

            if args.session_seed is not None:
                os.environ["QUIZSIM_SEED"] = args.session_seed  # each practice session reads it (quizsim.study.order)
            return run_app(extra_content=args.content)
        return _run_command(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _run_command(args: argparse.Namespace) -> int:
    """Run one command with its output made safe: content it quotes shows control characters as escapes."""
    from quizsim.text_safety import VisibleWriter

    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = VisibleWriter(stdout), VisibleWriter(stderr, carriage_return=True)
    try:
        return args.handler(args)
    finally:
        sys.stdout, sys.stderr = stdout, stderr
