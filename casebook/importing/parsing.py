"""One cell of an office's table read as the value of its field, or a CellProblem saying why not (in Japanese).

Dates come in every form offices write them: R7.4.25, 令和7年4月25日（金）, 2025/4/25, 元年, 全角 digits, ranges
(all read by casebook.jpdate), a date cell or an Excel date serial, and 4月25日 with --year (the fiscal year the
table covers). They are written as `fmt` writes them (casebook.yaml's date_style; a date cell as R7.4.25, the
table's own form). Counts: 22名分, 1,495名, 22 or 不明. A list cell: 「・」 lines are items (「　・」 their sub-items),
as the report joins them; any other text is one item.
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from casebook.domain.jpdate import Moment, TimeOfDay, parse_moment, parse_when
from casebook.domain.parts import BULLET, MAX_PERSONS
from casebook.domain.periods import Period
from casebook.domain.vocabularies import DateStyle
from casebook.editing import canonical
from casebook.errors import DateError
from casebook.safety.inert import FORMULA_START
from casebook.safety.quoting import quote


class CellProblem(ValueError):
    """Why a cell cannot be read as its field (the message names the value, not the place)."""


def text_of(value: Any) -> str:
    """A cell as text: numbers without a trailing .0, line breaks as \\n, no padding, a csv's formula guard (') removed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        value = value.date()
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip(" \t") for line in text.split("\n")).strip()  # as fmt: a line may end in 全角 space
    if text.startswith("'") and text[1:].startswith(FORMULA_START):  # `report --format csv` guards =… as '=…
        text = text[1:]
    return text


# --- dates ---

EXCEL_EPOCH = datetime.date(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel counts a 1900-02-29 that never was)
_SERIALS = range(18264, 401769)  # 1950-01-01 .. 2999-12-31: a smaller number in a date column is not a date
_MONTH_DAY = re.compile(r"^(?P<m>[0-9]{1,2})\s*(?:月\s*(?P<d1>[0-9]{1,2})\s*日|[/.](?P<d2>[0-9]{1,2}))(?P<tail>\s*(?:\(.*)?)$")
_RANGE_SPLIT = re.compile(r"\s*(?:から|~|〜|－|ー|―)\s*")
_SERIAL_TEXT = re.compile(r"^[0-9]{5}(?:\.[0-9]+)?$")


