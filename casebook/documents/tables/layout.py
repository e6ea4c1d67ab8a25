"""The report as one layout: its blocks in order (heading lines, the table of cases, notes, the summary
tables), with each table's columns, widths and alignment. Every format draws this and nothing else:
terminal, md, html, csv, xlsx, json, docx.

Widths are shares of the table: a short column (NO, dates, 所属) is as wide as its longest cell and
the unbreakable parts of its header (「二次被害の」「有無」), the text columns share the rest.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from casebook.documents.tables.report import Report
from casebook.domain.cells import Cell
from casebook.settings.report import Column, ReportField

TABLE_EM = 84.0  # characters of 9pt text across an A4 landscape page with 12 mm margins
PADDING_EM = 1.5  # cell padding and borders, in characters
MIN_TEXT_EM = 4.0

# Columns sized to their content, up to a cap (in full-width characters), and how they align.
_FIT: dict[ReportField, tuple[float, str]] = {
    ReportField.NUMBER: (3, "center"),
    ReportField.UNIT_KIND: (6, "center"),
    ReportField.DEPARTMENT: (8, "left"),
    ReportField.OCCURRED: (6, "center"),
    ReportField.DISCOVERED: (6, "center"),
    ReportField.OCCURRED_DISCOVERED: (6, "center"),
    ReportField.REPORTED: (6, "center"),
    ReportField.CATEGORY: (7, "left"),
    ReportField.MEDIUM: (6, "center"),
    ReportField.CERTAINTY: (7, "center"),
    ReportField.PERSONS: (6, "right"),
    ReportField.PERSONS_TOTAL: (6, "right"),
    ReportField.SECONDARY_DAMAGE: (4, "center"),
}
# Text columns share what is left, in these proportions (casebook.yaml's width overrides them).
_WEIGHTS: dict[ReportField, int] = {
    ReportField.TITLE: 12,
    ReportField.SUMMARY: 18,
    ReportField.CAUSES: 17,
    ReportField.RESPONSES: 17,
    ReportField.MEASURES: 19,
    ReportField.REMARKS: 9,
}


def char_width(char: str) -> int:
    """Half-width columns of one character: 2 for Japanese (and the ambiguous ①※○, wide in Japanese fonts)."""
    return 2 if unicodedata.east_asian_width(char) in "WFA" else 1


NARROW_EM = 0.6  # a letter or digit: proportional fonts draw capitals and digits wider than half a kanji
AUTOSPACE_EM = 0.25  # Word and LibreOffice put a quarter space between Japanese and letters or digits (令和 2 年)


def _line_em(line: str) -> float:
    width = 0.0
    previous = 0
    for char in line:
        kind = char_width(char)
        width += 1.0 if kind == 2 else NARROW_EM
        if previous and kind != previous and not char.isspace():
            width += AUTOSPACE_EM
        previous = 0 if char.isspace() else kind
    return width


def em(text: str) -> float:
    """The width of the longest line of `text`, in full-width characters."""
    return max((_line_em(line) for line in text.split("\n")), default=0.0)


_BREAK_AFTER = re.compile(r"(?<=[の・、）\s])|(?=（)")


def header_segments(header: str) -> tuple[str, ...]:
    """The parts of a header that must stay on one line: 二次被害の有無 → 二次被害の / 有無."""
    parts = [part.strip() for part in _BREAK_AFTER.split(header)]
    return tuple(part for part in parts if part) or (header,)


def wrap_segments(segments: tuple[str, ...], width_em: float) -> list[str]:
    """Header lines: segments packed greedily into lines of `width_em` characters, never split inside."""
    lines: list[str] = []
    for segment in segments:
        if lines and em(lines[-1] + segment) <= width_em:
            lines[-1] += segment
        else:
            lines.append(segment)
    return lines


@dataclass(frozen=True)
class LayoutColumn:
    header: str
    segments: tuple[str, ...]
    share: float  # part of the table's width; the shares of a table add up to 1
    align: str  # left | center | right
    field: str = ""  # the report field of a column of cases
    natural_em: float = 0.0  # what a summary column needs, in characters (its content and padding)

    @property
    def width_em(self) -> float:
        """Width at the nominal page (TABLE_EM characters across)."""
        return self.share * TABLE_EM


@dataclass(frozen=True)
class Table:
    role: str  # cases | matrix | comparison
    columns: tuple[LayoutColumn, ...]
    rows: tuple[tuple[Cell, ...], ...]
    empty: str = ""  # said in one row when there are no rows
    row_headers: bool = False  # the first cell of each row names it (summary tables)

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]


@dataclass(frozen=True)
class Block:
    kind: str  # title | section | note | list | table
    text: str = ""  # the line (for a list: the line above its items)
    items: tuple[str, ...] = ()
    table: Table | None = None
    part: str = "main"  # main | summary (the reference tables, which a workbook puts on a sheet of their own)


@dataclass(frozen=True)
class Layout:
    title: str
    blocks: tuple[Block, ...]

    @property
    def tables(self) -> list[Table]:
        return [block.table for block in self.blocks if block.table is not None]

    @property
    def cases(self) -> Table:
        """The table of cases (every layout has one)."""
        return next(table for table in self.tables if table.role == "cases")


def _case_columns(report: Report) -> tuple[LayoutColumn, ...]:
    """Short columns as wide as their longest cell (up to a cap) and the unbreakable parts of their header;
    the text columns share what is left by weight (casebook.yaml's width), none narrower than MIN_TEXT_EM."""
    fixed: dict[int, float] = {}
    weights: dict[int, int] = {}
    for index, column in enumerate(report.columns):
        if column.width is None and column.field in _FIT:
            cap = _FIT[column.field][0]
            content = max((em(row[index].text) for row in report.rows), default=1.0)
            fixed[index] = max(min(content, cap), *(em(part) for part in header_segments(column.header))) + PADDING_EM
        else:
            weights[index] = column.width or _WEIGHTS.get(column.field, 10)
    left = max(TABLE_EM - sum(fixed.values()), MIN_TEXT_EM * len(weights))
    total_weight = sum(weights.values()) or 1
    widths = {**fixed, **{i: max(left * w / total_weight, MIN_TEXT_EM) for i, w in weights.items()}}
    total = sum(widths.values())
    return tuple(_column(column, widths[i] / total) for i, column in enumerate(report.columns))


def _column(column: Column, share: float) -> LayoutColumn:
    align = _FIT[column.field][1] if column.field in _FIT else "left"
    return LayoutColumn(column.header, header_segments(column.header), share, align, str(column.field))


def _fitted(headers: list[str], rows: list[tuple[Cell, ...]], aligns: list[str]) -> tuple[LayoutColumn, ...]:
    """Columns of a summary table: each as wide as its widest cell."""
    widths = [max(em(header), *(em(row[i].text) for row in rows)) + PADDING_EM for i, header in enumerate(headers)]
    total = sum(widths)
    return tuple(
        LayoutColumn(header, header_segments(header), width / total, align, natural_em=width)
        for header, width, align in zip(headers, widths, aligns, strict=True)
    )


def matrix_table(report: Report) -> Table:
    """事案の分類 × 所属 counts of the period, with totals."""
    units = report.current.units
    headers = ["事案の分類", *units, "計"]
    rows: list[tuple[Cell, ...]] = []
    for category, counts in report.current.by_category_unit.items():
        cells = [counts.get(unit, 0) for unit in units]
        rows.append((Cell(category), *(Cell(str(n), n) for n in cells), Cell(str(sum(cells)), sum(cells))))
    column_totals = [sum(c.get(unit, 0) for c in report.current.by_category_unit.values()) for unit in units]
    rows.append((Cell("計"), *(Cell(str(n), n) for n in column_totals), Cell(str(sum(column_totals)), sum(column_totals))))
    columns = _fitted(headers, rows, ["left"] + ["right"] * (len(headers) - 1))
    return Table("matrix", columns, tuple(rows), row_headers=True)


def comparison_table(report: Report) -> Table:
    """This period against the previous one."""
    now, before = report.current, report.previous
    headers = ["項目", report.period.label, report.period.previous().label, "増減"]
    items = [
        ("事案件数", now.cases, before.cases, "件"),
        ("うち非公表基準該当", now.non_public, before.non_public, "件"),
        ("本人の数（実人数。非公表を除く）", now.persons_actual, before.persons_actual, "名"),
        ("本人の数（延べ人数。非公表を除く）", now.persons_total, before.persons_total, "名"),
        ("本人の数が不明の事案（非公表を除く）", now.persons_unknown, before.persons_unknown, "件"),
        ("個人情報保護委員会への報告対象", now.ppc_required, before.ppc_required, "件"),
        ("個別公表した事案", now.individually_published, before.individually_published, "件"),
    ]
    rows: list[tuple[Cell, ...]] = [
        (Cell(label), Cell(f"{a:,}{unit}", a, unit), Cell(f"{b:,}{unit}", b, unit), Cell(f"{a - b:+,}", a - b, signed=True))
        for label, a, b, unit in items
    ]
    columns = _fitted(headers, rows, ["left", "right", "right", "right"])
    return Table("comparison", columns, tuple(rows), row_headers=True)


def build_layout(report: Report) -> Layout:
    """The blocks of the report, in the order casebook.yaml's `report:` settings give them."""
    settings = report.settings
    cases = Table("cases", _case_columns(report), tuple(report.rows), empty="（掲載する事案はありません）")
    blocks = [
        Block("title", report.heading),
        Block("section", report.count_line),
        Block("section", settings.sections.cases),
        Block("table", table=cases),
        *(Block("note", line) for line in report.footnotes),
    ]
    if settings.criteria:
        blocks.append(Block("list", "＜非公表基準＞", tuple(report.criteria_lines())))
    if settings.summary_tables:
        blocks.append(Block("section", settings.sections.summary, part="summary"))
        blocks += [Block("table", table=table, part="summary") for table in (matrix_table(report), comparison_table(report))]
    return Layout(report.heading, tuple(blocks))


def spaced(blocks: tuple[Block, ...]) -> list[tuple[bool, Block]]:
    """Each block with whether a blank line goes before it (after a table or a list, and between notes and a section)."""
    result: list[tuple[bool, Block]] = []
    previous: Block | None = None
    for block in blocks:
        gap = previous is not None and (previous.kind in ("table", "list") or (block.kind == "section" and previous.kind == "note"))
        result.append((gap, block))
        previous = block
    return result
