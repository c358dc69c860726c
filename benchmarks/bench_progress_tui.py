"""The study features' speed inside the app, with 100,000 stored answers (issue 9's targets):

1. start-up: a fresh process to the first interactive screen, quizsim with a data folder holding 100,000
   answers against a minimal Textual app (Header, Static, Footer). Target: within 1.25x.
2. due counts: a fresh process to the home screen showing the due counts read from that store
   (the store opens after the first frame). Target: under 200 ms after the first screen.
3. stats screen: from the app handling `s` on the home screen to the stats screen's first frame painted, in a
   running app whose race workers have warmed up (several presses in one process, Esc between). Target: under
   200 ms. Also printed: the same press through Textual's Pilot until the screen is idle, which adds the
   test harness's own waits.

Run: `make bench` (or `.venv/bin/python benchmarks/bench_progress_tui.py`). Each start-up sample is a
fresh process, quizsim and minimal interleaved so a busy moment hits both alike; medians are printed.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_progress import ANSWERS, fill  # noqa: E402

RUNS = 7
STATS_PRESSES = 7
TARGET_MS = 200.0
CHILD = r'''
import asyncio, json, sys, time
mode = sys.argv[1]

def report(**values):
    print(json.dumps(values), flush=True)

async def until(condition, what, limit_s=60):
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > limit_s:
            raise SystemExit(f"gave up waiting for {what}")
        await asyncio.sleep(0.001)

if mode == "minimal":
    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Minimal(App):
        def compose(self):
            yield Header()
            yield Static("hello")
            yield Footer()

    async def pilot(p):
        await p._wait_for_screen()
        report(ready=time.time())
        p.app.exit()

    Minimal().run(headless=True, size=(120, 40), auto_pilot=pilot)

elif mode == "quizsim":
    from quizsim.cli.main import parser_for
    parser_for([]).parse_args([])  # as `quizsim` does
    from quizsim.tui.launch import build_app

    def due_shown(app):
        widgets = app.screen.query("#due-counts")
        return bool(widgets) and str(widgets.first().render()).startswith("Due for review")

    async def pilot(p):
        await p._wait_for_screen()
        ready = time.time()
        await until(lambda: due_shown(p.app), "the due counts")
        due = time.time()
        text = str(p.app.screen.query_one("#due-counts").render()).splitlines()[0]
        report(ready=ready, due=due, due_text=text)
        p.app.exit()

    build_app().run(headless=True, size=(120, 40), auto_pilot=pilot)

elif mode == "stats":
    import quizsim.tui.screens.home_study as home_study
    from quizsim.tui.launch import build_app
    from quizsim.tui.screens.stats import StatsScreen

    marks = {}
    open_stats_action = home_study.HomeStudy.action_stats

    def action_stats(self):
        marks["key"] = time.perf_counter()  # the app has the key: what the terminal adds is not ours
        open_stats_action(self)

    home_study.HomeStudy.action_stats = action_stats
    original_mount = getattr(StatsScreen, "on_mount", None)

    def on_mount(self):
        if original_mount is not None:
            original_mount(self)
        self.call_after_refresh(lambda: marks.setdefault("painted", time.perf_counter()))

    StatsScreen.on_mount = on_mount

    async def main():
        app = build_app()
        painted, pressed = [], []
        async with app.run_test(size=(120, 40)) as p:
            await until(lambda: app.library is not None, "the content")
            started = time.monotonic()
            # The race workers warm up on both cores for a few seconds after the content loads: not timed.
            while (app.race_pool is None or not app.race_pool.ready) and time.monotonic() - started < 30:
                await asyncio.sleep(0.05)
            await p.pause(0.5)
            for _ in range(int(sys.argv[2])):
                marks.clear()
                started = time.perf_counter()
                await p.press("s")
                await until(lambda: isinstance(app.screen, StatsScreen) and "painted" in marks, "the stats screen")
                await p._wait_for_screen()
                painted.append((marks["painted"] - marks["key"]) * 1000)
                pressed.append((time.perf_counter() - started) * 1000)
                await p.press("escape")
                await until(lambda: not isinstance(app.screen, StatsScreen), "home")
                await p.pause(0.2)
            overview = str(app.screen.query("#due-counts").first().render()).splitlines()[0]
        report(ms=painted, pilot_ms=pressed, home=overview)

    asyncio.run(main())
'''


def sample(mode: str, *args: str) -> dict:
    started = time.time()
    out = subprocess.run([sys.executable, "-c", CHILD, mode, *args], capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{out.stderr[-3000:]}")
    values = json.loads(out.stdout.strip().splitlines()[-1])
    values["started"] = started
    return values


def main() -> int:
    med = statistics.median
    with tempfile.TemporaryDirectory() as home:
        os.environ["QUIZSIM_HOME"] = home
        started = time.perf_counter()
        fill(Path(home) / "progress.db")
        print(f"data folder with {ANSWERS:,} answers filled in {time.perf_counter() - started:.1f} s")
        minimal, ready, due_after_ready = [], [], []
        due_text = ""
        for _ in range(RUNS):
            m = sample("minimal")
            minimal.append(m["ready"] - m["started"])
            q = sample("quizsim")
            ready.append(q["ready"] - q["started"])
            due_after_ready.append((q["due"] - q["ready"]) * 1000)
            due_text = q["due_text"]
        stats = sample("stats", str(STATS_PRESSES))
    ratio = med(ready) / med(minimal)
    stats_ms = stats["ms"]
    checks = [
        (f"start-up with {ANSWERS:,} answers within 1.25x a minimal Textual app", ratio <= 1.25, f"{ratio:.2f}x"),
        ("due counts on the home screen under 200 ms after the first screen", med(due_after_ready) < TARGET_MS,
         f"median {med(due_after_ready):.0f} ms, worst {max(due_after_ready):.0f} ms"),
        ("stats screen's first frame under 200 ms after the app handles s", med(stats_ms) < TARGET_MS,
         f"median {med(stats_ms):.0f} ms, worst {max(stats_ms):.0f} ms"),
    ]
    print(f"start-up, median of {RUNS} fresh processes (120x40, headless):")
    print(f"  minimal Textual app, first screen      {med(minimal) * 1000:7.0f} ms")
    print(f"  quizsim, first interactive screen      {med(ready) * 1000:7.0f} ms  = {ratio:.2f}x minimal")
    print(f"  home screen said: {due_text!r}")
    print(f"stats screen, {len(stats_ms)} presses of s in one app, key handled to first frame: "
          + ", ".join(f"{ms:.0f}" for ms in stats_ms) + " ms")
    print(f"  through Pilot's press until idle: median {med(stats['pilot_ms']):.0f} ms, worst {max(stats['pilot_ms']):.0f} ms")
    print("targets (issue 9):")
    for name, ok, value in checks:
        print(f"  [{'ok' if ok else 'MISSED'}] {name}: {value}")
    return 0 if all(ok for _, ok, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
