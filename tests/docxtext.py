"""What a .docx says and how it is built, as text: for the golden files and the guarantee tests.

A golden .docx is compared by this outline (page, paragraphs with their styles, tables with their rows),
never by its bytes: the container carries timestamps and python-docx's choices of ids.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph


def _paragraph(paragraph: Paragraph) -> str:
    return paragraph.text.replace("\n", "↵")


def _cell(cell: Any) -> str:
    return "¶".join(_paragraph(p) for p in cell.paragraphs)


def _table_head(table: Table) -> str:
    repeated = sum(1 for row in table.rows if row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None)
    align = table.alignment.name if table.alignment is not None else "-"
    style = table.style.name if table.style is not None else "-"
    return f"table {len(table.rows)}×{len(table.columns)} style={style} align={align} header_rows_repeated={repeated}"


def blocks(data: bytes) -> list[Paragraph | Table]:
    document = Document(io.BytesIO(data))
    found: list[Paragraph | Table] = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            found.append(Paragraph(element, document))
        elif element.tag == qn("w:tbl"):
            found.append(Table(element, document))
    return found


def outline(data: bytes) -> str:
    """The page, then each paragraph as [style] text and each table as its size and rows of cells."""
    document = Document(io.BytesIO(data))
    section = document.sections[-1]
    width, height = round(section.page_width.mm), round(section.page_height.mm)
    lines = [f"page {width}×{height} mm"]
    for block in blocks(data):
        if isinstance(block, Paragraph):
            align = f" {block.alignment.name}" if block.alignment is not None else ""
            lines.append(f"[{block.style.name}{align}] {_paragraph(block)}".rstrip())
        else:
            lines.append(_table_head(block))
            lines += ["  | " + " | ".join(_cell(cell) for cell in row.cells) + " |" for row in block.rows]
    return "\n".join(lines) + "\n"


def structure(data: bytes) -> list[tuple[Any, ...]]:
    """The outline without its text: paragraph styles, and each table's size and paragraphs per cell."""
    shape: list[tuple[Any, ...]] = []
    for block in blocks(data):
        if isinstance(block, Paragraph):
            shape.append(("p", block.style.name))
        else:
            cells = tuple(tuple(len(cell.paragraphs) for cell in row.cells) for row in block.rows)
            shape.append(("table", len(block.rows), len(block.columns), cells))
    return shape
