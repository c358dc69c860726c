"""Simulated time as a learner reads it: wall-clock times and friendly numbers for the event log."""

from __future__ import annotations


def parse_clock(text: str) -> float:
    """'09:30' → seconds after midnight."""
    hours, minutes = text.split(":")
    return int(hours) * 3600 + int(minutes) * 60


def clock(start_s: float, t_s: float) -> str:
    """The wall-clock time 'HH:MM' of simulated second t_s, for a run starting at start_s after midnight."""
    total = int(start_s + t_s) % 86400
    return f"{total // 3600:02d}:{(total % 3600) // 60:02d}"


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
    """90 → '1.5 min', 30 → '30 s', 7200 → '2 h'."""
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.1f} min".replace(".0 min", " min")
    return f"{seconds / 3600:.1f} h".replace(".0 h", " h")
