"""The report as an xlsx workbook: the cases table, the notes, and the summary tables, set up for A4 landscape.

Every text cell is written as text (never a formula or an error value, even when a clerk edits it).
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from typing import Any

from casebook.documents.report import COLUMNS, Report, comparison_table, matrix_table
from casebook.inert import xml_text

# Column widths in Excel units (about one half-width character each), fitted to A4 landscape.
_MIN_WIDTH = {"NO": 4, "所属": 9, "発生日": 9, "二次被害の有無": 8}
_TEXT_WIDTH = 30
_CENTERED_COLUMNS = (1, 2, 3, 7)  # NO, 所属, 発生日, 二次被害の有無
_FONT = "游ゴシック"


def display_width(text: str) -> int:
    """Width in half-width columns: Japanese characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@dataclass(frozen=True)
class _Styles:
    border: Any
    wrap: Any
    center: Any
    font: Any


def _styles() -> _Styles:
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin")
    return _Styles(
        border=Border(left=thin, right=thin, top=thin, bottom=thin),
        wrap=Alignment(wrap_text=True, vertical="top"),
        center=Alignment(wrap_text=True, vertical="top", horizontal="center"),
        font=Font(name=_FONT, size=10),
    )


def _write_row(sheet: Any, cells: list[Any]) -> None:
    """Append a row; text cells are always text: never a formula (=…) or an error value (#N/A), even when edited."""
    sheet.append([None] * len(cells))
    row = sheet.max_row
    for column, value in enumerate(cells, 1):
        if value is None:
            continue
        cell = sheet.cell(row=row, column=column)
        if isinstance(value, str):
            cell.value = xml_text(value)
            cell.data_type = "s"
            cell.quotePrefix = True
        else:
            cell.value = value


def _cases_table(sheet: Any, report: Report, styles: _Styles) -> tuple[int, int]:
    """The heading lines and the table of cases; the first and last rows of the table."""
    from openpyxl.styles import Font, PatternFill

    _write_row(sheet, [report.heading])
    sheet["A1"].font = Font(name=_FONT, size=14, bold=True)
    _write_row(sheet, [report.count_line])
    _write_row(sheet, ["2 事案の概要及び再発防止策"])
    header_row = sheet.max_row + 1
    _write_row(sheet, list(COLUMNS))
    for row in report.rows:
        cells: list[Any] = row.cells()
        cells[0] = int(cells[0])  # NO as a number
        _write_row(sheet, cells)
    last_row = sheet.max_row
    for line in sheet.iter_rows(min_row=header_row, max_row=last_row, max_col=len(COLUMNS)):
        for cell in line:
            cell.border = styles.border
            cell.font = styles.font
            cell.alignment = styles.center if cell.column in _CENTERED_COLUMNS or cell.row == header_row else styles.wrap
    for cell in sheet[header_row]:
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
    return header_row, last_row


def _notes_and_summaries(sheet: Any, report: Report, styles: _Styles) -> None:
    sheet.append([])
    for line in [[report.footnote], ["＜非公表基準＞"], *([line] for line in report.criteria_lines())]:
        _write_row(sheet, line)
    sheet.append([])
    _write_row(sheet, ["3 事案の内訳（参考）"])
    for header, rows in (matrix_table(report), comparison_table(report)):
        first = sheet.max_row + 1
        _write_row(sheet, header)
        for cells in rows:
            _write_row(sheet, cells)
        for line in sheet.iter_rows(min_row=first, max_row=sheet.max_row, max_col=len(header)):
            for cell in line:
                cell.border = styles.border
                cell.font = styles.font
        sheet.append([])


def _column_widths(sheet: Any, header_row: int, last_row: int) -> None:
    for index, name in enumerate(COLUMNS, 1):
        letter = sheet.cell(row=header_row, column=index).column_letter
        if name in _MIN_WIDTH:
            longest = max(display_width(str(sheet.cell(row=r, column=index).value or "")) for r in range(header_row, last_row + 1))
            sheet.column_dimensions[letter].width = max(_MIN_WIDTH[name], min(longest + 2, 14))
        else:
            sheet.column_dimensions[letter].width = _TEXT_WIDTH


def _page_setup(sheet: Any, header_row: int) -> None:
    from openpyxl.worksheet.properties import PageSetupProperties

    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)


def report_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "漏えい事案概要"
    styles = _styles()
    header_row, last_row = _cases_table(sheet, report, styles)
    _notes_and_summaries(sheet, report, styles)
    _column_widths(sheet, header_row, last_row)
    _page_setup(sheet, header_row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
