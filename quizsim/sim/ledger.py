"""Cost accrued by component (web tier, store requests, store capacity, storage)."""

from __future__ import annotations

SECONDS_PER_MONTH = 730 * 3600
"""AWS prices a month as 730 hours."""


class Ledger:
    """USD accrued so far, by component name."""

    def __init__(self) -> None:
        self.by_component: dict[str, float] = {}

    def add(self, component: str, usd: float) -> None:
        if usd:
            self.by_component[component] = self.by_component.get(component, 0.0) + float(usd)

    @property
    def total_usd(self) -> float:
        return sum(self.by_component.values())
