"""The presenter's race board: the consequence panel's races, drawn compact for a projector.

A chart and a one-line-per-option verdict side by side, a status line and the latest narrated events,
so that question, votes, chart and verdict fit one 80×24 screen. Races, the worker processes, pause and
jump come from ConsequencePanel; this adds stepping to the next event and racing any options alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.widgets import Static

from quizsim.race.chart_text import ChartSeries
from quizsim.text import clock_at
from quizsim.tui.literal import literal
from quizsim.tui.widgets import panel_text
from quizsim.tui.widgets.consequence import ConsequencePanel
from quizsim.tui.widgets.line_chart import COLOR_CLASSES, LineChart
from quizsim.tui.widgets.presenter_text import events_lines, status_line, verdict_lines

if TYPE_CHECKING:
    from quizsim.content import Library, Question

STEP_FRACTION = 0.05
"""Without a later event, a step moves this share of the run."""


class PresenterBoard(ConsequencePanel):
    """Chart, verdict and events of one race; `revealed` adds the answer key's ✓/✗ to the verdict."""

    DEFAULT_CSS = """
    PresenterBoard { height: 1fr; overflow: hidden hidden; padding: 0; }
    PresenterBoard #pb-status { height: 1; }
    PresenterBoard #pb-row { height: 1fr; min-height: 6; }
    PresenterBoard #cq-chart { width: 1fr; height: 1fr; min-height: 4; }
    PresenterBoard #cq-verdict { width: 39; height: auto; max-height: 100%; padding-left: 1; }
    PresenterBoard #cq-events { height: 2; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.revealed = False
        self.option_order: list[str] = []
        """Every option id of the question, in letter order (colours and letters follow it)."""

    def compose(self) -> ComposeResult:
        yield Static(id="pb-status")
        with Horizontal(id="pb-row"):
            yield LineChart(id="cq-chart")
            yield Static(id="cq-verdict")
        yield Static(id="cq-events")

    def start_options(self, library: "Library", question: "Question", seed: int, option_ids: list[str], order: list[str]) -> None:
        """Race `option_ids` side by side on `seed` (one id: that option alone); letters follow `order`."""
        from quizsim.study.order import Lettering

        self.option_order = list(order)
        letters = Lettering(tuple(order)).letters()
        self._start(library, question, list(option_ids), [(oid, "") for oid in option_ids], seed, "compare", None, None, letters)

    def step(self) -> None:
        """Pause, then move the playhead to the next narrated event (or a short way on), never past the engine."""
        view = self.view
        if view is None:
            return
        view.playback.paused = True
        head = view.playback.playhead_s
        later = sorted(e.t_s for lane in view.visible_lanes() for e in lane.events if e.t_s > head + 1e-9)
        target = later[0] if later else head + view.duration_s * STEP_FRACTION
        view.playback.playhead_s = min(target, view.duration_s)
        view.tick(0)  # no further than what has been computed
        self.redraw()
        self._note_verdict()

    def redraw(self) -> None:
        chart = self._chart()
        if chart is None or not self.is_attached:
            return
        try:
            status, verdict, events = (self.query_one(f"#{name}", Static) for name in ("pb-status", "cq-verdict", "cq-events"))
        except NoMatches:
            return
        view = self.view
        if view is None:
            self._put(status, Text("Race: a–e runs one option alone, g races every option (same seed)."))
            self._put(verdict, Text(""))
            self._put(events, literal(self.preview))  # the playlist's overrides
            chart.set_data([], [], 0, ("", "", ""))
            return
        lanes = view.visible_lanes()
        store = self._charts_store_latency()
        self._put(status, status_line(view, self.start_clock, store))
        head = view.playback.playhead_s
        visible = max((lane.series.visible_buckets(head) for lane in lanes), default=0)
        colors = [COLOR_CLASSES[(self._index(lane.option_id) + 2) % len(COLOR_CLASSES)] for lane in lanes]
        x_labels = tuple(clock_at(self.start_clock, t) for t in (0, view.duration_s / 2, view.duration_s))
        chart.set_data(
            [ChartSeries(lane.label, lane.series.store_p99_ms if store else lane.series.p99_ms) for lane in lanes],
            colors, visible, x_labels, panel_text.marks(view, lanes),
        )
        self._put(verdict, verdict_lines(view, self.question, self.revealed))
        if view.complete:
            self._note_verdict()
        width = max(20, (events.size.width or self.size.width or 80))
        self._put(events, events_lines(view, width, lines=2))

    def _index(self, option_id: str) -> int:
        return self.option_order.index(option_id) if option_id in self.option_order else 0
