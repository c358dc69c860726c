"""Draw line charts and sparklines as text cells; no Textual here, so it is quick to test.

Each series has its own line style (light, heavy, double, dashed, dotted) as well as a colour,
so two lines stay distinguishable without colour.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

LINE_STYLES = (
    # horizontal, vertical, up-from-left, up-to-right, down-from-left, down-to-right
    ("─", "│", "╯", "╭", "╮", "╰"),
    ("━", "┃", "┛", "┏", "┓", "┗"),
    ("═", "║", "╝", "╔", "╗", "╚"),
    ("╌", "╎", "╯", "╭", "╮", "╰"),
    ("┈", "┊", "╯", "╭", "╮", "╰"),
)
SPARK = "▁▂▃▄▅▆▇█"
OVERLAP = "≡"
"""Drawn where two series share a cell, so neither hides the other without a trace."""

Cell = tuple[str, int | None]
"""A character and the series it belongs to (None: axis or blank)."""


@dataclass(frozen=True)
class ChartSeries:
    label: str
    values: Sequence[float]
    """One value per bucket; NaN where there is nothing (yet)."""


_HORIZONTALS = {style[0] for style in LINE_STYLES} | {OVERLAP}


def line_style(index: int) -> tuple[str, ...]:
    return LINE_STYLES[index % len(LINE_STYLES)]


def _columns(values: Sequence[float], visible: int, width: int) -> list[float]:
    """Fold `visible` leading buckets into `width` columns spanning all buckets, keeping each column's max."""
    total = len(values)
    out = [math.nan] * width
    if total == 0 or width <= 0:
        return out
    for i in range(min(visible, total)):
        v = values[i]
        if v is None or math.isnan(v):
            continue
        c = min(width - 1, i * width // total)
        if math.isnan(out[c]) or v > out[c]:
            out[c] = v
    return out


def _nice_values(lo: float, hi: float) -> list[float]:
    """1, 2, 5 × 10^k from lo to hi inclusive."""
    out = []
    k = math.floor(math.log10(lo))
    while 10**k <= hi * 1.0001:
        for m in (1, 2, 5):
            value = m * 10**k
            if lo * 0.9999 <= value <= hi * 1.0001:
                out.append(value)
        k += 1
    return out


def _nice_floor(value: float) -> float:
    k = math.floor(math.log10(value))
    return max(m * 10**k for m in (1, 2, 5) if m * 10**k <= value * 1.0001)


def _nice_ceil(value: float) -> float:
    k = math.floor(math.log10(value))
    candidates = [m * 10**k for m in (1, 2, 5, 10) if m * 10**k >= value * 0.9999]
    return min(candidates)


def _fmt_axis(value: float) -> str:
    """Decade labels: 0.01, 0.1, 1, 10, 100, 1k, 10k, 1M."""
    if value >= 1_000_000:
        return f"{value / 1_000_000:g}M"
    if value >= 1000:
        return f"{value / 1000:g}k"
    return f"{value:g}"


def render_chart(
    series: Sequence[ChartSeries],
    visible: int,
    width: int,
    height: int,
    *,
    log: bool = True,
    x_labels: tuple[str, str, str] = ("", "", ""),
    marks: Sequence[tuple[int, str]] = (),
) -> list[list[Cell]]:
    """Rows of cells: `height - 2` plot rows, an axis row and a label row (plus a marks row if any).

    `marks`: (bucket index, glyph) drawn under the axis, e.g. '▲' for a capacity change.
    """
    label_w = 6
    plot_w = max(4, width - label_w - 1)
    rows = max(2, height - 2 - (1 if marks else 0))
    cols = [_columns(s.values, visible, plot_w) for s in series]
    finite = [v for c in cols for v in c if not math.isnan(v) and (v > 0 or not log)]
    if finite:
        lo, hi = min(finite), max(finite)
    else:
        lo, hi = (1.0, 10.0) if log else (0.0, 1.0)
    if log:
        lo, hi = _nice_floor(lo), _nice_ceil(hi)
        if hi <= lo:
            hi = _nice_ceil(lo * 1.01)
    elif hi <= lo:
        hi = lo + 1

    def to_row(v: float) -> int:
        """0 = bottom row."""
        if log:
            frac = (math.log10(max(v, lo)) - math.log10(lo)) / (math.log10(hi) - math.log10(lo))
        else:
            frac = (v - lo) / (hi - lo)
        return max(0, min(rows - 1, round(frac * (rows - 1))))

    grid: list[list[Cell]] = [[(" ", None) for _ in range(plot_w)] for _ in range(rows)]
    # Draw the first series last so it stays on top where lines cross (it is the learner's).
    for index in reversed(range(len(cols))):
        h, v, up_from, up_to, down_from, down_to = line_style(index)
        points = [(x, to_row(val)) for x, val in enumerate(cols[index]) if not math.isnan(val)]
        for (x, y0), nxt in zip(points, points[1:] + [None]):
            y1 = nxt[1] if nxt is not None and nxt[0] == x + 1 else y0
            if abs(y1 - y0) <= 1:
                # A one-row step is noise at this resolution: the next column simply starts a row up or down.
                below = grid[rows - 1 - y0][x]
                horizontal = below[1] is not None and below[1] != index and below[0] in _HORIZONTALS
                grid[rows - 1 - y0][x] = (OVERLAP, index) if horizontal else (h, index)
                continue
            if y1 > y0:
                grid[rows - 1 - y0][x] = (up_from, index)
                grid[rows - 1 - y1][x] = (up_to, index)
            else:
                grid[rows - 1 - y0][x] = (down_from, index)
                grid[rows - 1 - y1][x] = (down_to, index)
            for y in range(min(y0, y1) + 1, max(y0, y1)):
                grid[rows - 1 - y][x] = (v, index)

    out: list[list[Cell]] = []
    label_rows: dict[int, float] = {}
    if log:
        # 1-2-5 steps, keeping labels at least two rows apart; decades win over 2s and 5s.
        for step in (1, 5, 2):
            for value in _nice_values(lo, hi):
                if not math.isclose(value / 10 ** math.floor(math.log10(value) + 1e-9), step):
                    continue
                row = rows - 1 - to_row(value)
                if all(abs(row - taken) >= 2 for taken in label_rows):
                    label_rows[row] = value
    else:
        label_rows = {0: hi, rows - 1: lo}
    for r in range(rows):
        label = _fmt_axis(label_rows[r]).rjust(label_w) if r in label_rows else " " * label_w
        tick = "┤" if r in label_rows else "│"
        out.append([(ch, None) for ch in label + tick] + grid[r])
    out.append([(ch, None) for ch in " " * label_w + "└" + "─" * plot_w])
    left, middle, right = x_labels
    text = [" "] * (label_w + 1 + plot_w)
    _put(text, label_w + 1, left)
    _put(text, label_w + 1 + (plot_w - len(middle)) // 2, middle)
    _put(text, label_w + 1 + plot_w - len(right), right)
    out.append([(ch, None) for ch in text])
    if marks:
        row = [(" ", None)] * (label_w + 1 + plot_w)
        total = len(series[0].values) if series else 1
        for bucket, glyph in marks:
            c = label_w + 1 + min(plot_w - 1, bucket * plot_w // max(1, total))
            row[c] = (glyph, None)
        out.append(row)
    return out


def _put(cells: list[str], at: int, text: str) -> None:
    for i, ch in enumerate(text):
        if 0 <= at + i < len(cells):
            cells[at + i] = ch


def sparkline(values: Sequence[float], visible: int, width: int) -> str:
    """A one-line bar sketch of the first `visible` values folded into `width` columns (blank: no data)."""
    total = len(values)
    if width <= 0 or total == 0:
        return ""
    sums = [0.0] * width
    seen = [False] * width
    for i in range(min(visible, total)):
        v = values[i]
        if v is None or math.isnan(v):
            continue
        c = min(width - 1, i * width // total)
        sums[c] += v
        seen[c] = True
    peak = max(sums) if any(seen) else 0.0
    chars = []
    for s, ok in zip(sums, seen):
        if not ok:
            chars.append(" ")
        elif peak <= 0 or s <= 0:
            chars.append(SPARK[0])
        else:
            chars.append(SPARK[min(len(SPARK) - 1, 1 + int(s / peak * (len(SPARK) - 2) + 0.5))])
    return "".join(chars)
