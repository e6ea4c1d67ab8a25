"""Periods: fiscal ones (2025H1 = 令和7年度上半期 = 2025-04-01..2025-09-30 with an April start), months
(2025-07 = 令和7年7月) for monthly batches, and ranges of months (2025-04..2025-09 = 令和7年4月～9月).

Every period is a run of whole months, so membership, the previous period and the labels
come from its first month and its length.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from casebook.domain.eras import (
    ERA_LETTERS,
    ERA_NAMES,
    ERAS,
    FIRST_DAY,
    LAST_DAY,
    SUPPORTED_RANGE,
    Era,
    era_end,
    era_named,
    era_of,
    format_month,
    gregorian_year,
    wareki_year,
)
from casebook.errors import DateError
from casebook.safety.quoting import quote

_KINDS = {"year": 12, "half": 6, "quarter": 3}
_HALF_NAMES = ("上半期", "下半期")
_QUARTER_NAMES = ("第1四半期", "第2四半期", "第3四半期", "第4四半期")
PERIOD_EXAMPLES = "例: 2025H1、2025H2、2025、2025Q3、R7H1、令和7年度上半期、月は 2025-07・R7.7・令和7年7月、範囲は 2025-04..2025-09"


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _months_between(first: date, last: date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month + 1


@dataclass(frozen=True)
class Period:
    """A run of whole months: a fiscal year, half or quarter, one month, or a range of months."""

    kind: str  # year | half | quarter | month | range
    year: int  # calendar year of the first month
    month: int  # calendar month of the first month
    months: int  # length in months
    start_month: int = 4  # first month of the fiscal year (for the labels of fiscal periods)

    @classmethod
    def fiscal(cls, fiscal_year: int, kind: str, index: int, start_month: int = 4) -> Period:
        """The `index`-th half or quarter (1 for a year) of the fiscal year starting in `fiscal_year`."""
        year, month = _add_months(fiscal_year, start_month, (index - 1) * _KINDS[kind])
        return cls(kind, year, month, _KINDS[kind], start_month)

    @classmethod
    def span(cls, first: Period, last: Period, start_month: int = 4) -> Period:
        """From the first month of `first` to the last month of `last`; one month is a month."""
        months = _months_between(first.start, last.end)
        kind = "month" if months == 1 else "range"
        return cls(kind, first.year, first.month, months, start_month)

    @cached_property
    def start(self) -> date:  # cached: 10^5 cases are placed in a period, several times per command
        return date(self.year, self.month, 1)

    @cached_property
    def end(self) -> date:
        year, month = _add_months(self.year, self.month, self.months)
        return date(year, month, 1) - timedelta(days=1)

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def fiscal_year(self) -> int:
        """The calendar year in which the fiscal year of the first month starts."""
        return self.year if self.month >= self.start_month else self.year - 1

    @property
    def index(self) -> int:
        """1-based number of a half or quarter in its fiscal year; 1 for a year."""
        size = _KINDS.get(self.kind, 12)
        return _months_between(date(self.fiscal_year, self.start_month, 1), self.start) // size + 1

    @property
    def code(self) -> str:
        if self.kind == "month":
            return f"{self.year}-{self.month:02d}"
        if self.kind == "range":
            return f"{self.year}-{self.month:02d}..{self.end.year}-{self.end.month:02d}"
        suffix = {"year": "", "half": f"H{self.index}", "quarter": f"Q{self.index}"}[self.kind]
        return f"{self.fiscal_year}{suffix}"

    @property
    def fiscal_year_label(self) -> str:
        """令和7年度 (of the first month); a fiscal year spanning an era change takes the era that covers most of it."""
        return _fiscal_year_name(self.fiscal_year, self.start_month)

    @property
    def fiscal_years_label(self) -> str:
        """The fiscal year the period lies in (令和7年度), or both ends of a range that crosses a fiscal year's end
        (令和6年度～令和7年度): 1月～6月 after it is never read as a part of the first one."""
        last = Period("month", self.end.year, self.end.month, 1, self.start_month).fiscal_year
        first = self.fiscal_year_label
        return first if last == self.fiscal_year else f"{first}～{_fiscal_year_name(last, self.start_month)}"

    @property
    def part_label(self) -> str:
        """The period's name within its fiscal year: 上半期, 第1四半期, the months of a month or a range (7月, 4月～9月),
        nothing for the whole year. After the fiscal year it names the period: 令和7年度上半期, 令和7年度7月, 令和7年度."""
        if self.kind == "half":
            return _HALF_NAMES[self.index - 1]
        if self.kind == "quarter":
            return _QUARTER_NAMES[self.index - 1]
        return "" if self.kind == "year" else self.month_label

    @property
    def first_month_label(self) -> str:
        return f"{self.month}月"

    @property
    def last_month_label(self) -> str:
        return f"{self.end.month}月"

    @property
    def month_label(self) -> str:
        """The months and never a year: 7月, 4月～9月, 10月～3月 (whatever years they fall in)."""
        if self.months == 1:
            return self.first_month_label
        return f"{self.first_month_label}～{self.last_month_label}"

    @property
    def label(self) -> str:
        if self.kind in ("half", "quarter"):
            return self.fiscal_year_label + self.part_label
        if self.kind == "month":
            return format_month(self.year, self.month)
        if self.kind == "range":
            last = self.end
            tail = f"{last.month}月" if self._one_era_year() else format_month(last.year, last.month)
            return f"{format_month(self.year, self.month)}～{tail}"
        return self.fiscal_year_label

    def _one_era_year(self) -> bool:
        first, last = self.start, self.end.replace(day=1)
        return first.year == last.year and era_of(first) == era_of(last)

    def previous(self) -> Period:
        """The period of the same kind and length just before this one."""
        year, month = _add_months(self.year, self.month, -self.months)
        return Period(self.kind, year, month, self.months, self.start_month)

    def __str__(self) -> str:
        return self.code


def _fiscal_year_name(fiscal_year: int, start_month: int) -> str:
    first = date(fiscal_year, start_month, 1)
    last = Period.fiscal(fiscal_year, "year", 1, start_month).end
    best = max(_eras_overlapping(first, last), key=lambda era: _overlap_days(era, first, last))
    unit = "年" if start_month == 1 else "年度"
    return wareki_year(best, fiscal_year - best.start.year + 1) + unit


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
_MONTH = re.compile(r"^(?P<y>[0-9]{4})(?:[-/.]|年)(?P<m>[0-9]{1,2})月?$")
_ERA_MONTH = re.compile(rf"^(?P<era>[{ERA_LETTERS}])(?P<y>[0-9]+)[./-](?P<m>[0-9]{{1,2}})$", re.I)
_JAPANESE_MONTH = re.compile(rf"^(?P<era>{ERA_NAMES})(?P<y>元|[0-9]+)年(?P<m>[0-9]{{1,2}})月$")
_MONTH_ONLY = re.compile(r"^(?P<m>[0-9]{1,2})月$")  # the end of 令和7年4月～9月
_RANGE = re.compile(r"\.\.|～|〜|~")


def _out_of_range(shown: str) -> DateError:
    return DateError(f"期間{quote(shown)}は扱える範囲の外です（{SUPPORTED_RANGE}に収まる期間）")


def _bounded(period: Period, shown: str) -> Period:
    if period.start < FIRST_DAY or period.end > LAST_DAY:
        raise _out_of_range(shown)
    return period


def _make(fiscal_year: int, kind_letter: str | None, index: str | None, start_month: int, shown: str) -> Period:
    if not FIRST_DAY.year <= fiscal_year <= LAST_DAY.year:
        raise _out_of_range(shown)
    if kind_letter is None:
        period = Period.fiscal(fiscal_year, "year", 1, start_month)
    else:
        kind = "half" if kind_letter.upper() == "H" else "quarter"
        number = int(index or 0)
        if not 1 <= number <= 12 // _KINDS[kind]:
            raise DateError(f"期間{quote(shown)}が正しくありません（上半期はH1、下半期はH2、四半期はQ1〜Q4）")
        period = Period.fiscal(fiscal_year, kind, number, start_month)
    return _bounded(period, shown)


def _month(year: int, month: int, start_month: int, shown: str) -> Period:
    if not 1 <= month <= 12:
        raise DateError(f"期間{quote(shown)}の月が正しくありません（1月から12月）")
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        raise _out_of_range(shown)
    return _bounded(Period("month", year, month, 1, start_month), shown)


def _fiscal_year_of_era(era_key: str, year_text: str, start_month: int, shown: str) -> int:
    era = era_named(era_key)
    year = 1 if year_text == "元" else int(year_text[:6])
    fiscal_year = gregorian_year(era, year, shown, "年度", what="期間")
    whole = Period.fiscal(fiscal_year, "year", 1, start_month)
    end = era_end(era)
    if whole.end < era.start or (end is not None and whole.start > end):
        raise DateError(f"期間{quote(shown)}は存在しません（{wareki_year(era, year)}年度にあたる期間に{era.name}はありません）")
    return fiscal_year


def _era_month(era_key: str, year_text: str, month: int, start_month: int, shown: str) -> Period:
    """令和7年7月, R7.7: a month of an era that the era covers (平成31年5月 and 令和元年4月 do not exist)."""
    era = era_named(era_key)
    year = 1 if year_text == "元" else int(year_text[:6])
    period = _month(gregorian_year(era, year, shown, what="期間"), month, start_month, shown)
    end = era_end(era)
    if period.end < era.start or (end is not None and period.start > end):
        actual = format_month(period.year, period.month)
        raise DateError(f"期間{quote(shown)}は存在しません（{wareki_year(era, year)}年{month}月は{actual}です）")
    return period


def _single(normal: str, start_month: int, shown: str) -> Period:
    """One period written without a range: fiscal year, half, quarter or month."""
    if match := _CODE.match(normal):
        return _make(int(match["y"]), match["k"], match["i"], start_month, shown)
    if match := _MONTH.match(normal):
        return _month(int(match["y"]), int(match["m"]), start_month, shown)
    if match := _ERA_CODE.match(normal):
        fiscal_year = _fiscal_year_of_era(match["era"], match["y"], start_month, shown)
        return _make(fiscal_year, match["k"], match["i"], start_month, shown)
    if match := _ERA_MONTH.match(normal) or _JAPANESE_MONTH.match(normal):
        return _era_month(match["era"], match["y"], int(match["m"]), start_month, shown)
    if match := _JAPANESE.match(normal):
        fiscal_year = _fiscal_year_of_era(match["era"], match["y"], start_month, shown)
        if match["half"]:
            return _make(fiscal_year, "H", str(_HALF_NAMES.index(match["half"]) + 1), start_month, shown)
        if match["q"]:
            return _make(fiscal_year, "Q", match["q"], start_month, shown)
        return _make(fiscal_year, None, None, start_month, shown)
    raise DateError(f"期間{quote(shown)}は読めません（{PERIOD_EXAMPLES}）")


def _range(first_text: str, last_text: str, start_month: int, shown: str) -> Period:
    """2025-04..2025-09, R7.4～R7.9, 令和7年4月～9月 (an end without a year follows the start), 2024H2..2025H1."""
    first = _single(first_text, start_month, shown)
    if match := _MONTH_ONLY.match(last_text):
        if first.kind != "month":
            raise DateError(f"期間{quote(shown)}の終わりに年がありません（始まりが月のときだけ「4月～9月」と書けます）")
        month = int(match["m"])
        year = first.year if month >= first.month else first.year + 1
        last = _month(year, month, start_month, shown)
    else:
        last = _single(last_text, start_month, shown)
    if last.end < first.start:
        raise DateError(f"期間{quote(shown)}の終わりが始まりより前です")
    return Period.span(first, last, start_month)


def parse_period(text: str, start_month: int = 4) -> Period:
    """Read 2025H1, 2025, 2025Q1, FY2025, R7H1, 令和7年度上半期, a month (2025-07, R7.7, 令和7年7月)
    or a range of them (2025-04..2025-09, 令和7年4月～9月)."""
    shown = text.strip()
    normal = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    parts = _RANGE.split(normal)
    if len(parts) == 2 and all(parts):
        return _range(parts[0], parts[1], start_month, shown)
    if len(parts) > 1:
        raise DateError(f"期間{quote(shown)}は読めません（範囲は「始まり..終わり」の2つで書きます。{PERIOD_EXAMPLES}）")
    return _single(normal, start_month, shown)
