"""Every number and clock a learner reads, formatted one way for the CLI and the TUI alike.

Plain strings only: no Textual, no Rich.
"""

from __future__ import annotations

import math


def fmt_ms(value: float) -> str:
    """0.93 → '0.93 ms', 4.2 → '4.2 ms', 12.4 → '12 ms', 1840 → '1.84 s'."""
    if not math.isfinite(value):
        return "—"
    if value >= 1000:
        return f"{value / 1000:,.3g} s" if value < 1e6 else f"{value / 1000:,.0f} s"
    if value >= 10:
        return f"{value:,.0f} ms"
    if value < 1:
        return f"{value:.2g} ms"
    return f"{value:.1f} ms"


def fmt_count(value: float) -> str:
    """13502.4 → '13,502'."""
    return f"{value:,.0f}" if math.isfinite(value) else "—"


def fmt_usd(value: float) -> str:
    """2230.4 → '$2,230', 12.1 → '$12.10', 0.0043 → '$0.0043', 0 → '$0.00'."""
    if not math.isfinite(value):
        return "—"
    if abs(value) >= 1000:
        return f"${value:,.0f}"
    if 0 < abs(value) < 0.01:
        return f"${value:.2g}"
    return f"${value:,.2f}"


def num(value: float) -> str:
    """A count or rate with thousands separators: 4100 → '4,100', 0.5 → '0.5'."""
    if abs(value) >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:,.1f}"
    return f"{value:.2g}"


def pct(fraction: float) -> str:
    """0.083 → '8 %', 0.004 → '0.4 %'."""
    percent = 100 * fraction
    return f"{percent:.0f} %" if percent >= 1 or percent == 0 else f"{percent:.1g} %"


def duration(seconds: float) -> str:
    """90 → '90 s', 150 → '2.5 min', 7200 → '2 h', 345,600 → '4 days'."""
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.1f} min".replace(".0 min", " min")
    if seconds < 172_800:
        return f"{seconds / 3600:.1f} h".replace(".0 h", " h")
    return f"{seconds / 86400:.1f} days".replace(".0 days", " days")


def countdown(ms: float) -> str:
    """A timer's reading: 65,000 ms → '01:05'; with hours, '1:05:09'."""
    seconds = int(max(0, ms)) // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def counted(value: float, noun: str, plural: str | None = None, *, about: bool = False) -> str:
    """A count a learner reads: whole, with its noun agreeing. (1, 'message') → '1 message',
    (2310.4, 'message') → '2,310 messages', about=True (an estimate) → 'about 2,310 messages'."""
    whole = int(math.floor(value + 0.5)) if math.isfinite(value) else 0
    text = f"{fmt_count(whole)} {noun if whole == 1 else (plural or noun + 's')}"
    return f"about {text}" if about else text


def times(ratio: float) -> str:
    """2.04 → '2.0×', 212.7 → '213×'."""
    return f"{ratio:,.0f}×" if ratio >= 10 else f"{ratio:.1f}×"


def parse_clock(text: str) -> float:
    """'09:30' → seconds after midnight."""
    hours, minutes = text.split(":")
    return int(hours) * 3600 + int(minutes) * 60


def clock(start_s: float, t_s: float) -> str:
    """The wall-clock time 'HH:MM' of simulated second t_s, for a run starting at start_s after midnight;
    past the first midnight the day is named, counting the start's day as day 1: 'day 3 10:04'."""
    day, total = divmod(int(start_s + t_s), 86400)
    hh_mm = f"{total // 3600:02d}:{(total % 3600) // 60:02d}"
    return f"day {day + 1} {hh_mm}" if day else hh_mm


def clock_at(start_clock: str, t_s: float) -> str:
    """'09:00' + 1830 s → '09:30', + 2 days → 'day 3 09:00' (an unreadable start counts as 00:00)."""
    try:
        start_s = parse_clock(start_clock)
    except ValueError:
        start_s = 0.0
    return clock(start_s, t_s)


def clock_span(start_clock: str, duration_s: float) -> str:
    """'09:55–10:20'."""
    return f"{clock_at(start_clock, 0)}–{clock_at(start_clock, duration_s)}"
