"""The tables under the chart once a race ends: the two-option verdict and the compare-all ranking.

Plain functions of the race view and the question, so the panel widget stays about drawing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from quizsim.race.view import RaceView

if TYPE_CHECKING:
    from quizsim.content import Question
    from quizsim.verdict.rows import VerdictRow

MARK_WORDS = {"✗": "✗ worse", "✓": "✓ better", "=": "= same"}
SHOWN_METRICS = ("p99_latency_ms", "errors", "sessions_lost", "cost_usd_per_month")
SHORT_LABELS = {
    "serverless": "no servers", "in_memory": "in memory", "shared": "shared", "durable": "durable",
    "auto_scaling": "auto-scales", "store_p99_latency_ms": "store p99", "store_p50_latency_ms": "store p50",
    "p95_latency_ms": "p95", "mean_latency_ms": "mean",
}
"""Column headers for a judged metric in the compare-all table (the caption names it in full)."""
"""Metrics the compare-all table always shows; a judged metric outside these gets its own column."""


def constraint_text(constraint) -> str:
    """'sessions lost at most 0', 'durable'."""
    name = constraint.metric.replace("_", " ")
    if constraint.max is not None:
        return f"{name} at most {constraint.max:g}"
    return name if constraint.equals in (None, True) else f"not {name}"


def violations(view: RaceView, question: "Question | None", option_id: str) -> tuple[str, ...]:
    """The judge's requirements this option's run breaks (empty when it meets them all)."""
    from quizsim.verdict.judge import standing

    lane, plan = view.lanes.get(option_id), view.plans.get(option_id)
    if question is None or lane is None or lane.result is None or plan is None or plan.resolved is None:
        return ()
    return standing(question.judge, option_id, lane.result, plan.resolved).violations


def verdict(view: RaceView, question: "Question | None", chosen: tuple[str, ...]) -> Table | Text:
    """The table for the finished race; a problem building it is shown, never raised."""
    try:
        return compare_table(view, question, chosen) if view.mode == "compare" else matchup_table(view, question)
    except Exception as exc:  # a result missing a field must not break the screen
        return Text(f"✖ Could not build the verdict: {type(exc).__name__}: {exc}")


def _rows(view: RaceView, question: "Question | None") -> list["VerdictRow"]:
    """The standard rows, plus rows for the judged metric and each requirement when not among them."""
    from quizsim.content.question import TRAIT_METRICS
    from quizsim.verdict.judge import metric_value
    from quizsim.verdict.rows import metric_row, trait_row, verdict_rows

    yours, other = view.visible_lanes()
    judge = question.judge if question is not None else None
    rows = verdict_rows(yours.result.summary, other.result.summary, judge.metric if judge is not None else None)
    if judge is None:
        return rows
    a, b = view.plans[yours.option_id].resolved, view.plans[other.option_id].resolved
    covered = {row.key for row in rows}
    wanted = dict.fromkeys([judge.metric, *(c.metric for c in judge.constraints)])
    for position, metric in enumerate(m for m in wanted if m not in covered):
        if metric in TRAIT_METRICS:
            row = trait_row(TRAIT_METRICS[metric], metric, getattr(a.store.traits, metric), getattr(b.store.traits, metric))
        else:
            row = metric_row(metric, metric_value(metric, yours.result, a), metric_value(metric, other.result, b))
        rows.insert(position, row)
    return rows


def matchup_table(view: RaceView, question: "Question | None") -> Table | Text:
    """metric | yours | best (or runner-up) | difference, headed by what decides the question."""
    lanes = view.visible_lanes()
    if len(lanes) < 2 or lanes[0].result is None or lanes[1].result is None:
        return Text("No verdict: one of the two runs did not finish.", style="italic")
    yours, other = lanes
    judge = question.judge if question is not None else None
    rows = _rows(view, question)
    judged = next((row for row in rows if judge is not None and row.key == judge.metric), rows[0])
    required = {c.metric for c in judge.constraints} if judge is not None else set()
    headline = f"Verdict: {judged.difference}"
    failed = violations(view, question, yours.option_id)
    if failed and not violations(view, question, other.option_id):
        # A requirement the learner's option breaks outweighs the metric it may win on.
        broken = next((row for row in rows if row.key in required and row.mark == "✗"), None)
        headline = "Verdict: breaks a requirement: " + (broken.difference if broken else "; ".join(failed))
    table = Table(title=headline, title_justify="left", expand=True, show_edge=False, pad_edge=False)
    table.add_column("metric", no_wrap=True)
    table.add_column(f"yours {yours.option_id.upper()}", justify="right", no_wrap=True)
    table.add_column(f"{other.role} {other.option_id.upper()}", justify="right", no_wrap=True)
    table.add_column("difference", ratio=1)
    for row in rows:
        star = "★ " if judge is not None and row.key == judge.metric else ("! " if row.key in required else "  ")
        difference = MARK_WORDS[row.mark] if row.short == "same" else f"{row.mark} {row.short}"
        table.add_row(star + row.metric, row.yours, row.other, difference)
    if judge is not None:
        caption = f"★ what the question asks for: {judge.description}"
        if judge.constraints:
            caption += "; ! required: " + ", ".join(constraint_text(c) for c in judge.constraints)
        table.caption = caption
        table.caption_justify = "left"
    return table


def compare_table(view: RaceView, question: "Question | None", chosen: tuple[str, ...]) -> Table | Text:
    """One row per option: the answer key, the main numbers, and who the simulation says wins."""
    from quizsim.content.question import TRAIT_METRICS
    from quizsim.verdict.judge import metric_value, standing, winners
    from quizsim.verdict.rows import fmt_count, fmt_ms, fmt_usd

    done = [lane for lane in view.lanes.values() if lane.result is not None]
    if not done:
        return Text("No option produced a result.", style="italic")
    judge = question.judge if question is not None else None
    standings = {}
    if judge is not None:
        for lane in done:
            standings[lane.option_id] = standing(judge, lane.option_id, lane.result, view.plans[lane.option_id].resolved)
    top = set(winners(judge, list(standings.values()), count=question.choose)) if judge is not None else set()
    correct = {o.id for o in question.options if o.correct} if question is not None else set()
    extra = judge.metric if judge is not None and judge.metric not in SHOWN_METRICS else None
    table = Table(title="All options, same seed", title_justify="left", expand=True, show_edge=False, pad_edge=False)
    columns = [("option", "left"), ("key", "left")]
    if extra is not None:
        columns.append((f"★ {SHORT_LABELS.get(extra, extra)}", "right"))
    columns += [("p99", "right"), ("errors", "right"), ("lost", "right"), ("$/month", "right")]
    for name, justify in columns:
        # Numbers never wrap: a 70-column panel must still read as a table.
        table.add_column(name, justify=justify, no_wrap=True)
    table.add_column("★", ratio=1, min_width=1)  # the caption says what ★ means
    columns.append(("★", "left"))
    for lane in view.lanes.values():
        key = "✓" if lane.option_id in correct else "✗"
        name = lane.option_id.upper() + (" ← you" if lane.option_id in chosen else "")
        if lane.result is None:
            table.add_row(name, key, *(["—"] * (len(columns) - 3)), "✖ no result")
            continue
        s = lane.result.summary
        cells = [name, key]
        if extra is not None:
            value = metric_value(extra, lane.result, view.plans[lane.option_id].resolved)
            cells.append(("yes" if value == 0.0 else "no") if extra in TRAIT_METRICS else fmt_ms(value) if extra.endswith("_ms") else f"{value:,.4g}")
        st = standings.get(lane.option_id)
        outcome = "★" if lane.option_id in top else ""
        if st is not None and st.violations:
            outcome = (outcome + " ! " + ", ".join(st.violations)).strip()
        cells += [
            fmt_ms(s.latency_ms.get("p99", 0.0)), fmt_count(s.errors.get("total", 0)), fmt_count(s.sessions_lost),
            fmt_usd(s.cost_usd_per_month), outcome,
        ]
        table.add_row(*cells)
    if judge is not None:
        agree = top == correct
        broken = " (! breaks a requirement)" if any(st.violations for st in standings.values()) else ""
        table.caption = f"★ wins on {judge.description}{broken}: " + (
            "the simulation agrees with the answer key" if agree else "⚠ the simulation ranks differently from the answer key"
        )
        table.caption_justify = "left"
    return table
