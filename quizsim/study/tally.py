"""A classroom vote tally the teacher types: one count per option, with undo. No Textual."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class VoteTally:
    option_ids: tuple[str, ...]
    counts: dict[str, int] = field(default_factory=dict)
    _history: list[str] = field(default_factory=list)

    def add(self, option_id: str) -> None:
        if option_id not in self.option_ids:
            raise ValueError(f"no option {option_id!r}")
        self.counts[option_id] = self.counts.get(option_id, 0) + 1
        self._history.append(option_id)

    def undo(self) -> str | None:
        """Take back the last vote; returns its option, or None when there was none."""
        if not self._history:
            return None
        option_id = self._history.pop()
        self.counts[option_id] -= 1
        return option_id

    def clear(self) -> None:
        self.counts.clear()
        self._history.clear()

    def count(self, option_id: str) -> int:
        return self.counts.get(option_id, 0)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, option_id: str) -> float:
        return self.count(option_id) / self.total if self.total else 0.0
