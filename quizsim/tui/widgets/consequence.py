"""The consequence panel: the learner's option and another raced on the question's scenario, live,
then the verdict table and the narrated event log. Compare-all races every option.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import Static

from quizsim.tui.chart_render import ChartSeries, line_style, sparkline
from quizsim.tui.race import RaceBatch, RaceCancelled, RaceOutcome, RunPlan, plan_runs, race
from quizsim.tui.race_view import Lane, RaceView
from quizsim.tui.widgets.line_chart import COLOR_CLASSES, LineChart

if TYPE_CHECKING:
    from quizsim.content import Library, Question
    from quizsim.study.matchup import Matchup

TICK_S = 1 / 15
DEFER_MAX_S = 0.08
"""Longest wait for the first data before drawing the panel anyway."""
MAX_EVENT_LINES = 200
MARK_GLYPHS = {"scale": "▲", "failure": "✖", "outage": "✖", "phase": "◆"}


def _constraint_text(constraint) -> str:
    """'sessions_lost at most 0', 'durable'."""
    name = constraint.metric.replace("_", " ")
    if constraint.max is not None:
        return f"{name} at most {constraint.max:g}"
    return name if constraint.equals in (None, True) else f"not {name}"


def clock_at(start_clock: str, t_s: float) -> str:
    """'09:00' + 1830 s → '09:30'."""
    try:
        hours, minutes = (int(x) for x in start_clock.split(":"))
    except ValueError:
        hours, minutes = 0, 0
    total = hours * 60 + minutes + int(t_s // 60)
    return f"{(total // 60) % 24:02d}:{total % 60:02d}"


class ConsequencePanel(VerticalScroll):
    """Races options in a thread worker and reveals the runs at the playback speed."""

    class Progress(Message):
        def __init__(self, race_id: int, batch: RaceBatch) -> None:
            super().__init__()
            self.race_id = race_id
            self.batch = batch

    class Done(Message):
        def __init__(self, race_id: int, outcome: RaceOutcome | None, cancelled: bool = False, failure: str | None = None) -> None:
            super().__init__()
            self.race_id = race_id
            self.outcome = outcome
            self.cancelled = cancelled
            self.failure = failure

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view: RaceView | None = None
        self.question: Question | None = None
        self.matchup: Matchup | None = None
        self.start_clock = "00:00"
        self._race_id = 0
        self._cancel: threading.Event | None = None
        self._last_tick = 0.0
        self._deferred = False
        self._on_first_frame: Callable[[], None] | None = None
        self._last: dict[str | None, object] = {}
        """What each Static shows now, to skip updates that change nothing."""
        self.preview = ""
        self.chosen: tuple[str, ...] = ()
        """The learner's picks, marked in the compare-all table."""
        self.submitted_at: float | None = None
        """perf_counter() when the current race was asked for (read by the benchmark)."""

    def compose(self) -> ComposeResult:
        yield Static(id="cq-title")
        yield Static(id="cq-status")
        yield Static(id="cq-legend")
        yield LineChart(id="cq-chart")
        yield Static(id="cq-lines")
        yield Static(id="cq-errors")
        yield Static(id="cq-verdict")
        yield Static(id="cq-events")

    def on_mount(self) -> None:
        self._timer = self.set_interval(TICK_S, self._tick, pause=True)

    # ---- starting and stopping -------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.view is not None and self.view.running

    def start_matchup(
        self, library: "Library", question: "Question", matchup: "Matchup", seed: int, on_first_frame: Callable[[], None] | None = None
    ) -> None:
        """Race the learner's option against a correct one (or, if they were right, the runner-up).

        `on_first_frame` runs just before the first frame with data is drawn (or after DEFER_MAX_S),
        so the caller can redraw with it: the answer's feedback and its chart appear in one refresh.
        """
        ids = [matchup.yours] + ([matchup.other] if matchup.other else list(matchup.candidates))
        shown = [(matchup.yours, "yours")] + ([(matchup.other, matchup.role)] if matchup.other else [])
        self._start(library, question, ids, shown, seed, "matchup", matchup, on_first_frame)

    def start_compare(self, library: "Library", question: "Question", seed: int, chosen: tuple[str, ...] = ()) -> None:
        self.chosen = chosen
        ids = [o.id for o in question.options]
        self._start(library, question, ids, [(oid, "") for oid in ids], seed, "compare", None, None)

    def _start(self, library, question, ids, shown, seed, mode, matchup, on_first_frame) -> None:
        self.cancel()
        self.submitted_at = time.perf_counter()
        self.question = question
        self.matchup = matchup
        plans = plan_runs(library, question, ids)
        scenario = next((p.resolved.scenario for p in plans if p.resolved is not None), None)
        duration = scenario.duration_s if scenario is not None else 1.0
        self.start_clock = scenario.start_clock if scenario is not None else "00:00"
        self.view = RaceView(plans, shown, duration, seed, mode)
        if (chart := self._chart()) is not None:
            chart.clear()
        self._race_id += 1
        self._cancel = threading.Event()
        self._last_tick = time.monotonic()
        self._timer.resume()
        # Draw nothing until the first data arrives (a few ms when the engine is warm): one refresh
        # then shows the feedback and the chart together instead of two full-screen refreshes.
        self._deferred = True
        self._on_first_frame = on_first_frame
        self.set_timer(DEFER_MAX_S, self._end_defer)
        self._race(self._race_id, plans, seed, self._cancel)

    def _end_defer(self) -> None:
        if not self._deferred:
            return
        self._deferred = False
        callback, self._on_first_frame = self._on_first_frame, None
        self.redraw()
        if callback is not None:
            callback()

    def cancel(self) -> bool:
        """Stop a running race (Esc); returns True when there was one."""
        if self._cancel is not None:
            self._cancel.set()
        self.workers.cancel_group(self, "race")
        if self.view is not None and self.view.running:
            self.view.stop(cancelled=True)
            self._race_id += 1  # late messages of the cancelled race are ignored
            self._end_defer()
            self.redraw()
            return True
        return False

    def reset(self, preview: str = "") -> None:
        """Back to the state before answering; `preview` describes the scenario that will run."""
        self.cancel()
        self.preview = preview
        self.view = None
        self.question = None
        self._timer.pause()
        if (chart := self._chart()) is not None:
            chart.clear()
        self.redraw()

    @work(thread=True, exclusive=True, group="race", exit_on_error=False)
    def _race(self, race_id: int, plans: list[RunPlan], seed: int, cancel: threading.Event) -> None:
        try:
            outcome = race(plans, seed, cancel, lambda batch: self.post_message(self.Progress(race_id, batch)))
        except RaceCancelled:
            self.post_message(self.Done(race_id, None, cancelled=True))
        except Exception as exc:  # the engine failing must never take the app down
            self.post_message(self.Done(race_id, None, failure=f"{type(exc).__name__}: {exc}"))
        else:
            self.post_message(self.Done(race_id, outcome))

    # ---- playback controls ----------------------------------------------------------------

    def toggle_pause(self) -> None:
        if self.view is not None:
            self.view.playback.toggle_pause()
            self.redraw()

    def faster(self) -> None:
        if self.view is not None:
            self.view.playback.faster()
            self.redraw()

    def slower(self) -> None:
        if self.view is not None:
            self.view.playback.slower()
            self.redraw()

    def jump_to_end(self) -> None:
        if self.view is not None:
            self.view.playback.jump_to_end()
            self.view.tick(0)
            self.redraw()

    # ---- messages from the worker ------------------------------------------------------------

    @on(Progress)
    def _on_progress(self, message: Progress) -> None:
        if self.view is None or message.race_id != self._race_id:
            return
        first = self.view.computed_to_s() <= 0 or all(l.series.filled_to_s <= 0 for l in self.view.visible_lanes())
        self.view.apply(message.batch)
        if first:
            self.view.tick(0)
            if self._deferred:
                self._end_defer()
            else:
                self.redraw()  # the first frame goes out at once; later ones ride the playback timer

    @on(Done)
    def _on_done(self, message: Done) -> None:
        if self.view is None or message.race_id != self._race_id:
            return
        if message.outcome is not None:
            self.view.finish(message.outcome)
            if self.view.mode == "matchup" and self.matchup is not None and self.matchup.other is None:
                self._pick_runner_up()
        else:
            self.view.stop(cancelled=message.cancelled, failure=message.failure)
        self._end_defer()
        self.redraw()

    def _pick_runner_up(self) -> None:
        from quizsim.study.matchup import runner_up

        assert self.view is not None and self.question is not None and self.matchup is not None
        standings = []
        for oid in self.matchup.candidates:
            lane = self.view.lanes.get(oid)
            plan = self.view.plans.get(oid)
            if lane is None or lane.result is None or plan is None or plan.resolved is None:
                continue
            try:
                from quizsim.sim.judge import standing

                standings.append(standing(self.question.judge, oid, lane.result, plan.resolved))
            except Exception as exc:
                lane.error = f"cannot judge: {exc}"
        best_wrong = runner_up(self.question.judge, standings) if standings else None
        if best_wrong is None:
            self.view.note = "No wrong option could be simulated, so there is nothing to compare with."
            return
        self.view.show([(self.matchup.yours, "yours"), (best_wrong, "runner-up")])

    def _tick(self) -> None:
        now = time.monotonic()
        wall, self._last_tick = now - self._last_tick, now
        view = self.view
        if view is None:
            self._timer.pause()
            return
        if self._deferred:
            return
        view.tick(wall)
        self.redraw()
        if (view.complete or view.cancelled or view.failure) and not view.running:
            self._timer.pause()

    # ---- drawing ------------------------------------------------------------------------------

    def _chart(self) -> LineChart | None:
        """The chart, or None while the panel is composing or being removed (timers can still fire)."""
        charts = self.query(LineChart)
        return charts.first() if charts else None

    def redraw(self) -> None:
        chart = self._chart()
        if chart is None or not self.is_attached:
            return
        try:
            title, status, legend, lines, errors, verdict, events = (
                self.query_one(f"#cq-{name}", Static) for name in ("title", "status", "legend", "lines", "errors", "verdict", "events")
            )
        except NoMatches:
            return
        view = self.view
        put = self._put
        if view is None:
            put(title, Text("What happens", style="bold"))
            put(status, Text("Answer the question to see what your choice would do, beside the best answer."))
            put(legend, Text(self.preview))
            for widget in (lines, errors, verdict, events):
                put(widget, Text(""))
            chart.display = False
            return
        chart.display = True
        put(title, self._title_text(view))
        put(status, self._status_text(view))
        lanes = view.visible_lanes()
        colors = self._colors(lanes)
        put(legend, self._legend_text(lanes))
        head = view.playback.playhead_s
        visible = max((lane.series.visible_buckets(head) for lane in lanes), default=0)
        duration = view.duration_s
        x_labels = (clock_at(self.start_clock, 0), clock_at(self.start_clock, duration / 2), clock_at(self.start_clock, duration))
        store = self._charts_store_latency()
        chart.set_data(
            [ChartSeries(lane.label, lane.series.store_p99_ms if store else lane.series.p99_ms) for lane in lanes],
            colors, visible, x_labels, self._marks(view, lanes),
        )
        put(lines, self._lines_text(view, lanes))
        put(errors, self._errors_text(view))
        if view.complete and not view.all_failed:
            # Built once per finished race and layout; the key says when it must be rebuilt.
            key = ("verdict", self._race_id, tuple(view.shown), self.size.width)
            if self._last.get(verdict.id) != key:
                verdict.update(self._verdict(view))
                self._last[verdict.id] = key
        elif not (view.cancelled or view.failure or view.all_failed):
            put(verdict, Text("Verdict: when the run ends (j jumps to the end).", style="italic"))
        else:
            put(verdict, Text(""))
        put(events, self._events_text(view))

    def _put(self, widget: Static, text: Text) -> None:
        """Update a Static only when its text changed: every update re-lays out the panel."""
        key = (text.plain, tuple((span.start, span.end, str(span.style)) for span in text.spans), str(text.style))
        if self._last.get(widget.id) != key:
            widget.update(text)
            self._last[widget.id] = key

    def _charts_store_latency(self) -> bool:
        """Questions about the store's own latency chart the store's p99, the rest the requests' p99."""
        return self.question is not None and self.question.judge.metric.startswith("store_")

    def _colors(self, lanes: list[Lane]) -> list[str]:
        if self.view is not None and self.view.mode == "compare":
            return [COLOR_CLASSES[(i + 2) % len(COLOR_CLASSES)] for i in range(len(lanes))]
        by_role = {"yours": COLOR_CLASSES[0], "best": COLOR_CLASSES[1], "runner-up": COLOR_CLASSES[2]}
        return [by_role.get(lane.role, COLOR_CLASSES[2]) for lane in lanes]

    def _title_text(self, view: RaceView) -> Text:
        if view.mode == "compare":
            return Text(f"Compare all: every option on seed {view.seed}", style="bold")
        m = self.matchup
        if m is None:
            return Text("What happens", style="bold")
        if m.other is not None:
            return Text(f"Your answer {m.yours.upper()} vs the best answer {m.other.upper()}", style="bold")
        shown = [l for l in view.visible_lanes() if l.role == "runner-up"]
        if shown:
            return Text(
                f"Your answer {m.yours.upper()} (right) vs the closest wrong answer {shown[0].option_id.upper()}",
                style="bold",
            )
        return Text(f"Your answer {m.yours.upper()} (right); racing the wrong answers to find the closest…", style="bold")

    def _status_text(self, view: RaceView) -> Text:
        head = view.playback.playhead_s
        parts = [f"seed {view.seed}", f"{clock_at(self.start_clock, head)} of {clock_at(self.start_clock, view.duration_s)}"]
        if view.cancelled:
            parts.append(f"■ cancelled at {view.progress():.0%} (r runs it again)")
        elif view.failure:
            parts.append("✖ simulation failed")
        elif view.all_failed:
            parts.append("✖ no run finished")
        elif view.running:
            parts.append(f"computing {view.progress():.0%}")
            parts.append(view.playback.speed_label())
        elif not view.complete:
            parts.append(view.playback.speed_label())
        else:
            parts.append("✓ finished")
        return Text(" · ".join(parts))

    def _legend_text(self, lanes: list[Lane]) -> Text:
        text = Text("session-store p99 ms, log  " if self._charts_store_latency() else "p99 ms, log  ")
        for i, lane in enumerate(lanes):
            text.append(line_style(i)[0] * 2 + " ")
            text.append(lane.label + "  ")
        text.append("· ≡ overlap ▲ capacity ✖ failure ◆ traffic", style="italic")
        return text

    def _marks(self, view: RaceView, lanes: list[Lane]) -> list[tuple[int, str]]:
        head = view.playback.playhead_s
        marks: dict[int, str] = {}
        for lane in lanes:
            for t_s, _ in lane.series.capacity_changes:
                if t_s <= head:
                    marks[lane.series.bucket_of(t_s)] = "▲"
            for event in lane.events:
                glyph = MARK_GLYPHS.get(event.kind)
                if glyph and event.t_s <= head and glyph != "▲":
                    marks.setdefault(lane.series.bucket_of(event.t_s), glyph)
        return sorted(marks.items())

    def _lines_text(self, view: RaceView, lanes: list[Lane]) -> Text:
        from quizsim.study.verdict import fmt_count, fmt_usd

        head = view.playback.playhead_s
        width = max(10, (self.size.width or 80) - 4)
        spark_w = max(3, min(30, (width - 50) // 2))
        text = Text()
        for i, lane in enumerate(lanes):
            if i:
                text.append("\n")
            n = lane.series.visible_buckets(head)
            errors = sum(lane.series.errors[:n])
            lost = sum(lane.series.sessions_lost[:n])
            text.append(f"{lane.option_id.upper():>2} ", style="bold")
            text.append(f"errors {sparkline(lane.series.errors, n, spark_w)} {fmt_count(errors):>7}  ")
            text.append(f"lost {sparkline(lane.series.sessions_lost, n, spark_w)} {fmt_count(lost):>6}  ")
            text.append(f"cost {fmt_usd(lane.series.cost_at(head))}")
            changes = [c for t, c in lane.series.capacity_changes if t <= head]
            if changes:
                text.append(f"  ▲ {changes[-1]}")
        return text

    def _errors_text(self, view: RaceView) -> Text:
        text = Text()
        if view.failure:
            text.append(f"✖ The simulation failed: {view.failure}\n", style="bold")
        for lane in view.lanes.values():
            if lane.error:
                text.append(f"✖ Option {lane.option_id.upper()} could not be simulated: {lane.error}\n")
        if view.note:
            text.append(view.note + "\n")
        return text

    def _events_text(self, view: RaceView) -> Text:
        events = view.visible_events()
        if not events:
            return Text("")
        # The same event in several runs (a traffic phase of the shared scenario) is told once.
        merged: dict[tuple[float, str], list[str]] = {}
        for oid, event in events:
            merged.setdefault((event.t_s, event.text.strip()), []).append(oid.upper())
        width = max(len(",".join(who)) for who in merged.values())
        text = Text()
        text.append("Events\n", style="bold underline")
        for (_, line), who in list(merged.items())[-MAX_EVENT_LINES:]:
            text.append(f"{','.join(who):>{width}} │ ", style="bold")
            text.append(line + "\n")
        return text

    def _verdict(self, view: RaceView) -> Table | Text:
        try:
            return self._compare_table(view) if view.mode == "compare" else self._matchup_table(view)
        except Exception as exc:  # a result missing a field must not break the screen
            return Text(f"✖ Could not build the verdict: {type(exc).__name__}: {exc}")

    def _matchup_table(self, view: RaceView) -> Table | Text:
        from quizsim.content.question import TRAIT_METRICS
        from quizsim.sim.judge import metric_value
        from quizsim.study.verdict import metric_row, trait_row, verdict_rows

        lanes = view.visible_lanes()
        if len(lanes) < 2 or lanes[0].result is None or lanes[1].result is None:
            return Text("No verdict: one of the two runs did not finish.", style="italic")
        yours, other = lanes
        judge = self.question.judge if self.question is not None else None
        rows = verdict_rows(yours.result.summary, other.result.summary, judge.metric if judge is not None else None)
        if judge is not None:
            a, b = view.plans[yours.option_id].resolved, view.plans[other.option_id].resolved
            covered = {row.key for row in rows}
            wanted = [judge.metric, *(c.metric for c in judge.constraints)]
            for position, metric in enumerate(m for m in dict.fromkeys(wanted) if m not in covered):
                if metric in TRAIT_METRICS:
                    row = trait_row(TRAIT_METRICS[metric], metric, getattr(a.store.traits, metric), getattr(b.store.traits, metric))
                else:
                    row = metric_row(metric, metric_value(metric, yours.result, a), metric_value(metric, other.result, b))
                rows.insert(position, row)
        judged = next((row for row in rows if judge is not None and row.key == judge.metric), rows[0])
        required = {c.metric for c in judge.constraints} if judge is not None else set()
        headline = f"Verdict: {judged.difference}"
        failed = self._violations(view, yours.option_id)
        if failed and not self._violations(view, other.option_id):
            # A requirement the learner's option breaks outweighs the metric it may win on.
            broken = next((row for row in rows if row.key in required and row.mark == "✗"), None)
            headline = "Verdict: breaks a requirement: " + (broken.difference if broken else "; ".join(failed))
        table = Table(title=headline, title_justify="left", expand=True, show_edge=False, pad_edge=False)
        table.add_column("metric", no_wrap=True)
        table.add_column(f"yours {yours.option_id.upper()}", justify="right", no_wrap=True)
        table.add_column(f"{other.role} {other.option_id.upper()}", justify="right", no_wrap=True)
        table.add_column("difference", ratio=1)
        words = {"✗": "✗ worse", "✓": "✓ better", "=": "= same"}
        for row in rows:
            star = "★ " if judge is not None and row.key == judge.metric else ("! " if row.key in required else "  ")
            difference = words[row.mark] if row.short == "same" else f"{row.mark} {row.short}"
            table.add_row(star + row.metric, row.yours, row.other, difference)
        if judge is not None:
            caption = f"★ what the question asks for: {judge.description}"
            if judge.constraints:
                caption += "; ! required: " + ", ".join(_constraint_text(c) for c in judge.constraints)
            table.caption = caption
            table.caption_justify = "left"
        return table

    def _violations(self, view: RaceView, option_id: str) -> tuple[str, ...]:
        """The judge's requirements this option's run breaks (empty when it meets them all)."""
        from quizsim.sim.judge import standing

        lane, plan = view.lanes.get(option_id), view.plans.get(option_id)
        if self.question is None or lane is None or lane.result is None or plan is None or plan.resolved is None:
            return ()
        return standing(self.question.judge, option_id, lane.result, plan.resolved).violations

    def _compare_table(self, view: RaceView) -> Table | Text:
        from quizsim.sim.judge import standing, winners
        from quizsim.study.verdict import fmt_count, fmt_ms, fmt_usd

        question = self.question
        done = [lane for lane in view.lanes.values() if lane.result is not None]
        if not done:
            return Text("No option produced a result.", style="italic")
        standings = {}
        if question is not None:
            for lane in done:
                plan = view.plans[lane.option_id]
                standings[lane.option_id] = standing(question.judge, lane.option_id, lane.result, plan.resolved)
        top = set(winners(question.judge, list(standings.values()), count=question.choose)) if question else set()
        correct = {o.id for o in question.options if o.correct} if question else set()
        table = Table(title="All options, same seed", title_justify="left", expand=True, show_edge=False, pad_edge=False)
        for name, justify in (("option", "left"), ("key", "left"), ("p99", "right"), ("errors", "right"), ("lost", "right"), ("$/month", "right"), ("simulation", "left")):
            table.add_column(name, justify=justify)
        chosen = set(self.chosen)
        for lane in view.lanes.values():
            key = "✓ right" if lane.option_id in correct else "✗ wrong"
            name = lane.option_id.upper() + (" ← you" if lane.option_id in chosen else "")
            if lane.result is None:
                table.add_row(name, key, "—", "—", "—", "—", "✖ no result")
                continue
            s = lane.result.summary
            st = standings.get(lane.option_id)
            verdict = "★ wins" if lane.option_id in top else ""
            if st is not None and st.violations:
                verdict = (verdict + " fails " + ", ".join(st.violations)).strip()
            table.add_row(
                name, key, fmt_ms(s.latency_ms.get("p99", 0.0)), fmt_count(s.errors.get("total", 0)),
                fmt_count(s.sessions_lost), fmt_usd(s.cost_usd_per_month), verdict,
            )
        if question is not None:
            agree = top == correct
            table.caption = f"judged on {question.judge.description}: " + (
                "the simulation agrees with the answer key" if agree else "⚠ the simulation ranks differently from the answer key"
            )
            table.caption_justify = "left"
        return table
