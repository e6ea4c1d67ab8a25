"""Fast YAML 1.2 loading that keeps the line and column of every node.

libyaml (through PyYAML's C parser) composes the node tree, which keeps marks,
and this module turns nodes into Python values with the YAML 1.2 core schema,
the rules ruamel.yaml is given for rewriting files (casebook.editing.roundtrip).
Timestamps stay strings so that the case model parses dates itself.
Without the C extension the pure-Python composer is used with the same rules
(`load_document(text, pure=True)` asks for it, which is how the tests run it).
"""

from __future__ import annotations

import math
import operator
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.nodes import Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.scanner import Scanner

from casebook.errors import CasebookError
from casebook.reading.yaml_problems import TAB as _TAB
from casebook.reading.yaml_problems import problem_text
from casebook.safety.quoting import quote

MAX_DEPTH = 64
MAX_NODES = 50_000

_PLAIN = "!casebook/plain"
_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_BOOL, _NULL = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"

# The YAML 1.2 core schema (YAML 1.2.2, 10.3.2), which editors that follow YAML 1.2 apply: `0b11`, `1_000`,
# `-0x1F` and `1,200` are strings, `017` is 17 and `0o17` is 15. ruamel.yaml's own 1.2 rules read more as
# numbers (binary, `_` between digits), so casebook.editing.roundtrip gives it these same rules.
# Each entry: tag, pattern, the characters a match can start with.
CORE_SCHEMA: list[tuple[str, re.Pattern[str], str]] = [
    (_NULL, re.compile(r"^(?:~|null|Null|NULL|)\Z"), "~nN"),
    (_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)\Z"), "tTfF"),
    (_INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)\Z"), "-+0123456789"),
    (
        _FLOAT,
        re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\Z"),
        "-+0123456789.",
    ),
]


class YamlError(CasebookError):
    """A file that cannot be read as YAML (or at all), with the 1-based place when there is one.

    The loader turns it into a finding of the file; it reaches the command line only for casebook.yaml.
    """

    exit_code = 1

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


class _NodesOnly:
    """Composes nodes only; implicit plain scalars get a marker tag resolved below (the same for both parsers)."""

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            return _PLAIN if implicit[0] else _STR
        return _SEQ if kind is SequenceNode else _MAP

    # Both composers call these around every node, for path-dependent resolvers this one does not have: C
    # functions that do nothing with their arguments cost a fraction of a Python method's call.
    descend_resolver = staticmethod(operator.is_)  # (parent, index)
    ascend_resolver = staticmethod(tuple)  # ()


