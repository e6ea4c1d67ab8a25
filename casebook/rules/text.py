"""Rules about the text itself: characters that break outputs, cells too long for a spreadsheet, folded lines."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from itertools import chain

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from casebook.domain.cells import CELLS
from casebook.domain.parts import MAX_CELL_TEXT
from casebook.rules.base import Context, Hit, rule
from casebook.safety.inert import FORBIDDEN, character_name, holds_forbidden
from casebook.settings.report import DEFAULT_TITLES, ReportField


def _scalars(node: Node | None) -> Iterator[ScalarNode]:
    """Every scalar of a node tree, keys included, without recursion (depth is bounded, but this costs nothing)."""
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if isinstance(current, ScalarNode):
            yield current
        elif isinstance(current, SequenceNode):
            stack.extend(reversed(current.value))
        elif isinstance(current, MappingNode):
            for key, value in reversed(current.value):
                stack.extend((value, key))


def _start(scalar: ScalarNode) -> tuple[int, int]:
    return scalar.start_mark.line + 1, scalar.start_mark.column + 1


_DELETE = "削除してください"
_BLOCK = "改行は「|」のブロックで書いてください"
_CHARACTER_KINDS = {
    "\r": ("復帰（CR）", _BLOCK),
    "\x1b": ("エスケープ（ESC）", _DELETE),
    "\u2028": ("行区切り文字", _BLOCK),
    "\u2029": ("段落区切り文字", _BLOCK),
}
_CHARACTER_CLASSES: list[tuple[Callable[[int], bool], tuple[str, str]]] = [
    (lambda code: code < 0xA0, ("制御文字", _DELETE)),
    (lambda code: code in (0x061C, 0x200E, 0x200F) or 0x202A <= code <= 0x2069, ("表示の向きを変える文字", _DELETE)),
    (lambda code: 0xE0000 <= code <= 0xE007F, ("見えない文字（タグ文字）", _DELETE)),
    (lambda code: True, ("文字として使えない符号", _DELETE)),
]


def character_problem(char: str) -> str:
    """The message for a character FORBIDDEN holds."""
    what, fix = _CHARACTER_KINDS.get(char) or next(kind for test, kind in _CHARACTER_CLASSES if test(ord(char)))
    return f"{what} {character_name(char)} が含まれています。表・端末・CI のログを壊すため使えません（{fix}）"


def forbidden_characters(node: Node | None) -> Iterator[tuple[tuple[int, int], str]]:
    """(line, column) and message of each scalar (keys included) that holds a character outputs cannot carry."""
    for scalar in _scalars(node):
        found = FORBIDDEN.search(scalar.value)
        if found:
            yield _start(scalar), character_problem(found.group(0))


CONTROL_CHARACTER = "control-character"


@rule(CONTROL_CHARACTER, ignorable=False)
def control_character(ctx: Context) -> Iterator[Hit]:
    """本文に制御文字（ESC・CR など）や表示の向きを変える文字がある（出力を壊すため除外できません）"""
    if "\\" not in ctx.text and not holds_forbidden(ctx.text):
        return  # values are made of the text, and only an escape (\e, \x1b) makes a character the text does not hold
    for place, message in forbidden_characters(ctx.node):
        yield Hit(None, "error", message, place=place)


# The field of the case file a column's text comes from, where it is not the column's own name.
_CELL_SOURCES = {
    ReportField.NUMBER: None,
    ReportField.OCCURRED_DISCOVERED: "occurred",
    ReportField.PERSONS_TOTAL: "persons",
}


# How much longer a report cell can be than the case text it is made of: the words and marks the cells add
# (bullets and line breaks between items, 【調査中】, 個別公表事案, 名, thousands separators) at most double it.
_CELL_GROWTH = 2
_CELL_WORDS = 1024


def could_reach_cell_limit(text: str) -> bool:
    """Whether a case file's values, and the report cells made of them, could be longer than a cell may be.

    Without anchors no value is longer than the text it is written in (escapes, folding and indentation
    only shorten it), so a short file needs no measuring; an alias can repeat a long value, so a file
    with an anchor (&) is always measured.
    """
    return "&" in text or _CELL_GROWTH * len(text) + _CELL_WORDS > MAX_CELL_TEXT


def _longer_than(node: Node | None, limit: int) -> list[ScalarNode]:
    """The scalars of a node tree (keys included) longer than `limit`, in the order of the text. The same walk as
    _scalars without a generator: a file of 1 MB has 200,000 scalars and nearly never a long one."""
    found: list[ScalarNode] = []
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if isinstance(current, ScalarNode):
            if len(current.value) > limit:
                found.append(current)
        elif isinstance(current, MappingNode):
            stack.extend(chain.from_iterable(current.value))
        elif isinstance(current, SequenceNode):
            stack.extend(current.value)
    return sorted(found, key=_start)


def _top_values(node: Node | None, keys: set[str]) -> dict[str, Node]:
    """The value nodes of some keys of the top mapping (the first of a repeated key), in one pass over it."""
    found: dict[str, Node] = {}
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value in keys:
                found.setdefault(key.value, value)
    return found


@rule("text-length", ignorable=False)
def text_length(ctx: Context) -> Iterator[Hit]:
    """1つの欄が表計算ソフトのセルの上限（32,767文字）を超える（除外できません）"""
    if not could_reach_cell_limit(ctx.text):
        return
    too_long = set()
    measured = ctx.longest is not None and ctx.longest <= MAX_CELL_TEXT  # the reader saw no scalar that long
    for scalar in [] if measured else _longer_than(ctx.node, MAX_CELL_TEXT):
        too_long.add(id(scalar))
        message = f"{len(scalar.value):,}文字あります。表（xlsx）の1つのセルは{MAX_CELL_TEXT:,}文字までです"
        yield Hit(None, "error", message, place=_start(scalar))
    # The report's cells join items and add words, so measure the very texts every format draws.
    sources = _top_values(ctx.node, {source for field in CELLS if (source := _CELL_SOURCES.get(field, field.value))})
    for field, make in CELLS.items():
        source = _CELL_SOURCES.get(field, field.value)
        if source is None:
            continue
        value = sources.get(source)
        if value is not None and any(id(scalar) in too_long for scalar in _scalars(value)):
            continue
        length = len(make(0, ctx.case).text)
        if length > MAX_CELL_TEXT:
            message = f"一覧表のセル（{DEFAULT_TITLES[field]}）が{length:,}文字になります（{MAX_CELL_TEXT:,}文字まで）"
            yield Hit((source,), "error", message)


# a space that YAML folding put between two Japanese characters
_JAPANESE_WRAP = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff01-\uff60] [\u3000-\u30ff\u4e00-\u9fff\uff01-\uff60]")


@rule("folded-text")
def folded_text(ctx: Context) -> Iterator[Hit]:
    """「>」や引用符なしの折り返しで、日本語の文中に空白が入る"""
    for scalar in ctx.folded:
        if _JAPANESE_WRAP.search(scalar.value):
            yield Hit(
                None,
                "warning",
                "改行が空白に置き換えられ、日本語の文中に空白が入ります（1行で書くか「|」を使ってください）",
                place=_start(scalar),
            )
