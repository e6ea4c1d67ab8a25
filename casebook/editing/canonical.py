"""The canonical spelling of one value of a case file: what `fmt` writes and `set` writes for what it is given.

Every function here keeps the fact: a date is rewritten only into a text that reads back as the same
day, time and range; an enum into its own value; a number into the same number. The policy for dates
(README 「日付の書き方」):

- a date with a weekday, a time of day or a range is written 令和5年11月9日（木）午後6時頃 / 「…から同月10日…までの間」
  (the R7.4.25 form cannot carry them);
- otherwise the style the casebook chose (`date_style`): 略記 R7.4.25, 和暦 令和7年4月25日, or 記載どおり —
  R7.4.25, 令和7年4月25日 and 2025-04-25 stay in the form they were written in;
- in every style the spelling is made canonical: half-width digits (not 全角 or 漢数字), 令和 for ㋿, a capital
  era letter, 「.」 and 「-」 as separators, （木） in full-width brackets, 午前・午後 for every time of day
  (18:00 → 午後6時, 3時 → 午前3時: the reading every document already prints, now visible in the file).
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from casebook.domain.jpdate import Moment, When, parse_moment, parse_when
from casebook.domain.vocabularies import DateStyle, DefinedEnum
from casebook.errors import DateError
from casebook.safety.inert import FORBIDDEN

_WEEKDAY_MARK = re.compile(r"\([月火水木金土日]")  # after NFKC: （木） is (木)
_ERA_LETTER_START = re.compile(r"^[A-Za-z]")
_GREGORIAN_START = re.compile(r"^[0-9]{4}\s*[-/.]")


def _written_style(normal: str) -> str:
    if _ERA_LETTER_START.match(normal):
        return "short"
    if _GREGORIAN_START.match(normal):
        return "iso"
    return "long"


def _moment_text(moment: Moment, style: str) -> str:
    if style == "short":
        return moment.short()
    if style == "iso":
        return moment.iso()
    return moment.long()


def date_text(text: str, period: bool, style: DateStyle) -> str:
    """The canonical text of a date (`period`: a field that may hold a range); the text itself when it is not a date."""
    try:
        value: Moment | When = parse_when(text) if period else parse_moment(text)
    except DateError:
        return text
    normal = unicodedata.normalize("NFKC", text).strip()
    weekday = bool(_WEEKDAY_MARK.search(normal))
    if isinstance(value, When) and value.end is not None:
        canonical = value.long(weekday)
    else:
        moment = value.start if isinstance(value, When) else value
        if weekday or moment.time is not None:
            canonical = moment.long(weekday)
        else:
            chosen = {DateStyle.SHORT: "short", DateStyle.LONG: "long"}.get(style, _written_style(normal))
            canonical = _moment_text(moment, chosen)
    return canonical if _same_date(canonical, value, period) else text


def _moment_key(moment: Moment) -> tuple[Any, ...]:
    """A moment as a comparable fact: 18:00 and 午後6時 are the same time (minute 0 is no minute)."""
    time = moment.time
    return (
        moment.year,
        moment.month,
        moment.day,
        time is not None,
        time.hour if time else 0,
        (time.minute or 0) if time else 0,
        time.approx if time else False,
    )


def _meaning(value: Moment | When) -> Any:
    if isinstance(value, When):
        return (_moment_key(value.start), _moment_key(value.end) if value.end else None)
    return _moment_key(value)


def date_value(text: str, period: bool) -> Any:
    """What a date means, for comparing two files: the day, time and range, or the text when it is not a date."""
    try:
        return _meaning(parse_when(text) if period else parse_moment(text))
    except DateError:
        return ("text", text)


def _same_date(text: str, value: Moment | When, period: bool) -> bool:
    """Whether a text reads back as the same day, time and range (a safety net under the formatter family)."""
    return bool(date_value(text, period) == _meaning(value))


def enum_text(text: str, enum: type[DefinedEnum]) -> str:
    """The value of an enum for a half-width or padded spelling of it (ＦＡＸ → FAX); other text as it is."""
    member = enum._value2member_map_.get(unicodedata.normalize("NFKC", text).strip())
    return str(member) if member is not None else text


_DIGITS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+")


def number_value(value: Any) -> Any:
    """An integer written as text (「１５０」, "1,077") as the integer; 「不明」 in its one spelling; anything else as it is."""
    if not isinstance(value, str):
        return value
    normal = unicodedata.normalize("NFKC", value).strip()
    if normal == "不明":
        return "不明"
    if _DIGITS.fullmatch(normal) and len(normal) <= 15:
        return int(normal.replace(",", ""))
    return value


def strip_line_ends(text: str) -> str:
    """Text without spaces or tabs at the end of its lines (what `fmt` removes everywhere)."""
    return "\n".join(line.rstrip(" \t") for line in text.split("\n"))


def literal_text(value: str) -> str | None:
    """The text of a `|-` block for a multi-line value; None when the value is one line or a block cannot hold it."""
    text = strip_line_ends(value).strip("\n")
    if "\n" not in text or FORBIDDEN.search(text) or text[0] in " \t" or text != text.strip():
        return None
    return text


MODELINE = re.compile(r"^# yaml-language-server: \$schema=(?P<path>.*)$", re.M)


def schema_path(path: Path, root: Path) -> str:
    """The path of casebook.schema.json from the folder of a case file, as its `$schema` modeline names it."""
    return _schema_path_from(path.parent, root)


@lru_cache(maxsize=1024)
def _schema_path_from(folder: Path, root: Path) -> str:
    from casebook.settings.files import SCHEMA_FILE

    return Path(os.path.relpath(os.path.abspath(root / SCHEMA_FILE), os.path.abspath(folder))).as_posix()


def modeline(path: Path, root: Path) -> str:
    return f"# yaml-language-server: $schema={schema_path(path, root)}"
