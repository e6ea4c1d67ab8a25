"""What `check` reports: one finding per problem, with its place in the file."""

from __future__ import annotations

import bisect
import functools
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard

from casebook.safety.inert import for_terminal, json_text, visible

if TYPE_CHECKING:
    from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode


@dataclass(frozen=True)
class Finding:
    path: str
    line: int | None
    column: int | None
    severity: str  # error | warning
    rule: str
    message: str
    field: str = ""  # 「発生日 (occurred)」

    def text(self) -> str:
        """One line for a terminal or a log: whatever the path or the message holds, it stays one inert line."""
        place = self.path
        if self.line is not None:
            place += f":{self.line}:{self.column or 1}"
        field = f"{self.field}: " if self.field else ""
        return for_terminal(f"{place}: {self.severity}: {field}{self.message} [{self.rule}]", single_line=True)

    def github(self) -> str:
        """A GitHub workflow command (annotation); data and properties escaped as the runner unescapes them."""
        parts = [f"file={_escape_property(visible(self.path))}"]
        if self.line is not None:
            parts += [f"line={self.line}", f"col={self.column or 1}"]
        parts.append(f"title={_escape_property(self.rule)}")
        field = f"{self.field}: " if self.field else ""
        return f"::{self.severity} {','.join(parts)}::{_escape_data(visible(field + self.message))}"

    def promoted(self) -> Finding:
        return Finding(self.path, self.line, self.column, "error", self.rule, self.message, self.field)


@dataclass
class CheckResult:
    """What a check found: the files it read, their findings, and what `keep` made of each valid case."""

    files: int
    findings: list[Finding]
    cases: list[Any]  # what `keep` made of each valid case, in file order
    case_files: list[str]  # the file of each of them
    usable: int = 0  # cases without errors (what the documents use), counted even when nothing is kept


