"""Case text made inert for each place it is printed: terminal, CI log, spreadsheet, JSON.

`check` refuses the characters in FORBIDDEN (rule `control-character`), so a
casebook that passes never carries them; the functions here are the second
line, for text that never went through `check` (file names, a broken case
shown by `show`, command-line input) and so that no output depends on the
first line alone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

# C0 controls but tab and line feed, DEL, C1 controls (0x9b is a one-byte CSI), the line and paragraph
# separators, bidirectional marks, overrides and isolates (they reorder what a reader sees), lone
# surrogates, U+FFFE/U+FFFF (which XML, so xlsx and docx, cannot hold) and the tag characters
# U+E0000-E007F (invisible text a reader never sees but a program reads).
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff\U000e0000-\U000e007f]"
)
_FORBIDDEN_OR_NEWLINE = re.compile(FORBIDDEN.pattern[:-1] + "\n]")


def holds_forbidden(text: str) -> bool:
    """Whether a text holds a character FORBIDDEN names.

    Every such character is one str.isprintable refuses (tests/test_inert.py asks unicodedata), so a text that
    is printable once its line breaks and ideographic spaces are gone holds none: that test reads each character
    once in C, where the pattern tests a class at every character (three times the work on a case file).
    """
    if text.replace("\n", "").replace("\u3000", "").isprintable():
        return False
    return FORBIDDEN.search(text) is not None


_NAMES = {"\r": "\\r", "\x1b": "\\e", "\x00": "\\0", "\n": "↵"}


def character_name(char: str) -> str:
    """U+001B style name of a character, for messages."""
    return f"U+{ord(char):04X}"


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    code = ord(char)
    return _NAMES.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")


def visible(text: str, single_line: bool = False) -> str:
    """Text safe to write to a terminal: control and reordering characters shown as escapes (\\e, \\x07, \\u202e).

    With single_line, line breaks are shown as ↵ so that one message stays one line.
    """
    pattern = _FORBIDDEN_OR_NEWLINE if single_line else FORBIDDEN
    return pattern.sub(_escape, text)


# A line of a CI log that GitHub's runner would take as a workflow command: `::` at the start after
# leading whitespace (v2 commands), or `##[` anywhere in the line (v1 commands).
_WORKFLOW_START = re.compile(r"^(\s*):(?=:)", re.M)
_WORKFLOW_V1 = "##["
_ZERO_WIDTH_SPACE = "\u200b"  # not whitespace to the runner's TrimStart, invisible to a reader


def ci_safe(text: str) -> str:
    """Text that no CI runner reads as a command: a zero-width space breaks `::` at a line start and `##[`."""
    text = _WORKFLOW_START.sub(lambda m: m.group(1) + _ZERO_WIDTH_SPACE + ":", text)
    return text.replace(_WORKFLOW_V1, "##" + _ZERO_WIDTH_SPACE + "[")


def for_terminal(text: str, single_line: bool = False) -> str:
    """What every message and table cell goes through before it reaches a terminal or a log."""
    return ci_safe(visible(text, single_line))


# OWASP CSV injection: a cell starting with one of these is read by a spreadsheet as a formula.
# The full-width forms are included: Japanese Excel turns ＝ typed in a cell into a formula too.
FORMULA_START = tuple("=+-@\t\r＝＋－＠")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9][0-9,]*(?:\.[0-9]+)?")


def spreadsheet_text(value: Any) -> Any:
    """A cell value for csv: text that a spreadsheet would run as a formula gets a leading ' (OWASP).

    Numbers, and text that is only a number such as "+11" or "-3", stay as they are.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text an XML document (xlsx, docx) can hold: characters XML 1.0 forbids become U+FFFD."""
    return _XML_ILLEGAL.sub("\ufffd", text)


_JSON_UNSAFE = re.compile("[\x7f-\x9f" + FORBIDDEN.pattern[FORBIDDEN.pattern.index("\u061c") :])  # what json.dumps leaves raw


def json_text(value: Any, indent: int | None = 2) -> str:
    """JSON with Japanese as is, and every character a terminal or a decoder could trip on as a \\u escape."""
    return _json_inert(json.dumps(value, ensure_ascii=False, indent=indent))


def _json_inert(text: str) -> str:
    if not holds_forbidden(text):  # almost every text, tested in C: every character _JSON_UNSAFE names is one FORBIDDEN names
        return text
    return _JSON_UNSAFE.sub(lambda m: _json_escape(m.group(0)), text)


# Flat objects as the items of a list json_text writes: with `indent`, json uses its Python encoder (ten times
# slower than its C one, which takes separators but no indent), so each object's members are joined by the C one.
_MEMBERS = {depth: json.JSONEncoder(ensure_ascii=False, separators=(",\n" + "  " * (depth + 1), ": ")).encode for depth in (1, 2)}


def _flat_items(objects: Iterable[dict[str, Any]], depth: int) -> str:
    """Objects whose values are strings, numbers, booleans or null as json_text writes them as items of a list `depth`
    levels in: each `{` 2×depth spaces in, its members two more, joined by `,` and a line break (no brackets)."""
    item, members, encode = "  " * depth, "  " * (depth + 1), _MEMBERS[depth]
    return f",\n{item}".join([f"{{\n{members}{encode(each)[1:-1]}\n{item}}}" if each else "{}" for each in objects])


def json_flat_items(objects: Iterable[dict[str, str | int | bool | None]]) -> str:
    """The items of a top-level list of flat objects, as json_text(list) writes them (see _flat_items)."""
    return _json_inert(_flat_items(objects, 1))


def json_text_with_items(value: dict[str, Any], key: str) -> str:
    """json_text(value) where value[key] is a list of flat objects (see _flat_items), those written by the C encoder.

    The rest is written with the list empty, and the items put in its place: a line of its own at two spaces in
    (a string's line break is always escaped, and the top object has one member of each name).
    """
    items = value[key]
    text = json.dumps({**value, key: []}, ensure_ascii=False, indent=2)
    if items:
        empty = f"\n  {json.dumps(key, ensure_ascii=False)}: []"
        text = text.replace(empty, f"{empty[:-1]}\n    {_flat_items(items, 2)}\n  ]", 1)
    return _json_inert(text)


def _json_escape(char: str) -> str:
    """\\uXXXX, as a surrogate pair beyond the Basic Multilingual Plane (a JSON escape holds four digits)."""
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
