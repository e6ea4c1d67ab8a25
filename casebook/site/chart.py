"""The trend of cases per half-year by category (事案の分類): an inert SVG drawn by site/_trend.html.j2, and the same
numbers as a table for screen readers.

The counts are the reports' own (Totals.by_category_unit): a non-public case counts under 非公表, as in the report.
"""

from __future__ import annotations

from dataclasses import dataclass

from casebook.documents.tables.report import NON_PUBLIC_GROUP, UNCLASSIFIED, Totals, totals
from casebook.domain.periods import Period
from casebook.domain.vocabularies import Category
from casebook.site.content import SiteContent

WIDTH = 760
HEIGHT = 300
LEFT = 44  # room for the counts on the axis
BOTTOM = 36  # room for the periods under the bars
TOP = 12
# Colours told apart by people with the common colour-vision deficiencies (Okabe-Ito, then darker tones), in the
# categories' order; the legend and the table carry the same information in words.
PALETTE = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
    "#000000", "#7F7F7F", "#8C564B", "#17BECF", "#BCBD22", "#444444",
)  # fmt: skip


@dataclass(frozen=True)
class Segment:
    category: str
    count: int
    colour: str
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Bar:
    period: Period
    short: str
    total: int
    segments: tuple[Segment, ...]
    x: float
    centre: float


@dataclass(frozen=True)
class Trend:
    categories: tuple[tuple[str, str], ...]  # (category, colour) in the legend's order
    bars: tuple[Bar, ...]  # oldest first, every half-year between the first and the last, empty ones too
    ticks: tuple[tuple[int, float], ...]  # (count, y) of the axis
    counts: tuple[tuple[Period, tuple[int, ...], int], ...]  # the table: each period's count per category and its total
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    bottom_y: float = HEIGHT - BOTTOM


def short_label(period: Period) -> str:
    """令和7年度上半期 → R7上: the bars' labels (the table beside the chart gives the full label)."""
    label = period.label.replace("年度", "").replace("上半期", "上").replace("下半期", "下")
    for era, letter in (("令和", "R"), ("平成", "H"), ("昭和", "S")):
        label = label.replace(era, letter)
    return label.replace("元", "1")


def _halves(content: SiteContent) -> list[Period]:
    if not content.periods:
        return []
    oldest, newest = content.periods[-1].period, content.periods[0].period
    halves = [newest]
    while halves[-1].start > oldest.start:
        halves.append(halves[-1].previous())
    return list(reversed(halves))


def _totals_of(content: SiteContent, period: Period) -> dict[str, int]:
    found = next((item.report.current for item in content.periods if item.period == period), None)
    current: Totals = found if found is not None else totals([], content.config)
    return {category: sum(units.values()) for category, units in current.by_category_unit.items()}


def trend(content: SiteContent) -> Trend:
    halves = _halves(content)
    per_period = [_totals_of(content, period) for period in halves]
    order = [m.value for m in Category] + [UNCLASSIFIED, NON_PUBLIC_GROUP]
    present = [name for name in order if any(counts.get(name) for counts in per_period)]
    colours = {name: PALETTE[order.index(name) % len(PALETTE)] for name in present}
    most = max((sum(counts.values()) for counts in per_period), default=0)
    step = max(1, -(-most // 5))  # about five ticks, whole cases
    top = max(step * 5, 1)
    plot = HEIGHT - BOTTOM - TOP
    slot = (WIDTH - LEFT - 8) / max(len(halves), 1)
    bar_width = min(slot * 0.7, 48)
    bars = []
    for index, (period, counts) in enumerate(zip(halves, per_period, strict=True)):
        x = LEFT + index * slot + (slot - bar_width) / 2
        y = float(HEIGHT - BOTTOM)
        segments = []
        for name in present:
            count = counts.get(name, 0)
            if not count:
                continue
            height = plot * count / top
            y -= height
            segments.append(Segment(name, count, colours[name], round(x, 1), round(y, 1), round(bar_width, 1), round(height, 1)))
        bars.append(Bar(period, short_label(period), sum(counts.values()), tuple(segments), round(x, 1), round(x + bar_width / 2, 1)))
    ticks = tuple((value, round(HEIGHT - BOTTOM - plot * value / top, 1)) for value in range(0, top + 1, step))
    table = tuple(
        (period, tuple(counts.get(name, 0) for name in present), sum(counts.values()))
        for period, counts in zip(halves, per_period, strict=True)
    )
    return Trend(tuple((name, colours[name]) for name in present), tuple(bars), ticks, table)