def _escape_data(text: str) -> str:
    """The runner's escaping of a command's data (ActionCommand.EscapeData): one command stays one line."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def display_path(path: Path | str, base: Path) -> str:
    """The path relative to the casebook root when inside it (string work only: this runs per file)."""
    text = os.fspath(path)
    root = _prefix(os.fspath(base))
    # a path discovery made under the root is absolute and clean already: abspath costs more than the rest
    full = text if text.startswith(root) and f"{os.sep}." not in text else os.path.abspath(text)
    if full.startswith(root):
        return full[len(root) :].replace(os.sep, "/")
    return Path(text).as_posix()


def display_paths(paths: list[str], base: Path) -> list[str]:
    """display_path of each of many paths (the files discovery found under the root: a slice each, no call)."""
    root = _prefix(os.fspath(base))
    if os.sep != "/":
        return [display_path(path, base) for path in paths]
    cut, dotted = len(root), f"{os.sep}."
    return [path[cut:] if path.startswith(root) and dotted not in path else display_path(path, base) for path in paths]


@functools.lru_cache(maxsize=16)
def _prefix(base: str) -> str:
    return os.path.join(os.path.abspath(base), "")


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.path, f.line or 0, f.column or 0, f.rule))


def render(findings: list[Finding], fmt: str, files: int) -> str:
    findings = sort_findings(findings)
    if fmt == "json":
        return json_text({"files": files, "findings": [asdict(f) for f in findings]})
    lines = [f.github() if fmt == "github" else f.text() for f in findings]
    return "\n".join(lines)


def summary(findings: list[Finding], files: int) -> str:
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    if not findings:
        return f"{files}件のファイルを検査しました。問題はありません。"
    return f"{files}件のファイルを検査しました。エラー {errors}件、警告 {warnings}件。"


# PyYAML's nodes say their kind (`id`): telling them apart by it spares every command, which says its findings here,
# the import of PyYAML (a check the memo answers reads no YAML).
def _mapping(node: Node | None) -> TypeGuard[MappingNode]:
    return node is not None and getattr(node, "id", None) == "mapping"


def _sequence(node: Node | None) -> TypeGuard[SequenceNode]:
    return node is not None and getattr(node, "id", None) == "sequence"


def _scalar(node: Node | None) -> TypeGuard[ScalarNode]:
    return node is not None and getattr(node, "id", None) == "scalar"


class NodeIndex:
    """Positions in one node tree, each mapping and sequence indexed the first time it is walked through:
    locating many findings in one file is one pass over the tree, not one per finding."""

    def __init__(self, node: Node | None) -> None:
        self.node = node
        self._keys: dict[int, dict[str, tuple[int, Node, Node]]] = {}
        self._starts: dict[int, list[tuple[int, int]]] = {}
        self._digit_keys: dict[int, dict[int, int]] = {}

    def keys(self, mapping: MappingNode) -> dict[str, tuple[int, Node, Node]]:
        """The entries of a mapping by key as written: (position, key node, value node); the first of a repeated key."""
        found = self._keys.get(id(mapping))
        if found is None:
            found = {}
            for position, (key_node, value_node) in enumerate(mapping.value):
                if _scalar(key_node):
                    found.setdefault(key_node.value, (position, key_node, value_node))
            self._keys[id(mapping)] = found
        return found

    def mapping_at(self, loc: tuple[Any, ...]) -> MappingNode | None:
        """The mapping at `loc`, if there is one."""
        node: Node | None = self.node
        for part in loc:
            if _mapping(node):
                entry = self.keys(node).get(str(part))
                node = entry[2] if entry is not None else None
            elif _sequence(node) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
            else:
                return None
        return node if _mapping(node) else None

    def position(self, mapping: MappingNode, key: Any) -> int | None:
        """Where a key (as read: `0495` was read as the number 495) is among the entries of a mapping."""
        entry = self.keys(mapping).get(str(key))
        if entry is not None:
            return entry[0]
        if isinstance(key, int) and not isinstance(key, bool):
            return self._numbers(mapping).get(key)
        return None

    def _numbers(self, mapping: MappingNode) -> dict[int, int]:
        """The positions of a mapping's keys written in digits, by the number they are read as (the first of a repeat)."""
        found = self._digit_keys.get(id(mapping))
        if found is None:
            found = {}
            for position, (key_node, _) in enumerate(mapping.value):
                if _scalar(key_node) and key_node.value.isascii() and key_node.value.isdigit():
                    found.setdefault(int(key_node.value), position)
            self._digit_keys[id(mapping)] = found
        return found

    def locate(self, loc: tuple[Any, ...], key: bool = False) -> tuple[int, int]:
        """1-based line and column of the node at `loc` (a pydantic error location).

        Location parts that do not address a node (union branch names, a missing
        key) are skipped, so the answer is the deepest node that exists.
        With key=True a mapping entry is located by its key instead of its value.
        """
        if self.node is None:
            return 1, 1
        target = self.node
        for index, part in enumerate(loc):
            last = index == len(loc) - 1
            if _mapping(target) and isinstance(part, (str, int)):
                entry = self.keys(target).get(str(part))
                if entry is not None:
                    target = entry[1] if (key and last) else entry[2]
            elif _sequence(target) and isinstance(part, int) and 0 <= part < len(target.value):
                target = target.value[part]
        mark = target.start_mark
        return mark.line + 1, mark.column + 1

    def _children(self, node: Node) -> list[tuple[Any, Node]]:
        if _mapping(node):
            return [(k.value, v) for k, v in node.value if _scalar(k)]
        if _sequence(node):
            return list(enumerate(node.value))
        return []

    def path_at(self, line: int, column: int) -> tuple[Any, ...]:
        """The location (keys and indexes) of the innermost node spanning a 1-based line and column."""
        point = (line - 1, column - 1)
        loc: list[Any] = []
        node = self.node
        while node is not None:
            children = self._children(node)
            starts = self._starts.get(id(node))
            if starts is None:  # children are in the order of the text: the one that spans the point is found by bisection
                starts = [(child.start_mark.line, child.start_mark.column) for _, child in children]
                self._starts[id(node)] = starts
            at = bisect.bisect_right(starts, point) - 1
            if at < 0:
                break
            part, child = children[at]
            if not point < (child.end_mark.line, child.end_mark.column):
                break
            loc.append(part)
            node = child
        return tuple(loc)


def locate(node: Node | None, loc: tuple[Any, ...], key: bool = False) -> tuple[int, int]:
    """1-based line and column of the node at `loc` (see NodeIndex.locate; for one place of a tree)."""
    return NodeIndex(node).locate(loc, key)


def path_at(node: Node | None, line: int, column: int) -> tuple[Any, ...]:
    """The location of the innermost node spanning a 1-based line and column (see NodeIndex.path_at)."""
    return NodeIndex(node).path_at(line, column)
