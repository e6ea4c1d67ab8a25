"""The YAML mistakes clerks make most, recognised in the text and named with their fix.

A parser says where it stopped, which is often the line after the mistake and in words about
tokens. These recognisers look at the lines themselves: a full-width 「：」 or a full-width space
after a key, a key indented under a line that already has its value, a number whose thousands
「,」 split a `{ … }` mapping in two (`{actual: 1,495}` is `actual: 1` and a key `495`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from yaml.nodes import MappingNode, ScalarNode

from casebook.safety.quoting import quote

_KEY = r"(?P<indent>[ ]*(?:-[ ]+)?)(?P<key>[A-Za-z_][A-Za-z0-9_]*)"
_FULL_WIDTH_COLON = re.compile(_KEY + r"[ \u3000]*(?P<mark>：)")
_FULL_WIDTH_SPACE = re.compile(_KEY + r":(?P<mark>\u3000)")
_NO_SPACE = re.compile(_KEY + r":(?P<mark>[^\s/:])")
_LEADING_FULL_WIDTH = re.compile(r"^[ ]*(?P<mark>\u3000)")
_KEY_LINE = re.compile(_KEY + r":(?:[ ]+(?P<value>[^#\s].*))?$")


@dataclass(frozen=True)
class Mistake:
    message: str
    line: int  # 1-based
    column: int


def _line_mistake(number: int, line: str) -> Mistake | None:
    """A mistake that one line shows by itself."""
    if found := _LEADING_FULL_WIDTH.match(line):
        return Mistake("行頭に全角の空白があります。インデント（字下げ）は半角の空白で書いてください", number, found.start("mark") + 1)
    if found := _FULL_WIDTH_COLON.match(line):
        key = found["key"]
        return Mistake(f"「{key}：」の「：」が全角です。半角の「:」と空白で「{key}: 」と書いてください", number, found.start("mark") + 1)
    if found := _FULL_WIDTH_SPACE.match(line):
        key = found["key"]
        return Mistake(
            f"「{key}:」の後の空白が全角です。「:」の後は半角の空白にしてください（「{key}: 」）", number, found.start("mark") + 1
        )
    if found := _NO_SPACE.match(line):
        key = found["key"]
        return Mistake(
            f"「{key}:」の後に空白がありません。「{key}: 値」のように「:」の後に半角の空白を入れてください", number, found.start("mark") + 1
        )
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _indented_key(lines: list[str], index: int) -> Mistake | None:
    """`key: value` indented under a line whose value is already written: meant as the same level."""
    found = _KEY_LINE.match(lines[index])
    if found is None or found["indent"].strip():
        return None
    previous = next((i for i in range(index - 1, -1, -1) if lines[i].strip() and not lines[i].lstrip().startswith("#")), None)
    if previous is None:
        return None
    above = _KEY_LINE.match(lines[previous])
    if above is None or not above["value"] or _indent(lines[index]) <= _indent(lines[previous]):
        return None
    key, depth = found["key"], len(above["indent"])  # the column of the key above: where a sibling key starts
    where = "行頭から" if depth == 0 else f"「{above['key']}:」と同じく{depth}文字下げて"
    return Mistake(
        f"「{key}:」が前の行の「{above['key']}:」より深く字下げされています。"
        f"「{above['key']}」にはもう値があるので、同じ階層の項目なら{where}書いてください",
        index + 1,
        _indent(lines[index]) + 1,
    )


def explain(text: str, line: int | None) -> Mistake | None:
    """The mistake behind a YAML error reported at `line` (1-based): that line, or one just before it."""
    if line is None:
        return None
    lines = text.split("\n")
    index = min(line, len(lines)) - 1
    # The parser stops on the mistake or on the line after it (a key without 「: 」 is found missing there).
    for candidate in (index, index - 1):
        if 0 <= candidate < len(lines):
            mistake = _line_mistake(candidate + 1, lines[candidate])
            if mistake is not None:
                return mistake
    return _indented_key(lines, index) if 0 <= index < len(lines) else None


def key_mistake(key: str) -> str | None:
    """Why a key that is not a field looks like a typing slip rather than an unknown name."""
    if "\u3000" in key:
        return f"{quote(key)}に全角の空白があります。インデント（字下げ）と「:」の後は半角の空白で書いてください"
    if "：" in key:
        return f"{quote(key)}に全角の「：」があります。半角の「:」と空白で書いてください"
    return None


_GROUP = re.compile(r"^(?P<digits>[0-9]{3})(?P<unit>[名人件]?分?)$")
_LEADING = re.compile(r"[0-9]{1,3}")
_SHOWN_GROUPS = 4  # groups of a split number quoted in the message; a longer run is quoted by its start and counted


def _group(pair: tuple[object, object]) -> re.Match[str] | None:
    """A key the thousands 「,」 split off (`495` of `{actual: 1,495}`): three digits with no value, else None."""
    key, value = pair
    if isinstance(key, ScalarNode) and isinstance(value, ScalarNode) and value.value == "" and not value.style:
        return _GROUP.match(key.value)
    return None


def split_numbers(mapping: MappingNode | None) -> dict[int, Mistake]:
    """`{actual: 1,495}`: the thousands 「,」 made `495` a key of its own. The mistake (placed on the number) by the
    position of every key split off, for every such number of a flow mapping: one pass over its entries."""
    found: dict[int, Mistake] = {}
    if mapping is None or not mapping.flow_style:
        return found
    pairs = mapping.value
    index = 0
    while index < len(pairs):
        start = index
        groups = []
        while index < len(pairs) and (match := _group(pairs[index])) is not None:
            groups.append(match)
            index += 1
        if not groups:
            index += 1
            continue
        mistake = _split(pairs[start - 1], groups) if start > 0 else None
        if mistake is not None:
            found.update(dict.fromkeys(range(start, index), mistake))
    return found


def _split(before: tuple[object, object], groups: list[re.Match[str]]) -> Mistake | None:
    key, value = before
    if not isinstance(key, ScalarNode) or not isinstance(value, ScalarNode) or not _LEADING.fullmatch(value.value):
        return None
    written = [g.string for g in groups]
    unit = next((g["unit"] for g in groups if g["unit"]), "")
    drop = "桁区切りの「,」" + (f"と「{unit}」" if unit else "")
    if len(written) <= _SHOWN_GROUPS:
        number = value.value + "".join(g["digits"] for g in groups)
        message = (
            f"「{key.value}: {','.join([value.value, *written])}」の「,」で区切られ、"
            f"{''.join(quote(g) for g in written)}が別の項目として読まれています（{{ }} の中では「,」が項目の区切りです）。"
            f"{drop}を書かずに {key.value}: {number} と書いてください"
        )
    else:  # a run of thousands of groups is quoted by its start and counted
        shown = written[: _SHOWN_GROUPS - 1]
        message = (
            f"「{key.value}: {','.join([value.value, *shown])},…」の「,」で区切られ、"
            f"{''.join(quote(g) for g in shown)}ほか{len(written) - len(shown):,}個が別の項目として読まれています"
            f"（{{ }} の中では「,」が項目の区切りです）。{drop}を書かずに数字だけで書いてください"
        )
    return Mistake(message, value.start_mark.line + 1, value.start_mark.column + 1)
