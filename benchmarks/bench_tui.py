"""TUI speed, in one run (a benchmark, not a test; numbers go in the README):

1. start-up: wall time from starting a Python process to the first interactive screen, for quizsim
   (as `quizsim` starts it, content loading after the first frame) and for a minimal Textual app
   (Header, Static, Footer). Target: quizsim within 1.25× of the minimal app. Also reported: when the
   home screen lists the loaded packs.
2. answer to chart: from pressing Enter on an answer to the first chart frame with simulated data,
   on the bundled content. Target: under 150 ms. Measured warm (worker processes warm and the engine
   imported in the background while the learner reads, as the app does) and cold (no worker processes,
   engine imported on submit).
3. answer to verdict: from pressing Enter (then `j` at once) to the verdict drawn, for the learner's
   option against the other raced (matchup) and for compare-all, on a few bundled questions, beside
   the CLI's in-process time for the same options and seed (`quizsim sim QUESTION` simulates them one
   after the other in one process). Target: the TUI within 1.2x the CLI.
4. idle CPU: CPU time of the app's process over a few seconds after the verdict, and while paused.

Each sample runs in a fresh process; medians of several runs are printed.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time

RUNS = 7
VERDICT_QUESTIONS = ("ss-in-memory-store", "ss-memcached-node-loss", "ss-flash-sale-fewest-errors")
VERDICT_RUNS = 3
IDLE_S = 3.0
CHILD = r'''
import asyncio, json, sys, time
mode = sys.argv[1]

def report(**values):
    print(json.dumps(values), flush=True)

async def until(condition, what, panel=None, limit_s=300):
    """Wait for `condition`; past `limit_s`, stop with what was awaited and the race's state."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > limit_s:
            view = getattr(panel, "view", None)
            state = view and (view.running, view.failure, [(l.option_id, l.error) for l in view.lanes.values()])
            raise SystemExit(f"gave up waiting for {what}: {state}")
        await asyncio.sleep(0.002)

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
    from quizsim.cli.main import parser_for
    parser_for([]).parse_args([])  # as `quizsim` does
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

elif mode in ("submit-warm", "submit-cold"):
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
            # Questions come in a shuffled order: go to a one-answer question ("1", Enter submits it).
            for _ in library.questions:
                if library.questions[screen.session.current].choose == 1:
                    break
                await p.press("n")
            if mode != "submit-cold":
                await asyncio.sleep(0.4)
                await app.workers.wait_for_complete()
                while app.race_pool is None or not app.race_pool.ready:
                    await asyncio.sleep(0.01)
            assert "numpy" in sys.modules or mode == "submit-cold"
            cold_engine = "quizsim.sim.engine" not in sys.modules
            await p.press("1")
            await p.press("enter")
            panel = screen.query_one(ConsequencePanel)
            chart = panel.query_one(LineChart)
            await until(lambda: chart.first_data_frame_at is not None, "the first chart frame", panel)
            report(ms=(chart.first_data_frame_at - panel.submitted_at) * 1000, cold_engine=cold_engine)
            panel.cancel()

    asyncio.run(main())

