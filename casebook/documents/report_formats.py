"""The report laid out as md / html (Jinja templates), csv, xlsx and json."""

from __future__ import annotations

from pathlib import Path

from casebook.choices import REPORT_FILE_FORMATS
from casebook.documents.csvfile import csv_text
from casebook.documents.report import COLUMNS, Report, comparison_table, matrix_table
from casebook.documents.report_xlsx import report_xlsx
from casebook.documents.templates import render
from casebook.errors import CasebookError
from casebook.inert import json_text

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
    raise CasebookError(f"出力形式「{fmt}」は使えません（{', '.join(FORMATS)}）")
