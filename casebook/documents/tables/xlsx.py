"""The report as an xlsx workbook that prints whole on A4 landscape, drawn from the report's layout.

A spreadsheet does not size rows to wrapped text when it opens a file, so every row height is
computed here from the wrapped lines of each cell at its column's width (Japanese characters count
two half-width columns) and the line height of the font. Lines after the table span the table's
columns; the summary tables get spans of columns wide enough for their cells. Counts are numbers
with a number format (11件, +11); every text cell is text, never a formula or an error value.
"""

from __future__ import annotations

import functools
import io
import math
from copy import copy
from dataclasses import dataclass, field
from typing import Any

from casebook.documents.tables.layout import FONT_PT, Block, Layout, Table, spaced, wrap_segments
from casebook.documents.tables.lines import Weights, greedy_lines
from casebook.domain.cells import Cell
from casebook.safety.inert import xml_text

NORMAL_SIZE = 10  # points, the workbook's Normal style: it sets Excel's column unit
SIZE = FONT_PT  # points, the table (the layout's type, as html and docx print it)
TITLE_SIZE = 12
SECTION_SIZE = 10
PIXELS_PER_UNIT = 7  # Excel's column unit: the digit width of the workbook's Normal font (游ゴシック 10 pt) in pixels
CELL_PADDING_PX = 5
# A line of 游ゴシック in Excel (its ascent and descent, 1.535 em; 11 pt rows are 18.75 pt with the padding): Excel
# cannot set lines closer, and a shorter row would cut text. LibreOffice's Noto Sans CJK takes 1.45 em.
LINE_HEIGHT = 1.55
ROW_PADDING_PT = 2
MAX_ROW_PT = 409  # the most Excel allows: a taller case goes on over more rows of the sheet
PART_LINES = 28  # lines of a case's part (tables.layout.page_parts) that surely fit in MAX_ROW_PT
SAFETY = 0.97  # of a line's width used by the estimate: line breaking rules (no line starts with 、。）)
NARROW = 1.15  # half-width columns of a letter or digit: proportional letters are wider than half a kanji
GAP_PT = 8.0  # the blank row after a table or a list
# Excel's lines are wider apart than the 1.25 of the html and docx, so the sheet prints smaller to keep their page
# economy (seed 004's 10 rows on 2 pages): its columns are wider by as much, and its 8 pt text prints at 7 pt.
PRINT_SCALE = 88  # percent
# The page in the sheet's points and pixels: A4 landscape less the margins (inches, as Excel keeps them), at
# PRINT_SCALE, with a little to spare.
MARGIN_SIDE_IN, MARGIN_TOP_IN, MARGIN_BOTTOM_IN = 0.4, 0.5, 0.6
PRINTABLE_PX = (297 / 25.4 - 2 * MARGIN_SIDE_IN) * 96 * 0.97 * 100 / PRINT_SCALE
PRINTABLE_PT = (210 / 25.4 - MARGIN_TOP_IN - MARGIN_BOTTOM_IN) * 72 * 0.96 * 100 / PRINT_SCALE


def line_capacity(width_units: float, size: float) -> float:
    """Half-width characters that fit on one line of a cell `width_units` wide, in a font of `size` points."""
    half_px = size * 96 / 72 / 2
    return max(1.0, (width_units * PIXELS_PER_UNIT + 5 - CELL_PADDING_PX) / half_px * SAFETY)


def units(width_em: float) -> float:
    """Excel column units for `width_em` full-width characters of the table's font, padding included."""
    return (width_em * SIZE * 96 / 72 + CELL_PADDING_PX) / PIXELS_PER_UNIT


_WEIGHTS = Weights(wide=40, narrow=23)  # 2 and NARROW half-width columns, times 20


@functools.lru_cache(maxsize=256)  # a row's cells are wrapped to split it and again to size it
def wrapped(text: str, capacity: float) -> list[str]:
    """`text` wrapped at `capacity` half-width characters: its lines, joined back they give `text`
    (a line that starts a paragraph after the first starts with its line break)."""
    return greedy_lines(text, capacity * 20, _WEIGHTS)


def line_count(text: str, capacity: float) -> int:
    return len(wrapped(text, capacity))