def _serial(number: float, shown: str) -> Moment:
    if not math.isfinite(number) or int(number) not in _SERIALS:
        raise CellProblem(f"{quote(shown)}は日付として読めません（Excel の日付の通し番号なら1950年から2999年まで）")
    day = EXCEL_EPOCH + datetime.timedelta(days=int(number))
    minutes = round((number - int(number)) * 24 * 60)
    time = TimeOfDay(minutes // 60, minutes % 60 or None) if minutes and minutes < 24 * 60 else None
    return Moment(day.year, day.month, day.day, time)


def _moment_text(moment: Moment, style: DateStyle) -> str:
    """A date read from a date cell or a serial, as the file writes it: as a date typed 2025/4/25 would be
    (2025-04-25 when the casebook keeps dates as written, else its style); with a time of day, 令和….
    """
    if moment.time is not None or style == DateStyle.LONG:
        return moment.long()
    return moment.short() if style == DateStyle.SHORT else moment.iso()


def _with_year(text: str, year: Period | None, shown: str) -> str:
    """4月25日 (a month and day alone) with the year in which the fiscal year given by --year has that day."""
    match = _MONTH_DAY.match(text)
    if match is None:
        return text
    if year is None:
        raise CellProblem(f"{quote(shown)}には年がありません（年度内の月日だけの表なら --year 2025 のように年度を指定してください）")
    month, day = int(match["m"]), int(match["d1"] or match["d2"])
    for candidate in range(year.start.year, year.end.year + 1):
        try:
            found = datetime.date(candidate, month, day)
        except ValueError:
            continue
        if year.start <= found <= year.end:
            return f"{found.year}年{month}月{day}日{match['tail']}"
    raise CellProblem(f"{quote(shown)}は --year の期間（{year.label}）にない日付です")


_DAY_ONLY = re.compile(r"^(?P<d>[0-9]{1,2})\s*日?(?P<tail>\s*(?:\(.*)?)$")


def _same_year(start: str, end: str) -> str:
    """The end of a range whose start has its year: 4.28 is that year's 4月28日 (the next year's when it comes before
    the start: R7.12.25～1.5), 28日 is 同月28日."""
    try:
        first = parse_moment(start)
    except DateError:
        return end  # the start's own problem is said when the range is read
    if match := _MONTH_DAY.match(end):
        month, day = int(match["m"]), int(match["d1"] or match["d2"])
        year = first.year + (1 if (month, day) < (first.month, first.day or 1) else 0)
        return f"{year}年{month}月{day}日{match['tail']}"
    if match := _DAY_ONLY.match(end):
        return f"同月{match['d']}日{match['tail']}"
    return end


def date_text(value: Any, *, period: bool, style: DateStyle, year: Period | None = None) -> str:
    """A date cell as the text the case file holds (`period`: 発生日, which may be a range)."""
    if isinstance(value, datetime.datetime):
        time = TimeOfDay(value.hour, value.minute or None) if value.time() != datetime.time() else None
        return _moment_text(Moment(value.year, value.month, value.day, time), style)
    if isinstance(value, datetime.date):
        return _moment_text(Moment(value.year, value.month, value.day), style)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _moment_text(_serial(float(value), text_of(value)), style)
    shown = text_of(value)
    normal = unicodedata.normalize("NFKC", shown).strip()
    if _SERIAL_TEXT.match(normal):  # a date column pasted as numbers, or a csv Excel saved from one
        return _moment_text(_serial(float(normal), shown), style)
    parts = _RANGE_SPLIT.split(normal)
    if len(parts) == 2 and period:
        end = re.sub(r"まで(?:の間)?$", "", parts[1])
        start = _with_year(parts[0], year, shown)
        given = (start, _same_year(start, end) if _MONTH_DAY.match(parts[0]) is None else _with_year(end, year, shown))
        if given != (parts[0], end):
            normal = f"{given[0]}から{given[1]}まで"
    else:
        normal = _with_year(normal, year, shown)
    try:
        parse_when(normal) if period else parse_moment(normal)
    except DateError as error:
        raise CellProblem(str(error)) from None
    return canonical.date_text(normal, period, style)


# --- counts ---

_COUNT = re.compile(r"^(?P<n>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)\s*(?:名|人)?\s*(?:分)?$")


def count_value(value: Any) -> int | str:
    """22名分, 1,495名, 22 or 不明 as the number (or 不明) the case file holds."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not float(value).is_integer() or value < 0:
            raise CellProblem(f"人数{quote(text_of(value))}は 0 以上の整数ではありません")
        number = int(value)
    else:
        shown = text_of(value)
        normal = unicodedata.normalize("NFKC", shown).strip()
        if normal == "不明":
            return "不明"
        match = _COUNT.match(normal)
        if match is None:
            records = "件は記録の数で、人数ではありません。" if normal.removesuffix("分").endswith("件") else ""
            raise CellProblem(f"人数{quote(shown)}は数として読めません（{records}22、22名、22名分、1,495名、不明 のいずれかの形で）")
        number = int(match["n"].replace(",", ""))
    if number > MAX_PERSONS:
        raise CellProblem(f"人数{quote(text_of(value))}が大きすぎます（{MAX_PERSONS:,}まで）")
    return number


# --- lists, 二次被害, 備考 ---

_SUB_ITEM = "\u3000" + BULLET


def list_items(text: str) -> list[str | dict[str, Any]]:
    """A cell of 発生原因・対応・再発防止策 as the items the report joined into it."""
    lines = text.split("\n")
    if len(lines) < 2 or not lines[0].startswith(BULLET) or not all(line.startswith((BULLET, _SUB_ITEM)) for line in lines):
        return [text]
    items: list[str | dict[str, Any]] = []
    for line in lines:
        if line.startswith(_SUB_ITEM) and items:
            last = items[-1]
            nested: dict[str, Any] = last if isinstance(last, dict) else {"text": last, "items": []}
            nested["items"].append(line[len(_SUB_ITEM) :])
            items[-1] = nested
        else:
            items.append(line[len(BULLET) :])
    return items


_DAMAGE = re.compile(r"^(?P<status>有|無|不明)(?:[(（](?P<detail>.*)[)）])?$", re.S)


@dataclass(frozen=True)
class Damage:
    status: str
    detail: str | None = None


def damage_value(text: str) -> Damage | None:
    """「無」「有（口座から引き出された）」「不明」 as the report writes 二次被害の有無; None for other text."""
    match = _DAMAGE.match(text.strip())
    if match is None:
        return None
    detail = match["detail"].strip() if match["detail"] else None
    return Damage(match["status"], detail or None)


_NON_PUBLIC_CRITERION = re.compile(
    r"^非公表\s*(?:[(（]\s*(?:基準)?\s*\(?(?P<c1>[1-9])\)?\s*[)）]|[・:：、]?\s*(?:基準)?\s*\(?(?P<c2>[1-9])\)?)?$"
)


def publication_value(text: str) -> tuple[str, int | None]:
    """公表区分: 個別公表, 一括公表のみ, 非公表（3） (its criterion), or a clerk's word for one of them (一括, 非公開)."""
    from casebook.domain.vocabularies import CLERK_WORDS, PublicationMode

    normal = unicodedata.normalize("NFKC", text).strip()
    match = _NON_PUBLIC_CRITERION.match(normal)
    if match is not None:
        criterion = match["c1"] or match["c2"]
        if criterion is None:
            raise CellProblem("非公表の事案には非公表基準の番号が必要です（「非公表（3）」のように書いてください）")
        return str(PublicationMode.NON_PUBLIC), int(criterion)
    if normal in PublicationMode._value2member_map_:
        return normal, None
    # only a word of the table, never a guess by spelling: a case published by mistake cannot be taken back
    words = {word: member for member, listed in CLERK_WORDS[PublicationMode].items() for word in listed}
    member = words.get(normal)
    if member == PublicationMode.NON_PUBLIC:
        raise CellProblem(f"公表区分{quote(text)}は非公表のことなら、非公表基準の番号を付けて「非公表（3）」のように書いてください")
    if member is None:
        allowed = "、".join(m.value for m in PublicationMode)
        raise CellProblem(f"公表区分{quote(text)}は読めません（{allowed}（非公表は「非公表（3）」のように基準の番号も））")
    return str(member), None


_PUBLISHED = re.compile(r"^(?P<date>.+?)\s*(?:に)?個別公表(?:事案|済み?)?$")


@dataclass(frozen=True)
class Remarks:
    published: str | None  # the date of 個別公表, as the file writes it
    text: str | None  # the rest of 備考


def remarks_value(text: str, style: DateStyle) -> Remarks:
    """備考 as the report writes it: a line 「R7.5.20個別公表事案」 is the publication, the other lines the remarks."""
    published: str | None = None
    rest: list[str] = []
    for line in text.split("\n"):
        match = _PUBLISHED.match(unicodedata.normalize("NFKC", line).strip())
        if published is None and match is not None:
            try:
                parse_moment(match["date"])
            except DateError:
                rest.append(line)
                continue
            published = canonical.date_text(match["date"], False, style)
        else:
            rest.append(line)
    remark = "\n".join(rest).strip()
    return Remarks(published, remark or None)
