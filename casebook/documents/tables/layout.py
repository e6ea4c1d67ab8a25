"""The report as one layout: its blocks in order (heading lines, the table of cases, notes, the summary
tables; `tables.parts` puts them in order), with each table's columns, widths and alignment. Every format draws
this and nothing else: terminal, md, html, csv, xlsx, json, docx.

Widths are shares of the table: a short column (NO, dates, 所属) is as wide as its longest cell and
the unbreakable parts of its header (「二次被害」「の有無」), the text columns share the rest.
The printed formats (html, docx, xlsx) share the type and the page too, and `Table.printed_rows` gives them a case
taller than a page in parts that each repeat NO, 所属 and 発生日.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from casebook.documents.tables.lines import Weights, greedy_lines
from casebook.documents.tables.report import CaseRows, Report, Totals
from casebook.domain.cells import Cell
from casebook.settings.report import Column, ReportField

# The printed table, alike in html, docx and xlsx: seed 004 prints its 10 rows and notes on 2 A4 landscape pages,
# in small type with tight cells and the text columns as wide as their share of the text.
FONT = "游ゴシック"  # the family unless casebook.yaml's report: font names another
FONT_PT = 8.0
LINE_HEIGHT = 1.25  # of the table's lines, in font sizes (html line-height, docx exact line spacing)
CELL_PADDING_PT = 2.5  # left and right of a cell's text (html padding, docx cell margins)
TEXT_WIDTH_MM = 273.0  # A4 landscape (297 mm) less 12 mm margins
TABLE_EM = TEXT_WIDTH_MM / 25.4 * 72 / FONT_PT  # characters of the table's text across the page
PADDING_EM = 1.0  # cell padding and borders, in characters
MIN_TEXT_EM = 4.0
# A case taller than this many lines is printed in parts, each on a page and each repeating the short cells
# (NO, 所属, 発生日…) so that a reader knows whose continuation it is: a page of the html and docx holds about 48
# lines of the table after its header row (40 after the report's headings); xlsx has its own (an Excel row's limit).
PART_LINES = 40
FIT_RATIO = 0.95  # of a line's width the estimate fills: no line starts with 、。）, so lines end early

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
_KEPT = ("note", "list")
_NOWRAP = frozenset(
    str(f)
    for f in (
        ReportField.NUMBER,
        ReportField.OCCURRED,
        ReportField.DISCOVERED,
        ReportField.OCCURRED_DISCOVERED,
        ReportField.REPORTED,
        ReportField.PERSONS,
        ReportField.PERSONS_TOTAL,
    )
)
_SANS_FALLBACKS = ("Yu Gothic", "YuGothic", "Hiragino Kaku Gothic ProN", "Noto Sans CJK JP", "Noto Sans JP", "Meiryo")
_SERIF_FALLBACKS = ("Yu Mincho", "YuMincho", "Hiragino Mincho ProN", "Noto Serif CJK JP", "Noto Serif JP", "MS PMincho")
_FIT_FIELDS = frozenset(str(field) for field in _FIT)
# Text columns share what is left, in these proportions (casebook.yaml's width overrides them).
# Seed 004's ten cases hold 838, 659, 713 and 887 characters of 概要, 原因, 対応 and 再発防止策; 備考 one line.
_WEIGHTS: dict[ReportField, int] = {
    ReportField.TITLE: 12,
    ReportField.SUMMARY: 18,
    ReportField.CAUSES: 14,
    ReportField.RESPONSES: 15,
    ReportField.MEASURES: 19,
    ReportField.REMARKS: 4,
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


_BREAK_AFTER = re.compile(r"(?<=[の・、）\s])|(?=[（の])")


def header_segments(header: str) -> tuple[str, ...]:
    """The parts of a header that must stay on one line: 二次被害の有無 → 二次被害 / の / 有無 (printed 二次被害 / の有無
    in a narrow column, as seed 004 prints it)."""
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
    def nowrap(self) -> bool:
        """A number or a date: never broken inside (R7.4.25 on a phone)."""
        return self.field in _NOWRAP

    @property
    def width_em(self) -> float:
        """Width at the nominal page (TABLE_EM characters across)."""
        return self.share * TABLE_EM


_WRAP_WEIGHTS = Weights(wide=5, narrow=3)  # 1 and NARROW_EM (0.6) full-width characters, times 5


def wrap_text(text: str, width_em: float) -> list[str]:
    """`text` wrapped into lines of `width_em` characters (an estimate of the printed lines). Joined back the lines
    give `text`: a line that starts a paragraph after the first starts with its line break."""
    return greedy_lines(text, max(1.0, width_em * FIT_RATIO) * 5, _WRAP_WEIGHTS)


def _surely_within(text: str, width_em: float, lines: int) -> bool:
    """Whether wrap_text(text, width_em) surely gives at most `lines` lines, without wrapping it: a line is ended
    only when the next character (1 wide at most) does not fit, so every line but a paragraph's last holds more
    than capacity - 1. The cells of almost every case pass, and the rows of a long table are not wrapped twice."""
    capacity = max(1.0, width_em * FIT_RATIO)
    if capacity <= 1.0:
        return False
    paragraphs = text.count("\n") + 1
    return paragraphs + (len(text) - paragraphs + 1) / (capacity - 1.0) <= lines


@dataclass(frozen=True)
class Table:
    role: str  # cases | matrix | comparison
    columns: tuple[LayoutColumn, ...]
    rows: Sequence[tuple[Cell, ...]]  # the cases' rows: CaseRows, made into cells only by the formats that draw cells
    empty: str = ""  # said in one row when there are no rows
    row_headers: bool = False  # the first cell of each row names it (summary tables)

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]

    def row_texts(self) -> Iterator[list[str]]:
        """Each row's texts (what csv and text write), without making its cells where the rows are kept encoded."""
        if isinstance(self.rows, CaseRows):
            return self.rows.texts()
        return ([cell.text for cell in row] for row in self.rows)

    def printed_rows(self, part_lines: int = PART_LINES) -> list[tuple[Cell, ...]]:
        """The rows as the printed formats (html, docx, xlsx) draw them: a case taller than `part_lines` in parts."""
        if self.role != "cases":
            return list(self.rows)
        return [part for row in self.rows for part in page_parts(row, self.columns, part_lines)]

    def printed_texts(self, part_lines: int = PART_LINES) -> list[list[str]]:
        """The texts of printed_rows(part_lines), the cells made only of a case that may be taller (docx writes texts)."""
        if self.role != "cases":
            return [[cell.text for cell in row] for row in self.rows]
        printed = []
        for index, texts in enumerate(self.row_texts()):
            if _one_part(texts, self.columns, part_lines):
                printed.append(texts)
            else:
                printed += ([cell.text for cell in part] for part in page_parts(self.rows[index], self.columns, part_lines))
        return printed


