"""ruamel.yaml set up to rewrite a case file as its writer laid it out.

Round-trip mode keeps comments, key order, quotes, flow and block styles. Three things are added here:

- plain scalars are read as `check` reads them and written back as they were spelt (casebook.editing.scalars);
- the indentation is the file's own (read from the fast composer's node tree), not a fixed one;
- comment lines move with the key below them. ruamel.yaml attaches a comment line to the end of the value
  before it, so a key moved or inserted would leave its comment behind (or take its neighbour's).
  `Edit` first hands every comment line to the key it precedes (the slot ruamel.yaml itself uses for
  comments after a flow collection), and keeps the comments at the end of the file at the end.
"""

from __future__ import annotations

import io
import itertools
import sys
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken
from yaml.nodes import MappingNode, Node, SequenceNode

from casebook.editing import marks
from casebook.editing.scalars import Constructor, KeptNull, Representer, Resolver, WrittenFloat, WrittenInt, is_null

__all__ = ["KeptNull", "WrittenFloat", "WrittenInt", "is_null"]  # how the editors' values keep their spelling


@dataclass(frozen=True)
class Layout:
    """Indentation of a file, in ruamel.yaml's terms: nested mappings, sequence items, and the dash in front of them."""

    mapping: int = 2
    sequence: int = 4
    offset: int = 2


def layout_of(node: Node | None) -> Layout:
    """The indentation a file uses, from the first nested block mapping and block sequence in it."""
    mapping: int | None = None
    sequence: tuple[int, int] | None = None
    stack = [node] if node is not None else []
    while stack and (mapping is None or sequence is None):
        current = stack.pop()
        if isinstance(current, SequenceNode):
            stack.extend(reversed(current.value))
            continue
        if not isinstance(current, MappingNode) or current.flow_style:
            continue
        for key, value in current.value:
            if isinstance(value, MappingNode) and not value.flow_style and value.value and mapping is None:
                if value.start_mark.line > key.start_mark.line:
                    mapping = value.value[0][0].start_mark.column - key.start_mark.column
            elif isinstance(value, SequenceNode) and not value.flow_style and value.value and sequence is None:
                dash = value.start_mark.column - key.start_mark.column
                sequence = (value.value[0].start_mark.column - key.start_mark.column, dash)
            stack.append(value)
    default = Layout()
    mapping = mapping if mapping is not None and mapping > 0 else default.mapping
    items, dash = (
        sequence if sequence is not None and sequence[0] >= sequence[1] + 2 and sequence[1] >= 0 else (default.sequence, default.offset)
    )
    return Layout(mapping, items, dash)


def yaml_for(layout: Layout = Layout()) -> YAML:
    yaml = YAML()
    yaml.Resolver = Resolver
    yaml.Constructor = Constructor
    yaml.Representer = Representer
    yaml.preserve_quotes = True
    yaml.width = sys.maxsize  # never fold a long line of Japanese text
    yaml.indent(mapping=layout.mapping, sequence=layout.sequence, offset=layout.offset)
    return yaml


def load(text: str) -> Any:
    return yaml_for().load(text)


def dump(data: Any, layout: Layout = Layout()) -> str:
    stream = io.StringIO()
    yaml_for(layout).dump(data, stream)
    return stream.getvalue()


def flow_value(text: str) -> Any:
    """A value written in YAML on the command line (`{kind: 速報, date: R7.5.27}`, `150`, `true`): one whole document."""
    return load(text)


# --- comments: ca.items[key] = [?, comments before the key, comment after the value, ?] in a mapping,
#     ca.items[index][0] = comment after an item in a sequence ---


def is_block(value: Any) -> bool:
    return isinstance(value, (CommentedMap, CommentedSeq)) and len(value) > 0 and not value.fa.flow_style()


def _last_slot(container: Any, key: Any) -> tuple[Any, Any, int]:
    """Where the comment after the value at container[key] lives: the deepest last node of a block value."""
    value = container[key]
    if is_block(value):
        return _last_slot(value, list(value.keys())[-1] if isinstance(value, CommentedMap) else len(value) - 1)
    return container, key, 2 if isinstance(container, CommentedMap) else 0


