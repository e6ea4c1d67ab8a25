"""The header row of a table and what each of its columns holds, by its label.

A column is one of the report's fields (ReportField: the table `report` prints is the table an office keeps).
Its label is matched after NFKC, without spaces and line breaks (「二次被害の\\n有無」 is 二次被害の有無): the
report's default headers, the case file's field titles, the headers casebook.yaml's report columns give, a few
words offices use (発生年月日, 概要), 公表区分 (which the published table has no column for), and `--map 列名=field` for anything else (`--map 列名=-` leaves a column out).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

from casebook.domain.case import Case
from casebook.errors import CasebookError
from casebook.importing.sheet import Sheet, column_letter
from casebook.safety.quoting import quote
from casebook.settings.config import Config
from casebook.settings.report import DEFAULT_TITLES, ReportField


class ImportOnly(StrEnum):
    """Columns an office's own table may have that the published table never prints."""

    PUBLICATION = "publication"  # 公表区分: 個別公表・一括公表のみ・非公表（3）


Target = ReportField | ImportOnly
TITLES: dict[Target, str] = {ImportOnly.PUBLICATION: "公表区分"}
for _field, _title in DEFAULT_TITLES.items():
    TITLES[_field] = _title

HEADER_SEARCH_ROWS = 30  # the header is within the first rows; below are cases
IGNORED = "-"  # --map 列名=- : the column is not read

# Labels offices give these columns besides the report's and the case file's own words.
OFFICE_WORDS: dict[Target, tuple[str, ...]] = {
    ImportOnly.PUBLICATION: ("公表", "公表の区分", "公表の有無", "公表・非公表", "公表/非公表", "公表状況"),
    ReportField.NUMBER: ("No", "番号", "通番", "通し番号", "整理番号"),
    ReportField.OCCURRED: ("発生年月日", "発生日時", "発生時期"),
    ReportField.DISCOVERED: ("判明年月日", "発覚日", "判明日時"),
    ReportField.REPORTED: ("報告年月日",),
    ReportField.SUMMARY: ("概要", "事案概要", "事案の内容", "内容"),
    ReportField.CAUSES: ("原因",),
    ReportField.RESPONSES: ("対応状況", "事後対応", "対応内容"),
    ReportField.MEASURES: ("再発防止", "再発防止対策"),
    ReportField.SECONDARY_DAMAGE: ("二次被害",),
    ReportField.PERSONS: ("本人の数", "人数（実人数）", "対象者数", "対象人数"),
    ReportField.CATEGORY: ("分類", "事案の分類", "事案区分"),
    ReportField.CERTAINTY: ("漏えいの区分", "漏えい区分"),
    ReportField.TITLE: ("件名", "事案名"),
    ReportField.DEPARTMENT: ("担当課", "担当所属", "所属名", "課名"),
}
# The case file's field that a column of the same name shows (its title is a label of that column).
_CASE_FIELDS = {
    ReportField.UNIT_KIND: "unit_kind",
    ReportField.DEPARTMENT: "department",
    ReportField.OCCURRED: "occurred",
    ReportField.DISCOVERED: "discovered",
    ReportField.REPORTED: "reported",
    ReportField.TITLE: "title",
    ReportField.CATEGORY: "category",
    ReportField.MEDIUM: "medium",
    ReportField.SUMMARY: "summary",
    ReportField.CAUSES: "causes",
    ReportField.RESPONSES: "responses",
    ReportField.MEASURES: "measures",
    ReportField.REMARKS: "remarks",
}


def label_key(text: str) -> str:
    """A label as it is compared: NFKC, no spaces or line breaks, no trailing dot (No. is No), case-folded."""
    return re.sub(r"[\s\u3000]+", "", unicodedata.normalize("NFKC", text)).rstrip(".").casefold()


def known_labels(config: Config) -> dict[str, Target]:
    labels: dict[str, Target] = {}
    for report_field in (*ReportField, *ImportOnly):
        words = [TITLES[report_field], *OFFICE_WORDS.get(report_field, ())]
        if report_field in _CASE_FIELDS:
            words.append(str(Case.model_fields[_CASE_FIELDS[report_field]].title))
        for word in words:
            labels.setdefault(label_key(word), report_field)
    for column in config.report.columns:  # the body's own headers win over the defaults
        labels[label_key(column.header)] = column.field
    return labels


class MapOptionError(CasebookError):
    """A --map that cannot be used (a usage error)."""


