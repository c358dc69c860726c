"""The text lines of the consequence panel (title, status, legend, per-option lines, errors, events),
as functions of the race view. Symbols and words carry the meaning; colour only repeats it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.table import Table
from rich.text import Text

from quizsim.race.chart_text import line_style, sparkline
from quizsim.race.view import Lane, RaceView
from quizsim.text import clock_at, fmt_count, fmt_usd
from quizsim.text_safety import visible, visible_line
from quizsim.tui.literal import literal

if TYPE_CHECKING:
    from quizsim.sim.result import Event
    from quizsim.verdict.matchup import Matchup

MAX_EVENT_LINES = 200
LATENCY_NOTE = "   latency counts successful requests only; failures are errors"
MARK_GLYPHS = {"scale": "▲", "failure": "✖", "outage": "✖", "phase": "◆"}


def title_text(view: RaceView, matchup: "Matchup | None") -> Text:
    if view.mode == "compare":
        return Text(f"Compare all: every option on seed {view.seed}", style="bold")
    if matchup is None:
        return Text("What happens", style="bold")
    yours = _names(view, matchup.picks)
    if matchup.other is not None:
        title = f"Your answer {yours} vs the best answer {_names(view, matchup.best)}"
        if len(matchup.best) > 1:
            shared = f"{_names(view, matchup.shared)} in both; " if matchup.shared else ""
            races = ", ".join(f"{view.letter(y)} races {view.letter(o)}" for y, o in matchup.pairs if o is not None)
            title += f" ({matchup.grade.right} of {matchup.grade.of} right): {shared}{races}"
        return Text(title, style="bold")
    lanes = view.visible_lanes()
    runner_up = next((lane for lane in lanes if lane.role == "runner-up"), None)
    if runner_up is not None:
        mine = next((lane.letter for lane in lanes if lane.role == "yours"), view.letter(matchup.yours))
        raced = f": {mine}" if len(matchup.picks) > 1 else ""
        return Text(f"Your answer {yours} (right){raced} vs the closest wrong answer {runner_up.letter}", style="bold")
    return Text(f"Your answer {yours} (right); racing the wrong answers to find the closest…", style="bold")


def _names(view: RaceView, option_ids) -> str:
    """'A+C': shown letters joined in shown order."""
    return "+".join(sorted((view.letter(oid) for oid in option_ids), key=lambda letter: (len(letter), letter)))


def status_text(view: RaceView, start_clock: str) -> Text:
    head = view.playback.playhead_s
    parts = [f"seed {view.seed}", f"{clock_at(start_clock, head)} of {clock_at(start_clock, view.duration_s)}"]
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


def legend_text(lanes: list[Lane], store_latency: bool) -> Text:
    text = Text("session-store p99 ms, log  " if store_latency else "p99 ms, log  ")
    for i, lane in enumerate(lanes):
        text.append(line_style(i)[0] * 2 + " ")
        text.append(lane.label + "  ")
    text.append("· ≡ overlap ▲ capacity ✖ failure ◆ traffic", style="italic")
    return text


def marks(view: RaceView, lanes: list[Lane]) -> list[tuple[int, str]]:
    """(bucket, glyph) under the time axis: capacity changes, failures and traffic changes so far."""
    head = view.playback.playhead_s
    found: dict[int, str] = {}
    for lane in lanes:
        for t_s, _ in lane.series.capacity_changes:
            if t_s <= head:
                found[lane.series.bucket_of(t_s)] = "▲"
        for event in lane.events:
            glyph = MARK_GLYPHS.get(event.kind)
            if glyph and event.t_s <= head and glyph != "▲":
                found.setdefault(lane.series.bucket_of(event.t_s), glyph)
    return sorted(found.items())


LINE_FIXED_CELLS = 50
"""An option's line without its two sparklines: letter, labels, right-aligned totals, a cost of up to
$99,999.99, and a cell to spare."""


def is_jobs_run(view: RaceView, lane: Lane) -> bool:
    """The lane runs queued jobs (a work-queue profile), where 'lost' means jobs, not sessions."""
    plan = getattr(view, "plans", {}).get(lane.option_id)
    store = getattr(getattr(plan, "resolved", None), "store", None)
    return getattr(store, "kind", "") == "work_queue"


def lines_text(view: RaceView, lanes: list[Lane], width: int) -> Text:
    """Per option: errors and sessions lost (jobs lost, for queued jobs) with totals, cost so far, last
    capacity change."""
    head = view.playback.playhead_s
    last_change = {lane.option_id: next((c for t, c in reversed(lane.series.capacity_changes) if t <= head), None)
                   for lane in lanes}
    spark_w = min(30, (width - LINE_FIXED_CELLS) // 2)
    compact = spark_w < 3  # a narrow panel: totals only, so each option stays on one line
    change_cells = max((len(c) + 4 for c in last_change.values() if c), default=0)
    if change_cells and (width - LINE_FIXED_CELLS - change_cells) // 2 >= 3:
        spark_w = min(spark_w, (width - LINE_FIXED_CELLS - change_cells) // 2)  # the change fits beside the totals
    text = Text()
    for i, lane in enumerate(lanes):
        if i:
            text.append("\n")
        n = lane.series.visible_buckets(head)
        errors = sum(lane.series.errors[:n])
        lost = sum(lane.series.sessions_lost[:n])
        line = Text(f"{lane.letter:>2} ", style="bold")
        if is_jobs_run(view, lane):
            # Queued jobs: what is lost is jobs, counted for the whole run (sessions do not apply).
            spark = "" if compact else f"{sparkline(lane.series.errors, n, spark_w)} "
            jobs = lane.result.summary.jobs_lost if lane.result is not None and head >= view.duration_s else None
            line.append(f"errors {spark}{fmt_count(errors):>7}  jobs lost {'…' if jobs is None else fmt_count(jobs)}  ")
        elif compact:
            line.append(f"errors {fmt_count(errors)}  lost {fmt_count(lost)}  ")
        else:
            line.append(f"errors {sparkline(lane.series.errors, n, spark_w)} {fmt_count(errors):>7}  ")
            line.append(f"lost {sparkline(lane.series.sessions_lost, n, spark_w)} {fmt_count(lost):>6}  ")
        line.append(f"cost {fmt_usd(lane.series.cost_at(head))}")
        if last_change[lane.option_id]:
            change = visible_line(f"▲ {last_change[lane.option_id]}")
            # On the same line when it fits, else on its own line under the option's letter (not wrapped mid-word).
            line.append(f"  {change}" if line.cell_len + 2 + len(change) <= width else f"\n   {change}")
        text.append_text(line)
    if lanes:
        text.append(f"\n{LATENCY_NOTE}", style="italic")
    return text


def errors_text(view: RaceView) -> Text:
    text = Text()
    if view.failure:
        text.append(visible(f"✖ The simulation failed: {view.failure}\n"), style="bold")
    for lane in view.lanes.values():
        if lane.error:
            text.append(visible(f"✖ Option {lane.letter} could not be simulated: {lane.error}\n"))
    if view.note:
        text.append(visible(view.note) + "\n")
    return text


def events_table(view: RaceView, events: "list[tuple[str, Event]]") -> Table | Text:
    """The narrated event log (`events`: view.visible_events()); an event shared by several runs is
    told once. Two columns, so a wrapped event stays indented under its text, not under the letters."""
    if not events:
        return Text("")
    merged: dict[tuple[float, str], list[str]] = {}
    for oid, event in events:
        merged.setdefault((event.t_s, event.text.strip()), []).append(view.letter(oid))
    table = Table(
        title=Text("Events", style="bold underline"), title_justify="left", expand=True,
        box=box.MINIMAL, show_header=False, show_edge=False, pad_edge=False,
    )
    table.add_column(justify="right", no_wrap=True, style="bold")
    table.add_column(ratio=1, overflow="fold")
    for (_, line), who in list(merged.items())[-MAX_EVENT_LINES:]:
        table.add_row(",".join(who), literal(line))  # event texts quote content (a traffic phase's label)
    return table
