"""A notice as a Word document: the notice's Markdown tokens (the same parse as its html) walked into
python-docx, in the reference `<kind>.docx` or `notice.docx` (casebook's templates/ first, then built-in).

Any Markdown a notice template writes gets a .docx this way: headings (# → Title, ## → Heading 1, …),
paragraphs, 「・」 bullet and numbered lists, quotes, tables, bold and italic. The dateline table of a
press release (発表日・担当・連絡先, before the first heading) is set at the top right without borders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casebook.documents.notices.parsing import DATELINE, parse_notice
from casebook.documents.tables.layout import em
from casebook.documents.templates import reference_document
from casebook.documents.writers.docx import DocxWriter, add_text, cell_text, repeat_header, shade

REFERENCE = "notice.docx"
CHARACTER_MM = 10.5 * 25.4 / 72  # a full-width character of 10.5 pt text
CELL_MARGINS_MM = 4.0
_HEADINGS = {"h1": "Title", "h2": "Heading 1", "h3": "Heading 2", "h4": "Heading 3", "h5": "Heading 4", "h6": "Heading 4"}


@dataclass
class _List:
    ordered: bool
    number: int = 0
    fresh: bool = False  # the next paragraph is the first of a new item: it gets the bullet or number


@dataclass
class _Table:
    dateline: bool
    rows: list[list[tuple[Any, str]]] = field(default_factory=list)  # (inline token, alignment)
    align: str = "left"


class _Walker:
    def __init__(self, writer: DocxWriter) -> None:
        self.writer = writer
        self.lists: list[_List] = []
        self.quotes = 0
        self.style = "Normal"
        self.table: _Table | None = None
        self.align: str | None = None  # "right" for a paragraph marked {.right} (a letter's date, its signer)
        self.on_every_page = False  # the 取扱注意 mark ({.internal}): in the page header, so on every page

    def walk(self, tokens: list[Any]) -> None:
        for token in tokens:
            handler = getattr(self, "_" + token.type, None)
            if handler is not None:
                handler(token)

    # blocks
    def _heading_open(self, token: Any) -> None:
        self.style = _HEADINGS.get(token.tag, "Heading 4")

    def _heading_close(self, token: Any) -> None:
        self.style = "Normal"

    def _paragraph_open(self, token: Any) -> None:
        classes = str(token.attrGet("class") or "").split()
        self.align = "right" if "right" in classes else None
        self.on_every_page = "internal" in classes

    def _paragraph_close(self, token: Any) -> None:
        self.align = None

    def _bullet_list_open(self, token: Any) -> None:
        self.lists.append(_List(ordered=False))

    def _ordered_list_open(self, token: Any) -> None:
        start = str(token.attrGet("start") or 1)
        self.lists.append(_List(ordered=True, number=int(start) - 1 if start.isdigit() else 0))

    def _bullet_list_close(self, token: Any) -> None:
        self.lists.pop()

    _ordered_list_close = _bullet_list_close

    def _list_item_open(self, token: Any) -> None:
        current = self.lists[-1]
        current.number += 1
        current.fresh = True

    def _blockquote_open(self, token: Any) -> None:
        self.quotes += 1

    def _blockquote_close(self, token: Any) -> None:
        self.quotes -= 1

    def _inline(self, token: Any) -> None:
        if self.table is not None:
            row = self.table.rows[-1]
            row.append((token, self._cell_align))
            return
        children = token.children or []
        if self.on_every_page:
            _inline_runs(self.writer.header_paragraph(), children)
            return
        style = self._paragraph_style()
        broken = any(child.type in ("softbreak", "hardbreak") for child in children)
        # a justified line that ends in a manual break is stretched across the page (「群　　　馬　　　県」)
        paragraph = self.writer.paragraph(style, self.align or ("left" if broken else None))
        prefix = self._prefix()
        if prefix:
            add_text(paragraph, prefix)
        _inline_runs(paragraph, children)
        _indent(paragraph, style, prefix + _text_of(token), len(self.lists))

    def _paragraph_style(self) -> str:
        if self.style != "Normal":
            return self.style
        if self.lists:
            depth = min(len(self.lists), 3 if not self.lists[-1].ordered else 2)
            base = "List Number" if self.lists[-1].ordered else "List Bullet"
            return base if depth == 1 else f"{base} {depth}"
        return "Quote" if self.quotes else "Normal"

    def _prefix(self) -> str:
        if self.style != "Normal" or not self.lists or not self.lists[-1].fresh:
            return ""
        current = self.lists[-1]
        current.fresh = False
        return f"{current.number}." if current.ordered else "・"

    def _fence(self, token: Any) -> None:
        self.writer.line(token.content.rstrip("\n"), "Quote" if self.quotes else "Normal")

    _code_block = _fence

    def _hr(self, token: Any) -> None:
        self.writer.line("")

    # tables
    def _table_open(self, token: Any) -> None:
        self.table = _Table(dateline=token.attrGet("class") == DATELINE)

    def _tr_open(self, token: Any) -> None:
        if self.table is not None:
            self.table.rows.append([])

    def _th_open(self, token: Any) -> None:
        style = str(token.attrGet("style") or "")
        self._cell_align = "center" if "center" in style else "right" if "right" in style else "left"

    _td_open = _th_open
    _cell_align = "left"

    def _table_close(self, token: Any) -> None:
        table, self.table = self.table, None
        if table is not None and table.rows:
            _write_table(self.writer, table)


_NUMBERED_ITEM = re.compile(r"^[（(][0-9０-９]+[）)]")


def _indent(paragraph: Any, style: str, text: str, depth: int) -> None:
    """Headings kept with what follows; 「（1）…」 and 「・…」 items with a hanging indent, so that their
    second line starts under their text, not under their mark."""
    from docx.shared import Pt

    form = paragraph.paragraph_format
    if style != "Normal" and not style.startswith(("List", "Quote")):
        form.keep_with_next = True
        return
    mark = _NUMBERED_ITEM.match(text)
    hanging = em(mark.group(0)) if mark else 1.0 if text.startswith("・") else 0.0
    if hanging:
        form.left_indent = Pt(10.5 * (hanging + max(depth - 1, 0)))
        form.first_line_indent = Pt(-10.5 * hanging)


def _inline_runs(paragraph: Any, children: list[Any]) -> None:
    """Text, breaks, bold and italic of an inline token; links keep their address after the text."""
    bold = italic = 0
    links: list[str] = []
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline", "html_inline"):
            add_text(paragraph, child.content, bold=bold > 0, italic=italic > 0)
        elif kind in ("softbreak", "hardbreak"):
            paragraph.add_run().add_break()
        elif kind in ("strong_open", "strong_close"):
            bold += 1 if kind.endswith("open") else -1
        elif kind in ("em_open", "em_close"):
            italic += 1 if kind.endswith("open") else -1
        elif kind == "link_open":
            links.append(str(child.attrGet("href") or ""))
        elif kind == "link_close" and links:
            address = links.pop()
            if address:
                add_text(paragraph, f"（{address}）")
        elif kind == "image":
            add_text(paragraph, child.content)


def _text_of(token: Any) -> str:
    return "".join(child.content for child in token.children or [] if child.type in ("text", "code_inline"))


def _write_table(writer: DocxWriter, table: _Table) -> None:
    columns = max(len(row) for row in table.rows)
    needed = [max((em(_text_of(row[i][0])) if i < len(row) else 0.0) for row in table.rows) for i in range(columns)]
    widths = [n * CHARACTER_MM + CELL_MARGINS_MM for n in needed]
    available = writer.text_width_mm * (0.6 if table.dateline else 1.0)
    if sum(widths) > available:  # long cells share the page's width by what they hold, short ones keep theirs
        short = [w for w in widths if w <= available / columns]
        rest = available - sum(short)
        long_total = sum(w for w in widths if w > available / columns) or 1.0
        widths = [w if w <= available / columns else rest * w / long_total for w in widths]
    docx_table = writer.table(widths, len(table.rows), grid=not table.dateline, align="right" if table.dateline else None)
    for index, (docx_row, row) in enumerate(zip(docx_table.rows, table.rows, strict=True)):
        for cell, (token, align) in zip(docx_row.cells, row, strict=False):
            cell_text(cell, "", align=align)
            _inline_runs(cell.paragraphs[0], token.children or [])
            if index == 0 and not table.dateline:
                shade(cell, "EEEEEE")
    if not table.dateline:
        repeat_header(docx_table.rows[0])  # a long table (経緯) shows its header again on the next page
    writer.paragraph()  # space after a table; Word would join two tables that touch


def notice_docx(markdown: str, kind: str, title: str, root: Path | None, organisation: str) -> bytes:
    reference, shown = reference_document(root, (f"{kind}.docx", REFERENCE))
    writer = DocxWriter(reference, shown)
    _, tokens = parse_notice(markdown)
    _Walker(writer).walk(tokens)
    return writer.save(title, organisation)
