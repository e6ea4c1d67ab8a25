"""How a message quotes what a case file says.

Every message that repeats a value from a case (a date that cannot be read, a
word that is not a category, a key) quotes it through `quote`: on one line,
shortened, and not at all while a non-public case is being checked, so that no
CI log or annotation repeats the text of a non-public case.
"""

from __future__ import annotations

from contextvars import ContextVar

from casebook.safety.inert import visible

MAX_QUOTED = 40
WITHHELD = "「（非公表の事案のため表示しません）」"

_withholding: ContextVar[bool] = ContextVar("withholding", default=False)


def value_kind(value: object) -> str:
    """The kind of a YAML value, in the words a message uses (never a Python type name)."""
    if isinstance(value, bool):
        return "真偽値"
    if isinstance(value, (int, float)):
        return "数値"
    if value is None:
        return "空の値（null）"
    if isinstance(value, dict):
        return "マッピング"
    if isinstance(value, list):
        return "リスト"
    return "文字列"


def _as_written(value: object) -> str:
    """A value as YAML writes it: true, null, 150; a mapping or a list by its kind, not a Python repr."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return str(value)
    return value_kind(value)


def quote(value: object, withheld: str = WITHHELD) -> str:
    """「value」 on one line and at most MAX_QUOTED characters; for a non-public case `withheld` instead (the mark, or
    words that read right in the caller's sentence: 「ほかの団体」, or nothing)."""
    if _withholding.get():
        return withheld
    text = visible(_as_written(value), single_line=True)
    if len(text) > MAX_QUOTED:
        text = text[:MAX_QUOTED] + "…"
    return f"「{text}」"


class withholding:  # lower case: used as the function it was, `with withholding(secret):`
    """Within this block, `quote` withholds values (checking a non-public case).

    A class rather than a generator made a context manager: it is entered twice for every file read.
    """

    __slots__ = ("active", "token")

    def __init__(self, active: bool = True) -> None:
        self.active = active

    def __enter__(self) -> None:
        self.token = _withholding.set(self.active)

    def __exit__(self, *exc_info: object) -> None:
        _withholding.reset(self.token)
