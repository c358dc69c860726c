"""Sandbox: knobs build a scenario, enter runs it, four runs stay side by side, s saves one as YAML, and
`quizsim sim FILE --seed N --json` gives the same summary as the sandbox showed."""

from __future__ import annotations

import json
import subprocess
import sys

from quizsim.study import sandbox
from quizsim.tui.app import make_app
from quizsim.tui.screens.sandbox import SandboxScreen
from tests.tui.support import screen_as_text, settle


async def run_once(pilot) -> None:
    await pilot.press("enter")
    await settle(pilot)


async def test_build_run_compare_save_and_rerun_from_the_cli(tmp_path, bundled_library) -> None:
    library = bundled_library
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = SandboxScreen(library, save_dir=tmp_path)
        await app.push_screen(screen)
        await pilot.pause()
        # Build: store → Redis t4g.small (2 steps on), fault → a store node fails.
        await pilot.press("right", "right")
        assert screen.choices.store == "redis-t4g-small-single"
        for _ in range(9):
            await pilot.press("down")
        await pilot.press("right", "right")
        assert screen.choices.fault == "store_node_failure"
        text = screen_as_text(app)
        assert "‹ a store node fails ›" in text and "Redis, one t4g.small node" in text
        await run_once(pilot)
        assert len(screen.runs) == 1 and screen.runs[0].result.summary.sessions_lost > 0
        # Compare: the same world on DynamoDB keeps every session.
        for _ in range(9):
            await pilot.press("up")
        await pilot.press("left", "left")
        assert screen.choices.store == "dynamodb-on-demand"
        await run_once(pilot)
        redis, dynamo = screen.runs
        assert dynamo.result.summary.sessions_lost == 0
        text = screen_as_text(app)
        assert "#1" in text and "#2" in text and "sessions lost" in text
        assert f"{redis.result.summary.sessions_lost:,}" in text
        # Up to four runs: a fifth drops the oldest.
        for rate_steps in range(3):
            await pilot.press("down", "down", "right", "up", "up")
            await run_once(pilot)
        assert [r.number for r in screen.runs] == [2, 3, 4, 5]
        assert "run #1 dropped" in screen_as_text(app)
        # Save the Redis-free run #2 and run it again from the command line.
        await pilot.press("1", "s")
        await pilot.pause()
        (path,) = screen.saved
        status = screen.query_one("#sb-status").content.plain
        assert path.exists() and f"quizsim sim {path} --seed 42" in status
        shown = screen.runs[0]
    run = subprocess.run(
        [sys.executable, "-m", "quizsim", "sim", str(path), "--seed", str(shown.choices.seed), "--json"],
        capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stderr
    again = json.loads(run.stdout)
    assert again["summary"] == json.loads(json.dumps(shown.result.to_json()["summary"]))
    assert again["seed"] == shown.choices.seed


def test_every_store_and_size_builds_a_scenario_that_resolves(bundled_library) -> None:
    library = bundled_library
    for store in sandbox.STORES:
        for size in range(len(sandbox.SIZES.get(store, sandbox.AS_PROFILED))):
            for fault, _ in sandbox.FAULTS:
                choices = sandbox.Choices(store=store, size=size, fault=fault, spike=10, daily_cycle=True, auto_scaling=True, routing="sticky")
                resolved = sandbox.resolve(library, sandbox.build_scenario(choices))
                assert resolved.store.id == store


def test_a_saved_file_validates_and_names_its_rerun_command(tmp_path) -> None:
    choices = sandbox.Choices(store="memcached-3-nodes", size=1, seed=7)
    path = sandbox.save(sandbox.build_scenario(choices, "sandbox-1"), choices.seed, tmp_path / "a.yaml")
    assert "quizsim sim FILE --seed 7" in path.read_text()
    run = subprocess.run([sys.executable, "-m", "quizsim", "validate", str(path)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert sandbox.next_free(tmp_path, "a").name == "a-1.yaml"


async def test_quizsim_sandbox_opens_the_sandbox(tmp_path, monkeypatch) -> None:
    import argparse

    from quizsim.cli import sandbox_cmd

    opened = {}

    def fake_run(self, *args, **kwargs):  # run the app under Pilot instead of taking the terminal
        opened["app"] = self

    from quizsim.tui.app import QuizsimApp

    monkeypatch.setattr(QuizsimApp, "run", fake_run)
    sandbox_cmd.run(argparse.Namespace(content=[], save_dir=tmp_path))
    app = opened["app"]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SandboxScreen) and app.screen.save_dir == tmp_path
