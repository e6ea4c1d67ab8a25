"""CSV as the commands write it: case text that a spreadsheet cannot run as a formula (OWASP)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

from casebook.safety.inert import FORBIDDEN, FORMULA_START, holds_forbidden, spreadsheet_text, visible

BOM = "\ufeff"  # Japanese Excel opens a UTF-8 csv correctly only with it


def _cell(value: Any) -> Any:
    if not isinstance(value, str):
        return spreadsheet_text(value)
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")  # one kind of line break inside a cell, always quoted
    if FORBIDDEN.search(value) is not None:
        value = visible(value)  # a control character check missed is shown, never written raw (a csv is read in a terminal too)
    return spreadsheet_text(value) if value.startswith(FORMULA_START) else value


def _row(row: Iterable[Any]) -> list[Any]:
    """A row's cells as `_cell` makes them; a row of plain text (almost every one) is tested whole, in C, and kept."""
    cells = row if isinstance(row, list) else list(row)
    if all(cell.__class__ is str for cell in cells):
        joined = "\n".join(cells)
        if "\r" not in joined and not holds_forbidden(joined) and not any(cell.startswith(FORMULA_START) for cell in cells):
            return cells
    return [_cell(cell) for cell in cells]


class _Lines(list[str]):
    """Where the csv writer puts its lines: a StringIO holding Japanese text takes 4 bytes a character."""

    def write(self, text: str) -> None:
        self.append(text)


def csv_text(rows: Iterable[Iterable[Any]], bom: bool = True, newline: str = "\r\n") -> str:
    """Rows of cells as CSV; a text cell starting with = + - @ tab or CR gets a leading ' (numbers stay numbers)."""
    lines = _Lines([BOM] if bom else [])
    writer = csv.writer(lines, lineterminator=newline)
    writer.writerows(map(_row, rows))
    return "".join(lines)