def _one_part(texts: Sequence[str], columns: tuple[LayoutColumn, ...], part_lines: int) -> bool:
    """Whether a case's texts surely fit in one part, known without wrapping them."""
    return all(_surely_within(text, column.width_em - PADDING_EM, part_lines) for text, column in zip(texts, columns, strict=True))


def page_parts(row: tuple[Cell, ...], columns: tuple[LayoutColumn, ...], part_lines: int = PART_LINES) -> list[tuple[Cell, ...]]:
    """A case as one row, or in parts of at most `part_lines` lines when it is taller: each text cell goes on line
    for line in the next part, and every part repeats the short cells (NO, 所属, 発生日…)."""
    if _one_part([cell.text for cell in row], columns, part_lines):
        return [row]
    lines = [wrap_text(cell.text, column.width_em - PADDING_EM) for cell, column in zip(row, columns, strict=True)]
    count = math.ceil(max(map(len, lines), default=1) / part_lines)
    if count <= 1:
        return [row]
    parts = []
    for part in range(count):
        cells = []
        for cell, column, cell_lines in zip(row, columns, lines, strict=True):
            if column.field in _FIT_FIELDS or cell.number is not None:
                cells.append(cell)
            else:
                cells.append(Cell("".join(cell_lines[part * part_lines : (part + 1) * part_lines]).removeprefix("\n")))
        parts.append(tuple(cells))
    return parts


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
    font: str = FONT  # one family for the printed formats (casebook.yaml's report: font)

    def kept_together(self) -> list[tuple[Block, ...]]:
        """The blocks in groups a page must not part: a run of notes and lists (※なお… and ＜非公表基準＞ with its items)."""
        groups: list[tuple[Block, ...]] = []
        for block in self.blocks:
            if groups and block.kind in _KEPT and groups[-1][-1].kind in _KEPT:
                groups[-1] = (*groups[-1], block)
            else:
                groups.append((block,))
        return groups

    @property
    def serif(self) -> bool:
        return any(word in self.font.lower() for word in ("明朝", "mincho", "serif"))

    @property
    def font_stack(self) -> tuple[str, ...]:
        """The family and what stands for it where it is missing (a browser, a Mac, Linux), serif or sans like it."""
        fallbacks = _SERIF_FALLBACKS if self.serif else _SANS_FALLBACKS
        return (self.font, *(name for name in fallbacks if name != self.font))

    @property
    def tables(self) -> list[Table]:
        return [block.table for block in self.blocks if block.table is not None]

    @property
    def cases(self) -> Table:
        """The table of cases (every layout has one)."""
        return next(table for table in self.tables if table.role == "cases")


