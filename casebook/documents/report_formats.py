"""The report laid out as md / html (Jinja templates), csv, xlsx and json."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path
from typing import Any

from casebook.choices import REPORT_FILE_FORMATS
from casebook.documents.csvfile import csv_text
from casebook.inert import json_text, xml_text
from casebook.documents.report import COLUMNS, Report, comparison_table, matrix_table
from casebook.documents.templates import render

FORMATS = REPORT_FILE_FORMATS


def report_md(report: Report, root: Path | None) -> str:
    return render(root, "report.md.j2", report=report, columns=COLUMNS, matrix=matrix_table(report), comparison=comparison_table(report))


def report_html(report: Report, root: Path | None) -> str:
    return render(root, "report.html.j2", report=report, columns=COLUMNS, matrix=matrix_table(report), comparison=comparison_table(report))


def report_lines(report: Report) -> list[list[str]]:
    """The report as rows of cells, heading lines first: the layout of the csv and the xlsx."""
    lines: list[list[str]] = [[report.heading], [report.count_line], ["2 事案の概要及び再発防止策"], list(COLUMNS)]
    lines += [row.cells() for row in report.rows]
    lines += [[], [report.footnote], ["＜非公表基準＞"], *([line] for line in report.criteria_lines())]
    lines += [[], ["3 事案の内訳（参考）"]]
    for header, rows in (matrix_table(report), comparison_table(report)):
        lines += [header, *rows, []]
    return lines[:-1]


def report_csv(report: Report) -> str:
    return csv_text(report_lines(report))


def report_json(report: Report) -> str:
    return json_text(report.as_dict()) + "\n"


def display_width(text: str) -> int:
    """Width in half-width columns: Japanese characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# Column widths in Excel units (about one half-width character each), fitted to A4 landscape.
_MIN_WIDTH = {"NO": 4, "所属": 9, "発生日": 9, "二次被害の有無": 8}
_TEXT_WIDTH = 30


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


def report_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.worksheet.properties import PageSetupProperties

    book = Workbook()
    sheet = book.active
    sheet.title = "漏えい事案概要"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    center = Alignment(wrap_text=True, vertical="top", horizontal="center")
    font = Font(name="游ゴシック", size=10)

    _write_row(sheet, [report.heading])
    sheet["A1"].font = Font(name="游ゴシック", size=14, bold=True)
    _write_row(sheet, [report.count_line])
    _write_row(sheet, ["2 事案の概要及び再発防止策"])
    header_row = sheet.max_row + 1
    _write_row(sheet, list(COLUMNS))
    for row in report.rows:
        cells: list[Any] = row.cells()
        cells[0] = int(cells[0])  # NO as a number
        _write_row(sheet, cells)
    last_row = sheet.max_row
    for row in sheet.iter_rows(min_row=header_row, max_row=last_row, max_col=len(COLUMNS)):
        for cell in row:
            cell.border = border
            cell.font = font
            cell.alignment = center if cell.column in (1, 2, 3, 7) or cell.row == header_row else wrap
    for cell in sheet[header_row]:
        cell.fill = PatternFill("solid", fgColor="DDDDDD")

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
        for row in sheet.iter_rows(min_row=first, max_row=sheet.max_row, max_col=len(header)):
            for cell in row:
                cell.border = border
                cell.font = font
        sheet.append([])

    for index, name in enumerate(COLUMNS, 1):
        letter = sheet.cell(row=header_row, column=index).column_letter
        if name in _MIN_WIDTH:
            longest = max([display_width(str(sheet.cell(row=r, column=index).value or "")) for r in range(header_row, last_row + 1)])
            sheet.column_dimensions[letter].width = max(_MIN_WIDTH[name], min(longest + 2, 14))
        else:
            sheet.column_dimensions[letter].width = _TEXT_WIDTH

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

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def render_report(report: Report, fmt: str, root: Path | None) -> str | bytes:
    if fmt == "md":
        return report_md(report, root)
    if fmt == "html":
        return report_html(report, root)
    if fmt == "csv":
        return report_csv(report)
    if fmt == "json":
        return report_json(report)
    if fmt == "xlsx":
        return report_xlsx(report)
    raise ValueError(fmt)
