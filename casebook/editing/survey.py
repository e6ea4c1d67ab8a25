"""What `fmt` would change in a case file, found with the fast loader alone (no round-trip parse).

This is `fmt --check`, and the first step of `fmt`: a file in which nothing is found here is left as it is,
byte for byte, and only the others are rewritten with ruamel.yaml. So `fmt --check` and `fmt` always agree,
and checking 10,000 canonical files costs about what `check` costs to read them.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from casebook.domain.vocabularies import DateStyle
from casebook.editing import canonical, migrations
from casebook.editing.fields import Kind, Spec, case_spec
from casebook.reading import yaml12
from casebook.reading.encoding import decode
from casebook.reading.findings import locate, path_at
from casebook.safety.quoting import quote, withholding
from casebook.safety.secrecy import secret_case
from casebook.settings.config import Casebook

MAX_LISTED_LINES = 5  # line numbers listed in one message about trailing spaces


@dataclass(frozen=True)
class Change:
    """One thing `fmt` would rewrite, where it is (1-based), and the field it is in."""

    line: int
    column: int
    loc: tuple[Any, ...]
    message: str


@dataclass
class Survey:
    text: str = ""  # the file decoded (BOM removed)
    changes: list[Change] = field(default_factory=list)
    folded: list[Change] = field(default_factory=list)  # plain text over several lines (folded-text)
    secret: bool = False
    problem: yaml12.YamlError | None = None  # the file cannot be read as YAML: nothing can be formatted
    data: Any = None
    node: Node | None = None

    @property
    def blocked(self) -> bool:
        """Whether rewriting would silently settle a folded-text warning (plain text joined with spaces)."""
        return bool(self.folded)


def survey(path: Path, raw: bytes, book: Casebook) -> Survey:
    """What fmt would change in the bytes of a case file at `path`."""
    result = Survey()
    try:
        result.text = decode(raw)
        result.secret = secret_case(result.text)
        document = yaml12.load_document(result.text)
    except yaml12.YamlError as error:
        result.problem = error
        return result
    result.data, result.node = document.data, document.node
    result.secret = secret_case(result.text, document.data, parsed=True)  # as the loader decides
    with withholding(result.secret):
        result.changes = sorted(_changes(path, raw, result.text, document, book), key=lambda c: (c.line, c.column))
    ignored = isinstance(result.data, dict) and any(
        isinstance(item, dict) and item.get("rule") == "folded-text" for item in result.data.get("ignore_rules") or []
    )
    if not ignored:
        for node in document.folded:
            if getattr(node, "style", None) != ">":
                line, column = node.start_mark.line + 1, node.start_mark.column + 1
                message = "引用符なしで折り返した文があるため書き換えません（1行にするか「|」のブロックで書いてから。規則 folded-text）"
                result.folded.append(Change(line, column, path_at(document.node, line, column), message))
    return result


def _changes(path: Path, raw: bytes, text: str, document: yaml12.Document, book: Casebook) -> Iterator[Change]:
    yield from _file_changes(path, raw, text, book)
    if isinstance(document.data, dict) and document.node is not None:
        yield from _version_change(document)
        style = book.config.date_style
        yield from _Walk(text, style).changes(document.node, document.data, case_spec(), (), False)


def _file_changes(path: Path, raw: bytes, text: str, book: Casebook) -> Iterator[Change]:
    if raw.startswith(codecs.BOM_UTF8):
        yield Change(1, 1, (), "先頭の BOM を取り除きます（UTF-8 は BOM なしで保存します）")
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        yield Change(line, 1, (), "改行を LF にします（CRLF・CR の改行があります）")
    lines = text.split("\n")
    ends = [line.removesuffix("\r") for line in lines]
    spaced = [number for number, line in enumerate(ends, 1) if line != line.rstrip(" \t")]
    if spaced:
        shown = "、".join(map(str, spaced[:MAX_LISTED_LINES])) + ("…" if len(spaced) > MAX_LISTED_LINES else "")
        first = ends[spaced[0] - 1]
        yield Change(spaced[0], len(first.rstrip(" \t")) + 1, (), f"行末の空白を取り除きます（{len(spaced)}行: {shown}行目）")
    if text and not text.endswith("\n"):
        yield Change(len(lines), len(lines[-1]) + 1, (), "ファイルの最後を改行で終えます")
    elif text.endswith("\n\n"):
        yield Change(len(text.rstrip("\n").split("\n")) + 1, 1, (), "ファイルの最後の空行を取り除きます")
    yield from _modeline_change(path, lines, book)


def _modeline_change(path: Path, lines: list[str], book: Casebook) -> Iterator[Change]:
    expected = canonical.schema_path(path, book.root)
    for number, line in enumerate(lines, 1):
        if line.strip() and not line.lstrip().startswith("#"):
            break  # only the comments at the top of the file are the modeline's place
        match = canonical.MODELINE.match(line.rstrip(" \t\r"))
        if match:
            if match["path"] != expected:
                yield Change(number, 1, (), f"$schema の行の指す先を {expected} にします（casebook.schema.json の場所）")
            return
    yield Change(1, 1, (), f"1行目にエディタ用の $schema の行を加えます（{expected}）")


def _version_change(document: yaml12.Document) -> Iterator[Change]:
    steps = migrations.pending(document.data)
    if steps:
        version = migrations.current_version() - len(steps)
        line, column = locate(document.node, (migrations.KEY,)) if migrations.KEY in document.data else (1, 1)
        titles = "、".join(m.title for m in steps)
        yield Change(line, column, (), f"古い形式（版 {version}）を今の形式（版 {migrations.current_version()}）に書き換えます（{titles}）")


def _key(key: Any, spec: Spec) -> str:
    """A key in a message: a field of the schema by its name, any other key quoted (it is text of the case)."""
    return str(key) if key in spec.fields else quote(key)


@dataclass(frozen=True)
class _Walk:
    """The file a walk is in: its text (block scalar indicators are read there) and the casebook's date style."""

    text: str
    style: DateStyle

    def changes(self, node: Node, value: Any, spec: Spec, loc: tuple[Any, ...], flow: bool) -> Iterator[Change]:
        if isinstance(node, MappingNode) and isinstance(value, dict):
            yield from self._mapping(node, value, spec, loc)
        elif isinstance(node, SequenceNode) and isinstance(value, list):
            item_spec = spec.item if spec.kind is Kind.LIST and spec.item is not None else spec
            for index, (item_node, item) in enumerate(zip(node.value, value, strict=False)):
                yield from self.changes(item_node, item, item_spec, (*loc, index), bool(node.flow_style))
        elif isinstance(node, ScalarNode):
            message = self._scalar(node, value, spec, flow)
            if message:
                yield Change(node.start_mark.line + 1, node.start_mark.column + 1, loc, message)

    def _mapping(self, node: MappingNode, value: dict[Any, Any], spec: Spec, loc: tuple[Any, ...]) -> Iterator[Change]:
        ordered = spec.kind in (Kind.MAPPING, Kind.TEXT_ITEM)
        latest: tuple[int, str] | None = None
        for (key_node, value_node), (key, item) in zip(node.value, value.items(), strict=False):
            if ordered:
                order = spec.order(key)
                if latest is not None and order < latest[0]:
                    mark = key_node.start_mark
                    message = f"項目 {_key(key, spec)} を {_key(latest[1], spec)} より前に置きます（スキーマの順）"
                    yield Change(mark.line + 1, mark.column + 1, (*loc, key), message)
                else:
                    latest = (order, str(key))
            yield from self.changes(value_node, item, spec.child(key) if ordered else spec, (*loc, key), bool(node.flow_style))

    def _scalar(self, node: ScalarNode, value: Any, spec: Spec, flow: bool) -> str | None:
        kind = spec.kind
        if kind in (Kind.DATE, Kind.PERIOD) and isinstance(value, str):
            written = canonical.date_text(value, kind is Kind.PERIOD, self.style)
            return f"日付の書き方をそろえます: {quote(value)} → {quote(written)}" if written != value else None
        if kind is Kind.ENUM and isinstance(value, str) and spec.enum is not None:
            written = canonical.enum_text(value, spec.enum)
            return f"{quote(value)} → {quote(written)}（{spec.enum.title()}の値の書き方）" if written != value else None
        if kind is Kind.NUMBER and isinstance(value, str):
            number = canonical.number_value(value)
            return f"{quote(value)} → {number}（数は半角数字だけで書きます）" if number != value else None
        if kind is Kind.BOOL and isinstance(value, bool) and node.value not in ("true", "false"):
            return f"{quote(node.value)} → {str(value).lower()}"
        if isinstance(value, str) and "\n" in value and not flow:
            return self._text_block(node, value)
        return None

    def _text_block(self, node: ScalarNode, value: str) -> str | None:
        if canonical.literal_text(value) is None or node.style == ">":
            return None
        if node.style == "|" and self.text[node.start_mark.index : node.start_mark.index + 2] == "|-":
            # already a `|-` block: spaces at line ends are one change of the file, blank lines around the text another
            return "文の前後の空行を取り除きます" if value != value.strip("\n") else None
        return "複数行の文は「|-」のブロックで書きます"
