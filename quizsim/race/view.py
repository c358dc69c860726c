"""What the consequence panel shows, kept apart from the widgets: runs, their bucketed series,
events, results, errors and the playhead. No Textual here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from quizsim.race.playback import Playback
from quizsim.race.runner import RaceBatch, RaceOutcome, RunPlan
from quizsim.race.series import BucketSeries

if TYPE_CHECKING:
    from quizsim.sim.result import Event, Result


@dataclass
class Lane:
    """One option on screen."""

    option_id: str
    role: str
    """'yours', 'best', 'runner-up' or '' (compare all)."""
    series: BucketSeries
    events: list["Event"] = field(default_factory=list)
    result: "Result | None" = None
    error: str | None = None
    progress: float = 0.0
    letter: str = ""
    """The option's letter as shown on the card ("A" = shown first), whatever its id."""

    @property
    def label(self) -> str:
        role = f" ({self.role})" if self.role else ""
        return f"{self.letter}{role}"


class RaceView:
    """State of one race as displayed: which lanes show, what has arrived, where the playhead is."""

    def __init__(
        self, plans: list[RunPlan], shown: list[tuple[str, str]], duration_s: float, seed: int, mode: str,
        letters: dict[str, str] | None = None,
    ) -> None:
        """`shown`: (option id, role) of the lanes to display, in order; other plans run unseen.

        `letters`: option id → the letter the card shows it under; every surface names lanes by it.
        """
        self.mode = mode
        """'matchup' or 'compare'."""
        self.seed = seed
        self.plans = {p.option_id: p for p in plans}
        self.duration_s = max(duration_s, 1e-9)
        self.letters = dict(letters or {})
        self.lanes: dict[str, Lane] = {
            p.option_id: Lane(p.option_id, "", BucketSeries(self.duration_s), error=p.error, letter=self.letter(p.option_id))
            for p in plans
        }
        self.shown: list[str] = []
        self.show(shown)
        self.playback = Playback(self.duration_s)
        self.running = True
        self.cancelled = False
        self.failure: str | None = None
        """Why the whole race failed (not one option)."""
        self.note: str | None = None

    def show(self, shown: list[tuple[str, str]]) -> None:
        self.shown = []
        for oid, role in shown:
            lane = self.lanes.get(oid)
            if lane is not None:
                lane.role = role
                self.shown.append(oid)

    def letter(self, option_id: str) -> str:
        """The option's shown letter (its id in capitals when the view was given none)."""
        return self.letters.get(option_id) or option_id.upper()

    def visible_lanes(self) -> list[Lane]:
        return [self.lanes[oid] for oid in self.shown]

    def apply(self, batch: RaceBatch) -> None:
        for oid, windows in batch.windows.items():
            lane = self.lanes.get(oid)
            if lane is not None:
                for window in windows:
                    lane.series.add(window)
        for oid, events in batch.events.items():
            lane = self.lanes.get(oid)
            if lane is not None:
                lane.events.extend(events)
        for oid, value in batch.progress.items():
            if oid in self.lanes:
                self.lanes[oid].progress = value

    def finish(self, outcome: RaceOutcome) -> None:
        self.running = False
        for oid, result in outcome.results.items():
            lane = self.lanes[oid]
            lane.result = result
            lane.progress = 1.0
            # Windows normally arrive in batches; a run that only returned a Result still gets drawn.
            if lane.series.filled_to_s <= 0:
                for window in result.windows:
                    lane.series.add(window)
                lane.events = list(result.events)
        for oid, error in outcome.errors.items():
            self.lanes[oid].error = error

    def stop(self, *, cancelled: bool = False, failure: str | None = None) -> None:
        self.running = False
        self.cancelled = cancelled
        self.failure = failure

    def tick(self, wall_s: float) -> None:
        """Advance the playhead, never past what the engine has computed for the shown lanes."""
        self.playback.tick(wall_s)
        self.playback.playhead_s = min(self.playback.playhead_s, self.computed_to_s())

    def computed_to_s(self) -> float:
        filled = [lane.series.filled_to_s for lane in self.visible_lanes() if lane.error is None]
        if not filled:
            return 0.0 if self.running else self.duration_s
        if not self.running:
            return max(filled)
        return min(filled)

    def progress(self) -> float:
        lanes = [lane for lane in self.lanes.values() if lane.error is None]
        return min((lane.progress for lane in lanes), default=1.0)

    @property
    def complete(self) -> bool:
        """Race done and the playhead at the end: time for the verdict."""
        return not self.running and self.playback.playhead_s >= self.computed_to_s() - 1e-9

    @property
    def all_failed(self) -> bool:
        """No shown lane will produce anything."""
        return not self.running and all(lane.result is None for lane in self.visible_lanes())

    def visible_events(self) -> list[tuple[str, "Event"]]:
        """(option id, event) for shown lanes up to the playhead, in time order, then shown-letter order."""
        head = self.playback.playhead_s
        out = [(lane.option_id, e) for lane in self.visible_lanes() for e in lane.events if e.t_s <= head]
        out.sort(key=lambda pair: (pair[1].t_s, len(self.letter(pair[0])), self.letter(pair[0])))
        return out
