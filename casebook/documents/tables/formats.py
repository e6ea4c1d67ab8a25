"""The report in each format: every one draws the same layout (casebook.documents.tables.layout).

md and html are Jinja templates a casebook can override by name; csv, json, xlsx and docx are written here
or in their own module; the terminal table is in report_table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from casebook.choices import REPORT_FILE_FORMATS
from casebook.documents.tables.layout import Layout, build_layout, spaced
from casebook.documents.tables.report import Report
from casebook.documents.templates import render
from casebook.documents.writers.csvfile import csv_text
from casebook.errors import CasebookError
from casebook.safety.inert import json_text
from casebook.settings.report import ReportField

FORMATS = REPORT_FILE_FORMATS


def report_lines(layout: Layout) -> list[list[Any]]:
    """The layout as rows of cells, a blank row where the printed report has space: the csv."""
    lines: list[list[Any]] = []
    for gap, block in spaced(layout.blocks):
        if gap:
            lines.append([])
        if block.table is not None:
            lines.append(block.table.headers)
            lines += [[cell.text for cell in row] for row in block.table.rows]
        else:
            lines.append([block.text])
            lines += [[item] for item in block.items]
    return lines


def render_report(report: Report, fmt: str, root: Path | None, bom: bool = True) -> str | bytes:
    layout = build_layout(report)
    if fmt in ("md", "html"):
        return render(root, f"report.{fmt}.j2", report=report, layout=layout)
    if fmt == "csv":
        return csv_text(report_lines(layout), bom=bom)
    if fmt == "json":
        cases = layout.cases
        numbered = [column.field == ReportField.NUMBER for column in cases.columns]
        rows = [
            [cell.number if is_number and cell.number is not None else cell.text for is_number, cell in zip(numbered, row, strict=True)]
            for row in cases.rows
        ]
        return json_text(report.as_dict(cases.headers, rows)) + "\n"
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
