"""The presenter's text as functions of plain data: vote bars, race status, compact verdict, latest events.

Symbols and words carry the meaning (✓ ✗, counts, percentages); colour only repeats it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text

from quizsim.metric_table import METRICS, STANDARD_ROWS
from quizsim.race.chart_text import line_style
from quizsim.race.view import RaceView
from quizsim.study.tally import VoteTally
from quizsim.text_safety import visible_line
from quizsim.tui.widgets import panel_text

if TYPE_CHECKING:
    from quizsim.content import Question

BAR_CHARS = " ▏▎▍▌▋▊▉█"
COLUMN_W = 8


def bar(fraction: float, width: int) -> str:
    """A horizontal bar `fraction` (0–1) of `width` cells, in eighths."""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (BAR_CHARS[part] if part else "")).ljust(width)


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def vote_lines(
    tally: VoteTally, order: Sequence[str], letters: dict[str, str], texts: dict[str, str], width: int,
    correct: frozenset[str] | None = None,
) -> Text:
    """One line per option: [✓/✗] letter, vote bar, count, share, the option's text.

    `correct` is None until the key is revealed; then ✓ marks the key's options and ✗ the others.
    """
    most = max((tally.count(oid) for oid in order), default=0)
    bar_w = max(6, min(24, width // 5))
    text = Text()
    for i, oid in enumerate(order):
        if i:
            text.append("\n")
        count = tally.count(oid)
        mark = "  " if correct is None else ("✓ " if oid in correct else "✗ ")
        style = "" if correct is None else ("bold green" if oid in correct else "dim")
        text.append(mark, style=style or None)
        text.append(f"{letters.get(oid, oid.upper())} ", style="bold")
        text.append(bar(count / most if most else 0.0, bar_w), style="bold cyan")
        text.append(f" {count:>3} {tally.share(oid):>4.0%}  " if tally.total else f" {count:>3}   —   ")
        used = 2 + len(letters.get(oid, oid)) + 1 + bar_w + 11
        text.append(clip(visible_line(texts.get(oid, "")), max(8, width - used)), style=style or None)
    return text


def status_line(view: RaceView, start_clock: str, store_latency: bool = False) -> Text:
    """'Race ━A ╌B ┄C p99 ms · seed 42 · 09:45 of 10:30 · paused 1×': the chart's legend, then the playback."""
    lanes = view.visible_lanes()
    who = " ".join(f"{line_style(i)[0] * 2}{lane.letter}" for i, lane in enumerate(lanes))
    alone = " alone" if len(lanes) == 1 else ""
    axis = "store p99 ms" if store_latency else "p99 ms"
    head = Text(f"Race {who}{alone} ({axis}) · ", style="bold")
    # ✓ and ✗ mean the answer key on this screen: a finished race says so in words.
    status = panel_text.status_text(view, start_clock).plain.replace("✓ finished", "finished")
    return head + Text(status)


def _columns(question: "Question | None") -> list[str]:
    judged = question.judge.metric if question is not None and question.judge is not None else None
    names = [judged] if judged in METRICS else []
    names += [m for m in STANDARD_ROWS if m not in names]
    return names[:4]


def verdict_lines(view: RaceView, question: "Question | None", revealed: bool) -> Text:
    """A title, a header and one line per raced option: rank on the question's judge and four metrics.

    The answer key's ✓/✗ appear only when `revealed`; before that the simulation's numbers speak.
    """
    if view.cancelled or view.failure:
        return panel_text.errors_text(view) if view.failure else Text("Race cancelled: g or a letter races again.")
    if not view.complete:
        return Text("Verdict: when the run ends\n(j jumps to the end, . steps to the next event)", style="italic")
    from quizsim.verdict.rank import rank

    names = _columns(question)
    lanes = view.visible_lanes()
    results = {lane.option_id: lane.result for lane in lanes if lane.result is not None}
    judged = question.judge if question is not None else None
    order = rank(question, results).order if (question is not None and judged is not None and results) else tuple(results)
    text = Text()
    width = 6 + COLUMN_W * len(names)
    title = f"Verdict · # = rank by {METRICS[judged.metric].short}" if judged is not None else "Verdict"
    text.append(clip(title, width) + "\n", style="bold")
    text.append("    # " + "".join(f"{clip(METRICS[n].short, COLUMN_W - 1):>{COLUMN_W}}" for n in names), style="underline")
    correct = {o.id for o in question.options if o.correct} if question is not None else set()
    for lane in lanes:
        text.append("\n")
        mark = ("✓" if lane.option_id in correct else "✗") if revealed else " "
        text.append(f"{mark} {lane.letter:<2}", style="bold")
        if lane.result is None:
            text.append(clip(f"  could not run: {lane.error or 'no result'}", COLUMN_W * 4 + 1))
            continue
        place = order.index(lane.option_id) + 1 if lane.option_id in order else 0
        text.append(f"{place:>1}." if place else "  ")
        for n in names:
            spec = METRICS[n]
            text.append(f"{clip(spec.format(spec.value(lane.result)), COLUMN_W - 1):>{COLUMN_W}}",
                        style="bold" if judged is not None and n == judged.metric else None)
    return text


def events_lines(view: RaceView, width: int, lines: int = 2) -> Text:
    """The latest narrated events up to the playhead, one line each, the newest last and bold."""
    merged: dict[tuple[float, str], list[str]] = {}
    for oid, event in view.visible_events():
        merged.setdefault((event.t_s, event.text.strip()), []).append(view.letter(oid))
    latest = list(merged.items())[-lines:]
    if not latest:
        return Text("Events: none yet", style="italic")
    text = Text()
    for i, ((_, line), who) in enumerate(latest):
        if i:
            text.append("\n")
        entry = f"{','.join(who)}  {line}"
        text.append(clip(visible_line(entry), width), style="bold" if i == len(latest) - 1 else None)
    return text
