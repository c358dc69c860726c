"""The playhead that reveals a run at a chosen speed, independent of how fast the engine computes it."""

from __future__ import annotations

from dataclasses import dataclass

SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
SHOW_S_AT_1X = 8.0
"""Wall seconds to play a whole run at speed 1×, whatever its simulated length."""


@dataclass
class Playback:
    duration_s: float
    playhead_s: float = 0.0
    speed_index: int = 2
    paused: bool = False

    @property
    def speed(self) -> float:
        return SPEEDS[self.speed_index]

    def tick(self, wall_s: float) -> None:
        if not self.paused:
            step = self.duration_s / SHOW_S_AT_1X * self.speed * max(0.0, wall_s)
            self.playhead_s = min(self.duration_s, self.playhead_s + step)

    def faster(self) -> None:
        self.speed_index = min(self.speed_index + 1, len(SPEEDS) - 1)

    def slower(self) -> None:
        self.speed_index = max(self.speed_index - 1, 0)

    def toggle_pause(self) -> None:
        self.paused = not self.paused

    def jump_to_end(self) -> None:
        self.playhead_s = self.duration_s

    @property
    def at_end(self) -> bool:
        return self.playhead_s >= self.duration_s

    def speed_label(self) -> str:
        rate_s = self.duration_s / SHOW_S_AT_1X * self.speed
        per = f"{rate_s / 60:.0f} min/s" if rate_s >= 60 else f"{rate_s:.0f} s/s"
        speed = f"{self.speed:g}×"
        return f"{'paused' if self.paused else 'playing'} {speed} ({per})"