class _PureComposer(_NodesOnly, Reader, Scanner, Parser, Composer):
    """PyYAML's pure-Python parser and composer, for a PyYAML without libyaml (and for the tests)."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)


def _fast_composer() -> type | None:
    """libyaml's parser and composer (PyYAML's C extension), when the wheel has it."""
    try:
        from yaml._yaml import CParser
    except ImportError:  # pragma: no cover - depends on the wheel
        return None
    return type("_FastComposer", (_NodesOnly, CParser), {"__doc__": "libyaml's parser and composer."})


_FAST = _fast_composer()
COMPOSER = "libyaml (C)" if _FAST is not None else "PyYAML (pure Python)"


_MAYBE_NOT_STRING = frozenset("-+0123456789.~nNtTfF")
# A string greater than this starts past ASCII, as Japanese text does, so with none of _MAYBE_NOT_STRING: one
# comparison, where taking the first character makes a string of it.
_PAST_ASCII = "\x7f"


def resolve_plain(value: str) -> str:
    """The YAML 1.2 tag of an untagged plain scalar."""
    if not value:
        return _NULL
    first = value[0]
    if first not in _MAYBE_NOT_STRING:  # most text, and all Japanese text
        return _STR
    for tag, pattern, firsts in CORE_SCHEMA:
        if first in firsts and pattern.match(value):
            return tag
    return _STR


def _int(text: str) -> int:
    """A core schema integer: decimal with a sign, or `0o` octal, or `0x` hexadecimal."""
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


def _float(text: str) -> float:
    """A core schema float (`float()` reads every one of them but the `.inf` and `.nan` spellings)."""
    body = text.lower().lstrip("+-")
    if body == ".inf":
        return -math.inf if text.startswith("-") else math.inf
    if body == ".nan":
        return math.nan
    return float(text)


def _scalar(node: ScalarNode) -> Any:
    tag = resolve_plain(node.value) if node.tag == _PLAIN else node.tag
    value = node.value
    try:
        if tag == _STR:
            return value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return value.lower() == "true"
        if tag == _INT:
            return _int(value)
        if tag == _FLOAT:
            return _float(value)
    except ValueError:
        raise _error(node, f"{quote(value)}は{_TAG_NAMES.get(tag, _short_tag(tag))}として読めません") from None
    raise _error(node, f"タグ {_short_tag(node.tag)} は使えません（事案ファイルでは文字列・数値・真偽値・リスト・マッピングのみ）")


_TAG_NAMES = {_INT: "整数", _FLOAT: "数値", _BOOL: "真偽値", _NULL: "null"}


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _error(node: Node, message: str) -> YamlError:
    mark = node.start_mark
    return YamlError(message, mark.line + 1, mark.column + 1)


class _Builder:
    """Python data of a node tree, built with as few Python calls per node as the checks allow (a file has
    tens of scalars for each mapping or sequence: a scalar costs no call of its own unless it may be no string)."""

    def __init__(self, watch: tuple[str, ...] = ()) -> None:
        self.count = 0
        self.folded: list[Node] = []  # plain or `>` scalars over several lines: YAML joined them with spaces
        self.watch = watch
        self.watched: list[tuple[Any, str]] = []  # strings (keys and values) holding a character of `watch`
        self.top: Any = None  # the top-level key whose value is being built

    def build(self, node: Node, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _error(node, f"要素数が上限（{MAX_NODES:,}）を超えました（アンカー・エイリアスの展開が大きすぎます）")
        if depth > MAX_DEPTH:
            raise _error(node, f"入れ子が深すぎます（{MAX_DEPTH}段まで）")
        if node.__class__ is ScalarNode:
            return self.scalar(node)
        sequence = node.__class__ is SequenceNode
        if node.tag != (_SEQ if sequence else _MAP):
            raise _error(node, f"タグ {_short_tag(node.tag)} は使えません")
        if sequence:
            return self._sequence(node.value, depth)
        return self._mapping(node, depth)

    def _sequence(self, items: list[Node], depth: int) -> list[Any]:
        result = []
        for item in items:
            # a scalar item past neither limit is built here; anything else (and the error) by `build`
            if item.__class__ is ScalarNode and self.count < MAX_NODES and depth < MAX_DEPTH:
                self.count += 1
                result.append(self.scalar(item))
            else:
                result.append(self.build(item, depth + 1))
        return result

    def _mapping(self, node: Node, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        watch, watched = self.watch, self.watched
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode:
                raise _error(key_node, "キーには文字列を使ってください")
            key = key_node.value
            if key_node.tag != _PLAIN or not key or key[0] in _MAYBE_NOT_STRING:  # else text, as most keys are
                key = _scalar(key_node)
            if depth == 0:
                self.top = key
            if watch and key.__class__ is str:
                for char in watch:
                    if char in key:
                        watched.append((self.top, key))
                        break
            if key == "<<" and key_node.tag == _PLAIN:
                raise _error(key_node, "マージキー「<<」は使えません")
            if key in result:
                first = next(k for k, _ in node.value if k.value == key_node.value)
                raise _error(key_node, f"キー{quote(key)}が重複しています（{first.start_mark.line + 1}行目にもあります）")
            if value_node.__class__ is ScalarNode:
                self.count += 1
                result[key] = self.scalar(value_node)
            else:
                result[key] = self.build(value_node, depth + 1)
        return result

    def scalar(self, node: ScalarNode) -> Any:
        value = node.value
        for char in self.watch:  # a value that resolves to a number or a boolean holds no character worth watching
            if char in value:
                self.watched.append((self.top, value))
                break
        tag = node.tag
        if tag == _PLAIN:
            if node.end_mark.line > node.start_mark.line:
                self.folded.append(node)
            if value > _PAST_ASCII or (value and value[0] not in _MAYBE_NOT_STRING):
                return value
        elif tag == _STR:
            if node.style == ">":
                self.folded.append(node)
            return value
        return _scalar(node)


def _translate(error: yaml.YAMLError, text: str) -> YamlError:
    from casebook.reading.mistakes import explain

    problem = str(getattr(error, "problem", "") or error)
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is None:
        return YamlError(problem_text(problem))
    if _char_at(text, mark.line, mark.column) == "\t":
        return YamlError(_TAB, mark.line + 1, mark.column + 1)
    mistake = explain(text, mark.line + 1)
    if mistake is not None:
        return YamlError(mistake.message, mistake.line, mistake.column)
    return YamlError(problem_text(problem), mark.line + 1, mark.column + 1)


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line + 1)
    return lines[line][column : column + 1] if line < len(lines) else ""


MAX_FLOW_DEPTH = 1000


def _check_flow_depth(text: str) -> None:
    """Refuse `[[[[…` nesting deep enough to overflow libyaml's recursive composer (a crash, not an error)."""
    if len(text) <= MAX_FLOW_DEPTH or text.count("[") + text.count("{") <= MAX_FLOW_DEPTH:
        return  # a shorter text, most case files, cannot hold that many brackets: counting them costs more
    depth = 0
    for line_number, line in enumerate(text.split("\n"), 1):
        for column, char in enumerate(line, 1):
            if char in "[{":
                depth += 1
                if depth > MAX_FLOW_DEPTH:
                    raise YamlError(f"入れ子が深すぎます（{MAX_DEPTH}段まで）", line_number, column)
            elif char in "]}":
                depth = max(0, depth - 1)


