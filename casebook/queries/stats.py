"""`casebook stats`: counts of cases and persons per group, side by side across periods.

Drafts (調査中) are left out: the figures are the ones a report would give.
Non-public cases are counted like every other case; only their text is private.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from casebook.choices import StatsBy
from casebook.documents.tables.report import NON_PUBLIC_GROUP, UNCLASSIFIED, in_period, undated
from casebook.documents.writers.csvfile import csv_text
from casebook.domain.eras import format_month
from casebook.domain.periods import Period
from casebook.domain.vocabularies import Category, Medium, UnitKind
from casebook.errors import CasebookError
from casebook.safety.inert import json_text
from casebook.settings.config import Config

if TYPE_CHECKING:
    from casebook.queries.facts import Facts

_ORDER = {"category": [m.value for m in Category], "unit_kind": [m.value for m in UnitKind], "medium": [m.value for m in Medium]}
ALL_PERIODS = "全期間"
TOTAL = "計"


@dataclass(frozen=True)
class Cell:
    cases: int = 0
    persons: int = 0  # 実人数 where known
    unknown: int = 0  # cases whose number of persons is not known
    withheld: int = 0  # non-public cases: counted, their people not added (a reader could tell them apart)


@dataclass(frozen=True)
class Stats:
    by: str
    columns: list[str]  # period labels
    groups: list[str]  # group labels
    cells: dict[tuple[str, str], Cell]  # (group, column) → cell
    drafts_left_out: int = 0  # 調査中: not counted, and said so
    periods: tuple[Period, ...] = ()  # the periods of the columns (none: one column, 全期間)
    keys: dict[str, str | None] = field(default_factory=dict)  # group label → its key (the value in the case file, 2025-04; None: 未分類)

    @property
    def left_out_note(self) -> str | None:
        if not self.drafts_left_out:
            return None
        return f"casebook: 調査中の事案{self.drafts_left_out}件は集計に含めていません（確定した事案だけを数えます）"

    def cell(self, group: str, column: str) -> Cell:
        return self.cells.get((group, column), Cell())

    def totals(self, column: str) -> Cell:
        parts = [self.cell(g, column) for g in self.groups]
        return Cell(*(sum(getattr(p, name) for p in parts) for name in ("cases", "persons", "unknown", "withheld")))


def _group(case: Facts, by: str) -> tuple[str, str | None, str]:
    """(sort key, key, label) of the group a case falls in; the key of 未分類 is None.

    A non-public case falls in 非公表 whatever its category, 所属, medium or month: with few cases its own
    group would tell a reader which one it is.
    """
    if case.non_public:
        return ("~", NON_PUBLIC_GROUP, NON_PUBLIC_GROUP)  # after every other group
    if by == "month":
        day = case.basis
        if day is None:
            return ("9999", None, UNCLASSIFIED)
        return (day.strftime("%Y-%m"), day.strftime("%Y-%m"), format_month(day.year, day.month))
    value = {"category": case.category, "unit_kind": case.unit_kind, "medium": case.medium}[by]
    order = _ORDER[by]
    if not value:
        return (f"{len(order):03d}", None, UNCLASSIFIED)
    return (f"{order.index(value):03d}", value, value)


def build_stats(cases: list[Facts], periods: list[Period], config: Config, by: str) -> Stats:
    codes = [p.code for p in periods]
    repeated = sorted({code for code in codes if codes.count(code) > 1})
    if repeated:
        raise CasebookError(f"同じ期間が2回指定されています（{'、'.join(repeated)}）。1つの期間は1回だけ指定してください")
    finished = [c for c in cases if not c.is_draft]
    columns = [(p.label, in_period(finished, p, config)) for p in periods] if periods else [(ALL_PERIODS, finished)]
    cells: dict[tuple[str, str], Cell] = {}
    keys: dict[str, str] = {}
    group_keys: dict[str, str | None] = {}
    for label, chosen in columns:
        for case in chosen:
            key, group_key, group = _group(case, by)
            keys[group] = key
            group_keys[group] = group_key
            old = cells.get((group, label), Cell())
            actual = case.persons_actual
            if case.non_public:
                cells[(group, label)] = Cell(old.cases + 1, old.persons, old.unknown, old.withheld + 1)
            elif actual is not None:
                cells[(group, label)] = Cell(old.cases + 1, old.persons + actual, old.unknown, old.withheld)
            else:
                cells[(group, label)] = Cell(old.cases + 1, old.persons, old.unknown + 1, old.withheld)
    groups = sorted(keys, key=lambda g: keys[g])
    drafts = [c for c in cases if c.is_draft]
    # the drafts a column would have counted, and those no period can hold
    left_out = (
        {c.id for p in periods for c in in_period(drafts, p, config)} | {c.id for c in undated(drafts, config)} if periods else drafts
    )
    return Stats(by, [label for label, _ in columns], groups, cells, len(left_out), tuple(periods), group_keys)


def _persons(cell: Cell) -> str:
    if cell.cases and cell.withheld == cell.cases:
        return "―"  # only non-public cases: their people are not shown
    text = f"{cell.persons:,}名"
    notes = [f"ほか不明{cell.unknown}件"] * bool(cell.unknown) + [f"非公表{cell.withheld}件を除く"] * bool(cell.withheld)
    return text + (f"（{'、'.join(notes)}）" if notes else "")


def stats_rows(stats: Stats) -> list[dict[str, object]]:
    """The table as a person reads it (a column per period and figure, Japanese headers): the plain text of `stats`."""
    rows = []
    for group in [*stats.groups, TOTAL]:
        row: dict[str, object] = {StatsBy(stats.by).label: group}
        for column in stats.columns:
            cell = stats.totals(column) if group == TOTAL else stats.cell(group, column)
            row[f"{column} 件数"] = cell.cases
            row[f"{column} 本人の数"] = "―" if cell.cases and cell.withheld == cell.cases else cell.persons
            row[f"{column} 人数不明の件数"] = cell.unknown
            row[f"{column} 人数を出さない非公表の件数"] = cell.withheld
        rows.append(row)
    return rows


def _cell_dict(cell: Cell) -> dict[str, int]:
    return {"cases": cell.cases, "persons": cell.persons, "persons_unknown_cases": cell.unknown, "persons_withheld_cases": cell.withheld}


def _period_dict(period: Period | None) -> dict[str, str | None]:
    if period is None:
        return {"code": None, "label": ALL_PERIODS, "start": None, "end": None}
    return {"code": period.code, "label": period.label, "start": period.start.isoformat(), "end": period.end.isoformat()}


def stats_dict(stats: Stats) -> dict[str, object]:
    """The JSON of `stats`: keys that do not change with the periods (docs/schemas/stats.schema.json)."""
    return {
        "by": stats.by,
        "periods": [_period_dict(p) for p in stats.periods] or [_period_dict(None)],
        "groups": [
            {"key": stats.keys.get(group), "label": group, "cells": [_cell_dict(stats.cell(group, c)) for c in stats.columns]}
            for group in stats.groups
        ],
        "totals": [_cell_dict(stats.totals(c)) for c in stats.columns],
        "drafts_left_out": stats.drafts_left_out,
    }


# The columns of `stats --format csv`: a row per group and period (the totals with total true), whatever the periods.
CSV_COLUMNS = {
    "by": "集計の単位",
    "key": "キー",
    "label": "区分",
    "total": "計",
    "period": "期間",
    "period_label": "期間名",
    "period_start": "期間の初日",
    "period_end": "期間の末日",
    "cases": "件数",
    "persons": "本人の数",
    "persons_unknown_cases": "人数不明の件数",
    "persons_withheld_cases": "人数を出さない非公表の件数",
}


def stats_csv_rows(stats: Stats) -> list[list[object]]:
    periods = [_period_dict(p) for p in stats.periods] or [_period_dict(None)]
    groups: list[tuple[str | None, str, str]] = [(stats.keys.get(g), g, "false") for g in stats.groups]
    rows: list[list[object]] = []
    for key, label, total in [*groups, (None, TOTAL, "true")]:
        for period, column in zip(periods, stats.columns, strict=True):
            cell = stats.totals(column) if total == "true" else stats.cell(label, column)
            place = [period["code"] or "", period["label"], period["start"] or "", period["end"] or ""]
            rows.append([stats.by, key or "", label, total, *place, *_cell_dict(cell).values()])
    return rows


def render_stats(stats: Stats, fmt: str, bom: bool = True, labels: str = "keys") -> str:
    if fmt == "json":
        return json_text(stats_dict(stats)) + "\n"
    if fmt == "text":
        from casebook.documents.writers.plain import lines

        rows = stats_rows(stats)
        return lines([list(rows[0]), *(row.values() for row in rows)])
    header = list(CSV_COLUMNS.values() if labels == "ja" else CSV_COLUMNS)
    return csv_text([header, *stats_csv_rows(stats)], bom=bom)


BAR_WIDTH = 20


def rich_stats(stats: Stats) -> object:
    from casebook.documents.writers.terminal import InertTable

    table = InertTable(title=f"{StatsBy(stats.by).label}別の件数と本人の数")
    table.add_column(StatsBy(stats.by).label)
    for column in stats.columns:
        table.add_column(f"{column}\n件数", justify="right")
        table.add_column(f"{column}\n本人の数", justify="right", overflow="fold")
    table.add_column("")
    largest = max([sum(stats.cell(g, c).cases for c in stats.columns) for g in stats.groups] or [1]) or 1
    for group in stats.groups:
        cells = [stats.cell(group, column) for column in stats.columns]
        total = sum(c.cases for c in cells)
        bar = "█" * max(1, round(BAR_WIDTH * total / largest)) if total else ""
        table.add_row(group, *[v for c in cells for v in (f"{c.cases:,}", _persons(c))], bar)
    totals = [stats.totals(column) for column in stats.columns]
    table.add_row(TOTAL, *[v for c in totals for v in (f"{c.cases:,}", _persons(c))], "", style="bold")
    return table
