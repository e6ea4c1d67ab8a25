"""The filters templates use: dates in 和暦, numbers, list cells, and case text made inert in Markdown and HTML.

Every piece of case text a Markdown template prints goes through `md` (a paragraph or a list
item), `md_line` (a heading, a cell of a notice's table) or `md_cell` (a cell of the report's
table), so that no text can add a heading, a list, a link, an entity or a table row.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from casebook.domain.jpdate import Moment, When, moment_of


def wareki(value: Moment | When | date | None, style: str = "long") -> str:
    """令和7年4月25日 (long), R7.4.25 (short), 令和7年4月25日（金） (weekday)."""
    if value is None:
        return ""
    if isinstance(value, date):
        value = moment_of(value)
    if style == "short":
        return value.short()
    return value.long(weekday=style == "weekday")


def number(value: int | str) -> str:
    """1,077"""
    return f"{value:,}" if isinstance(value, int) else str(value)


def md_cell(text: Any) -> str:
    """A table cell in GitHub Markdown: inert text, line breaks as <br> (the one HTML the report's md uses)."""
    import markupsafe

    lines = _lines(str(text))
    return "<br>".join(_MD_INLINE_IN_CELL.sub(r"\\\1", str(markupsafe.escape(line))) for line in lines)


def nl2br(text: Any) -> Any:
    import markupsafe

    return markupsafe.Markup("<br>").join(markupsafe.escape(line) for line in _lines(str(text)))


def wbr(segments: Any) -> Any:
    """A header in html: its parts escaped, with a break opportunity (<wbr>) only between them."""
    import markupsafe

    return markupsafe.Markup("<wbr>").join(markupsafe.escape(part) for part in segments)


def period_label(value: Any) -> str:
    from casebook.domain.periods import Period, parse_period

    return value.label if isinstance(value, Period) else parse_period(str(value)).label


def bullets(items: list[Any]) -> str:
    from casebook.domain.parts import joined_text

    return joined_text(items)


def _lines(text: str) -> list[str]:
    """Lines as CommonMark sees them: CR and CRLF end a line too."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


# Characters that start inline Markdown (emphasis, code, links, HTML, entities, strikethrough, tables).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~{])")  # { would open a block's attributes ({.right})
_MD_INLINE_IN_CELL = re.compile(r"([\\`*_\[\]|~])")  # < > & are entities there (escaped before)
# Line starts that open a block: heading, list, quote, numbered list, setext underline or thematic break.
_MD_LEADING_MARK = re.compile(r"^(\s*)(#{1,6}|[+-])(?=\s|$)")  # an ATX heading of any level, a + or - list
_MD_LEADING_NUMBER = re.compile(r"^(\s*)(\d+)([.)])(?=\s|$)")
_MD_UNDERLINE = re.compile(r"^(\s*)([=-])(?=[\s=-]*$)")
_BLANK_LINE = "\u3000"  # a full-width space: shows as an empty line, but does not end the paragraph or list item


def _md_line(line: str) -> str:
    escaped = _MD_SPECIAL.sub(r"\\\1", line)
    escaped = _MD_UNDERLINE.sub(r"\1\\\2", escaped)
    escaped = _MD_LEADING_MARK.sub(r"\1\\\2", escaped)
    return _MD_LEADING_NUMBER.sub(r"\1\2\\\3", escaped)


def md_escape(text: Any) -> str:
    """Case text made inert in a Markdown paragraph or list item: no emphasis, link, HTML, entity,
    heading, list, code block or underline, and no blank line that would end the paragraph."""
    return "\n".join(_md_line(line) if line.strip() else _BLANK_LINE for line in _lines(str(text)))


def md_line(text: Any) -> str:
    """Case text made inert on one Markdown line (a heading, a cell of a notice's table): breaks become spaces."""
    return _md_line(" ".join(part.strip() for part in _lines(str(text)) if part.strip()))


def yaml_scalar(value: Any) -> str:
    """A value for a YAML file: a JSON string is a valid YAML double-quoted scalar, so any text is safe."""
    import json

    return "null" if value is None else json.dumps(value, ensure_ascii=False)


FILTERS = {
    "md": md_escape,
    "md_line": md_line,
    "yaml": yaml_scalar,
    "wareki": wareki,
    "number": number,
    "md_cell": md_cell,
    "nl2br": nl2br,
    "wbr": wbr,
    "period_label": period_label,
    "bullets": bullets,
}
