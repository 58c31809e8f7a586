"""Horizontal bar charts drawn as server-side SVG (no JavaScript, no chart library).

The SVG has no viewBox: it is as wide as its column and its text keeps its CSS size
(14 px) at every screen width. Each bar takes two lines: the full label on the first,
the bar below it, its width a percentage of the column, with the value just past its
end (or inside it, in white, when the bar is long enough to hold it).
"""

from dataclasses import dataclass
from decimal import Decimal

ROW_HEIGHT = 46  # label line + bar + gap, in CSS pixels
LABEL_BASELINE = 16
BAR_TOP = 22
BAR_HEIGHT = 16
VALUE_INSIDE_FROM = 60  # per cent of the width: from here the value is drawn inside


@dataclass
class Bar:
    label: str
    value: Decimal
    count: int
    y: int
    percent: float

    @property
    def label_y(self):
        return self.y + LABEL_BASELINE

    @property
    def bar_y(self):
        return self.y + BAR_TOP

    @property
    def value_y(self):
        return self.y + BAR_TOP + BAR_HEIGHT - 3

    @property
    def value_inside(self):
        return self.percent >= VALUE_INSIDE_FROM


@dataclass
class BarChart:
    bars: list
    height: int
    bar_height: int = BAR_HEIGHT


def bar_chart(rows):
    """Return a BarChart for (label, value, count) rows; bars scale to the largest value."""
    rows = [(label, value or Decimal(0), count) for label, value, count in rows]
    largest = max((value for _, value, _ in rows), default=Decimal(0))
    bars = [
        Bar(label, value, count, index * ROW_HEIGHT,
            round(float(value / largest * 100), 1) if largest else 0.0)
        for index, (label, value, count) in enumerate(rows)
    ]  # fmt: skip
    return BarChart(bars=bars, height=max(1, len(rows) * ROW_HEIGHT))
