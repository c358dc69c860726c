"""The tables under the chart once a race ends: the two-option verdict and the compare-all ranking.

Plain functions of the race view and the question, so the panel widget stays about drawing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from quizsim.metric_table import STANDARD_ROWS, metric
from quizsim.race.view import Lane, RaceView
from quizsim.text_safety import visible
from quizsim.verdict.judge import standing
from quizsim.verdict.rank import rank
from quizsim.verdict.rows import verdict_rows

if TYPE_CHECKING:
    from quizsim.content import Question
    from quizsim.content.question import Judge
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
    """One row per option: its letter, the answer key, the main numbers and what the simulation says.

    Built to fit a 60-column panel with no wrapped row: cells hold formatted numbers and short marks
    (★ wins; ! breaks the requirement, or "! lost, durable" names which of several), and the caption
    spells the requirements out once.
    """
    results = _results(view)
    if not results:
        return Text("No option produced a result.", style="italic")
    judge = question.judge if question is not None else None
    ranking = rank(question, results) if question is not None else None
    correct = {o.id for o in question.options if o.correct} if question is not None else set()
    extra = metric(judge.metric) if judge is not None and judge.metric not in STANDARD_ROWS else None
    shown = [metric(name) for name in STANDARD_ROWS]
    table = Table(
        title="All options, same seed", title_justify="left", expand=True, show_edge=False, pad_edge=False,
        box=box.SIMPLE_HEAD, collapse_padding=True,
    )
    table.add_column("option", no_wrap=True)
    table.add_column("key", no_wrap=True)
    if extra is not None:
        table.add_column(two_line_header(extra.short), justify="right", no_wrap=True)
    for spec in shown:
        table.add_column(spec.short, justify="right", no_wrap=True)
    # Only the marks may wrap, and only in a panel narrower than the ones tested (numbers never do).
    table.add_column("sim", ratio=1, min_width=3)
    for lane in view.lanes.values():
        key = "✓" if lane.option_id in correct else "✗"
        name = lane.letter + (" ← you" if lane.option_id in chosen else "")
        if lane.result is None:
            table.add_row(name, key, *(["—"] * (len(table.columns) - 3)), "✖ no result")
            continue
        cells = [name, key]
        if extra is not None:
            cells.append(extra.format(extra.value(lane.result)))
        cells += [spec.format(spec.value(lane.result)) for spec in shown]
        marks = ["★"] if ranking is not None and lane.option_id in ranking.winners else []
        broken = broken_requirements(judge, lane.result) if judge is not None else []
        if broken:
            # One requirement: "!" (the caption names it); several: which ones, by their short names.
            several = judge is not None and len(judge.constraints) > 1
            marks.append("! " + ", ".join(metric(c.metric).short for c in broken) if several else "!")
        table.add_row(*(Text(cell) for cell in cells), Text(" ".join(marks)))
    if ranking is not None and judge is not None:
        lines = [f"★ wins on {judge.description}"]
        if len(judge.constraints) == 1:
            lines.append(f"! breaks the requirement: {constraint_text(judge.constraints[0])}")
        elif judge.constraints:
            lines.append("! breaks a requirement (" + "; ".join(
                f"{metric(c.metric).short}: {constraint_text(c)}" for c in judge.constraints
            ) + ")")
        lines.append("the simulation agrees with the answer key" if ranking.agrees
                     else "⚠ the simulation ranks differently from the answer key")
        lines.append(LATENCY_CAPTION)
        table.caption = Text("\n".join(lines))
        table.caption_justify = "left"
    return table


def two_line_header(short: str) -> Text:
    """'★ auto-' over 'scales': a yes/no column no wider than its values need."""
    cut = max(short.rfind(" "), short.rfind("-"))
    if cut < 0:
        return Text(f"★\n{short}")
    keep = cut + 1 if short[cut] == "-" else cut
    return Text(f"★ {short[:keep]}\n{short[cut + 1:]}")


def broken_requirements(judge: "Judge", result: "Result") -> list:
    """The judge's constraints that `result` breaks, each checked alone by the judge itself."""
    return [
        c for c in judge.constraints
        if standing(judge.model_copy(update={"constraints": [c]}), "", result).violations
    ]
