"""The report in the terminal, as rich tables (for `make demo` and a quick look): the same layout as every format.

A table of thousands of rows takes rich seconds per thousand (it measures and wraps every cell) and
no one reads it in a terminal: the terminal shows the first TABLE_ROWS rows and says how many more
there are and where they are; the counts are always whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import Any

from casebook.documents.tables.layout import PADDING_EM, Layout, Table, wrap_segments
from casebook.documents.tables.parts import build_layout
from casebook.documents.tables.report import Report
from casebook.safety.inert import for_terminal

_NO_WRAP = ("number", "occurred", "discovered", "reported")
TABLE_ROWS = 100


def _rich_table(table: Table) -> Any:
    from casebook.documents.writers.terminal import InertTable

    cases = table.role == "cases"
    rich = InertTable(show_lines=cases)
    for column in table.columns:
        if cases:
            header = "\n".join(wrap_segments(column.segments, column.width_em - PADDING_EM))
            rich.add_column(
                header, overflow="fold", ratio=max(1, round(column.width_em)), no_wrap=column.field in _NO_WRAP, justify=column.align
            )
        else:
            rich.add_column(column.header, justify=column.align)
    for row in table.rows[:TABLE_ROWS] if cases else table.rows:
        rich.add_row(*(cell.text for cell in row))
    if not table.rows and table.empty:
        rich.add_row(table.empty, *[""] * (len(table.columns) - 1))
    return rich


def print_report(console: Any, report: Report) -> None:
    layout = build_layout(report)
    for block in layout.blocks:
        if block.table is not None:
            console.print(_rich_table(block.table))
            rest = len(block.table.rows) - TABLE_ROWS
            if block.table.role == "cases" and rest > 0:
                console.print(
                    f"（端末には先頭の{TABLE_ROWS}行を表示しました。ほか{rest:,}行を含む表の全体は --format csv・md・html・json か --out で出せます）"
                )
        else:
            console.print(for_terminal(block.text), style="bold" if block.kind == "title" else None)
            for item in block.items:
                console.print(for_terminal(item))


TEXT_LINES_PER_PIECE = 1000


def report_text(report: Report) -> Iterator[str]:
    """The report for a pipe: each table a header line and a line per row (tab-separated), each text a line; a
    thousand lines at a time (10^5 rows made into one text are tens of MB twice over). Joined, the whole text."""
    lines = _text_lines(build_layout(report))
    while piece := list(islice(lines, TEXT_LINES_PER_PIECE)):
        yield "".join(text + "\n" for text in piece)


def _text_lines(layout: Layout) -> Iterator[str]:
    from casebook.documents.writers.plain import field, line

    for block in layout.blocks:
        if block.table is not None:
            yield line(column.header for column in block.table.columns)
            yield from map(line, block.table.row_texts())
            if not block.table.rows and block.table.empty:
                yield field(block.table.empty)
        else:
            yield field(block.text)
            yield from map(field, block.items)
