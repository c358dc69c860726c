"""Shared helpers for the TUI tests (no tests here): a practice library with the cases the tests need."""

from __future__ import annotations

import textwrap
from pathlib import Path

EXTRA_PACK = """
pack:
  title: TUI test pack
questions:
  - id: tui-choose-two
    tags: [tui-test, multi]
    stem: >
      Sessions must survive the loss of a web instance and stay shared by every instance.
      Which stores meet the requirement? (Select TWO.)
    scenario: steady-shop
    choose: 2
    judge: {metric: shared}
    options:
      - id: a
        text: DynamoDB on-demand
        correct: true
        why: Shared by every instance.
        simulate: {store: dynamodb-on-demand}
      - id: b
        text: ElastiCache for Redis with a replica
        correct: true
        why: Shared by every instance.
        simulate: {store: redis-r7g-large-multi-az}
      - id: c
        text: An EBS volume on each instance
        why: Local to one instance.
        simulate: {store: ebs-gp3-local}
    explanation: Shared stores keep sessions reachable from every instance.
  - id: tui-no-simulation
    tags: [tui-test]
    stem: Which option has nothing to simulate?
    scenario: steady-shop
    judge: {metric: p99_latency_ms}
    options:
      - id: a
        text: The one that is right
        correct: true
        why: It is the right one.
      - id: b
        text: The one that is wrong
        why: It is the wrong one.
    explanation: Options without a simulate block cannot be raced; the panel says so.
"""


def write_extra_pack(root: Path) -> Path:
    """A pack beside the bundled ones, reusing their scenarios and backends."""
    folder = root / "tui-pack"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(textwrap.dedent(EXTRA_PACK).lstrip())
    return folder


def practice_library(tmp_path: Path):
    from quizsim.content import default_content_paths, load_library

    library = load_library(default_content_paths([write_extra_pack(tmp_path)]))
    assert not library.problems, [p.format() for p in library.problems]
    return library


def screen_text(app) -> str:
    """Every Static's text on the current screen, for assertions a reader can follow."""
    from textual.widgets import Static

    parts = []
    for widget in app.screen.query(Static):
        content = widget.content
        plain = getattr(content, "plain", None)
        if plain is None:
            plain = _rich_plain(content)
        parts.append(plain)
    return "\n".join(parts)


def _rich_plain(renderable) -> str:
    from io import StringIO

    from rich.console import Console

    console = Console(file=StringIO(), width=160, color_system=None, legacy_windows=False)
    console.print(renderable)
    return console.file.getvalue()


async def settle(pilot) -> None:
    """Wait for every worker to finish and the messages they posted to be handled."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()
