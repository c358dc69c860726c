"""TUI speed, in one run (a benchmark, not a test; numbers go in the README):

1. start-up: wall time from starting a Python process to the first interactive screen, for quizsim
   (as `quizsim` starts it, content loading after the first frame) and for a minimal Textual app
   (Header, Static, Footer). Target: quizsim within 1.25× of the minimal app. Also reported: when the
   home screen lists the loaded packs.
2. answer to chart: from pressing Enter on an answer to the first chart frame with simulated data,
   on the bundled content. Target: under 150 ms. Measured warm (the engine imported in the
   background while the learner reads, as the app does) and cold (engine imported on submit).

Each sample runs in a fresh process; medians of several runs are printed.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time

RUNS = 7
CHILD = r'''
import asyncio, json, sys, time
mode = sys.argv[1]

def report(**values):
    print(json.dumps(values), flush=True)

if mode == "minimal":
    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Minimal(App):
        def compose(self):
            yield Header()
            yield Static("hello")
            yield Footer()

    async def pilot(p):
        await p._wait_for_screen()  # the screen has handled its mount messages: it is on show
        report(ready=time.time())
        p.app.exit()

    Minimal().run(headless=True, size=(120, 40), auto_pilot=pilot)

elif mode == "quizsim":
    from quizsim.cli.main import build_parser
    build_parser().parse_args([])
    from quizsim.tui.launch import build_app

    async def pilot(p):
        await p._wait_for_screen()
        ready = time.time()
        while p.app.library is None:
            await asyncio.sleep(0.002)
        await p._wait_for_screen()
        report(ready=ready, listed=time.time())
        p.app.exit()

    build_app().run(headless=True, size=(120, 40), auto_pilot=pilot)

else:  # submit-warm / submit-cold
    from quizsim.content import default_content_paths, load_library
    from quizsim.tui.app import make_app
    from quizsim.tui.widgets.consequence import ConsequencePanel
    from quizsim.tui.widgets.line_chart import LineChart

    library = load_library(default_content_paths())

    async def main():
        app = make_app(library)
        async with app.run_test(size=(120, 40)) as p:
            await p.press("p")
            screen = app.screen
            if mode == "submit-cold":
                screen._prewarmed = True  # no background import: the engine loads on submit
            else:
                await asyncio.sleep(0.4)
                await app.workers.wait_for_complete()
            assert "numpy" in sys.modules or mode == "submit-cold"
            cold_engine = "quizsim.sim.engine" not in sys.modules
            await p.press("1")
            await p.press("enter")
            panel = screen.query_one(ConsequencePanel)
            chart = panel.query_one(LineChart)
            while chart.first_data_frame_at is None:
                await asyncio.sleep(0.001)
            report(ms=(chart.first_data_frame_at - panel.submitted_at) * 1000, cold_engine=cold_engine)
            panel.cancel()

    asyncio.run(main())
'''


def sample(mode: str) -> dict:
    started = time.time()
    out = subprocess.run([sys.executable, "-c", CHILD, mode], capture_output=True, text=True, timeout=120)
    if out.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{out.stderr[-3000:]}")
    values = json.loads(out.stdout.strip().splitlines()[-1])
    values["started"] = started
    return values


def main() -> None:
    minimal, quizsim_ready, quizsim_listed, warm, cold = [], [], [], [], []
    for _ in range(RUNS):  # interleaved so a busy moment on the machine hits both alike
        m = sample("minimal")
        minimal.append(m["ready"] - m["started"])
        q = sample("quizsim")
        quizsim_ready.append(q["ready"] - q["started"])
        quizsim_listed.append(q["listed"] - q["started"])
    for _ in range(5):
        warm.append(sample("submit-warm")["ms"])
        cold.append(sample("submit-cold")["ms"])
    med = statistics.median
    ratio = med(quizsim_ready) / med(minimal)
    print(f"start-up, median of {RUNS} fresh processes (120x40, headless):")
    print(f"  minimal Textual app, first screen      {med(minimal) * 1000:7.0f} ms")
    print(f"  quizsim, first interactive screen      {med(quizsim_ready) * 1000:7.0f} ms  = {ratio:.2f}x minimal (target <= 1.25x)")
    print(f"  quizsim, packs listed on home screen   {med(quizsim_listed) * 1000:7.0f} ms")
    print("answer submitted -> first chart frame with data, bundled content, median of 5:")
    print(f"  engine imported in the background      {med(warm):7.0f} ms  (target < 150 ms)")
    print(f"  engine imported on submit (cold)       {med(cold):7.0f} ms")


if __name__ == "__main__":
    main()
