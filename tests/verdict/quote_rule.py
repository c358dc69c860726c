"""When a figure an explanation quotes as simulated ("about N ...") is close enough to the simulation.

The rule: within 10 % of the simulated value. Two small allowances, because a whole count cannot always
come closer: a whole-number quote of a few units (2 to 9) may be the simulated value rounded to units
("about 3" for 2.6), and a quote of 0 stands for a value that rounds to none. Nothing else: "about 100"
for 68, "about $1" for 0.59 or "about 280 s" for 247 fail; quote "about 68", "about $0.59", "about 250 s".
"""

from __future__ import annotations

TOLERANCE = 0.10
"""Relative to the simulated value."""
FEW_UNITS = (2, 9)
"""Whole-number quotes in this range may differ by up to half a unit (the rounding of the value to units)."""


def quote_matches(quoted: float, simulated: float, shown: str) -> bool:
    """`quoted`: the quote in the simulated value's unit; `shown`: its number as written ('3', '0.4',
    '44,000'; '3' of '3 s' when the simulation counts ms)."""
    if abs(quoted - simulated) <= TOLERANCE * abs(simulated):
        return True
    if quoted == 0:
        return abs(simulated) < 0.5
    written = float(shown.replace(",", ""))
    unit = quoted / written  # 1, or 1,000 for a quote in s of a value in ms
    few = "." not in shown and FEW_UNITS[0] <= written <= FEW_UNITS[1]
    return few and abs(quoted - simulated) <= 0.5 * unit
