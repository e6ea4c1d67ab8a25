"""How a message quotes what a case file says.

Every message that repeats a value from a case (a date that cannot be read, a
word that is not a category, a key) quotes it through `quote`: on one line,
shortened, and not at all while a non-public case is being checked, so that no
CI log or annotation repeats the text of a non-public case.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from casebook.inert import visible

MAX_QUOTED = 40
WITHHELD = "「（非公表の事案のため表示しません）」"

_withholding: ContextVar[bool] = ContextVar("withholding", default=False)


def quote(value: object) -> str:
    """「value」 on one line and at most MAX_QUOTED characters; withheld for a non-public case."""
    if _withholding.get():
        return WITHHELD
    text = visible(str(value), single_line=True)
    if len(text) > MAX_QUOTED:
        text = text[:MAX_QUOTED] + "…"
    return f"「{text}」"


def withholding_active() -> bool:
    return _withholding.get()


@contextmanager
def withholding(active: bool = True) -> Iterator[None]:
    """Within this block, `quote` withholds values (checking a non-public case)."""
    token = _withholding.set(active)
    try:
        yield
    finally:
        _withholding.reset(token)
