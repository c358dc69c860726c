"""A line chart widget over `quizsim.race.chart_text`: one line style and one theme colour per series."""

from __future__ import annotations

import time
from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from quizsim.race.chart_text import ChartSeries, render_chart

COLOR_CLASSES = ("line-chart--yours", "line-chart--best", "line-chart--other", "line-chart--c3", "line-chart--c4")


class LineChart(Widget):
    """p99 latency over simulated time, drawn from bucketed series."""

    COMPONENT_CLASSES = {*COLOR_CLASSES, "line-chart--axis"}
    DEFAULT_CSS = """
    LineChart { height: 12; min-height: 6; }
    LineChart > .line-chart--yours { color: $error; text-style: bold; }
    LineChart > .line-chart--best { color: $success; }
    LineChart > .line-chart--other { color: $warning; }
    LineChart > .line-chart--c3 { color: $primary; }
    LineChart > .line-chart--c4 { color: $secondary; }
    LineChart > .line-chart--axis { color: $foreground-muted; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._series: list[ChartSeries] = []
        self._colors: list[str] = []
        self._visible = 0
        self._x_labels = ("", "", "")
        self._marks: list[tuple[int, str]] = []
        self.first_data_frame_at: float | None = None
        """perf_counter() when a frame with data was first drawn (read by the benchmark)."""

    def set_data(
        self,
        series: Sequence[ChartSeries],
        colors: Sequence[str],
        visible: int,
        x_labels: tuple[str, str, str],
        marks: Sequence[tuple[int, str]] = (),
    ) -> None:
        self._series = list(series)
        self._colors = list(colors)
        self._visible = visible
        self._x_labels = x_labels
        self._marks = list(marks)
        self.refresh()

    def clear(self) -> None:
        self.set_data([], [], 0, ("", "", ""))
        self.first_data_frame_at = None

    def render(self) -> Text:
        width, height = self.size.width, self.size.height
        if width < 12 or height < 4:
            return Text("")
        rows = render_chart(
            self._series, self._visible, width, height, x_labels=self._x_labels, marks=self._marks
        )
        axis = self.get_component_rich_style("line-chart--axis", partial=True)
        styles = [
            self.get_component_rich_style(self._colors[i] if i < len(self._colors) else COLOR_CLASSES[2], partial=True)
            for i in range(len(self._series))
        ]
        text = Text(no_wrap=True, overflow="crop")
        for r, row in enumerate(rows):
            if r:
                text.append("\n")
            for ch, owner in row:
                text.append(ch, axis if owner is None else styles[owner] if owner < len(styles) else Style())
        if self._visible and self._series and self.first_data_frame_at is None:
            self.first_data_frame_at = time.perf_counter()
        return text
