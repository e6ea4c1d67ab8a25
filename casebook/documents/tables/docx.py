"""The report as a Word document (A4 landscape from the reference report.docx), drawn from the report's layout:
the table of cases at the widths the layout gives, its header row printed again on every page, rows free
to continue on the next page.
"""

from __future__ import annotations

from pathlib import Path

from casebook.documents.tables.layout import Block, Layout, Table, spaced, wrap_segments
from casebook.documents.templates import reference_document
from casebook.documents.writers.docx import DocxWriter, cell_text, repeat_header, shade

REFERENCE = "report.docx"
CHARACTER_MM = 9 * 25.4 / 72  # a full-width character of the table's 9 pt text
CELL_MARGINS_EM = 1.4  # Word's default cell margins (1.9 mm each side) and the borders, in characters

_STYLES = {"title": "Title", "section": "Heading 1", "note": "Normal", "list": "Normal"}


def _widths(writer: DocxWriter, table: Table) -> list[float]:
    if table.role == "cases":
        return [column.share * writer.text_width_mm for column in table.columns]
    return [(column.natural_em + CELL_MARGINS_EM - 1) * CHARACTER_MM for column in table.columns]


def _table(writer: DocxWriter, table: Table) -> None:
    widths = _widths(writer, table)
    empty = not table.rows and bool(table.empty)
    docx_table = writer.table(widths, 1 + len(table.rows) + (1 if empty else 0))
    header = docx_table.rows[0]
    repeat_header(header)
    for cell, column, width in zip(header.cells, table.columns, widths, strict=True):
        lines = wrap_segments(column.segments, width / CHARACTER_MM - CELL_MARGINS_EM)
        cell_text(cell, "\n".join(lines), align="center")
        shade(cell)
    for docx_row, row in zip(docx_table.rows[1:], table.rows, strict=False):
        for index, (cell, value) in enumerate(zip(docx_row.cells, row, strict=True)):
            align = "left" if table.row_headers and index == 0 else table.columns[index].align
            cell_text(cell, value.text, align=align)
    if empty:
        cells = docx_table.rows[-1].cells
        merged = cells[0].merge(cells[-1])
        cell_text(merged, table.empty)


def _block(writer: DocxWriter, block: Block) -> None:
    if block.table is not None:
        _table(writer, block.table)
        return
    writer.line(block.text, _STYLES[block.kind])
    for item in block.items:
        writer.line(item)


def report_docx(layout: Layout, root: Path | None, organisation: str = "") -> bytes:
    reference, shown = reference_document(root, (REFERENCE,))
    writer = DocxWriter(reference, shown)
    for gap, block in spaced(layout.blocks):
        if gap:
            writer.paragraph()  # space after a table; Word would join two tables that touch
        _block(writer, block)
    return writer.save(layout.title, organisation)
