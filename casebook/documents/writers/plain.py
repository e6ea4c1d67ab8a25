"""Plain text for a pipe: one row a line, fields separated by tabs, nothing wrapped, no box drawing, no escape codes.

What `list`, `stats`, `show`, `due` and `report` print when stdout is not a terminal (or to a .txt file), so that
`casebook list | grep resume-loss` finds the whole row. Case text stays inert: control characters and line
breaks inside a field are shown as casebook.safety.inert shows them (\\e, ↵), and a tab inside a field becomes a space.
"""

from __future__ import annotations

from collections.abc import Iterable

from casebook.safety.inert import for_terminal


def field(value: object) -> str:
    text = "" if value is None else str(value)
    return for_terminal(text, single_line=True).replace("\t", " ")


def line(values: Iterable[object]) -> str:
    return "\t".join(field(value) for value in values)


def lines(rows: Iterable[Iterable[object]]) -> str:
    """Rows as tab-separated lines, each ended by a line feed."""
    return "".join(line(row) + "\n" for row in rows)