def case_columns(report: Report) -> tuple[LayoutColumn, ...]:
    """Short columns as wide as their longest cell (up to a cap) and the unbreakable parts of their header;
    the text columns share what is left by weight (casebook.yaml's width), none narrower than MIN_TEXT_EM."""
    fixed: dict[int, float] = {}
    weights: dict[int, int] = {}
    fitted = [index for index, column in enumerate(report.columns) if column.width is None and column.field in _FIT]
    texts = report.rows.column_texts(fitted)  # each text once: 10^5 rows, few dates
    for index, column in enumerate(report.columns):
        if index in texts:
            cap = _FIT[column.field][0]
            content = max(map(em, texts[index]), default=1.0)
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
    widths = [max([em(header), *(em(row[i].text) for row in rows)]) + PADDING_EM for i, header in enumerate(headers)]
    total = sum(widths)
    return tuple(
        LayoutColumn(header, header_segments(header), width / total, align, natural_em=width)
        for header, width, align in zip(headers, widths, aligns, strict=True)
    )


NO_RECORDS = "記録なし"
NOT_APPLICABLE = "－"


def matrix_table(report: Report) -> Table:
    """事案の分類 × 所属 counts of the period's settled cases, with totals."""
    settled = report.settled
    units = settled.units
    headers = ["事案の分類", *units, "計"]
    rows: list[tuple[Cell, ...]] = []
    for category, counts in settled.by_category_unit.items():
        cells = [counts.get(unit, 0) for unit in units]
        rows.append((Cell(category), *(Cell(str(n), n) for n in cells), Cell(str(sum(cells)), sum(cells))))
    if rows:
        column_totals = [sum(c.get(unit, 0) for c in settled.by_category_unit.values()) for unit in units]
        rows.append((Cell("計"), *(Cell(str(n), n) for n in column_totals), Cell(str(sum(column_totals)), sum(column_totals))))
    columns = _fitted(headers, rows, ["left"] + ["right"] * (len(headers) - 1))
    return Table("matrix", columns, tuple(rows), empty=NO_RECORDS, row_headers=True)


def _count(value: int, unit: str) -> Cell:
    return Cell(f"{value:,}{unit}", value, unit)


def _ppc(totals: Totals) -> Cell:
    """委員会への報告対象: a count only when every case's 報告対象の判定 was filled in (an unset flag is no 「否」)."""
    if totals.ppc_unassessed:
        return Cell(f"不明（報告対象の判定が未記入{totals.ppc_unassessed:,}件）")
    return _count(totals.ppc_required, "件")


def comparison_table(report: Report) -> Table:
    """This period's settled cases against the period before's. A period with no record says 記録なし, and a
    difference is given only between two counts (never against a period with no records or a count not known)."""
    now, before = report.settled, report.previous
    headers = ["項目", report.period.label, report.period.previous().label, "増減"]
    items: list[tuple[str, Cell, Cell]] = [
        (label, _count(getattr(now, field), unit), _count(getattr(before, field), unit))
        for label, field, unit in (
            ("事案件数", "cases", "件"),
            ("うち非公表基準該当", "non_public", "件"),
            ("本人の数（実人数。非公表を除く）", "persons_actual", "名"),
            ("本人の数（延べ人数。非公表を除く）", "persons_total", "名"),
            ("本人の数が不明の事案（非公表を除く）", "persons_unknown", "件"),
        )
    ]
    items.append(("個人情報保護委員会への報告対象", _ppc(now), _ppc(before)))
    items.append(("個別公表した事案", _count(now.individually_published, "件"), _count(before.individually_published, "件")))
    rows: list[tuple[Cell, ...]] = []
    for label, this, that in items:
        a = this if now.cases else Cell(NO_RECORDS)
        b = that if before.cases else Cell(NO_RECORDS)
        if a.number is not None and b.number is not None:
            change = Cell(f"{a.number - b.number:+,}", a.number - b.number, signed=True)
        else:
            change = Cell(NOT_APPLICABLE)
        rows.append((Cell(label), a, b, change))
    columns = _fitted(headers, rows, ["left", "right", "right", "right"])
    return Table("comparison", columns, tuple(rows), row_headers=True)


def summary_notes(report: Report) -> list[Block]:
    """What the breakdown leaves out, said under it: drafts (counted in 「1 事案件数」, in no column here)."""
    notes = []
    if report.drafts:
        notes.append(f"※{report.period.label}の調査中の事案{report.drafts:,}件は、この内訳に含めていません。")
    if report.previous_drafts:
        notes.append(f"※{report.period.previous().label}の調査中の事案{report.previous_drafts:,}件は、この内訳に含めていません。")
    return [Block("note", text, part="summary") for text in notes]


def spaced(blocks: tuple[Block, ...]) -> list[tuple[bool, Block]]:
    """Each block with whether a blank line goes before it (after a table or a list, and between notes and a section)."""
    result: list[tuple[bool, Block]] = []
    previous: Block | None = None
    for block in blocks:
        gap = previous is not None and (previous.kind in ("table", "list") or (block.kind == "section" and previous.kind == "note"))
        result.append((gap, block))
        previous = block
    return result
