"""Tables and text for a terminal, with case text printed as it is written and never interpreted.

Rich reads `[…]` as markup and `:name:` as emoji in plain strings; the console made
here does neither, and every string a table holds goes through `for_terminal`, so an
escape sequence in a case cannot reach the terminal either.
"""

from __future__ import annotations

import os
from typing import Any

from rich.console import Console
from rich.table import Table

from casebook.safety.inert import for_terminal


def console(stderr: bool = False, **options: Any) -> Console:
    """A console that interprets nothing; with NO_COLOR (no-color.org) set, no style either: no escape code at all."""
    if os.environ.get("NO_COLOR") and "color_system" not in options:
        options["color_system"] = None
    return Console(stderr=stderr, markup=False, emoji=False, highlight=False, **options)


def _inert(value: Any) -> Any:
    return for_terminal(value) if isinstance(value, str) else value


class InertTable(Table):
    """A rich Table whose title, headers and cells are always plain text."""

    def __init__(self, *headers: Any, title: str | None = None, **options: Any) -> None:
        super().__init__(*map(_inert, headers), title=_inert(title), **options)

    def add_column(self, header: Any = "", *args: Any, **options: Any) -> None:
        super().add_column(_inert(header), *args, **options)

    def add_row(self, *cells: Any, **options: Any) -> None:
        super().add_row(*map(_inert, cells), **options)
