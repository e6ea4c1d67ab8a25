"""Text wrapped into lines as the printed formats estimate them: greedy, each character as wide as its East Asian width.

A report of 10^5 cases holds tens of millions of characters, and each printed format wraps every cell: no Python
runs per character here. Each character's weight is a dict lookup made in C (`map`, `accumulate`; computed once per
distinct character), and the breaks are found by bisection on the running sums.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from itertools import accumulate


def is_wide(char: str) -> bool:
    """Japanese (and the ambiguous ①※○, wide in Japanese fonts): two half-width columns."""
    return unicodedata.east_asian_width(char) in "WFA"


class Weights(dict[str, int]):
    """The weight of each character seen: `wide` or `narrow` (integers, so that sums are exact)."""

    def __init__(self, wide: int, narrow: int) -> None:
        super().__init__()
        self.wide, self.narrow = wide, narrow

    def __missing__(self, char: str) -> int:
        weight = self.wide if is_wide(char) else self.narrow
        self[char] = weight
        return weight


def greedy_lines(text: str, capacity: float, weights: Weights) -> list[str]:
    """`text` in lines of at most `capacity` (in `weights`' unit; a line holds one character at least). Joined back
    the lines give `text`: a line that starts a paragraph after the first starts with its line break."""
    lines: list[str] = []
    for index, paragraph in enumerate(text.split("\n")):
        lead = "\n" if index else ""
        sums = list(accumulate(map(weights.__getitem__, paragraph), initial=0))
        if sums[-1] <= capacity:
            lines.append(lead + paragraph)
            continue
        start, length = 0, len(paragraph)
        while start < length:
            end = max(start + 1, bisect_right(sums, sums[start] + capacity) - 1)
            lines.append(lead + paragraph[start:end])
            lead, start = "", end
    return lines