def _token(holder: Any, key: Any, index: int) -> Any:
    entry = holder.ca.items.get(key)
    return entry[index] if entry and len(entry) > index else None


def _split(holder: Any, key: Any, index: int) -> tuple[str, str]:
    """The end-of-line comment after a value and the whole lines that follow it."""
    token = _token(holder, key, index)
    if token is None:
        return "", ""
    if isinstance(holder[key], (LiteralScalarString, FoldedScalarString)):
        return "", str(token.value)  # a block scalar ends with its line: only whole lines follow
    eol, _, lines = str(token.value).partition("\n")
    return eol, lines


def _put(holder: Any, key: Any, index: int, eol: str, lines: str) -> None:
    block_scalar = isinstance(holder[key], (LiteralScalarString, FoldedScalarString))
    text = lines if block_scalar else (eol + "\n" + lines if eol or lines else "")
    token = _token(holder, key, index)
    if not text:
        if token is not None:
            holder.ca.items[key][index] = None
        return
    if token is None:
        token = CommentToken(text, CommentMark(0), None)
        holder.ca.items.setdefault(key, [None, None, None, None])[index] = token
    else:
        token.value = text


def _comment_lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _column(mapping: CommentedMap, key: Any) -> int:
    try:
        return int(mapping.lc.key(key)[1])
    except (KeyError, TypeError, AttributeError):
        return 0


def _hand_to_next(mapping: CommentedMap) -> None:
    """Give every key of a mapping the comment lines written above it (deeper-indented ones stay where they are)."""
    keys = list(mapping.keys())
    for key in keys:
        value = mapping[key]
        if isinstance(value, CommentedMap):
            _hand_to_next(value)
        elif isinstance(value, CommentedSeq):
            for item in value:
                if isinstance(item, CommentedMap):
                    _hand_to_next(item)
    for before, key in itertools.pairwise(keys):
        holder, slot, index = _last_slot(mapping, before)
        eol, lines = _split(holder, slot, index)
        if not lines:
            continue
        column = _column(mapping, key)
        parts = _comment_lines(lines)
        keep = 0
        while keep < len(parts) and parts[keep].strip().startswith("#") and len(parts[keep]) - len(parts[keep].lstrip(" ")) > column:
            keep += 1
        if keep == len(parts):
            continue
        _put(holder, slot, index, eol, "".join(parts[:keep]))
        entry = mapping.ca.items.setdefault(key, [None, None, None, None])
        entry[1] = [CommentToken("".join(parts[keep:]), CommentMark(0), None), *(entry[1] or [])]


def _gather_ends(value: Any) -> None:
    """Comment lines ruamel.yaml keeps at the end of a block list (after a flow item) go to the slot after the last item."""
    if isinstance(value, CommentedMap):
        for item in value.values():
            _gather_ends(item)
    elif isinstance(value, CommentedSeq):
        for item in value:
            _gather_ends(item)
        end = getattr(value.ca, "end", None)
        if end and len(value) and not value.fa.flow_style():
            lines = "".join(str(token.value) for token in end)
            value.ca.end = []
            append_lines((value, len(value) - 1, 0), lines)


def _document_end(root: Any) -> tuple[Any, Any, int] | None:
    if not isinstance(root, CommentedMap) or not root:
        return None
    return _last_slot(root, list(root.keys())[-1])


class Edit:
    """A case file open for rewriting: `root` is the data; `text()` the file as it would be written."""

    def __init__(self, text: str, layout: Layout = Layout()) -> None:
        self.layout = layout
        self.root = load(marks.untabbed(text))
        self._tail = ""
        if isinstance(self.root, CommentedMap):
            _gather_ends(self.root)
            _hand_to_next(self.root)
            end = _document_end(self.root)
            if end is not None:
                eol, self._tail = _split(*end)
                _put(*end, eol, "")

    def text(self) -> str:
        """The file as it would be written (call once: the comments of the file's end are put back at its new end)."""
        end = _document_end(self.root)
        if end is not None and self._tail:
            append_lines(end, self._tail)
            self._tail = ""
        return dump(self.root, self.layout)


