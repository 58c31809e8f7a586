"""Horizontal bar charts drawn as server-side SVG (no JavaScript, no chart library)."""

from dataclasses import dataclass
from decimal import Decimal

BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 150
VALUE_WIDTH = 110
CHART_WIDTH = 640


@dataclass
class Bar:
    label: str
    value: Decimal
    count: int
    y: int
    width: float

    @property
    def text_y(self):
        return self.y + BAR_HEIGHT * 0.7

    @property
    def value_x(self):
        return LABEL_WIDTH + self.width + 6


@dataclass
class BarChart:
    bars: list
    height: int
    width: int = CHART_WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT


def bar_chart(rows):
    """Return a BarChart for (label, value, count) rows; bars scale to the largest value."""
    rows = [(label, value or Decimal(0), count) for label, value, count in rows]
    largest = max((value for _, value, _ in rows), default=Decimal(0))
    plot_width = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for index, (label, value, count) in enumerate(rows):
        width = float(value / largest * plot_width) if largest else 0.0
        bars.append(Bar(label, value, count, index * (BAR_HEIGHT + BAR_GAP), round(width, 1)))
    return BarChart(bars=bars, height=max(1, len(rows) * (BAR_HEIGHT + BAR_GAP)))
