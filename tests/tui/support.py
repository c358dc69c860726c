"""Shared helpers for the TUI tests (no tests here): a practice library with the cases the tests need."""

from __future__ import annotations

import textwrap
from pathlib import Path

EXTRA_PACK = """
pack:
  title: TUI test pack
scenarios:
  - id: tui-queue
    title: A small queue for the TUI tests
    duration_s: 300
    start_clock: "09:00"
    workload:
      arrival: {rate_per_s: 200}
      phases: [{at_s: 150, rate_per_s: 300, for_s: 60, label: surge}]
    store: {kind: queue, servers: 4, service_time: {dist: exponential, mean_ms: 10}}
  - id: tui-queue-long
    title: A long, busy queue (to cancel and resize mid-run)
    duration_s: 86400
    start_clock: "00:00"
    workload:
      arrival: {rate_per_s: 2000}
    store: {kind: queue, servers: 40, service_time: {dist: exponential, mean_ms: 10}}
questions:
  - id: tui-queue-servers
    tags: [tui-test, queueing]
    stem: A queue serves 200 requests/s, 10 ms each. Which server count gives the LOWEST p99 latency?
    scenario: tui-queue
    judge: {metric: p99_latency_ms}
    options:
      - id: a
        text: Eight servers
        correct: true
        why: More servers, less waiting.
        simulate: {set: {store.servers: 8}}
      - id: b
        text: Three servers
        why: At 67 % busy (100 % in the surge) requests queue.
        simulate: {set: {store.servers: 3}}
      - id: c
        text: Four servers
        why: Half busy; some queueing in the surge.
        simulate: {set: {store.servers: 4}}
    explanation: Waiting time falls steeply as utilisation drops (Erlang C).
    references: [https://en.wikipedia.org/wiki/Erlang_(unit)]
  - id: tui-queue-long
    tags: [tui-test, queueing]
    stem: A long day of a busy queue. Which server count is enough?
    scenario: tui-queue-long
    judge: {metric: p99_latency_ms}
    options:
      - id: a
        text: Forty servers
        correct: true
        why: Half busy.
        simulate: {set: {store.servers: 40}}
      - id: b
        text: Twenty-five servers
        why: 80 % busy.
        simulate: {set: {store.servers: 25}}
    explanation: A long run, to cancel.
  - id: tui-queue-choose-two
    tags: [tui-test, multi, queueing]
    stem: A queue serves 200 requests/s, 10 ms each. Which TWO server counts keep p99 lowest? (Select TWO.)
    scenario: tui-queue
    choose: 2
    judge: {metric: p99_latency_ms}
    options:
      - id: a
        text: Eight servers
        correct: true
        why: Lightly loaded.
        simulate: {set: {store.servers: 8}}
      - id: b
        text: Ten servers
        correct: true
        why: Lightly loaded.
        simulate: {set: {store.servers: 10}}
      - id: c
        text: Three servers
        why: Heavily loaded.
        simulate: {set: {store.servers: 3}}
    explanation: Two lightly loaded configurations tie on p99.
  - id: tui-queue-required
    tags: [tui-test, queueing]
    stem: Which server count gives the LOWEST mean latency while keeping p99 under 200 ms?
    scenario: tui-queue
    judge: {metric: mean_latency_ms, constraints: [{metric: p99_latency_ms, max: 200}]}
    options:
      - id: a
        text: Eight servers
        correct: true
        why: Lightly loaded.
        simulate: {set: {store.servers: 8}}
      - id: b
        text: Three servers
        why: The surge pushes p99 far past 200 ms.
        simulate: {set: {store.servers: 3}}
    explanation: A requirement comes before the metric being minimised.
  - id: tui-no-simulation
    tags: [tui-test]
    stem: Which option has nothing to simulate?
    scenario: tui-queue
    judge: {metric: p99_latency_ms}
    options:
      - id: a
        text: The one that is right
        correct: true
        why: It is the right one.
        simulate: {}
      - id: b
        text: The one that is wrong
        why: It is the wrong one.
    explanation: An option without a simulate block cannot be raced; the panel says so and races the other.
"""


def write_extra_pack(root: Path) -> Path:
    """A self-contained pack of generic-queue questions (the bundled packs change while others work)."""
    folder = root / "tui-pack"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(textwrap.dedent(EXTRA_PACK).lstrip())
    return folder


def practice_library(tmp_path: Path):
    from quizsim.content import load_library

    library = load_library([write_extra_pack(tmp_path)])
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
    """Wait for every worker to finish (a cancelled race counts) and the messages they posted to be handled."""
    import asyncio

    await asyncio.gather(*(worker.wait() for worker in list(pilot.app.workers)), return_exceptions=True)
    await pilot.pause()
    await pilot.pause()


async def wait_for(pilot, condition, timeout_s: float = 10.0) -> None:
    """Pause until `condition()` holds or `timeout_s` passes (the caller's assert then says what is missing)."""
    import time

    deadline = time.monotonic() + timeout_s
    while not condition() and time.monotonic() < deadline:
        await pilot.pause(0.02)


def screen_as_text(app) -> str:
    """The current screen as plain text, exactly as the terminal would show its characters."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), force_terminal=True, color_system="truecolor",
        record=True, legacy_windows=False, safe_box=False,
    )
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return "\n".join(line.rstrip() for line in console.export_text(styles=False).splitlines())