def compose(text: str, pure: bool = False, utf8: bytes | None = None) -> Node | None:
    """The node tree of one YAML document (None for an empty document).

    `utf8` is the text encoded as UTF-8 when the caller has it (the file's bytes): libyaml reads UTF-8, and
    would otherwise be handed the text encoded anew.
    """
    _check_flow_depth(text)
    parser = _PureComposer(text) if pure or _FAST is None else _FAST(text if utf8 is None else utf8)
    try:
        return parser.get_single_node()
    except yaml.YAMLError as error:
        raise _translate(error, text) from None
    except RecursionError:
        raise YamlError(f"入れ子が深すぎます（{MAX_DEPTH}段まで）") from None
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()


@dataclass
class Document:
    data: Any
    node: Node | None
    folded: list[Node]  # scalars whose line breaks YAML turned into spaces
    text: str = ""
    # The strings of the data (keys and values) that hold a character of `load_document`'s `watch`, each with
    # the top-level key it is under (None outside a top-level mapping).
    watched: list[tuple[Any, str]] = field(default_factory=list)
    # No scalar (key or value) is longer than this, the text's length: escapes, folding and indentation only
    # shorten what is written, and an alias repeats a node, not its text (what a rule on long text need not look past).
    longest: int = 0


def load_document(text: str, pure: bool = False, watch: tuple[str, ...] = (), utf8: bytes | None = None) -> Document:
    """The data, node tree and folded scalars of one YAML document; `pure` uses the pure-Python composer.

    `watch` names characters to look for in every string of the data while it is built (cheaper than
    walking the data again): `Document.watched` lists the strings that hold one. `utf8`: see `compose`.
    """
    node = compose(text, pure, utf8)
    if node is None:
        return Document(None, None, [], text)
    # A string of the data is made of the text's characters, or of an escape (\u975e): without either, none holds one.
    watching = "\\" in text or any(char in text for char in watch)
    builder = _Builder(watch if watching else ())
    data = builder.build(node)
    return Document(data, node, builder.folded, text, builder.watched, len(text))


def load(text: str) -> tuple[Any, Node | None]:
    """Python data and the node tree (for positions) of one YAML document."""
    document = load_document(text)
    return document.data, document.node
