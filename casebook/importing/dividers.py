"""Rows that divide an office's table of cases by month (【4月】, ５月分, 令和7年4月, 6月（2件）) or fiscal year
(【令和7年度】): a cell that says only that, alone in its row (or merged over it)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_YEAR = r"(?:(?:令和|平成|R|H)(?:[0-9]{1,2}|元)年?\.?|[0-9]{4}年)"
_MONTH = r"(?P<m>[0-9]{1,2})月(?:[~～〜-](?P<n>[0-9]{1,2})月)?"
_DIVIDER = re.compile(
    rf"^[【\[(<〈《〔「]?(?:{_YEAR}?{_MONTH}|{_YEAR}度)(?:分|の事案|分の事案)?[】\])>〉》〕」]?(?:\([0-9]+件\))?$",
    re.IGNORECASE,
)


def find_divider(values: tuple[Any, ...]) -> tuple[str, list[int]] | None:
    """The text of the first cell of a row that is a divider (NFKC, spaces aside), and the other filled cells of the row."""
    for index, value in enumerate(values):
        if not isinstance(value, str):
            continue
        text = " ".join(value.split())
        found = _DIVIDER.match(re.sub(r"\s", "", unicodedata.normalize("NFKC", text)))
        if found is not None and all(m is None or 1 <= int(m) <= 12 for m in found.group("m", "n")):
            return text, [i for i, v in enumerate(values) if v is not None and i != index]
    return None
