"""CSV as the commands write it: case text that a spreadsheet cannot run as a formula (OWASP)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from casebook.inert import spreadsheet_text, visible

BOM = "\ufeff"  # Japanese Excel opens a UTF-8 csv correctly only with it


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", "\n")  # one kind of line break inside a cell, always quoted
        value = visible(value)  # a control character check missed is shown, never written raw (a csv is read in a terminal too)
    return spreadsheet_text(value)


def csv_text(rows: Iterable[Iterable[Any]], bom: bool = True, newline: str = "\r\n") -> str:
    """Rows of cells as CSV; a text cell starting with = + - @ tab or CR gets a leading ' (numbers stay numbers)."""
    buffer = io.StringIO()
    if bom:
        buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerows([_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue()
