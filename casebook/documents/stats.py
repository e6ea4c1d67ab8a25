"""`casebook stats`: counts of cases and persons per group, side by side across periods.

Drafts (調査中) are left out: the figures are the ones a report would give.
Non-public cases are counted like every other case; only their text is private.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from casebook.choices import StatsBy
from casebook.config import Config
from casebook.documents.csvfile import csv_text
from casebook.documents.report import UNCLASSIFIED, in_period, undated
from casebook.enums import Category, Medium, UnitKind
from casebook.eras import format_month
from casebook.errors import CasebookError
from casebook.inert import json_text
from casebook.periods import Period

if TYPE_CHECKING:
    from casebook.documents.facts import Facts

_ORDER = {"category": [m.value for m in Category], "unit": [m.value for m in UnitKind], "medium": [m.value for m in Medium]}


@dataclass(frozen=True)
class Cell:
    cases: int = 0
    persons: int = 0  # 実人数 where known
    unknown: int = 0  # cases whose number of persons is not known


@dataclass(frozen=True)
class Stats:
    by: str
    columns: list[str]  # period labels
    groups: list[str]
    cells: dict[tuple[str, str], Cell]  # (group, column) → cell
    drafts_left_out: int = 0  # 調査中: not counted, and said so

    @property
    def left_out_note(self) -> str | None:
        if not self.drafts_left_out:
            return None
        return f"casebook: 調査中の事案{self.drafts_left_out}件は集計に含めていません（確定した事案だけを数えます）"

    def cell(self, group: str, column: str) -> Cell:
        return self.cells.get((group, column), Cell())

    def totals(self, column: str) -> Cell:
        parts = [self.cell(g, column) for g in self.groups]
        return Cell(sum(p.cases for p in parts), sum(p.persons for p in parts), sum(p.unknown for p in parts))


def _group(case: Facts, by: str) -> tuple[str, str]:
    """(sort key, label) of the group a case falls in."""
    if by == "month":
        day = case.basis
        if day is None:
            return ("9999", UNCLASSIFIED)
        return (day.strftime("%Y-%m"), format_month(day.year, day.month))
    value = {"category": case.category, "unit": case.unit_kind, "medium": case.medium}[by]
    order = _ORDER[by]
    if not value:
        return (f"{len(order):03d}", UNCLASSIFIED)
    return (f"{order.index(value):03d}", value)


def build_stats(cases: list[Facts], periods: list[Period], config: Config, by: str) -> Stats:
    codes = [p.code for p in periods]
    repeated = sorted({code for code in codes if codes.count(code) > 1})
    if repeated:
        raise CasebookError(f"同じ期間が2回指定されています（{'、'.join(repeated)}）。1つの期間は1回だけ指定してください")
    finished = [c for c in cases if not c.is_draft]
    columns = [(p.label, in_period(finished, p, config)) for p in periods] if periods else [("全期間", finished)]
    cells: dict[tuple[str, str], Cell] = {}
    keys: dict[str, str] = {}
    for label, chosen in columns:
        for case in chosen:
            key, group = _group(case, by)
            keys[group] = key
            old = cells.get((group, label), Cell())
            actual = case.persons_actual
            if actual is not None:
                cells[(group, label)] = Cell(old.cases + 1, old.persons + actual, old.unknown)
            else:
                cells[(group, label)] = Cell(old.cases + 1, old.persons, old.unknown + 1)
    groups = sorted(keys, key=lambda g: keys[g])
    drafts = [c for c in cases if c.is_draft]
    # the drafts a column would have counted, and those no period can hold
    left_out = (
        {c.id for p in periods for c in in_period(drafts, p, config)} | {c.id for c in undated(drafts, config)} if periods else drafts
    )
    return Stats(by, [label for label, _ in columns], groups, cells, drafts_left_out=len(left_out))


def _persons(cell: Cell) -> str:
    text = f"{cell.persons:,}名"
    return text + (f"（ほか不明{cell.unknown}件）" if cell.unknown else "")


def stats_rows(stats: Stats) -> list[dict[str, object]]:
    rows = []
    for group in [*stats.groups, "計"]:
        row: dict[str, object] = {StatsBy(stats.by).label: group}
        for column in stats.columns:
            cell = stats.totals(column) if group == "計" else stats.cell(group, column)
            row[f"{column} 件数"] = cell.cases
            row[f"{column} 本人の数"] = cell.persons
            row[f"{column} 人数不明の件数"] = cell.unknown
        rows.append(row)
    return rows


def render_stats(stats: Stats, fmt: str) -> str:
    rows = stats_rows(stats)
    if fmt == "json":
        return json_text({"by": stats.by, "periods": stats.columns, "rows": rows, "drafts_left_out": stats.drafts_left_out}) + "\n"
    header = list(rows[0])
    return csv_text([header, *([row[key] for key in header] for row in rows)])


BAR_WIDTH = 20


def rich_stats(stats: Stats) -> object:
    from casebook.documents.terminal import InertTable

    table = InertTable(title=f"{StatsBy(stats.by).label}別の件数と本人の数")
    table.add_column(StatsBy(stats.by).label)
    for column in stats.columns:
        table.add_column(f"{column}\n件数", justify="right")
        table.add_column(f"{column}\n本人の数", justify="right")
    table.add_column("")
    largest = max([sum(stats.cell(g, c).cases for c in stats.columns) for g in stats.groups] or [1]) or 1
    for group in stats.groups:
        cells = [stats.cell(group, column) for column in stats.columns]
        total = sum(c.cases for c in cells)
        bar = "█" * max(1, round(BAR_WIDTH * total / largest)) if total else ""
        table.add_row(group, *[v for c in cells for v in (f"{c.cases:,}", _persons(c))], bar)
    totals = [stats.totals(column) for column in stats.columns]
    table.add_row("計", *[v for c in totals for v in (f"{c.cases:,}", _persons(c))], "", style="bold")
    return table
