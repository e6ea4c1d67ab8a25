"""The Japanese eras and every 和暦 text the tool writes: one table, one formatter family.

Every pattern that names an era (dates, periods) is built from ERAS, so a new era is one line here.
Meiji starts on 1868-09-08 as in the Windows/.NET calendar tables; days before the 1873 switch to
the Gregorian calendar are not converted from the lunar one.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, timedelta

from casebook.errors import DateError
from casebook.safety.quoting import quote


@dataclass(frozen=True)
class Era:
    name: str
    letter: str
    start: date  # first day, proleptic Gregorian

    def year_of(self, day: date) -> int:
        return day.year - self.start.year + 1


ERAS: tuple[Era, ...] = (
    Era("明治", "M", date(1868, 9, 8)),
    Era("大正", "T", date(1912, 7, 30)),
    Era("昭和", "S", date(1926, 12, 25)),
    Era("平成", "H", date(1989, 1, 8)),
    Era("令和", "R", date(2019, 5, 1)),
)
_ERA_BY_KEY = {e.name: e for e in ERAS} | {e.letter: e for e in ERAS}
# Every pattern that names an era is built from ERAS: a new era is one line above.
ERA_NAMES = "|".join(e.name for e in ERAS)  # 明治|大正|昭和|平成|令和
ERA_LETTERS = "".join(e.letter for e in ERAS)  # MTSHR
WEEKDAYS = "月火水木金土日"


def era_named(key: str) -> Era:
    """The era of a name (令和) or a letter (R, r)."""
    return _ERA_BY_KEY[key.upper() if len(key) == 1 else key]


def era_end(era: Era) -> date | None:
    """Last day of an era, or None for the current one."""
    index = ERAS.index(era)
    if index + 1 == len(ERAS):
        return None
    return ERAS[index + 1].start - timedelta(days=1)


def era_of(day: date) -> Era:
    for era in reversed(ERAS):
        if day >= era.start:
            return era
    raise DateError(f"{day.isoformat()} は明治より前のため和暦で表せません")


def era_year_text(year: int) -> str:
    return "元" if year == 1 else str(year)


# --- one formatter family: every 和暦 text the tool writes comes from these ---


def wareki_year(era: Era, year: int) -> str:
    """令和7, 令和元: the era and its year, as 年 and 年度 follow it."""
    return f"{era.name}{era_year_text(year)}"


def format_month(year: int, month: int) -> str:
    """令和7年4月: the era of the month's first day (明治元年9月 starts on 9月8日, its first day in 明治)."""
    first = max(date(year, month, 1), FIRST_DAY)
    era = era_of(first)
    return f"{wareki_year(era, era.year_of(first))}年{month}月"


@functools.lru_cache(maxsize=4096)  # a casebook writes the same few thousand days again and again
def format_day(day: date, style: str = "long") -> str:
    """令和7年4月25日 (long), R7.4.25 (short), 令和7年4月25日（金） (weekday)."""
    era = era_of(day)
    if style == "short":
        return f"{era.letter}{era.year_of(day)}.{day.month}.{day.day}"
    text = f"{wareki_year(era, era.year_of(day))}年{day.month}月{day.day}日"
    return text + (f"（{WEEKDAYS[day.weekday()]}）" if style == "weekday" else "")


def long_date(day: date) -> str:
    return format_day(day)


# Days this tool can write in 和暦 and count with: from the first day of 明治 to the end of 2999.
FIRST_DAY = date(1868, 9, 8)
LAST_DAY = date(2999, 12, 31)
SUPPORTED_RANGE = (  # as messages say it
    f"{format_day(FIRST_DAY)}（{FIRST_DAY.year}年{FIRST_DAY.month}月{FIRST_DAY.day}日）から{LAST_DAY.year}年{LAST_DAY.month}月{LAST_DAY.day}日まで"
)


def gregorian_year(era: Era, year: int, shown: str, unit: str = "年", what: str = "") -> int:
    """The calendar year in which year `year` of an era falls (元年 is 1); 0 and years past LAST_DAY are refused.

    `what` names the text in messages (期間 for a period).
    """
    if year == 0:
        raise DateError(f"{what}{quote(shown)}: {era.name}0{unit}はありません（最初の{unit}は「{era.name}元{unit}」）")
    gregorian = era.start.year + year - 1
    if gregorian > LAST_DAY.year:
        raise DateError(f"{what}{quote(shown)}は扱える範囲の外です（{SUPPORTED_RANGE}）")
    return gregorian
