"""The report in the terminal, as rich tables (for `make demo` and a quick look).

A table of thousands of rows takes rich seconds per thousand (it measures and wraps every cell) and
no one reads it in a terminal: the terminal shows the first TABLE_ROWS rows and says how many more
there are and where they are; the counts are always whole.
"""

from __future__ import annotations

from typing import Any

from casebook.documents.report import COLUMNS, Report, comparison_table, matrix_table
from casebook.inert import for_terminal

TABLE_ROWS = 100


def print_report(console: Any, report: Report) -> None:
    from casebook.documents.terminal import InertTable as Table

    console.print(for_terminal(report.heading), style="bold")
    console.print(for_terminal(report.count_line))
    console.print("2 事案の概要及び再発防止策")
    table = Table(show_lines=True)
    for name in COLUMNS:
        wide = name in ("事案の概要", "発生原因", "対応", "再発防止策")
        table.add_column(name, overflow="fold", ratio=3 if wide else 1, no_wrap=name in ("NO", "発生日"))
    for row in report.rows[:TABLE_ROWS]:
        table.add_row(*row.cells())
    console.print(table)
    rest = len(report.rows) - TABLE_ROWS
    if rest > 0:
        console.print(
            f"（端末には先頭の{TABLE_ROWS}行を表示しました。ほか{rest:,}行を含む表の全体は --format csv・md・html・json か --out で出せます）"
        )
    console.print(for_terminal(report.footnote))
    console.print("＜非公表基準＞")
    for line in report.criteria_lines():
        console.print(for_terminal(line))
    console.print("3 事案の内訳（参考）")
    for header, rows in (matrix_table(report), comparison_table(report)):
        summary = Table()
        for name in header:
            summary.add_column(name, justify="left" if name in ("事案の分類", "項目") else "right")
        for cells in rows:
            summary.add_row(*cells)
        console.print(summary)
