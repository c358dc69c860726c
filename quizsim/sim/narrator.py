"""The event log: plain sentences with the wall-clock time and the numbers."""

from __future__ import annotations

from quizsim.text import clock
from quizsim.sim.result import Event

MAX_EVENTS = 1000
"""A run keeps at most this many events (a flapping system must not fill memory)."""


class Narrator:
    """Collects events; `drain()` hands over the ones not yet streamed."""

    def __init__(self, start_clock_s: float) -> None:
        self.start_clock_s = start_clock_s
        self.events: list[Event] = []
        self._streamed = 0
        self.dropped = 0

    def say(self, t_s: float, kind: str, text: str) -> None:
        """Record '<HH:MM> text' at t_s."""
        if len(self.events) >= MAX_EVENTS:
            self.dropped += 1
            return
        self.events.append(Event(t_s=round(float(t_s), 3), kind=kind, text=f"{clock(self.start_clock_s, t_s)} {text}"))

    def drain(self) -> list[Event]:
        new = self.events[self._streamed:]
        self._streamed = len(self.events)
        return new
