"""Plain text for a pipe: one row a line, fields separated by tabs, nothing wrapped, no box drawing, no escape codes.

What `list`, `stats`, `show`, `due` and `report` print when stdout is not a terminal (or to a .txt file), so that
`casebook list | grep resume-loss` finds the whole row. Case text stays inert: control characters and line
breaks inside a field are shown as casebook.safety.inert shows them (\\e, ↵), and a tab inside a field becomes a space.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from casebook.safety.inert import for_terminal


def _kept_as_is(text: str) -> bool:
    """Whether for_terminal leaves a text as it is but its line breaks: every character it shows otherwise is one
    str.isprintable refuses (see casebook.safety.inert.holds_forbidden), and a CI command needs `::` or `##[`."""
    return text.replace("\n", "").replace("\u3000", "").isprintable() and "::" not in text and "##[" not in text


def field(value: object) -> str:
    text = "" if value is None else str(value)
    if _kept_as_is(text):  # almost every field: tested in C, not character by character
        return text.replace("\n", "↵")
    return for_terminal(text, single_line=True).replace("\t", " ")


def line(values: Iterable[object]) -> str:
    items: list[object] | tuple[object, ...] = values if isinstance(values, (list, tuple)) else list(values)
    if all(item.__class__ is str for item in items):
        texts = cast(list[str] | tuple[str, ...], items)
        if "\n" not in (joined := "".join(texts)) and _kept_as_is(joined):
            return "\t".join(texts)  # a row of plain text (the fields' tests joined: a CI command across two fields only slows it)
    return "\t".join(map(field, items))


def lines(rows: Iterable[Iterable[object]]) -> str:
    """Rows as tab-separated lines, each ended by a line feed."""
    return "".join(line(row) + "\n" for row in rows)
