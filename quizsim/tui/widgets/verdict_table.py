"""The tables under the chart once a race ends: the two-option verdict and the compare-all ranking.

Plain functions of the race view and the question, so the panel widget stays about drawing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from quizsim.metric_table import STANDARD_ROWS, metric
from quizsim.race.view import Lane, RaceView
from quizsim.text_safety import visible
from quizsim.verdict.rank import rank
from quizsim.verdict.rows import verdict_rows

if TYPE_CHECKING:
    from quizsim.content import Question
    from quizsim.sim.result import Result
    from quizsim.verdict.matchup import Matchup

MARK_WORDS = {"✗": "✗ worse", "✓": "✓ better", "=": "= same"}
LATENCY_CAPTION = "latency counts successful requests only; failures are errors"


def constraint_text(constraint) -> str:
    """'sessions lost at most 0', 'durable'."""
    spec = metric(constraint.metric)
    if constraint.max is not None:
        return f"{spec.label} at most {spec.format(constraint.max)}"
    return spec.label if constraint.equals in (None, True) else f"not {spec.label}"


def _results(view: RaceView) -> dict[str, "Result"]:
    """Option id → result for every lane that finished, in question order."""
    return {oid: lane.result for oid, lane in view.lanes.items() if lane.result is not None}


def verdict(view: RaceView, question: "Question | None", chosen: tuple[str, ...], matchup: "Matchup | None" = None) -> RenderableType:
    """The table for the finished race; a problem building it is shown, never raised."""
    try:
        return compare_table(view, question, chosen) if view.mode == "compare" else matchup_table(view, question, matchup)
    except Exception as exc:  # a result missing a field must not break the screen
        return Text(visible(f"✖ Could not build the verdict: {type(exc).__name__}: {exc}"))


def matchup_table(view: RaceView, question: "Question | None", matchup: "Matchup | None" = None) -> RenderableType:
    """metric | yours | best (or runner-up) | difference, headed by what decides the question.

    A "Select TWO" answer races each wrong pick beside a missed correct option: one table per race,
    the first headed by how much of the answer was right ("1 of 2 right").
    """
    lanes = view.visible_lanes()
    pairs = list(zip([l for l in lanes if l.role == "yours"], [l for l in lanes if l.role != "yours"]))
    if not pairs or any(y.result is None or o.result is None for y, o in pairs):
        return Text("No verdict: one of the runs did not finish.", style="italic")
    headline = "Verdict: "
    if matchup is not None and len(matchup.best) > 1 and not matchup.learner_right:
        headline += f"{matchup.grade.right} of {matchup.grade.of} right; "
    tables = []
    for i, (yours, other) in enumerate(pairs):
        which = f"{yours.letter} vs {other.letter}: " if len(pairs) > 1 else ""
        last = i == len(pairs) - 1
        tables.append(_pair_table(yours, other, question, (headline if i == 0 else "") + which, caption=last))
    return tables[0] if len(tables) == 1 else Group(*tables)


def _pair_table(yours: Lane, other: Lane, question: "Question | None", headline: str, caption: bool) -> Table:
    judge = question.judge if question is not None else None
    rows = verdict_rows(yours.result, other.result, judge)
    judged = rows[0]
    required = {c.metric for c in judge.constraints} if judge is not None else set()
    verdict_words = judged.difference
    if question is not None:
        ranking = rank(question, {yours.option_id: yours.result, other.option_id: other.result})
        failed = ranking.standings[yours.option_id].violations
        if failed and not ranking.standings[other.option_id].violations:
            # A requirement the learner's option breaks outweighs the metric it may win on.
            broken = next((row for row in rows if row.key in required and row.mark == "✗"), None)
            verdict_words = "breaks a requirement: " + (broken.difference if broken else "; ".join(failed))
    table = Table(title=Text(headline + verdict_words), title_justify="left", expand=True, show_edge=False, pad_edge=False)
    table.add_column("metric", no_wrap=True)
    table.add_column(f"yours {yours.letter}", justify="right", no_wrap=True)
    table.add_column(f"{other.role} {other.letter}", justify="right", no_wrap=True)
    table.add_column("difference", ratio=1)
    for row in rows:
        star = "★ " if judge is not None and row.key == judge.metric else ("! " if row.key in required else "  ")
        difference = MARK_WORDS[row.mark] if row.short == "same" else f"{row.mark} {row.short}"
        table.add_row(Text(star + row.metric), Text(row.yours), Text(row.other), Text(difference))
    if caption:
        lines = []
        if judge is not None:
            line = f"★ what the question asks for: {judge.description}"
            if judge.constraints:
                line += "; ! required: " + ", ".join(constraint_text(c) for c in judge.constraints)
            lines.append(line)
        lines.append(LATENCY_CAPTION)
        table.caption = Text("\n".join(lines))
        table.caption_justify = "left"
    return table


def compare_table(view: RaceView, question: "Question | None", chosen: tuple[str, ...]) -> Table | Text:
    """One row per option: the answer key, the main numbers, and who the simulation says wins."""
    results = _results(view)
    if not results:
        return Text("No option produced a result.", style="italic")
    judge = question.judge if question is not None else None
    ranking = rank(question, results) if question is not None else None
    correct = {o.id for o in question.options if o.correct} if question is not None else set()
    extra = metric(judge.metric) if judge is not None and judge.metric not in STANDARD_ROWS else None
    shown = [metric(name) for name in STANDARD_ROWS]
    table = Table(title="All options, same seed", title_justify="left", expand=True, show_edge=False, pad_edge=False)
    columns = [("option", "left"), ("key", "left")]
    if extra is not None:
        columns.append((f"★ {extra.short}", "right"))
    columns += [(spec.short, "right") for spec in shown]
    for name, justify in columns:
        # Numbers never wrap: a 70-column panel must still read as a table.
        table.add_column(name, justify=justify, no_wrap=True)
    table.add_column("★", ratio=1, min_width=1)  # the caption says what ★ means
    for lane in view.lanes.values():
        key = "✓" if lane.option_id in correct else "✗"
        name = lane.letter + (" ← you" if lane.option_id in chosen else "")
        if lane.result is None:
            table.add_row(name, key, *(["—"] * (len(columns) - 2)), "✖ no result")
            continue
        cells = [name, key]
        if extra is not None:
            cells.append(extra.format(extra.value(lane.result)))
        cells += [spec.format(spec.value(lane.result)) for spec in shown]
        st = ranking.standings.get(lane.option_id) if ranking is not None else None
        outcome = "★" if ranking is not None and lane.option_id in ranking.winners else ""
        if st is not None and st.violations:
            outcome = (outcome + " ! " + ", ".join(st.violations)).strip()
        table.add_row(*(Text(cell) for cell in cells), Text(outcome))
    if ranking is not None and judge is not None:
        broken = " (! breaks a requirement)" if any(st.violations for st in ranking.standings.values()) else ""
        table.caption = Text(f"★ wins on {judge.description}{broken}: " + (
            "the simulation agrees with the answer key" if ranking.agrees else "⚠ the simulation ranks differently from the answer key"
        ) + "\n" + LATENCY_CAPTION)
        table.caption_justify = "left"
    return table
