"""The Markdown parser of notices and the dateline block of a press release, shared by the html and docx outputs."""

from __future__ import annotations

from typing import Any

DATELINE = "dateline"


def parse_notice(markdown: str) -> tuple[Any, list[Any]]:
    """The Markdown parser of notices (raw HTML off, a line break is a break) and the tokens of `markdown`.

    A table before the first heading is the 発表日・担当・連絡先 block of a press release: it is marked
    as the dateline, which html and docx set at the top right as Japanese press releases do. A line
    `{.right}` before a paragraph (a letter's date and signer) sets it at the right in html and docx;
    `{.internal}` before the 取扱注意 mark repeats it at the top of every printed page (html: a fixed
    block; docx: the page header). Case text cannot write either (the `md` filter escapes its brace).
    """
    from markdown_it import MarkdownIt
    from mdit_py_plugins.attrs import attrs_block_plugin

    parser = MarkdownIt("commonmark", {"html": False, "breaks": True}).enable("table").use(attrs_block_plugin)
    tokens = parser.parse(markdown)
    for token in tokens:
        if token.type == "heading_open":
            break
        if token.type == "table_open":
            token.attrSet("class", DATELINE)
            break
    return parser, tokens
