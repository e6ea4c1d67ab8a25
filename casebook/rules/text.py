"""Rules about the text itself: characters that break outputs, cells too long for a spreadsheet, folded lines."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from casebook.inert import FORBIDDEN, character_name
from casebook.model import MAX_CELL_TEXT, joined_text
from casebook.rules.base import Context, Hit, rule


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
    (lambda code: 0x202A <= code <= 0x2069, ("表示の向きを変える文字", _DELETE)),
    (lambda code: True, ("文字として使えない符号", _DELETE)),
]


@rule("control-character", ignorable=False)
def control_character(ctx: Context) -> Iterator[Hit]:
    """本文に制御文字（ESC・CR など）や表示の向きを変える文字がある（出力を壊すため除外できません）"""
    if "\\" not in ctx.text and not FORBIDDEN.search(ctx.text):
        return  # values are made of the text, and only an escape (\e, \x1b) makes a character the text does not hold
    for scalar in _scalars(ctx.node):
        found = FORBIDDEN.search(scalar.value)
        if found:
            char = found.group(0)
            what, fix = _CHARACTER_KINDS.get(char) or next(kind for test, kind in _CHARACTER_CLASSES if test(ord(char)))
            message = f"{what} {character_name(char)} が含まれています。表・端末・CI のログを壊すため使えません（{fix}）"
            yield Hit(None, "error", message, place=_start(scalar))


_CELL_FIELDS = ("causes", "responses", "measures")


@rule("text-length", ignorable=False)
def text_length(ctx: Context) -> Iterator[Hit]:
    """1つの欄が表計算ソフトのセルの上限（32,767文字）を超える（除外できません）"""
    # a scalar is never longer than the text it is written in (an alias repeats a node, it does not lengthen it)
    for scalar in _scalars(ctx.node) if len(ctx.text) > MAX_CELL_TEXT else ():
        if len(scalar.value) > MAX_CELL_TEXT:
            message = f"{len(scalar.value):,}文字あります。表（xlsx）の1つのセルは{MAX_CELL_TEXT:,}文字までです"
            yield Hit(None, "error", message, place=_start(scalar))
    for name in _CELL_FIELDS:
        length = len(joined_text(getattr(ctx.case, name)))
        if length > MAX_CELL_TEXT:
            yield Hit((name,), "error", f"項目を「・」でつないだ一覧表のセルが{length:,}文字になります（{MAX_CELL_TEXT:,}文字まで）")


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
