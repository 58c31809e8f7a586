"""Horizontal bar charts drawn on the server (no JavaScript, no chart library).

`bar_chart`: one value per bar (the sales desk's attribution). `stacked_chart`: bars of
parts (the tracker's reported, capped and estimated amounts), in HTML rows.

The bar chart's SVG has no viewBox: it is as wide as its column and its text keeps its CSS size
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


# Stacked bars: one row per label, in HTML (the label and the words under the bar wrap
# on any screen), the bar a small SVG of parts (reported, up to, estimated...); a total
# of different kinds of amount is never printed, so the words give each kind apart.
STACK_BAR_HEIGHT = 16


@dataclass
class Part:
    key: str
    label: str
    value: Decimal
    x: float
    percent: float
    y: int
    height: int


@dataclass
class StackedBar:
    label: str
    parts: list
    note: str


@dataclass
class StackedChart:
    bars: list
    keys: list
    bar_height: int = STACK_BAR_HEIGHT


def stacked_chart(rows, keys, describe, side_by_side=()):
    """Return a StackedChart for (label, {key: value}) rows; bars scale to the largest sum.

    `keys` are (key, label) pairs in drawing order; `describe(values)` gives the words
    under each bar (e.g. "USD 297 million reported · up to USD 366 million"). Keys in
    `side_by_side` are not stacked on the others but drawn as a thin bar of their own
    under them (cancelled investment beside announced investment).
    """
    rows = [
        (label, {k: values.get(k) or Decimal(0) for k, _ in keys}, values) for label, values in rows
    ]
    stacked = [key for key, _ in keys if key not in side_by_side]

    def widest(values):
        return max([sum(values[k] for k in stacked), *(values[k] for k in side_by_side)])

    largest = max((widest(values) for _, values, _ in rows), default=Decimal(0))
    half = STACK_BAR_HEIGHT // 2
    bars = []
    for label, values, original in rows:
        parts, x = [], 0.0
        for key, key_label in keys:
            percent = round(float(values[key] / largest * 100), 1) if largest else 0.0
            apart = key in side_by_side
            if not side_by_side:
                y, height = 0, STACK_BAR_HEIGHT
            else:  # two thin bars in the place of one
                y, height = (half + 1, half - 1) if apart else (0, half)
            if values[key]:
                part_x = 0.0 if apart else x
                parts.append(Part(key, key_label, values[key], part_x, percent, y, height))
            if not apart:
                x = round(x + percent, 1)
        bars.append(StackedBar(label, parts, describe(original)))
    return StackedChart(bars=bars, keys=keys)