def append_lines(slot: tuple[Any, Any, int], lines: str) -> None:
    """Add whole comment lines after the value in `slot` (after its end-of-line comment and lines already there)."""
    eol, existing = _split(*slot)
    _put(*slot, eol, existing + lines)


def reorder(mapping: Any, keys: list[Any]) -> None:
    """Put the keys of a mapping in the given order (comments above a key go with it)."""
    for key in keys:
        mapping.move_to_end(key)


def insert(mapping: CommentedMap, position: int, key: Any, value: Any) -> None:
    mapping.insert(position, key, value)


def rename(mapping: CommentedMap, old: Any, new: Any) -> None:
    """Rename a key in place: same position, same comments."""
    position = list(mapping.keys()).index(old)
    comments = mapping.ca.items.pop(old, None)
    value = mapping.pop(old)
    mapping.insert(position, new, value)
    if comments is not None:
        mapping.ca.items[new] = comments
        token = comments[2] if len(comments) > 2 else None
        if token is not None and not str(token.value).startswith("\n") and not is_block(value):
            # the end-of-line comment keeps its distance from the value, which moved with the longer or shorter key
            token.start_mark = CommentMark(max(0, token.start_mark.column + len(str(new)) - len(str(old))))


def _block_style(value: Any) -> bool:
    """A mapping or list that will be written as a block (an empty one too: `set` fills it right after)."""
    return isinstance(value, (CommentedMap, CommentedSeq)) and not value.fa.flow_style()


def _written_length(key: Any, value: Any) -> int:
    """How long `key: value` is on its line once written (characters, as ruamel.yaml counts columns)."""
    line = dump({key: value}).split("\n", 1)[0]
    return len(line)


def replace(container: Any, key: Any, value: Any) -> None:
    """Set a value, keeping an end-of-line comment readable.

    The comment stays two spaces after a longer value, moves right after `key:` when the value becomes a
    block, and after `|-` when it becomes a text block.
    """
    entry: list[Any] = (container.ca.items.get(key) if isinstance(container, CommentedMap) else None) or []
    token = entry[2] if len(entry) > 2 else None
    old = container[key]
    block_scalar = (LiteralScalarString, FoldedScalarString)
    if token is None or is_block(old) or isinstance(old, block_scalar) or isinstance(value, FoldedScalarString):
        container[key] = value
        return
    eol, _, lines = str(token.value).partition("\n")
    if not eol.strip():
        container[key] = value
        return
    column = _column(container, key)
    if isinstance(value, LiteralScalarString):
        comment = "  " + eol.strip()
        block: Any = value
        block.comment = comment  # written after `|-`
        entry[2] = CommentToken(lines, CommentMark(0), None) if lines else None
        entry[3] = [comment]
    elif _block_style(value):
        token.start_mark = CommentMark(column + len(str(key)) + 3)  # `key:  # comment`
        token.value = eol + "\n"
        if lines:
            container[key] = value
            append_lines(_last_slot(container, key), lines)
            return
    else:
        needed = column + _written_length(key, value) + 2
        if token.start_mark.column < needed:
            token.start_mark = CommentMark(needed)
    container[key] = value


def remove(mapping: CommentedMap, key: Any) -> None:
    """Remove a key with its value and end-of-line comment; the comment lines above it stay, above the next key."""
    keys = list(mapping.keys())
    index = keys.index(key)
    entry = mapping.ca.items.pop(key, None)
    above = list(entry[1] or []) if entry else []
    del mapping[key]
    if not above:
        return
    if index + 1 < len(keys):
        following = mapping.ca.items.setdefault(keys[index + 1], [None, None, None, None])
        following[1] = above + list(following[1] or [])
    elif index > 0:
        append_lines(_last_slot(mapping, keys[index - 1]), "".join(str(token.value) for token in above))