MAX_LINES = int((MAX_ROW_PT - ROW_PADDING_PT) // (SIZE * LINE_HEIGHT))  # lines of the table's text in one row


def row_height(texts_and_widths: list[tuple[str, float]], size: float) -> float:
    lines = max((line_count(text, line_capacity(width, size)) for text, width in texts_and_widths), default=1)
    return min(MAX_ROW_PT, math.ceil(lines * size * LINE_HEIGHT + ROW_PADDING_PT))


def split_row(cells: tuple[Cell, ...], widths: list[float]) -> list[list[Cell | str]]:
    """A case as one row of the sheet, or as several when it is taller than a row can be: each cell's text
    continues, line for line, in the rows below (short cells and numbers stay in the first)."""
    lines = [wrapped(cell.text, line_capacity(width, SIZE)) for cell, width in zip(cells, widths, strict=False)]
    parts = math.ceil(max(map(len, lines), default=1) / MAX_LINES)
    if parts <= 1:
        return [list(cells)]
    rows: list[list[Cell | str]] = []
    for part in range(parts):
        row: list[Cell | str] = []
        for cell, cell_lines in zip(cells, lines, strict=True):
            if cell.number is not None or len(cell_lines) <= MAX_LINES:
                row.append(cell if part == 0 else "")
            else:
                row.append("".join(cell_lines[part * MAX_LINES : (part + 1) * MAX_LINES]).removeprefix("\n"))
        rows.append(row)
    return rows


@dataclass
class _Sheet:
    """The worksheet being written and the widths of its columns (in Excel units)."""

    ws: Any
    widths: list[float]
    styles: Any
    row: int = 0
    kept: set[int] = field(default_factory=set)  # rows a page break must not come after (a heading, a table's header…)
    looks: dict[tuple[Any, ...], Any] = field(default_factory=dict)  # the style of each kind of table cell, made once

    def span_width(self, first: int, last: int) -> float:
        return sum(self.widths[first - 1 : last])


def _styles(font: str) -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin")
    return {
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "open_bottom": Border(left=thin, right=thin, top=thin),
        "open_top": Border(left=thin, right=thin, bottom=thin),
        "open": Border(left=thin, right=thin),
        "left": Alignment(wrap_text=True, vertical="top"),
        "center": Alignment(wrap_text=True, vertical="top", horizontal="center"),
        "right": Alignment(wrap_text=True, vertical="top", horizontal="right"),
        "header": Alignment(wrap_text=True, vertical="center", horizontal="center"),
        "font": Font(name=font, size=SIZE, charset=128),
        "title": Font(name=font, size=TITLE_SIZE, bold=True, charset=128),
        "section": Font(name=font, size=SECTION_SIZE, charset=128),
        "fill": PatternFill("solid", fgColor="DDDDDD"),
    }


def _number_format(cell: Cell) -> str:
    unit = f'"{cell.unit}"' if cell.unit else ""
    if cell.signed:
        return f"+#,##0{unit};-#,##0{unit};+0{unit}"  # +0 as the other formats write it
    return f"#,##0{unit}"


def _put(sheet: _Sheet, row: int, column: int, value: Cell | str) -> Any:
    """A cell's value: a number where the layout has one, else text that stays text (never =…, never #N/A)."""
    target = sheet.ws.cell(row=row, column=column)
    _value(target, value)
    if isinstance(value, Cell) and value.number is not None:
        target.number_format = _number_format(value)
    else:
        target.quotePrefix = True
    return target


def _value(target: Any, value: Cell | str) -> None:
    if isinstance(value, Cell) and value.number is not None:
        target.value = value.number
    else:
        target.value = xml_text(value.text if isinstance(value, Cell) else value)
        target.data_type = "s"


def _line(sheet: _Sheet, text: str, font: Any, size: float) -> None:
    """A line across the whole table (heading, note), wrapped to the table's width."""
    sheet.row += 1
    last = len(sheet.widths)
    cell = _put(sheet, sheet.row, 1, text)
    cell.font = font
    cell.alignment = sheet.styles["left"]
    if last > 1:
        sheet.ws.merge_cells(start_row=sheet.row, start_column=1, end_row=sheet.row, end_column=last)
    sheet.ws.row_dimensions[sheet.row].height = row_height([(text, sheet.span_width(1, last))], size)


def _row(
    sheet: _Sheet, cells: list[Cell | str], aligns: list[str], *, header: bool = False, merged: bool = False, border: str = "border"
) -> None:
    """One row of a table, column n of the table in sheet column n (or one cell across them all, `merged`);
    bordered (open at the top or bottom where a case goes on over several rows), its height fitted to its cells."""
    sheet.row += 1
    for column, (value, align) in enumerate(zip(cells, aligns, strict=True), 1):
        shape = _number_format(value) if isinstance(value, Cell) and value.number is not None else None
        look = (shape, align, border, header)
        known = sheet.looks.get(look)
        if known is not None:  # the style of a cell like it, copied: openpyxl looks each part up by hash otherwise
            target = sheet.ws.cell(row=sheet.row, column=column)
            _value(target, value)
            target._style = copy(known)
            continue
        target = _put(sheet, sheet.row, column, value)
        target.font = sheet.styles["font"]
        target.alignment = sheet.styles[align]
        target.border = sheet.styles[border]
        if header:
            target.fill = sheet.styles["fill"]
        sheet.looks[look] = copy(target._style)
    if merged:
        sheet.ws.merge_cells(start_row=sheet.row, start_column=1, end_row=sheet.row, end_column=len(cells))
        texts = [(_text(cells[0]), sheet.span_width(1, len(cells)))]
    else:
        texts = [(_text(value), sheet.widths[column]) for column, value in enumerate(cells)]
    sheet.ws.row_dimensions[sheet.row].height = row_height(texts, SIZE)


def _table(sheet: _Sheet, table: Table) -> int:
    """The header row (headers broken only between their words) and the rows of a table; the header's row."""
    count = len(table.columns)
    headers: list[Cell | str] = [
        "\n".join(wrap_segments(column.segments, line_capacity(width, SIZE) / 2))
        for column, width in zip(table.columns, sheet.widths, strict=False)
    ]
    _row(sheet, headers, ["header"] * count, header=True)
    header_row = sheet.row
    aligns = [column.align for column in table.columns]
    if table.row_headers:
        aligns[0] = "left"
    for cells in table.printed_rows(PART_LINES):
        parts = split_row(cells, sheet.widths)
        for index, part in enumerate(parts):
            first, last = index == 0, index == len(parts) - 1
            border = "border" if first and last else "open_bottom" if first else "open_top" if last else "open"
            _row(sheet, part, aligns, border=border)
    if not table.rows and table.empty:
        _row(sheet, [table.empty, *[""] * (count - 1)], ["left"] * count, merged=True)
    return header_row


def _text(value: Cell | str) -> str:
    if isinstance(value, Cell):
        return value.text
    return value


def _blocks(sheet: _Sheet, blocks: list[Block]) -> int:
    """Blocks top to bottom, each table's column over one sheet column; the row of the cases table's header."""
    header_row = 0
    spaced_blocks = spaced(tuple(blocks))
    for index, (gap, block) in enumerate(spaced_blocks):
        if gap:
            sheet.row += 1
            sheet.ws.row_dimensions[sheet.row].height = GAP_PT
            sheet.kept.add(sheet.row)
        following = spaced_blocks[index + 1][1] if index + 1 < len(spaced_blocks) else None
        kept_with_next = following is not None and following.kind in ("note", "list")
        if block.table is None:
            first = sheet.row + 1
            _text_block(sheet, block, sheet.styles)
            sheet.kept.update(range(first, sheet.row))  # a list's lines together
            if block.kind in ("title", "section") or (block.kind in ("note", "list") and kept_with_next):
                sheet.kept.add(sheet.row)
            continue
        row = _table(sheet, block.table)
        sheet.kept.add(row)  # the header row with the first row
        if kept_with_next:  # the notes under a table with its last row: never a page of a header row and notes
            sheet.kept.add(sheet.row)
        header_row = header_row or (row if block.table.role == "cases" else 0)
    return header_row


def page_breaks(heights: list[float], kept: set[int], title_height: float, page: float = PRINTABLE_PT) -> list[int]:
    """The rows (1-based) after which a page ends: as many whole rows on a page as fit, never a break after a kept
    row (a group of rows taller than a page is let go row by row). Pages after the first lose `title_height` to the
    header row printed again on them."""
    groups: list[list[int]] = []
    for number in range(1, len(heights) + 1):
        if groups and groups[-1][-1] in kept:
            groups[-1].append(number)
        else:
            groups.append([number])
    breaks: list[int] = []
    used, room = 0.0, page
    for group in groups:
        height = sum(heights[n - 1] for n in group)
        parts = [group] if height <= page - title_height else [[n] for n in group]
        for part in parts:
            height = sum(heights[n - 1] for n in part)
            if used and used + height > room:
                breaks.append(part[0] - 1)
                used, room = 0.0, page - title_height
            used += height
    return breaks


def _page_breaks(sheet: _Sheet, header_row: int) -> None:
    from openpyxl.worksheet.pagebreak import Break

    dimensions = sheet.ws.row_dimensions
    heights = [dimensions[n].height or GAP_PT for n in range(1, sheet.row + 1)]
    title_height = heights[header_row - 1] if header_row else 0.0
    for row in page_breaks(heights, sheet.kept, title_height):
        sheet.ws.row_breaks.append(Break(id=row))


def _summary_widths(blocks: list[Block]) -> list[float]:
    """Columns of the summary sheet: at each position, as wide as the widest cell of any table there."""
    widths: list[float] = []
    for table in (block.table for block in blocks if block.table is not None):
        for index, column in enumerate(table.columns):
            needed = units(column.natural_em)
            if index < len(widths):
                widths[index] = max(widths[index], needed)
            else:
                widths.append(needed)
    return widths or [units(10)]


def _text_block(sheet: _Sheet, block: Block, styles: dict[str, Any]) -> None:
    if block.kind == "title":
        _line(sheet, block.text, styles["title"], TITLE_SIZE)
    elif block.kind == "section":
        _line(sheet, block.text, styles["section"], SECTION_SIZE)
    else:
        _line(sheet, block.text, styles["font"], SIZE)
    for item in block.items:
        _line(sheet, item, styles["font"], SIZE)


def _page_setup(sheet: _Sheet, header_row: int) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    ws = sheet.ws
    for index, width in enumerate(sheet.widths, 1):
        ws.column_dimensions[get_column_letter(index)].width = round(width, 2)
    setup = ws.page_setup
    setup.orientation = "landscape"
    setup.paperSize = ws.PAPERSIZE_A4
    setup.scale = PRINT_SCALE  # the columns fit the page at it; no "fit to page", which would make Excel drop the row breaks
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=False)
    if header_row:
        ws.print_title_rows = f"{header_row}:{header_row}"
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.print_area = f"A1:{get_column_letter(len(sheet.widths))}{sheet.row}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = MARGIN_SIDE_IN
    ws.page_margins.top = MARGIN_TOP_IN
    ws.page_margins.bottom = MARGIN_BOTTOM_IN
    ws.page_margins.footer = 0.25
    ws.oddFooter.center.text = "&P / &N"
    ws.oddFooter.center.size = 8


