"""The Markdown parser of notices and the dateline block of a press release, shared by the html and docx outputs."""

from __future__ import annotations

from typing import Any

DATELINE = "dateline"


def parse_notice(markdown: str) -> tuple[Any, list[Any]]:
    """The Markdown parser of notices (raw HTML off, a line break is a break) and the tokens of `markdown`.

    A table before the first heading is the 発表日・担当・連絡先 block of a press release: it is marked
    as the dateline, which html and docx set at the top right as Japanese press releases do.
    """
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False, "breaks": True}).enable("table")
    tokens = parser.parse(markdown)
    for token in tokens:
        if token.type == "heading_open":
            break
        if token.type == "table_open":
            token.attrSet("class", DATELINE)
            break
    return parser, tokens
