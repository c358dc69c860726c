"""Run the real `quizsim` command in a child process, as a user would, and read what it printed."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

PROBLEM_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): error: (?P<message>.+)$")
SUMMARY_LINE = re.compile(
    r"^(?P<mark>ok|FAILED): (?P<files>\d+) files?: (?P<questions>\d+) questions?, (?P<scenarios>\d+) scenarios?, "
    r"(?P<backends>\d+) backends?, (?P<problems>\d+) problems?"
)


@dataclass
class Problem:
    path: str
    line: int
    col: int
    message: str


@dataclass
class Run:
    status: int
    stdout: str
    stderr: str

    @property
    def all_problems(self) -> list[Problem]:
        """Every problem line; fails the test if any other line (but the summary) is printed."""
        lines = self.stdout.splitlines()
        assert lines, f"nothing printed; stderr: {self.stderr}"
        found = []
        for text in lines[:-1]:
            match = PROBLEM_LINE.match(text)
            assert match, f"not a PATH:LINE:COL: error: MESSAGE line: {text!r}"
            found.append(Problem(match["path"], int(match["line"]), int(match["col"]), match["message"]))
        return found

    @property
    def problems(self) -> list[Problem]:
        """Problems in the files a test wrote: those in the bundled packs are test_bundled_content's business."""
        return [p for p in self.all_problems if not _in_bundled(p.path)]

    @property
    def own_problem_count(self) -> int:
        """The summary's problem count, less problems in the bundled packs."""
        return int(self.summary["problems"]) - (len(self.all_problems) - len(self.problems))

    @property
    def summary(self) -> dict[str, str]:
        last = self.stdout.splitlines()[-1]
        match = SUMMARY_LINE.match(last)
        assert match, f"last line is not the summary: {last!r}"
        return match.groupdict()


def _in_bundled(path: str) -> bool:
    from quizsim.paths import bundled_content_dir

    return Path(path).resolve().is_relative_to(bundled_content_dir().resolve())


def run_quizsim(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """`python -m quizsim ARGS` in a child process; never starts the TUI unless asked to."""
    done = subprocess.run(
        [sys.executable, "-m", "quizsim", *map(str, args)],
        capture_output=True, text=True, cwd=cwd, env=env, timeout=120,
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert "Traceback" not in done.stdout, done.stdout
    return Run(done.returncode, done.stdout, done.stderr)


def line_of(text: str, needle: str) -> int:
    """1-based number of the first line of `text` containing `needle`."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


VALID_PACK = """\
scenarios:
  - id: t-steady
    title: Steady traffic
    workload:
      arrival: {rate_per_s: 50}
    store: {backend: dynamodb-on-demand}
questions:
  - id: t-valid
    stem: Which session store answers reads with the LOWEST latency?
    scenario: t-steady
    judge: {metric: p99_latency_ms}
    options:
      - {id: a, text: ElastiCache for Redis, correct: true, why: Sessions live in memory., simulate: {store: redis-r7g-large-multi-az}}
      - {id: b, text: DynamoDB on-demand, why: Reads take single-digit milliseconds., simulate: {store: dynamodb-on-demand}}
    explanation: In-memory stores answer fastest.
"""
"""A small valid file: one scenario and one question, referring to bundled backend profiles."""
