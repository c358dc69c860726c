"""Stats: answers per day, due and learned counts, and each topic's accuracy over time, weakest first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from quizsim.race.chart_text import SPARK, sparkline
from quizsim.study.stats import Day, Summary
from quizsim.tui.literal import literal_line

CHART_DAYS = 30
"""One column a day: a month fits beside the numbers at 80 columns."""


def last_days(today: datetime, days: int = CHART_DAYS) -> list[str]:
    """The `days` UTC dates ending today, oldest first."""
    end = today.astimezone(UTC).date()
    return [(end - timedelta(days=days - 1 - i)).isoformat() for i in range(days)]


def accuracy_spark(series: list[Day], days: list[str]) -> str:
    """One cell a day, its height the day's accuracy on a fixed 0–100 % scale; blank where nothing was answered."""
    by_day = {d.day: d for d in series}
    cells = []
    for day in days:
        d = by_day.get(day)
        cells.append(" " if d is None or not d.answers else SPARK[round(d.accuracy * (len(SPARK) - 1))])
    return "".join(cells)


def answers_spark(per_day: list[Day], days: list[str]) -> str:
    """One cell a day, its height the day's answers against the busiest day; '·' where there were none."""
    counts = [float({d.day: d.answers for d in per_day}.get(day, 0)) for day in days]
    line = sparkline(counts, len(days), len(days))
    return "".join("·" if n == 0 else ch for n, ch in zip(counts, line))


def overview(s: Summary) -> Text:
    text = Text()
    text.append(f"{s.answers} answers", style="bold")
    text.append(f", {s.accuracy:.0%} right, {s.questions_answered} questions answered\n")
    text.append(f"Due now: {s.due}", style="bold")
    text.append(f" · learned: {s.learned} · latest answer wrong: {s.wrong_now}\n")
    if s.due_by_pack:
        text.append("Due by pack: ")
        text.append_text(literal_line(", ".join(f"{pack or '(no pack)'} {n}" for pack, n in s.due_by_pack.items())))
        text.append("\n")
    if s.by_mode:
        text.append("By mode: " + ", ".join(f"{mode} {n}" for mode, n in s.by_mode.items()))
    return text


def per_day_text(s: Summary, days: list[str]) -> Text:
    counts = {d.day: d for d in s.per_day}
    recent = [counts[d] for d in days if d in counts]
    peak = max((d.answers for d in recent), default=0)
    text = Text(f"Answers per day, {days[0]} to {days[-1]} (· none; highest {peak}; today {counts[days[-1]].answers if days[-1] in counts else 0})\n")
    text.append(answers_spark(s.per_day, days) or "", style="bold")
    return text


TAG_WIDTH = 28


def topics_table(s: Summary, days: list[str]) -> Text:
    """One line per topic, weakest first. Plain aligned Text, not a rich Table: a long history has a hundred
    tags, and a Table is measured and laid out again on every refresh (seconds at that size)."""
    text = Text(f"{'Topic (weakest first)':<{TAG_WIDTH}} {'answers':>7} {'right':>5} {'due':>4}  "
                f"accuracy per day, last {len(days)} days (▁ 0 % … █ 100 %)\n", style="bold")
    for t in s.topics:
        name = literal_line(t.tag)
        name.truncate(TAG_WIDTH, overflow="ellipsis", pad=True)
        text.append_text(name)
        text.append(f" {t.answers:>7} {t.accuracy:>5.0%} {t.due:>4}  ")
        text.append(accuracy_spark(s.topic_days.get(t.tag, []), days) + "\n")
    return text


class StatsScreen(Screen[None]):
    DEFAULT_CSS = """
    #stats-header { height: 1; background: $panel; }
    #stats-body { height: 1fr; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "home", "Home", id="stats-home", key_display="esc"),
        Binding("question_mark", "app.help", "Help", id="stats-help", key_display="?"),
    ]

    def __init__(self, summary: Summary, today: datetime) -> None:
        super().__init__()
        self.summary = summary
        self.days = last_days(today)

    def compose(self) -> ComposeResult:
        yield Static(Text(" Your progress", style="bold"), id="stats-header")
        with VerticalScroll(id="stats-body"):
            s = self.summary
            if s.empty:
                yield Static("Nothing answered yet: practise, review or take an exam, and your progress shows here.",
                             id="stats-empty")
            else:
                yield Static(overview(s), id="stats-overview")
                yield Static(per_day_text(s, self.days), id="stats-per-day", classes="section-title")
                yield Static("Topics", classes="section-title")
                yield Static(topics_table(s, self.days), id="stats-topics")
        yield Footer()

    def action_home(self) -> None:
        self.app.pop_to_home()


def open_stats(app) -> None:
    """The stats screen from the store (a message instead when there is none)."""
    from quizsim.study.stats import summary
    from quizsim.tui.progress_access import store_of, store_problem, with_store

    if store_of(app) is None:
        app.notify(f"No stats: {store_problem(app)}", severity="error", timeout=10, markup=False)
        return
    data = with_store(app, lambda store: (summary(store), store.clock()))
    if data is not None:
        app.push_screen(StatsScreen(*data))
