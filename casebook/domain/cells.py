"""How each fact of a case reads in one cell of a table, as the published table words it.

The report (every format) draws these cells, and the rule that bounds a cell's length (text-length)
measures these same texts, so no spreadsheet cell can be longer than `check` allowed. A fact the case
withholds (`withheld`) reads as the body chose to word it (非公表, ―, 不明 or blank).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from casebook.domain.case import Case
from casebook.domain.jpdate import Moment, When
from casebook.domain.parts import joined_text
from casebook.domain.vocabularies import PublicationMode
from casebook.settings.config import WithheldText
from casebook.settings.report import Column, ReportField


def secondary_damage_cell(case: Case) -> str:
    """「無」, or 「有（口座から引き出された）」 with its detail when there is one."""
    damage = case.secondary_damage
    if damage is None:
        return ""
    return f"{damage.status}（{damage.detail}）" if damage.detail else str(damage.status)


def remarks_cell(case: Case) -> str:
    parts = []
    publication = case.publication
    if publication is not None and publication.mode == PublicationMode.INDIVIDUAL and publication.date is not None:
        parts.append(f"{publication.date.short()}個別公表事案")
    if case.remarks:
        parts.append(case.remarks)
    return "\n".join(parts)


class Cell(NamedTuple):
    """One cell as the published table words it; `number` is its value where a spreadsheet should hold a number.

    A named tuple: a report of 10^5 rows makes two million of them, and a frozen dataclass takes four times as long to make.
    """

    text: str
    number: int | None = None
    unit: str = ""  # what the number counts (名, 件), shown after it
    signed: bool = False  # a change (+11, -3)


def _day(value: Moment | When | None) -> str:
    return value.short() if value is not None else ""


def _occurred_discovered(case: Case) -> str:
    """発生日, and under it （判明日） when that is another day."""
    occurred, discovered = _day(case.occurred), _day(case.discovered)
    if discovered and discovered != occurred:
        return f"{occurred}\n（{discovered}）" if occurred else f"（{discovered}）"
    return occurred


def _persons(case: Case, total: bool) -> Cell:
    persons = case.persons
    if persons is None:
        return Cell("")
    value = persons.total if total and persons.total is not None else persons.actual
    if isinstance(value, str):  # 不明
        return Cell(value)
    return Cell(f"{value:,}名", value, "名")


def _summary(case: Case) -> str:
    summary = case.summary or ""
    return "【調査中】" + summary if case.is_draft else summary


def _text(value: object) -> str:
    return str(value) if value is not None else ""


# How each column of the table is worded from a case: most columns are a text alone (TEXTS); NO and the
# numbers of persons are numbers too (the number is the row's NO).
TEXTS: dict[ReportField, Callable[[Case], str]] = {
    ReportField.UNIT_KIND: lambda case: _text(case.unit_kind),
    ReportField.DEPARTMENT: lambda case: _text(case.department),
    ReportField.OCCURRED: lambda case: _day(case.occurred),
    ReportField.DISCOVERED: lambda case: _day(case.discovered),
    ReportField.OCCURRED_DISCOVERED: _occurred_discovered,
    ReportField.REPORTED: lambda case: _day(case.reported),
    ReportField.TITLE: lambda case: _text(case.title),
    ReportField.CATEGORY: lambda case: _text(case.category),
    ReportField.MEDIUM: lambda case: _text(case.medium),
    ReportField.CERTAINTY: lambda case: _text(case.certainty),
    ReportField.SUMMARY: _summary,
    ReportField.CAUSES: lambda case: joined_text(case.causes),
    ReportField.RESPONSES: lambda case: joined_text(case.responses),
    ReportField.SECONDARY_DAMAGE: secondary_damage_cell,
    ReportField.MEASURES: lambda case: joined_text(case.measures),
    ReportField.REMARKS: remarks_cell,
}
_NUMBERED: dict[ReportField, Callable[[int, Case], Cell]] = {
    ReportField.NUMBER: lambda number, case: Cell(str(number), number),
    ReportField.PERSONS: lambda _, case: _persons(case, total=False),
    ReportField.PERSONS_TOTAL: lambda _, case: _persons(case, total=True),
}


def _text_cell(text: Callable[[Case], str]) -> Callable[[int, Case], Cell]:
    return lambda _, case: Cell(text(case))


CELLS: dict[ReportField, Callable[[int, Case], Cell]] = {
    field: _NUMBERED[field] if field in _NUMBERED else _text_cell(TEXTS[field]) for field in ReportField
}


# The field of `withheld` each column shows (several columns show the one fact 本人の数).
WITHHELD_FIELDS = {
    ReportField.UNIT_KIND: "unit_kind",
    ReportField.CATEGORY: "category",
    ReportField.MEDIUM: "medium",
    ReportField.CERTAINTY: "certainty",
    ReportField.PERSONS: "persons",
    ReportField.PERSONS_TOTAL: "persons",
    ReportField.CAUSES: "causes",
    ReportField.RESPONSES: "responses",
    ReportField.SECONDARY_DAMAGE: "secondary_damage",
    ReportField.MEASURES: "measures",
}


# Each column's text alone (None where it is a number too), its Cell and the field of `withheld` it shows: one lookup a cell.
_MAKERS = {field: (TEXTS.get(field), CELLS[field], WITHHELD_FIELDS.get(field)) for field in ReportField}

RowParts = tuple[tuple[str, ...], tuple[int | None, ...], tuple[str, ...], tuple[bool, ...]]


def row_parts(number: int, case: Case, columns: Iterable[Column], shown: WithheldText) -> RowParts:
    """A case's row by part: the texts, numbers, units and signs of its cells (no Cell made: the facts keep these).
    A withheld fact reads as `shown` words its reason."""
    texts: list[str] = []
    numbers: list[int | None] = []
    units: list[str] = []
    signs: list[bool] = []
    withholds = case.withheld is not None
    for column in columns:
        text_of, cell_of, withheld_field = _MAKERS[column.field]
        if text_of is not None:
            text, count, unit, signed = text_of(case), None, "", False
        else:
            text, count, unit, signed = cell_of(number, case)
        if not text and withholds and withheld_field is not None:
            reason = case.withheld_reason(withheld_field)
            if reason is not None:
                text, count, unit, signed = shown.text(reason), None, "", False
        texts.append(text)
        numbers.append(count)
        units.append(unit)
        signs.append(signed)
    return tuple(texts), tuple(numbers), tuple(units), tuple(signs)
