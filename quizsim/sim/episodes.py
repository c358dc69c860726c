"""Narrate a condition that starts, lasts and ends (throttling, 503s, eviction) without flooding the log."""

from __future__ import annotations

from quizsim.text import duration, num, pct
from quizsim.sim.narrator import Narrator


class Episode:
    """Tells when a rejection rate starts (and when it grows a lot), and when it ends with a total.

    `template` has {pct} and {detail}, e.g. 'DynamoDB throttled {pct} of writes: {detail}';
    `ended` names what ends, e.g. 'DynamoDB write throttling'; `counted` what the total counts.
    """

    def __init__(self, narrator: Narrator, kind: str, template: str, ended: str, counted: str = "operations rejected") -> None:
        self.narrator, self.kind, self.template, self.ended, self.counted = narrator, kind, template, ended, counted
        self.since: float | None = None
        self.reported_fraction = 0.0
        self.rejected = 0.0

    def update(self, t0: float, t1: float, fraction: float, rejected: float, detail: str) -> None:
        """fraction: share rejected in [t0, t1); rejected: how many (real)."""
        if fraction >= 0.005:
            if self.since is None:
                self.since, self.rejected = t0, 0.0
                self._say(t0, fraction, detail)
            elif fraction > 2 * self.reported_fraction and fraction - self.reported_fraction > 0.05:
                self._say(t0, fraction, detail)
            self.rejected += rejected
        elif self.since is not None:
            self.narrator.say(
                t0, self.kind + "_end",
                f"{self.ended} ended after {duration(t0 - self.since)}: {num(self.rejected)} {self.counted} in all",
            )
            self.since = None

    def _say(self, t: float, fraction: float, detail: str) -> None:
        self.narrator.say(t, self.kind, self.template.format(pct=pct(fraction), detail=detail))
        self.reported_fraction = fraction
