"""Narrate a condition that starts, lasts and ends (throttling, 503s, eviction) without flooding the log."""

from __future__ import annotations

from quizsim.text import clock, duration, fmt_count, fmt_usd, pct
from quizsim.sim.narrator import Narrator


class Episode:
    """Tells when a condition starts (and when its share grows a lot), and when it ends with a total.

    `template` has {pct} and {detail}, e.g. 'DynamoDB throttled {pct} of writes: {detail}';
    `ended` names what ends, e.g. 'DynamoDB write throttling'; `counted` what the total counts
    (`counted_one` when the total is one). A window counts while its share reaches `min_fraction` and its
    count `min_count`; the episode ends after `quiet_s` without one (0: at the first such window), so a
    condition that pauses briefly stays one episode. `about` marks totals that are estimates.
    """

    def __init__(self, narrator: Narrator, kind: str, template: str, ended: str, counted: str = "operations rejected",
                 *, counted_one: str | None = None, min_fraction: float = 0.005, min_count: float = 0.0,
                 quiet_s: float = 0.0, about: bool = False) -> None:
        self.narrator, self.kind, self.template, self.ended, self.counted = narrator, kind, template, ended, counted
        self.counted_one = counted_one or counted
        self.min_fraction, self.min_count, self.quiet_s, self.about = min_fraction, min_count, quiet_s, about
        self.since: float | None = None
        self.last = 0.0
        self.reported_fraction = 0.0
        self.rejected = 0.0
        self.usd = 0.0

    def update(self, t0: float, t1: float, fraction: float, rejected: float, detail: str, usd: float = 0.0) -> None:
        """fraction: share rejected in [t0, t1); rejected: how many (real); usd: what they were billed, if any."""
        if fraction >= self.min_fraction and rejected >= self.min_count:
            if self.since is None:
                self.since, self.rejected, self.usd = t0, 0.0, 0.0
                self._say(t0, fraction, detail)
            elif fraction > 2 * self.reported_fraction and fraction - self.reported_fraction > 0.05:
                self._say(t0, fraction, detail)
            self.rejected += rejected
            self.usd += usd
            self.last = t1
        elif self.since is not None:
            if t0 - self.last < self.quiet_s - 1e-9:
                self.rejected += rejected  # a pause within the episode: what trickles in still counts
                self.usd += usd
                return
            self._end(t0, f"{self.ended} ended after {duration(self.last - self.since)}")

    def close(self, t: float) -> None:
        """The run ends at t: an episode still going is told with its total so far."""
        if self.since is None:
            return
        if self.last >= t - 1e-9:
            self._end(t, f"{self.ended} lasted to the end of the run, {duration(t - self.since)}")
        else:
            self._end(t, f"{self.ended} ended after {duration(self.last - self.since)}")

    @property
    def active(self) -> bool:
        return self.since is not None

    def _end(self, t: float, what: str) -> None:
        start = self.narrator.start_clock_s
        whole = int(self.rejected + 0.5)
        total = f"{'about ' if self.about else ''}{fmt_count(whole)} {self.counted_one if whole == 1 else self.counted}"
        span = f"{clock(start, self.since)}–{clock(start, self.last)}"
        billed = "" if self.usd <= 0 else f", billed {fmt_usd(self.usd) if self.usd >= 0.01 else 'less than a cent'}"
        self.narrator.say(t, self.kind + "_end", f"{what} ({span}): {total} in all{billed}")
        self.since = None

    def _say(self, t: float, fraction: float, detail: str) -> None:
        self.narrator.say(t, self.kind, self.template.format(pct=pct(fraction), detail=detail))
        self.reported_fraction = fraction
