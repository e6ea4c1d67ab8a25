"""How each fact of a case reads in one cell of a table, as the published table words it.

The report (every format) draws these cells, and the rule that bounds a cell's length (text-length)
measures these same texts, so no spreadsheet cell can be longer than `check` allowed. A fact the case
withholds (`withheld`) reads as the body chose to word it (非公表, ―, 不明 or blank).
"""

from __future__ import annotations

from collections.abc import Callable
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


# How each column of the table is worded from a case (the number is the row's NO).
CELLS: dict[ReportField, Callable[[int, Case], Cell]] = {
    ReportField.NUMBER: lambda number, case: Cell(str(number), number),
    ReportField.UNIT_KIND: lambda _, case: Cell(_text(case.unit_kind)),
    ReportField.DEPARTMENT: lambda _, case: Cell(_text(case.department)),
    ReportField.OCCURRED: lambda _, case: Cell(_day(case.occurred)),
    ReportField.DISCOVERED: lambda _, case: Cell(_day(case.discovered)),
    ReportField.OCCURRED_DISCOVERED: lambda _, case: Cell(_occurred_discovered(case)),
    ReportField.REPORTED: lambda _, case: Cell(_day(case.reported)),
    ReportField.TITLE: lambda _, case: Cell(_text(case.title)),
    ReportField.CATEGORY: lambda _, case: Cell(_text(case.category)),
    ReportField.MEDIUM: lambda _, case: Cell(_text(case.medium)),
    ReportField.CERTAINTY: lambda _, case: Cell(_text(case.certainty)),
    ReportField.PERSONS: lambda _, case: _persons(case, total=False),
    ReportField.PERSONS_TOTAL: lambda _, case: _persons(case, total=True),
    ReportField.SUMMARY: lambda _, case: Cell(_summary(case)),
    ReportField.CAUSES: lambda _, case: Cell(joined_text(case.causes)),
    ReportField.RESPONSES: lambda _, case: Cell(joined_text(case.responses)),
    ReportField.SECONDARY_DAMAGE: lambda _, case: Cell(secondary_damage_cell(case)),
    ReportField.MEASURES: lambda _, case: Cell(joined_text(case.measures)),
    ReportField.REMARKS: lambda _, case: Cell(remarks_cell(case)),
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


def cell(field: ReportField, number: int, case: Case, shown: WithheldText) -> Cell:
    """One column of a case's row; a withheld fact reads as `shown` words its reason."""
    made = CELLS[field](number, case)
    if made.text:
        return made
    name = WITHHELD_FIELDS.get(field)
    reason = case.withheld_reason(name) if name is not None else None
    return Cell(shown.text(reason)) if reason is not None else made


def row_cells(number: int, case: Case, columns: list[Column], shown: WithheldText) -> tuple[Cell, ...]:
    return tuple(cell(column.field, number, case, shown) for column in columns)
