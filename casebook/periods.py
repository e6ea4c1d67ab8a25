"""Fiscal periods: 2025H1 = 令和7年度上半期 = 2025-04-01..2025-09-30 (April start)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from casebook.eras import (
    ERA_LETTERS,
    ERA_NAMES,
    ERAS,
    FIRST_DAY,
    LAST_DAY,
    Era,
    era_end,
    era_named,
    format_day,
    gregorian_year,
    wareki_year,
)
from casebook.errors import DateError
from casebook.quoting import quote

_KINDS = {"year": 12, "half": 6, "quarter": 3}
_HALF_NAMES = ("上半期", "下半期")
_QUARTER_NAMES = ("第1四半期", "第2四半期", "第3四半期", "第4四半期")
PERIOD_EXAMPLES = "例: 2025H1、2025H2、2025、2025Q3、R7H1、令和7年度上半期"


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


@dataclass(frozen=True)
class Period:
    fiscal_year: int  # the calendar year in which the fiscal year starts
    kind: str  # year | half | quarter
    index: int  # 1-based half or quarter; 1 for a year
    start_month: int = 4

    @cached_property
    def start(self) -> date:  # cached: 10^5 cases are placed in a period, several times per command
        year, month = _add_months(self.fiscal_year, self.start_month, (self.index - 1) * _KINDS[self.kind])
        return date(year, month, 1)

    @cached_property
    def end(self) -> date:
        year, month = _add_months(self.start.year, self.start.month, _KINDS[self.kind])
        return date(year, month, 1) - timedelta(days=1)

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def code(self) -> str:
        suffix = {"year": "", "half": f"H{self.index}", "quarter": f"Q{self.index}"}[self.kind]
        return f"{self.fiscal_year}{suffix}"

    @property
    def fiscal_year_label(self) -> str:
        """令和7年度; a fiscal year spanning an era change takes the era that covers most of it."""
        first = date(self.fiscal_year, self.start_month, 1)
        last = Period(self.fiscal_year, "year", 1, self.start_month).end
        best = max(_eras_overlapping(first, last), key=lambda era: _overlap_days(era, first, last))
        unit = "年" if self.start_month == 1 else "年度"
        return wareki_year(best, self.fiscal_year - best.start.year + 1) + unit

    @property
    def label(self) -> str:
        if self.kind == "half":
            return self.fiscal_year_label + _HALF_NAMES[self.index - 1]
        if self.kind == "quarter":
            return self.fiscal_year_label + _QUARTER_NAMES[self.index - 1]
        return self.fiscal_year_label

    def previous(self) -> Period:
        per_year = 12 // _KINDS[self.kind]
        position = self.fiscal_year * per_year + self.index - 2
        return Period(position // per_year, self.kind, position % per_year + 1, self.start_month)

    def __str__(self) -> str:
        return self.code


def _eras_overlapping(first: date, last: date) -> list[Era]:
    return [e for e in ERAS if e.start <= last and (era_end(e) or last) >= first]


def _overlap_days(era: Era, first: date, last: date) -> int:
    end = era_end(era) or last
    return (min(end, last) - max(era.start, first)).days


_CODE = re.compile(r"^(?:FY)?(?P<y>[0-9]{4})(?:(?P<k>[HQ])(?P<i>[0-9]))?$", re.I)
_ERA_CODE = re.compile(rf"^(?P<era>[{ERA_LETTERS}])(?P<y>[0-9]+)(?:(?P<k>[HQ])(?P<i>[0-9]))?$", re.I)
_JAPANESE = re.compile(
    rf"^(?P<era>{ERA_NAMES})(?P<y>元|[0-9]+)年度"
    r"(?:(?P<half>上半期|下半期)|第(?P<q>[1-4])四半期)?$"
)


def _make(fiscal_year: int, kind_letter: str | None, index: str | None, start_month: int, shown: str) -> Period:
    if kind_letter is None:
        period = Period(fiscal_year, "year", 1, start_month)
    else:
        kind = "half" if kind_letter.upper() == "H" else "quarter"
        number = int(index or 0)
        if not 1 <= number <= 12 // _KINDS[kind]:
            raise DateError(f"期間{quote(shown)}が正しくありません（上半期はH1、下半期はH2、四半期はQ1〜Q4）")
        period = Period(fiscal_year, kind, number, start_month)
    if not (FIRST_DAY.year <= fiscal_year <= LAST_DAY.year) or period.start < FIRST_DAY or period.end > LAST_DAY:
        raise DateError(
            f"期間{quote(shown)}は扱える範囲の外です（{format_day(FIRST_DAY)}から{LAST_DAY.year}年{LAST_DAY.month}月{LAST_DAY.day}日までに収まる期間）"
        )
    return period


def _fiscal_year_of_era(era_key: str, year_text: str, start_month: int, shown: str) -> int:
    era = era_named(era_key)
    year = 1 if year_text == "元" else int(year_text[:6])
    fiscal_year = gregorian_year(era, year, shown, "年度", what="期間")
    whole = Period(fiscal_year, "year", 1, start_month)
    end = era_end(era)
    if whole.end < era.start or (end is not None and whole.start > end):
        raise DateError(f"期間{quote(shown)}は存在しません（{wareki_year(era, year)}年度にあたる期間に{era.name}はありません）")
    return fiscal_year


def parse_period(text: str, start_month: int = 4) -> Period:
    """Read 2025H1, 2025H2, 2025, 2025Q1, FY2025, R7H1, 令和7年度上半期, 令和元年度第2四半期 …"""
    shown = text.strip()
    normal = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if match := _CODE.match(normal):
        return _make(int(match["y"]), match["k"], match["i"], start_month, shown)
    if match := _ERA_CODE.match(normal):
        fiscal_year = _fiscal_year_of_era(match["era"], match["y"], start_month, shown)
        return _make(fiscal_year, match["k"], match["i"], start_month, shown)
    if match := _JAPANESE.match(normal):
        fiscal_year = _fiscal_year_of_era(match["era"], match["y"], start_month, shown)
        if match["half"]:
            return _make(fiscal_year, "H", str(_HALF_NAMES.index(match["half"]) + 1), start_month, shown)
        if match["q"]:
            return _make(fiscal_year, "Q", match["q"], start_month, shown)
        return _make(fiscal_year, None, None, start_month, shown)
    raise DateError(f"期間{quote(shown)}は読めません（{PERIOD_EXAMPLES}）")
