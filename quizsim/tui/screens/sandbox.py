"""Sandbox: build a scenario from a few knobs, run it, keep up to four runs side by side, save one as YAML."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from quizsim.metric_table import METRICS, STANDARD_ROWS
from quizsim.race.chart_text import ChartSeries, line_style
from quizsim.race.series import BucketSeries
from quizsim.study import sandbox
from quizsim.tui.widgets.line_chart import COLOR_CLASSES, LineChart

if TYPE_CHECKING:
    from quizsim.content import Library
    from quizsim.content.scenario import Scenario
    from quizsim.sim.result import Result


@dataclass
class SandboxRun:
    number: int
    choices: sandbox.Choices
    scenario: "Scenario"
    result: "Result"
    series: BucketSeries


class SandboxScreen(Screen[None]):
    BINDINGS = [
        Binding("up,k", "knob(-1)", "Knob", key_display="↑↓", show=True),
        Binding("down,j", "knob(1)", "Knob", show=False),
        Binding("right,l", "turn(1)", "Change", key_display="←→"),
        Binding("left,h", "turn(-1)", "Change", show=False),
        Binding("enter,r", "run", "Run", key_display="enter"),
        *[Binding(str(i), f"select({i})", "Select run", show=i == 1, key_display="1-4") for i in range(1, 5)],
        Binding("s", "save", "Save YAML"),
        Binding("x", "drop", "Drop run"),
        Binding("escape", "back", "Back", key_display="esc"),
        Binding("question_mark", "app.help", "Help", show=False),
        Binding("q", "app.quit", "Quit", show=False),
    ]
    DEFAULT_CSS = """
    SandboxScreen #sb-title { height: 1; background: $panel; text-style: bold; }
    SandboxScreen #sb-body { height: 1fr; }
    SandboxScreen #sb-knobs { width: 46; height: auto; padding: 0 1; }
    SandboxScreen #sb-right { width: 1fr; }
    SandboxScreen #sb-chart { height: 1fr; min-height: 5; }
    SandboxScreen #sb-runs { height: auto; }
    SandboxScreen #sb-status { height: auto; padding: 0 1; }
    """

    class Finished(Message):
        def __init__(self, choices: sandbox.Choices, scenario: "Scenario", result: "Result | None", error: str | None) -> None:
            super().__init__()
            self.choices, self.scenario, self.result, self.error = choices, scenario, result, error

    def __init__(self, library: "Library", save_dir: Path | None = None) -> None:
        super().__init__()
        self.library = library
        self.save_dir = save_dir or Path.cwd()
        self.choices = sandbox.Choices()
        self.cursor = 0
        self.runs: list[SandboxRun] = []
        self.selected: int | None = None
        """Index into runs of the run that s saves (the newest by default)."""
        self.running = False
        self._numbers = 0
        self.saved: list[Path] = []

    def compose(self) -> ComposeResult:
        yield Static(" Sandbox · build a scenario, run it, compare up to four runs, save one as YAML", id="sb-title")
        with Horizontal(id="sb-body"):
            yield Static(id="sb-knobs")
            with Vertical(id="sb-right"):
                yield LineChart(id="sb-chart")
                yield Static(id="sb-runs")
        yield Static(id="sb-status")
        yield Footer()

    def on_mount(self) -> None:
        self._status("Choose with ↑↓ and ←→, then enter runs it.")
        self.redraw()

    # ---- knobs --------------------------------------------------------------------------------

    def action_knob(self, step: int) -> None:
        self.cursor = (self.cursor + step) % len(sandbox.knobs(self.choices))
        self.redraw()

    def action_turn(self, step: int) -> None:
        knob = sandbox.knobs(self.choices)[self.cursor]
        self.choices = sandbox.turn(self.choices, knob.name, step)
        self.redraw()

    def set_choices(self, choices: sandbox.Choices) -> None:
        self.choices = choices
        self.redraw()

    # ---- runs ---------------------------------------------------------------------------------

    def action_run(self) -> None:
        if self.running:
            return
        try:
            scenario = sandbox.build_scenario(self.choices, f"sandbox-{self._numbers + 1}")
            resolved = sandbox.resolve(self.library, scenario)
        except Exception as exc:  # a combination the model refuses: said, not raised
            self._status(f"✖ This combination cannot run: {exc}")
            return
        self.running = True
        self._status(f"Running: {sandbox.describe(self.choices)}…")
        self._simulate(self.choices, scenario, resolved)

    @work(thread=True, exclusive=True, group="sandbox", exit_on_error=False)
    def _simulate(self, choices: sandbox.Choices, scenario: "Scenario", resolved) -> None:
        from quizsim.race.pool import PoolUnavailable
        from quizsim.race.runner import RunPlan, race

        plans = [RunPlan("run", resolved)]
        cancel = threading.Event()
        pool = getattr(self.app, "race_pool", None)
        try:
            try:
                if pool is None or not pool.ready:
                    raise PoolUnavailable("no warm worker processes")
                outcome = pool.race(plans, choices.seed, cancel, lambda batch: None)
            except PoolUnavailable:
                outcome = race(plans, choices.seed, cancel, lambda batch: None)
            result = outcome.results.get("run")
            error = outcome.errors.get("run")
        except Exception as exc:
            result, error = None, f"{type(exc).__name__}: {exc}"
        self.post_message(self.Finished(choices, scenario, result, error))

    @on(Finished)
    def _finished(self, message: Finished) -> None:
        self.running = False
        if message.result is None:
            self._status(f"✖ The run failed: {message.error}")
            return
        self._numbers += 1
        series = BucketSeries(message.scenario.duration_s)
        for window in message.result.windows:
            series.add(window)
        self.runs.append(SandboxRun(self._numbers, message.choices, message.scenario, message.result, series))
        dropped = ""
        if len(self.runs) > sandbox.MAX_RUNS:
            old = self.runs.pop(0)
            dropped = f" (run #{old.number} dropped: {sandbox.MAX_RUNS} are kept)"
        self.selected = len(self.runs) - 1
        self._status(f"Run #{self._numbers} done{dropped}. s saves it as YAML; 1-4 selects another run.")
        self.redraw()

    def action_select(self, position: int) -> None:
        if 1 <= position <= len(self.runs):
            self.selected = position - 1
            run = self.runs[self.selected]
            self._status(f"Run #{run.number} selected: {sandbox.describe(run.choices)}")
            self.redraw()

    def action_drop(self) -> None:
        if self.selected is not None and self.runs:
            self.runs.pop(self.selected)
            self.selected = len(self.runs) - 1 if self.runs else None
            self.redraw()

    def action_save(self) -> None:
        if self.selected is None or not self.runs:
            self._status("Nothing to save yet: enter runs the scenario first.")
            return
        run = self.runs[self.selected]
        path = sandbox.save(run.scenario, run.choices.seed, sandbox.next_free(self.save_dir))
        self.saved.append(path)
        self._status(f"Saved run #{run.number} to {path}\nRun it again: quizsim sim {path} --seed {run.choices.seed}")

    def action_back(self) -> None:
        self.workers.cancel_group(self, "sandbox")
        self.app.pop_screen() if len(self.app.screen_stack) > 1 else self.app.exit()

    # ---- drawing ------------------------------------------------------------------------------

    def _status(self, text: str) -> None:
        self.query_one("#sb-status", Static).update(Text(text))

    def redraw(self) -> None:
        self.query_one("#sb-knobs", Static).update(self._knobs_text())
        self.query_one("#sb-runs", Static).update(self._runs_table())
        chart = self.query_one(LineChart)
        if not self.runs:
            chart.set_data([], [], 0, ("", "", ""))
            return
        buckets = max(len(run.series.p99_ms) for run in self.runs)
        chart.set_data(
            [ChartSeries(f"#{run.number}", run.series.p99_ms) for run in self.runs],
            [COLOR_CLASSES[i % len(COLOR_CLASSES)] for i in range(len(self.runs))],
            buckets, ("start", "p99 ms, log", "end"),
        )

    def _knobs_text(self) -> Text:
        text = Text()
        for i, knob in enumerate(sandbox.knobs(self.choices)):
            here = i == self.cursor
            text.append("▸ " if here else "  ", style="bold")
            text.append(f"{knob.label:<14}", style="bold" if here else None)
            text.append(f"‹ {sandbox.shown_value(self.choices, knob)} ›" if here else sandbox.shown_value(self.choices, knob),
                        style="reverse" if here else None)
            text.append("\n")
        return text

    def _runs_table(self) -> Table | Text:
        if not self.runs:
            return Text("No runs yet.", style="italic")
        table = Table(box=None, pad_edge=False, expand=False)
        table.add_column("")
        for i, run in enumerate(self.runs):
            mark = "▸" if i == self.selected else " "
            table.add_column(f"{mark}{line_style(i)[0] * 2}#{run.number}", justify="right")
        table.add_row("store", *[sandbox.STORES[r.choices.store].split(",")[0] for r in self.runs])
        table.add_row("load", *[f"{r.choices.rate_per_s:,}/s" + (f" ×{r.choices.spike}" if r.choices.spike else "") for r in self.runs])
        table.add_row("fault", *[dict(sandbox.FAULTS)[r.choices.fault] if r.choices.fault else "none" for r in self.runs])
        for name in STANDARD_ROWS:
            spec = METRICS[name]
            table.add_row(spec.label, *[spec.format(spec.value(r.result)) for r in self.runs])
        return table