def _default_font(book: Any, family: str) -> None:
    """The workbook's Normal style in the table's font: Excel's column unit is the digit width of that font,
    and a cell a clerk adds later looks like the others."""
    from openpyxl.styles import Font
    from openpyxl.utils.indexed_list import IndexedList

    font = Font(name=family, size=NORMAL_SIZE, charset=128)
    book._fonts = IndexedList([font])
    book._named_styles["Normal"].font = font


def report_xlsx(layout: Layout) -> bytes:
    """The report's table (and its notes) on the first sheet; the summary tables, when the layout has them,
    on a sheet of their own with columns sized to them."""
    from openpyxl import Workbook

    book = Workbook()
    _default_font(book, layout.font)
    styles = _styles(layout.font)
    main = [block for block in layout.blocks if block.part == "main"]
    summary = [block for block in layout.blocks if block.part == "summary"]
    sheet = _Sheet(book.active, [(column.share * PRINTABLE_PX - 5) / PIXELS_PER_UNIT for column in layout.cases.columns], styles)
    sheet.ws.title = "漏えい事案概要"
    header_row = _blocks(sheet, main)
    _page_setup(sheet, header_row)
    _page_breaks(sheet, header_row)
    if summary:
        second = _Sheet(book.create_sheet("事案の内訳"), _summary_widths(summary), styles)
        _blocks(second, [Block("title", layout.title), *summary])  # a page of its own: the report's title on it too
        _page_setup(second, 0)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