elif mode == "verdict":  # Enter then j, to the verdict; then compare-all; then idle CPU
    from quizsim.content import default_content_paths, load_library
    from quizsim.tui.app import make_app
    from quizsim.tui.widgets.consequence import ConsequencePanel

    library = load_library(default_content_paths())
    qid = sys.argv[2]

    async def race_to_verdict(p, panel, *keys):
        cpu = time.process_time()
        await p.press(*keys)
        await until(lambda: panel.verdict_shown_at is not None, "the verdict", panel)
        ui_cpu_s.append(time.process_time() - cpu)
        return panel.verdict_shown_at - panel.submitted_at, sorted(panel.view.plans), panel.view.seed

    ui_cpu_s = []

    async def cpu_over(seconds):
        cpu = time.process_time()
        await asyncio.sleep(seconds)
        return (time.process_time() - cpu) / seconds * 1000

    async def main():
        app = make_app(library)
        async with app.run_test(size=(120, 40)) as p:
            await p.press("p")
            screen = app.screen
            for _ in library.questions:
                if screen.session.current == qid:
                    break
                await p.press("n")
            assert screen.session.current == qid, qid
            await asyncio.sleep(0.4)
            await app.workers.wait_for_complete()
            while app.race_pool is None or not app.race_pool.ready:
                await asyncio.sleep(0.01)
            panel = screen.query_one(ConsequencePanel)
            matchup_s, matchup_ids, seed = await race_to_verdict(p, panel, "1", "enter", "j")
            compare_s, compare_ids, _ = await race_to_verdict(p, panel, "c", "j")
            await app.workers.wait_for_complete()
            await asyncio.sleep(1.0)  # the last layout after the verdict is not idle time
            idle = await cpu_over(%(idle)s)
            await p.press("r", "space")  # a new seed, paused at once; measured once its race is done
            await app.workers.wait_for_complete()
            await asyncio.sleep(1.0)
            paused = await cpu_over(%(idle)s)
            report(seed=seed, matchup_s=matchup_s, matchup_ids=matchup_ids, compare_s=compare_s, compare_ids=compare_ids,
                   idle_cpu_ms_per_s=idle, paused_cpu_ms_per_s=paused, pool_races=app.race_pool.races, ui_cpu_s=ui_cpu_s)

    asyncio.run(main())

elif mode == "cli":  # what `quizsim sim QUESTION` does for these options: one after the other, in-process
    from quizsim.content import default_content_paths, load_library
    from quizsim.race.runner import plan_runs, step_once
    from quizsim.sim import simulate

    library = load_library(default_content_paths())
    qid, seed, ids = sys.argv[2], int(sys.argv[3]), json.loads(sys.argv[4])
    question = library.questions[qid]
    plans = plan_runs(library, question, ids)
    step_once(plans[0].resolved)  # the engine imported and warm, as in the TUI
    started = time.perf_counter()
    for plan in plans:
        simulate(plan.resolved, seed)
    report(s=time.perf_counter() - started)
''' % {"idle": IDLE_S}


def sample(mode: str, *args: str) -> dict:
    started = time.time()
    out = subprocess.run([sys.executable, "-c", CHILD, mode, *args], capture_output=True, text=True, timeout=600)
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
    verdicts()


def verdicts() -> None:
    """Enter (then j) to verdict in the TUI against the CLI's time for the same options and seed."""
    med = statistics.median
    print(f"answer -> verdict (Enter, then j at once), median of {VERDICT_RUNS} fresh processes, against the CLI's")
    print("in-process time for the same options and seed (target: TUI <= 1.2x CLI):")
    idle, paused, ratios = [], [], []
    for qid in VERDICT_QUESTIONS:
        rows = {"matchup": ([], []), "compare-all": ([], [])}
        counts = {}
        for _ in range(VERDICT_RUNS):
            tui = sample("verdict", qid)
            assert tui["pool_races"] >= 2, "the races did not run in the worker processes"
            idle.append(tui["idle_cpu_ms_per_s"])
            paused.append(tui["paused_cpu_ms_per_s"])
            for name, key in (("matchup", "matchup"), ("compare-all", "compare")):
                ids = tui[f"{key}_ids"]
                cli = sample("cli", qid, str(tui["seed"]), json.dumps(ids))
                rows[name][0].append(tui[f"{key}_s"])
                rows[name][1].append(cli["s"])
                counts[name] = len(ids)
        for name, (tui_s, cli_s) in rows.items():
            ratio = med(tui_s) / med(cli_s)
            ratios.append(ratio)
            print(f"  {qid:<30} {name:<11} {counts[name]} options  TUI {med(tui_s):5.2f} s  CLI {med(cli_s):5.2f} s  = {ratio:.2f}x")
    print(f"  worst ratio {max(ratios):.2f}x")
    print(f"idle CPU of the app's process (median of {len(idle)}, {IDLE_S:g} s each):")
    print(f"  after the verdict                      {med(idle):7.1f} ms CPU per s")
    print(f"  paused                                 {med(paused):7.1f} ms CPU per s")


if __name__ == "__main__":
    if sys.argv[1:] == ["verdict"]:
        verdicts()  # only the answer-to-verdict and idle part
    else:
        main()
