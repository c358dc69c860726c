"""`quizsim --help` and `quizsim COMMAND --help` describe every command; usage errors exit 2.

The bare `quizsim` starts the TUI, so no test here runs it without a command.
"""

from __future__ import annotations

import re

import pytest

from quizsim.cli.main import build_parser
from tests.cli.support import run_quizsim

COMMANDS = ["validate", "check", "list", "schema", "sim", "stats", "export-progress", "import", "export", "quiz", "present", "sandbox", "serve"]


def _commands_in(help_text: str) -> dict[str, str]:
    """The 'name  description' rows under the COMMAND heading."""
    rows = {}
    # A long name (export-progress) puts its description on the next line.
    for match in re.finditer(r"^    ([\w-]+)\s+(\S.*)$", help_text, re.MULTILINE):
        rows[match[1]] = match[2]
    return rows


def test_parser_knows_exactly_the_documented_commands() -> None:
    parser = build_parser()
    [subparsers] = [a for a in parser._actions if a.dest == "command"]
    assert sorted(subparsers.choices) == sorted(COMMANDS)


def test_top_level_help_lists_every_command_with_a_description() -> None:
    run = run_quizsim("--help")
    assert run.status == 0
    rows = _commands_in(run.stdout)
    assert sorted(rows) == sorted(COMMANDS)
    assert all(len(text) > 10 for text in rows.values()), rows
    assert "Run without a command to start the app" in run.stdout
    assert "QUIZSIM_CONTENT" in run.stdout and "QUIZSIM_HOME" in run.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_has_its_own_help(command: str) -> None:
    run = run_quizsim(command, "--help")
    assert run.status == 0
    assert run.stdout.startswith(f"usage: quizsim {command}")
    description = run.stdout.split("\n\n")[1]
    assert len(description.split()) >= 8, f"{command} --help has no real description: {description!r}"


def test_validate_help_states_the_output_and_exit_statuses() -> None:
    text = run_quizsim("validate", "--help").stdout
    assert "PATH:LINE:COL: error: MESSAGE" in text
    assert "0 when everything is valid, 1 when there are problems, 2 on usage errors" in text
    assert "--content DIR" in text


def test_python_dash_m_quizsim_works() -> None:
    run = run_quizsim("--version")
    assert run.status == 0 and re.fullmatch(r"quizsim \d+\.\d+\.\d+\S*\n", run.stdout)


@pytest.mark.parametrize(
    "args",
    [["validate", "--bogus"], ["no-such-command"], ["sim"], ["--content"]],
    ids=["unknown-option", "unknown-command", "missing-argument", "option-without-value"],
)
def test_usage_errors_exit_2_with_usage(args: list[str]) -> None:
    run = run_quizsim(*args)
    assert run.status == 2
    assert "usage: quizsim" in run.stderr and "error:" in run.stderr


@pytest.mark.parametrize(
    ("argv", "app_only"),
    [
        ([], True),
        (["--seed", "7"], True),
        (["--seed=as-written", "--content", "packs"], True),
        (["--content=packs"], True),
        (["--content"], False),  # the full parser says the value is missing
        (["--help"], False),
        (["--version"], False),
        (["--seed", "7", "validate"], False),
        (["validate"], False),
    ],
)
def test_app_options_alone_skip_the_subcommands(argv: list[str], app_only: bool) -> None:
    from quizsim.cli.main import parser_for

    has_commands = any(a.dest == "command" and a.choices for a in parser_for(argv)._actions)
    assert has_commands is not app_only


def test_app_options_are_checked_the_same_without_the_subcommands(capsys) -> None:
    from quizsim.cli.main import parser_for

    for argv in (["--seed", "soon"], ["--seed", "soon", "validate"]):
        with pytest.raises(SystemExit) as stop:
            parser_for(argv).parse_args(argv)
        assert stop.value.code == 2
        assert "usage: quizsim" in capsys.readouterr().err