def parse_maps(options: list[str], config: Config) -> dict[str, Target | None]:
    """--map 列名=field (or its Japanese label, or - to leave the column out), by the column's label key."""
    labels = known_labels(config)
    maps: dict[str, Target | None] = {}
    for option in options:
        name, equals, target = option.rpartition("=")
        if not equals or not name.strip() or not target.strip():
            raise MapOptionError(f"--map {quote(option)}: 「列名=項目」の形で指定してください（例: --map 概要=summary）")
        wanted = target.strip()
        chosen: Target | None
        if wanted == IGNORED:
            chosen = None
        elif wanted in ReportField._value2member_map_:
            chosen = ReportField._value2member_map_[wanted]  # type: ignore[assignment]
        elif wanted in ImportOnly._value2member_map_:
            chosen = ImportOnly(wanted)
        elif label_key(wanted) in labels:
            chosen = labels[label_key(wanted)]
        else:
            names = "、".join(f"{m.value}（{TITLES[m]}）" for m in (*ReportField, *ImportOnly))
            raise MapOptionError(f"--map {quote(option)}: 項目{quote(wanted)}はありません。使える項目: {names}、- （読まない）")
        maps[label_key(name)] = chosen
    return maps


@dataclass(frozen=True)
class Column:
    index: int  # 0-based position in the row
    label: str  # as written in the header (line breaks shown as spaces)
    field: Target

    @property
    def letter(self) -> str:
        return column_letter(self.index + 1)


@dataclass(frozen=True)
class Header:
    row: int  # the header's row number
    position: int  # its index in sheet.rows
    columns: tuple[Column, ...]
    unused: tuple[tuple[str, str], ...]  # (letter, label) of labelled columns that were not read
    left_out: tuple[tuple[str, str], ...] = field(default=())  # columns --map left out

    def column(self, report_field: Target) -> Column | None:
        return next((c for c in self.columns if c.field == report_field), None)


def _shown_label(value: object) -> str:
    return " ".join(str(value).split())


def find_header(sheet: Sheet, config: Config, maps: dict[str, Target | None]) -> Header:
    """The row among the first ones whose cells name the most known columns, and its columns."""
    labels = known_labels(config)
    best: tuple[int, int] | None = None  # (count, position)
    for position, (_, values) in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        keys = [label_key(str(v)) for v in values if v is not None]
        count = sum(1 for k in keys if k in maps or k in labels)
        if count >= 2 and (best is None or count > best[0]):
            best = (count, position)
    if best is None:
        raise CasebookError(
            f"{sheet.where(1).rsplit(' ', 1)[0]}: 見出しの行が見つかりません（最初の{HEADER_SEARCH_ROWS}行に「発生日」「事案の概要」などの"
            "見出しが2つ以上ある行がありません。見出しが違う言葉なら --map 見出し=項目 で指定してください）"
        )
    position = best[1]
    row, values = sheet.rows[position]
    columns: list[Column] = []
    unused: list[tuple[str, str]] = []
    left_out: list[tuple[str, str]] = []
    used_maps: set[str] = set()
    for index, value in enumerate(values):
        if value is None:
            continue
        key, label = label_key(str(value)), _shown_label(value)
        if key in maps:
            used_maps.add(key)
            target = maps[key]
            if target is None:
                left_out.append((column_letter(index + 1), label))
                continue
        elif key in labels:
            target = labels[key]
        else:
            unused.append((column_letter(index + 1), label))
            continue
        columns.append(Column(index, label, target))
    missing_maps = [key for key in maps if key not in used_maps]
    if missing_maps:
        shown = "、".join(quote(_shown_label(v)) for v in values if v is not None)
        raise MapOptionError(
            f"--map の列{'、'.join(quote(k) for k in missing_maps)}が見出しの行（{sheet.where(row)}）にありません（見出し: {shown}）"
        )
    _refuse_repeats(columns, sheet, row)
    return Header(row, position, tuple(columns), tuple(unused), tuple(left_out))


def _refuse_repeats(columns: list[Column], sheet: Sheet, row: int) -> None:
    seen: dict[Target, Column] = {}
    for column in columns:
        if column.field in seen:
            first = seen[column.field]
            raise CasebookError(
                f"{sheet.where(row)}: {first.letter}列{quote(first.label)}と{column.letter}列{quote(column.label)}が"
                f"どちらも「{TITLES[column.field]}」の列です（一方を --map 見出し=- で読まないようにしてください）"
            )
        seen[column.field] = column
