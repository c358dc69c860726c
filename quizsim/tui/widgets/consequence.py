"""The consequence panel: the learner's option and another raced on the question's scenario, live,
then the verdict table and the narrated event log. Compare-all races every option.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import Static

from quizsim.race.chart_text import ChartSeries
from quizsim.text import clock_at
from quizsim.race.runner import RaceBatch, RaceCancelled, RaceOutcome, RunPlan, plan_runs, race
from quizsim.race.view import Lane, RaceView
from quizsim.study.order import Lettering
from quizsim.tui.literal import literal
from quizsim.tui.widgets import panel_text, verdict_table
from quizsim.tui.widgets.line_chart import COLOR_CLASSES, LineChart

if TYPE_CHECKING:
    from quizsim.content import Library, Question
    from quizsim.verdict.matchup import Matchup

TICK_S = 1 / 15
DEFER_MAX_S = 0.08
"""Longest wait for the first data before drawing the panel anyway."""


NOTHING_TO_SIMULATE = (
    "\nThis question has nothing to simulate: it comes with no scenario (a question imported from GIFT or "
    "Aiken, for example). The card shows the right answer and its explanation."
)


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
        self._unsimulated = False
        """The question answered has nothing to simulate: the panel says so instead of racing."""
        self.chosen: tuple[str, ...] = ()
        """The learner's picks, marked in the compare-all table."""
        self.submitted_at: float | None = None
        """perf_counter() when the current race was asked for (read by the benchmark)."""
        self.verdict_shown_at: float | None = None
        """perf_counter() when the current race's verdict was first drawn (read by the benchmark)."""
        self._ticking = False
        """The playback timer runs only while there is something new to show (no CPU while idle)."""
        self._jump = False
        """j/End was pressed during this race: follow the end as results arrive."""

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
        self, library: "Library", question: "Question", matchup: "Matchup", seed: int, on_first_frame: Callable[[], None] | None = None,
        letters: dict[str, str] | None = None,
    ) -> None:
        """Race the learner's option against a correct one (or, if they were right, the runner-up).

        `on_first_frame` runs just before the first frame with data is drawn (or after DEFER_MAX_S),
        so the caller can redraw with it: the answer's feedback and its chart appear in one refresh.
        `letters`: option id → the letter the card shows it under (every label uses it).
        """
        self._start(library, question, matchup.run_ids(), matchup.lanes(), seed, "matchup", matchup, on_first_frame, letters)

    def start_compare(
        self, library: "Library", question: "Question", seed: int, chosen: tuple[str, ...] = (), order: list[str] | None = None
    ) -> None:
        """Race every option; `order`: option ids as the card shows them (rows and letters follow it)."""
        self.chosen = chosen
        ids = list(order) if order else [o.id for o in question.options]
        letters = Lettering(tuple(ids)).letters() if order else None
        self._start(library, question, ids, [(oid, "") for oid in ids], seed, "compare", None, None, letters)

    def _start(self, library, question, ids, shown, seed, mode, matchup, on_first_frame, letters=None) -> None:
        self.cancel()
        if not question.simulated:
            self._nothing_to_simulate(on_first_frame)
            return
        self.submitted_at = time.perf_counter()
        self.question = question
        self.matchup = matchup
        plans = plan_runs(library, question, ids)
        scenario = next((p.resolved.scenario for p in plans if p.resolved is not None), None)
        duration = scenario.duration_s if scenario is not None else 1.0
        self.start_clock = scenario.start_clock if scenario is not None else "00:00"
        replacing = self.view is not None
        self.view = RaceView(plans, shown, duration, seed, mode, letters)
        if (chart := self._chart()) is not None:
            chart.clear()
        if replacing:
            self.redraw()  # r / c: the last race's verdict and events go now, not with the first data
        self._race_id += 1
        self._cancel = threading.Event()
        self._jump = False
        self.verdict_shown_at = None
        self._wake()
        # Draw nothing until the first data arrives (a few ms when the engine is warm): one refresh
        # then shows the feedback and the chart together instead of two full-screen refreshes.
        self._deferred = True
        self._on_first_frame = on_first_frame
        self.set_timer(DEFER_MAX_S, self._end_defer)
        self._race(self._race_id, plans, seed, self._cancel)

    def _nothing_to_simulate(self, on_first_frame: Callable[[], None] | None) -> None:
        """A question with no runs (e.g. imported): say so once instead of racing options that cannot run."""
        self.view = None
        self.question = None
        self._unsimulated = True
        self.redraw()
        if on_first_frame is not None:
            on_first_frame()

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

    def reset(self, preview: str = "", *, simulated: bool = True) -> None:
        """Back to the state before answering; `preview` describes the scenario that will run
        (`simulated=False`: the question has nothing to simulate, and the panel says so)."""
        self.cancel()
        self.preview = preview
        self._unsimulated = not simulated
        self.view = None
        self.question = None
        self._sleep()
        if (chart := self._chart()) is not None:
            chart.clear()
        self.redraw()

    def on_unmount(self) -> None:
        """The race's workers stop at their next window; nothing is drawn any more."""
        self._on_first_frame = None
        if self._cancel is not None:
            self._cancel.set()

    @work(thread=True, exclusive=True, group="race", exit_on_error=False)
    def _race(self, race_id: int, plans: list[RunPlan], seed: int, cancel: threading.Event) -> None:
        """Race in the app's worker processes when they run, else here in this thread."""
        from quizsim.race.pool import PoolUnavailable

        def emit(batch: RaceBatch) -> None:
            self.post_message(self.Progress(race_id, batch))

        pool = getattr(self.app, "race_pool", None)
        try:
            try:
                if pool is None or not pool.ready:  # still warming (or off): this thread is quicker now
                    raise PoolUnavailable("no warm worker processes")
                outcome = pool.race(plans, seed, cancel, emit)
            except PoolUnavailable:
                outcome = race(plans, seed, cancel, emit)
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
            self._wake()

    def faster(self) -> None:
        if self.view is not None:
            self.view.playback.faster()
            self.redraw()
            self._wake()

    def slower(self) -> None:
        if self.view is not None:
            self.view.playback.slower()
            self.redraw()
            self._wake()

    def jump_to_end(self) -> None:
        """Show the end now, and keep at the end while the race runs: the verdict the moment results exist."""
        if self.view is not None:
            self._jump = True
            self._follow_end()
            self.redraw()
            self._note_verdict()
            self._wake()

    def _follow_end(self) -> None:
        assert self.view is not None
        self.view.playback.jump_to_end()
        self.view.tick(0)  # no further than what has been computed

    # ---- the playback timer: ticking only while something moves ------------------------------

    def _wake(self) -> None:
        """Run the timer again (new data, a key); the idle time does not count as played."""
        if not self._ticking:
            self._ticking = True
            self._last_tick = time.monotonic()
            self._timer.resume()

    def _sleep(self) -> None:
        self._ticking = False
        self._timer.pause()

    def _idle(self) -> bool:
        """Nothing will change on screen until a key or data arrives."""
        view = self.view
        if view is None or view.playback.paused:
            return True
        if not view.running:
            return view.complete or view.cancelled or view.failure is not None
        return view.playback.playhead_s >= view.computed_to_s() - 1e-9  # caught up with the engine

    def _note_verdict(self) -> None:
        view = self.view
        if self.verdict_shown_at is None and view is not None and view.complete and not view.all_failed:
            self.verdict_shown_at = time.perf_counter()

    # ---- messages from the worker ------------------------------------------------------------

    @on(Progress)
    def _on_progress(self, message: Progress) -> None:
        if self.view is None or message.race_id != self._race_id:
            return
        first = self.view.computed_to_s() <= 0 or all(l.series.filled_to_s <= 0 for l in self.view.visible_lanes())
        self.view.apply(message.batch)
        if self._jump:
            self._follow_end()
        self._wake()
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
        if self._jump:
            self._follow_end()
        self._end_defer()
        self.redraw()
        self._note_verdict()
        self._wake()

    def _pick_runner_up(self) -> None:
        """Show the wrong option the judge ranks best beside the learner's right answer."""
        from quizsim.verdict.rank import rank

        assert self.view is not None and self.question is not None and self.matchup is not None
        results = {
            oid: lane.result for oid in self.matchup.run_ids()
            if (lane := self.view.lanes.get(oid)) is not None and lane.result is not None
        }
        pair = self.matchup.settle_runner_up(rank(self.question, results).order) if results else None
        if pair is None:
            self.view.note = "No wrong option could be simulated, so there is nothing to compare with."
            return
        self.view.show([(pair[0], "yours"), (pair[1], "runner-up")])

    def _tick(self) -> None:
        now = time.monotonic()
        wall, self._last_tick = now - self._last_tick, now
        view = self.view
        if view is None:
            self._sleep()
            return
        if self._deferred:
            return
        view.tick(wall)
        self.redraw()
        self._note_verdict()
        if self._idle():
            self._sleep()

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
            if self._unsimulated:
                put(status, Text(NOTHING_TO_SIMULATE.strip()))
                put(legend, Text(""))
            else:
                put(status, Text("Answer the question to see what your choice would do, beside the best answer."))
                put(legend, literal(self.preview))  # the scenario's title and description
            for widget in (lines, errors, verdict, events):
                put(widget, Text(""))
            chart.display = False
            return
        chart.display = True
        put(title, panel_text.title_text(view, self.matchup))
        put(status, panel_text.status_text(view, self.start_clock))
        lanes = view.visible_lanes()
        colors = self._colors(lanes)
        put(legend, panel_text.legend_text(lanes, self._charts_store_latency()))
        head = view.playback.playhead_s
        visible = max((lane.series.visible_buckets(head) for lane in lanes), default=0)
        duration = view.duration_s
        x_labels = tuple(clock_at(self.start_clock, t) for t in (0, duration / 2, duration))
        store = self._charts_store_latency()
        chart.set_data(
            [ChartSeries(lane.label, lane.series.store_p99_ms if store else lane.series.p99_ms) for lane in lanes],
            colors, visible, x_labels, panel_text.marks(view, lanes),
        )
        # Room for the vertical scrollbar whether or not it shows now: the lines keep one layout.
        put(lines, panel_text.lines_text(view, lanes, (self.size.width or 80) - self.styles.scrollbar_size_vertical))
        put(errors, panel_text.errors_text(view))
        if view.complete and not view.all_failed:
            # Built once per finished race and layout; the key says when it must be rebuilt.
            key = ("verdict", self._race_id, tuple(view.shown), self.size.width)
            self._put_built(verdict, key, lambda: verdict_table.verdict(view, self.question, self.chosen, self.matchup))
        elif not (view.cancelled or view.failure or view.all_failed):
            put(verdict, Text("Verdict: when the run ends (j jumps to the end).", style="italic"))
        else:
            put(verdict, Text(""))
        shown_events = view.visible_events()
        # Events only accumulate during a race: their count says when the log must be rebuilt.
        key = ("events", self._race_id, tuple(view.shown), len(shown_events))
        self._put_built(events, key, lambda: panel_text.events_table(view, shown_events))

    def _put(self, widget: Static, text: Text) -> None:
        """Update a Static only when its text changed: every update re-lays out the panel."""
        key = (text.plain, tuple((span.start, span.end, str(span.style)) for span in text.spans), str(text.style))
        if self._last.get(widget.id) != key:
            widget.update(text)
            self._last[widget.id] = key

    def _put_built(self, widget: Static, key: tuple, build: Callable[[], RenderableType]) -> None:
        """Update a Static with a table built only when `key` (what the table shows) changed."""
        if self._last.get(widget.id) != key:
            widget.update(build())
            self._last[widget.id] = key

    def _charts_store_latency(self) -> bool:
        """Questions about the store's own latency chart the store's p99, the rest the requests' p99."""
        judge = self.question.judge if self.question is not None else None
        return judge is not None and judge.metric.startswith("store_")

    def _colors(self, lanes: list[Lane]) -> list[str]:
        if self.view is not None and self.view.mode == "compare":
            return [COLOR_CLASSES[(i + 2) % len(COLOR_CLASSES)] for i in range(len(lanes))]
        by_role = {"yours": COLOR_CLASSES[0], "best": COLOR_CLASSES[1], "runner-up": COLOR_CLASSES[2]}
        return [by_role.get(lane.role, COLOR_CLASSES[2]) for lane in lanes]
