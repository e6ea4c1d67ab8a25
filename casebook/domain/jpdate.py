"""Japanese calendar dates: strict era table, parsing and formatting.

Input is NFKC-normalised before matching (full-width digits, ㋿, （木）), but the
original text is never rewritten. Every era boundary is exact: 平成31年4月30日 is
the last day of 平成 and 令和元年5月1日 the first of 令和.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from functools import cache, cached_property, lru_cache

from casebook.domain.eras import (
    ERA_LETTERS,
    ERA_NAMES,
    ERAS,
    FIRST_DAY,
    LAST_DAY,
    SUPPORTED_RANGE,
    WEEKDAYS,
    Era,
    era_end,
    era_named,
    era_of,
    format_day,
    format_month,
    gregorian_year,
    long_date,
)
from casebook.domain.yearless import EXAMPLES, yearless
from casebook.errors import DateError
from casebook.safety.quoting import quote

_KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}

JAPAN = timezone(timedelta(hours=9), "JST")  # Japan keeps no daylight saving time: a fixed offset needs no tz database


def japan_today() -> date:
    """Today in Japan: the law's deadlines and the days of case files are Japan's, whatever zone the machine runs in
    (a CI runner in UTC is still on yesterday until 09:00 in Japan)."""
    return datetime.now(JAPAN).date()


MAX_DATE_TEXT = 100  # characters: a date, a time and a range fit well within this


def _number(text: str) -> int:
    if text.isdigit():
        return int(text) if len(text) <= 6 else 10**6  # out of every range below, without a huge int
    if text == "元":
        return 1
    if not _shape("kanji_number").fullmatch(text):
        raise DateError(f"漢数字{quote(text)}は数として読めません（例: 七、十二、二十五）")
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_KANJI_DIGITS[tens] if tens else 1) * 10 + (_KANJI_DIGITS[ones] if ones else 0)
    value = 0
    for ch in text:
        value = value * 10 + _KANJI_DIGITS[ch]
    return value


def _check_day(year: int, month: int, day: int | None, shown: str) -> None:
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        raise DateError(f"{quote(shown)}は扱える範囲の外です（{SUPPORTED_RANGE}）")
    if not 1 <= month <= 12:
        raise DateError(f"{quote(shown)}の月が正しくありません（1〜12月）")
    if day is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise DateError(f"{quote(shown)}は存在しない日付です（{year}年{month}月は{last}日まで）")


def resolve_era_year(era: Era, year: int, month: int, day: int | None, shown: str) -> int:
    """Gregorian year of an era date, checking the era actually covers it."""
    gregorian = gregorian_year(era, year, shown)
    _check_day(gregorian, month, day, shown)
    first = date(gregorian, month, day or 1)
    last = date(gregorian, month, day or calendar.monthrange(gregorian, month)[1])
    end = era_end(era)
    if last < era.start:
        hint = f"。{long_date(first)}のことですか" if day is not None and first >= ERAS[0].start else ""
        raise DateError(f"{quote(shown)}は存在しません（{era.name}は{long_date(era.start)}から{hint}）")
    if end is not None and first > end:
        successor = ERAS[ERAS.index(era) + 1]
        hint = ""
        if day is not None:
            hint = f"。{long_date(first)}のことですか"
        raise DateError(
            f"{quote(shown)}は存在しません（{era.name}は{era.name}{era.year_of(end)}年"
            f"{end.month}月{end.day}日まで、翌日から{successor.name}{hint}）"
        )
    return gregorian


@dataclass(frozen=True)
class TimeOfDay:
    hour: int
    minute: int | None = None
    approx: bool = False  # 「頃」

    def __str__(self) -> str:
        if self.hour == 12 and not self.minute:
            text = "正午"
        else:
            half = "午前" if self.hour < 12 else "午後"
            text = f"{half}{self.hour % 12}時"
            if self.minute:
                text += f"{self.minute}分"
        return text + ("頃" if self.approx else "")


@dataclass(frozen=True)
class Moment:
    """A calendar day or month, optionally with a time of day."""

    year: int
    month: int
    day: int | None = None
    time: TimeOfDay | None = None

    @cached_property  # a parsed date is shared by the files that write it (parse_moment is cached): its days are made once
    def first_day(self) -> date:
        return date(self.year, self.month, self.day or 1)

    @cached_property
    def last_day(self) -> date:
        return date(self.year, self.month, self.day or calendar.monthrange(self.year, self.month)[1])

    @cached_property
    def sort_key(self) -> tuple[int, int, int, int, int]:
        hour = self.time.hour if self.time else 0
        minute = (self.time.minute or 0) if self.time else 0
        return (self.year, self.month, self.day or 0, hour, minute)

    def short(self) -> str:
        """R7.4.25 style (R7.4 for a month)."""
        if self.day:
            return format_day(self.first_day, "short")
        era = era_of(self.first_day)
        return f"{era.letter}{era.year_of(self.first_day)}.{self.month}"

    def long(self, weekday: bool = False, time: bool = True) -> str:
        """令和7年4月25日 style, with （金） when weekday is asked for."""
        text = format_day(self.first_day, "weekday" if weekday else "long") if self.day else format_month(self.year, self.month)
        if time and self.time:
            text += str(self.time)
        return text

    def iso(self) -> str:
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return self.first_day.isoformat()


@dataclass(frozen=True)
class When:
    """A moment or a range of moments, keeping the text it was read from."""

    start: Moment
    end: Moment | None = None
    text: str = ""

    @property
    def first_day(self) -> date:
        return self.start.first_day

    @property
    def last_day(self) -> date:
        return (self.end or self.start).last_day

    def short(self) -> str:
        """R7.4.25; a range of days as R7.8.4～8.6 (the end's era and year only where they differ: R7.12.25～R8.1.5).

        A range within one day (times) is its day: the table's 発生日 column holds days, not hours.
        """
        start, end = self.start, self.end
        if end is None or end.first_day == start.first_day:
            return start.short()
        tail = end.short()
        era = era_of(start.first_day)
        same_year = f"{era.letter}{era.year_of(start.first_day)}."
        if end.day and start.day and era_of(end.first_day) == era and tail.startswith(same_year):
            tail = tail[len(same_year) :]
        return f"{start.short()}～{tail}"

    def long(self, weekday: bool = False) -> str:
        if self.end is None:
            return self.start.long(weekday)
        start, end = self.start, self.end
        if end.year == start.year and end.month == start.month and end.day == start.day:
            tail = str(end.time) if end.time else end.long(weekday)
            return f"{start.long(weekday)}から{tail}までの間"
        if end.year == start.year and end.month == start.month and end.day:
            tail = f"同月{end.day}日"
            if weekday:
                tail += f"（{WEEKDAYS[end.first_day.weekday()]}）"
            tail += str(end.time) if end.time else ""
        elif era_of(end.first_day) == era_of(start.first_day) and end.year == start.year:
            tail = f"同年{end.long(weekday).split('年', 1)[1]}"
        else:
            tail = end.long(weekday)
        return f"{start.long(weekday)}から{tail}までの間"


_NUM = r"(?:[0-9]+|[〇一二三四五六七八九十]+)"
_ERA = rf"(?P<era>{ERA_NAMES}|[{ERA_LETTERS}{ERA_LETTERS.lower()}])"
_WEEKDAY = r"(?:\s*\((?P<wd>[月火水木金土日])(?:曜日?)?\))?"
_TIME = (
    r"(?:\s*(?:(?P<ampm>午前|午後)\s*(?P<h>" + _NUM + r")\s*時(?:\s*(?P<mi>" + _NUM + r")\s*分|(?P<half>半))?"
    r"|(?P<noon>正午)"
    r"|(?P<h24>[0-9]{1,2}):(?P<m24>[0-9]{2})"
    r"|(?P<hk>" + _NUM + r")\s*時(?:\s*(?P<mik>" + _NUM + r")\s*分)?)"
    r"\s*(?P<approx>頃|ごろ)?)?"
)
_TAIL = _WEEKDAY + _TIME + r"\s*$"


# The shapes of a date, each compiled when a date first needs it (all of them were a tenth of a command's start-up).
_SHAPES = {
    "era_kanji": r"^\s*" + _ERA + r"\s*(?P<y>元|" + _NUM + r")\s*年\s*(?P<m>" + _NUM + r")\s*月(?:\s*(?P<d>" + _NUM + r")\s*日)?" + _TAIL,
    "era_dotted": r"^\s*" + _ERA + r"\.?\s*(?P<y>元|[0-9]+)\s*[./]\s*(?P<m>[0-9]+)(?:\s*[./]\s*(?P<d>[0-9]+))?" + _TAIL,
    "gregorian": r"^\s*(?P<gy>[0-9]{4})\s*(?:年|[-/.])\s*(?P<m>[0-9]{1,2})\s*月?(?:\s*[-/.]?\s*(?P<d>[0-9]{1,2})\s*日?)?" + _TAIL,
    "same_year": r"^\s*同年\s*(?P<m>" + _NUM + r")\s*月(?:\s*(?P<d>" + _NUM + r")\s*日)?" + _TAIL,
    "same_month": r"^\s*同月\s*(?P<d>" + _NUM + r")\s*日" + _TAIL,
    "same_day": r"^\s*(?P<rel>同日|翌日)" + _TAIL,
    "time_only": r"^" + _TIME[:-1] + r"\s*$",
}
# The other patterns of dates, compiled when first used too.
_PATTERNS = {
    # 十一, 二十, 三十一 (up to 99), or digit by digit as in 二〇二五
    "kanji_number": r"[二三四五六七八九]?十[一二三四五六七八九]?|[〇一二三四五六七八九]{1,4}",
    "range": r"^(?P<a>.+?)\s*(?:から|~|〜|－|ー|―)\s*(?P<b>.+?)\s*(?:まで(?:の間)?)?\s*$",
}


@cache
def _shape(kind: str) -> re.Pattern[str]:
    return re.compile(_SHAPES.get(kind) or _PATTERNS[kind])


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _time_of(match: re.Match[str], shown: str) -> TimeOfDay | None:
    groups = match.groupdict()
    approx = bool(groups.get("approx"))
    if groups.get("noon"):
        return TimeOfDay(12, None, approx)
    if groups.get("ampm"):
        hour = _number(groups["h"])
        if hour > 11:
            raise DateError(f"{quote(shown)}: {groups['ampm']}{hour}時は曖昧です（正午・午前0時・午後0時〜11時で書いてください）")
        minute = 30 if groups.get("half") else (_number(groups["mi"]) if groups.get("mi") else None)
        hour += 12 if groups["ampm"] == "午後" else 0
    elif groups.get("h24"):
        hour, minute = int(groups["h24"]), int(groups["m24"])
    elif groups.get("hk"):
        hour = _number(groups["hk"])
        minute = _number(groups["mik"]) if groups.get("mik") else None
    else:
        return None
    if hour > 23 or (minute is not None and minute > 59):
        raise DateError(f"{quote(shown)}の時刻が正しくありません")
    return TimeOfDay(hour, minute, approx)


def _check_weekday(match: re.Match[str], moment: Moment, shown: str) -> None:
    written = match.groupdict().get("wd")
    if written and moment.day is not None:
        actual = WEEKDAYS[moment.first_day.weekday()]
        if written != actual:
            raise DateError(f"{quote(shown)}の曜日が違います（{moment.long()}は{actual}曜日）")


@lru_cache(maxsize=65536)
def parse_moment(text: str, base: Moment | None = None) -> Moment:
    """Read one date (optionally with weekday and time); base resolves 同年/同月/同日."""
    shown = text.strip()
    if len(shown) > MAX_DATE_TEXT:
        raise DateError(f"日付が長すぎます（{len(shown):,}文字。{MAX_DATE_TEXT}文字まで。{EXAMPLES}）")
    normal = _normalise(text)
    if not normal:
        raise DateError(f"日付が空です（{EXAMPLES}）")
    for kind in _SHAPES:
        match = _shape(kind).match(normal)
        if match is None:
            continue
        if kind in ("same_year", "same_month", "same_day", "time_only") and base is None:
            raise DateError(f"{quote(shown)}は範囲の後半でのみ使えます（{EXAMPLES}）")
        groups = match.groupdict()
        day = _number(groups["d"]) if groups.get("d") else None
        if kind.startswith("era"):
            era = era_named(groups["era"])
            month = _number(groups["m"])
            year = resolve_era_year(era, _number(groups["y"]), month, day, shown)
        elif kind == "gregorian":
            year, month = int(groups["gy"]), int(groups["m"])
            _check_day(year, month, day, shown)
        elif kind == "same_year":
            assert base is not None
            year, month = base.year, _number(groups["m"])
            _check_day(year, month, day, shown)
        elif kind == "same_month":
            assert base is not None
            year, month = base.year, base.month
            _check_day(year, month, day, shown)
        else:
            assert base is not None
            start = base.first_day + timedelta(days=1 if groups.get("rel") == "翌日" else 0)
            year, month, day = start.year, start.month, start.day
        moment = Moment(year, month, day, _time_of(match, shown))
        if moment.time is not None and day is None:
            raise DateError(f"{quote(shown)}: 時刻は日付（日まで）と一緒に書いてください")
        _check_weekday(match, moment, shown)
        if moment.first_day < FIRST_DAY:
            raise DateError(f"{quote(shown)}は明治より前です（扱えるのは{SUPPORTED_RANGE}）")
        return moment
    raise yearless(normal, shown) or DateError(f"{quote(shown)}は日付として読めません（{EXAMPLES}）")


@lru_cache(maxsize=65536)
def parse_when(text: str) -> When:
    """Read a date or a range such as 「令和5年11月9日午後6時頃から同月10日午後2時頃までの間」."""
    try:
        return When(parse_moment(text), None, text)
    except DateError as single_error:
        match = _shape("range").match(_normalise(text)) if len(text.strip()) <= MAX_DATE_TEXT else None
        if match is None:
            raise single_error from None
    start = parse_moment(match["a"])
    end = parse_moment(match["b"], base=start)
    if end.sort_key < start.sort_key:
        raise DateError(f"{quote(text.strip())}: 範囲の終わりが始まりより前です")
    return When(start, end, text)


def parse_date(text: str) -> date:
    """Read a single full calendar day (no month-only, no range)."""
    moment = parse_moment(text)
    if moment.day is None:
        raise DateError(f"{quote(text.strip())}: 日まで書いてください（{EXAMPLES}）")
    return moment.first_day


def moment_of(day: date, time: TimeOfDay | None = None) -> Moment:
    return replace(Moment(day.year, day.month, day.day), time=time)


# A weekday after the 日 of a date: led by that character, so that re finds it with a plain search (a pattern led by a class
# tests it everywhere, and 「（」 is in nearly every line of a case); the date itself is then read just before the bracket.
_WEEKDAY_MARK = re.compile(r"日\s*(?P<mark>[(（][月火水木金土日](?:曜日?)?[)）])")
# The date before it, read backwards from the bracket: one match at the start of the reversed 16 characters, where a
# pattern searched forwards is tried at each of them. Each part is as long as the text allows, as the leftmost match is.
_ERAS_BACKWARDS = "|".join(name[::-1] for name in ERA_NAMES.split("|"))
_DATE_BEFORE_MARK = re.compile(
    rf"\s*日(?P<d>[0-9０-９]{{1,2}})月(?P<m>[0-9０-９]{{1,2}})(?:年(?P<y>元|[0-9０-９]+)(?P<era>{_ERAS_BACKWARDS}))?"
)


@dataclass(frozen=True)
class WeekdayMismatch:
    written: str  # the date as written in the text
    claimed: str  # weekday written
    actual: str
    day: date
    offset: int  # character offset in the text


def weekday_mismatches(text: str, near: date) -> list[WeekdayMismatch]:
    """Dates written with a weekday (「11月9日（木）」) whose weekday is wrong (without a year: in the year nearest `near`)."""
    mismatches: list[WeekdayMismatch] = []
    for found in _WEEKDAY_MARK.finditer(text):  # the cheap marks first, then the date just before each one
        mark = found.start(1)
        match = _DATE_BEFORE_MARK.match(text[max(0, mark - 16) : mark][::-1])
        if match is None:
            continue
        day_number, month, era_year, era = (part and part[::-1] for part in match.groups())
        start = mark - match.end()
        years = (era_named(era).start.year + _number(era_year) - 1,) if era else (near.year - 1, near.year, near.year + 1)
        days = []
        for year in years:
            try:
                days.append(date(year, int(month), int(day_number)))
            except ValueError:
                continue
        if not days:
            continue
        day = days[0] if len(days) == 1 else min(days, key=lambda d: abs((d - near).days))
        actual, claimed = WEEKDAYS[day.weekday()], found["mark"][1]
        if actual != claimed:
            mismatches.append(WeekdayMismatch(text[start : found.end()], claimed, actual, day, start))
    return mismatches
