"""The report in each format: every one draws the same layout (casebook.documents.tables.layout).

md and html are Jinja templates a casebook can override by name; csv, json, xlsx and docx are written here
or in their own module; the terminal table is in report_table.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from casebook.choices import REPORT_FILE_FORMATS
from casebook.documents.tables.layout import Layout, spaced
from casebook.documents.tables.parts import build_layout
from casebook.documents.tables.report import Report
from casebook.documents.templates import render
from casebook.documents.writers.csvfile import csv_text
from casebook.errors import CasebookError
from casebook.safety.inert import json_text_with_items
from casebook.settings.report import ReportField

FORMATS = REPORT_FILE_FORMATS


def report_lines(layout: Layout) -> Iterator[list[Any]]:
    """The layout as rows of cells, a blank row where the printed report has space: the csv."""
    for gap, block in spaced(layout.blocks):
        if gap:
            yield []
        if block.table is not None:
            yield block.table.headers
            yield from block.table.row_texts()
        else:
            yield [block.text]
            yield from ([item] for item in block.items)


CSV_LINES_PER_PIECE = 1000


def report_csv(layout: Layout, bom: bool = True) -> Iterator[str]:
    """The csv a thousand lines at a time (10^5 rows made into one text are 60 MB twice over); joined, the whole csv."""
    lines = report_lines(layout)
    first = True
    while piece := list(islice(lines, CSV_LINES_PER_PIECE)):
        yield csv_text(piece, bom=bom and first)
        first = False


def render_report(report: Report, fmt: str, root: Path | None, bom: bool = True) -> str | bytes:
    layout = build_layout(report)
    if fmt in ("md", "html"):
        return render(root, f"report.{fmt}.j2", report=report, layout=layout)
    if fmt == "csv":
        return "".join(report_csv(layout, bom))
    if fmt == "json":
        cases = layout.cases
        numbered = [column.field == ReportField.NUMBER for column in cases.columns]
        rows = [
            [cell.number if is_number and cell.number is not None else cell.text for is_number, cell in zip(numbered, row, strict=True)]
            for row in cases.rows
        ]
        return json_text_with_items(report.as_dict(cases.headers, rows), "rows") + "\n"
    if fmt == "pdf":
        from casebook.documents.writers.pdf import html_to_pdf

        return html_to_pdf(render(root, "report.html.j2", report=report, layout=layout))
    if fmt == "xlsx":
        from casebook.documents.tables.xlsx import report_xlsx

        return report_xlsx(layout)
    if fmt == "docx":
        from casebook.documents.tables.docx import report_docx

        return report_docx(layout, root, report.organisation)
    raise CasebookError(f"出力形式「{fmt}」は使えません（{', '.join(FORMATS)}）")
