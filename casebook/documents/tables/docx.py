"""The report as a Word document (A4 landscape from the reference report.docx), drawn from the report's layout:
the table of cases at the widths the layout gives, in the layout's type (size, exact line height, tight cell
margins), its header row printed again on every page; no row split across pages (a case taller than a page is
in parts, each repeating NO, 所属, 発生日), and headings and notes kept with what follows them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from casebook.documents.tables.layout import (
    CELL_PADDING_PT,
    FONT_PT,
    LINE_HEIGHT,
    PADDING_EM,
    Block,
    Layout,
    Table,
    spaced,
    wrap_segments,
)
from casebook.documents.templates import reference_document
from casebook.documents.writers.docx import DocxWriter, cant_split, cell_margins, cell_text, repeat_header, set_font, shade
from casebook.documents.writers.docx_rows import keep_with_next

REFERENCE = "report.docx"
CHARACTER_MM = FONT_PT * 25.4 / 72  # a full-width character of the table's text

_STYLES = {"title": "Title", "section": "Heading 1", "note": "Normal", "list": "Normal"}


def _widths(writer: DocxWriter, table: Table) -> list[float]:
    if table.role == "cases":
        return [column.share * writer.text_width_mm for column in table.columns]
    return [(column.natural_em + PADDING_EM) * CHARACTER_MM for column in table.columns]


def _cell(cell: Any, text: str, align: str, font: str) -> None:
    from docx.shared import Pt

    cell_text(cell, text, align=align)
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.line_spacing = Pt(FONT_PT * LINE_HEIGHT)  # exact: the same lines in Word and LibreOffice
    set_font(paragraph, font, FONT_PT)


def _table(writer: DocxWriter, table: Table, font: str, keep: bool = False) -> None:
    widths = _widths(writer, table)
    rows = table.printed_texts()
    empty = not rows and bool(table.empty)
    docx_table = writer.table(widths, 2 if rows or empty else 1)  # the header, and the model of the rows or the empty row
    cell_margins(docx_table, left_right_pt=CELL_PADDING_PT, top_bottom_pt=1)
    header, *under = docx_table.rows
    repeat_header(header)
    cant_split(header)
    for cell, column, width in zip(header.cells, table.columns, widths, strict=True):
        lines = wrap_segments(column.segments, width / CHARACTER_MM - PADDING_EM)
        _cell(cell, "\n".join(lines), "center", font)
        shade(cell)
    if under:
        keep_with_next(header._tr)  # the header row goes with the first row
        cant_split(under[0])
    if empty:
        cells = under[0].cells
        _cell(cells[0].merge(cells[-1]), table.empty, "left", font)
    elif rows:
        for index, cell in enumerate(under[0].cells):
            _cell(cell, "", "left" if table.row_headers and index == 0 else table.columns[index].align, font)
        # the last row with the notes under the table when kept: no page of the notes alone
        writer.rows_from_model(under[0], rows, keep_last=keep)
    if keep and not rows:
        keep_with_next(docx_table.rows[-1]._tr)


def _block(writer: DocxWriter, block: Block, font: str, keep: bool) -> None:
    if block.table is not None:
        _table(writer, block.table, font, keep)
        return
    lines = [writer.line(block.text, _STYLES[block.kind])]
    lines += [writer.line(item) for item in block.items]
    for index, paragraph in enumerate(lines):
        set_font(paragraph, font)
        # a heading with what follows it; the lines of a note or a list together, and with the next when kept
        paragraph.paragraph_format.keep_with_next = block.kind in ("title", "section") or index < len(lines) - 1 or keep


def report_docx(layout: Layout, root: Path | None, organisation: str = "") -> bytes:
    reference, shown = reference_document(root, (REFERENCE,))
    writer = DocxWriter(reference, shown)
    gaps = {id(block): gap for gap, block in spaced(layout.blocks)}
    groups = layout.kept_together()
    for number, group in enumerate(groups):
        notes_next = number + 1 < len(groups) and groups[number + 1][0].kind in ("note", "list")
        for index, block in enumerate(group):
            if gaps[id(block)]:
                gap = writer.paragraph()  # space after a table; Word would join two tables that touch
                gap.paragraph_format.keep_with_next = True
            keep = index < len(group) - 1 or (block.kind == "table" and notes_next)
            _block(writer, block, layout.font, keep)
    return writer.save(layout.title, organisation)
