"""Hypothesis strategies shared by the guarantee tests: hostile text, and dates written the ways people write them."""

from __future__ import annotations

import os
from datetime import date
from typing import Any

from hypothesis import strategies as st

FUZZ_EXAMPLES = int(os.environ.get("CASEBOOK_FUZZ_EXAMPLES", "0"))  # make fuzz: every property test tries this many
THOROUGH = bool(os.environ.get("CASEBOOK_THOROUGH"))  # make test-all: every property test tries its full number
QUICK_SHARE = 20  # make test tries a twentieth of it, so that the loop a developer waits for stays short


def examples(full: int) -> int:
    """How many examples a property test tries: `full` under make test-all, CASEBOOK_FUZZ_EXAMPLES under make fuzz,
    a twentieth of `full` (at least 2) under make test."""
    if FUZZ_EXAMPLES:
        return FUZZ_EXAMPLES
    return full if THOROUGH else max(full // QUICK_SHARE, 2)


NASTY = [
    "[",
    "]",
    "[/]",
    "[link=https://example.com]",
    ":smile:",
    "\x1b[31m",
    "\x1b]8;;x\x07",
    "\x07",
    "\x00",
    "\r",
    "\r\n",
    "\n",
    "\n\n",
    "\t",
    "\x7f",
    "\x9b",
    "\u2028",
    "\u202e",
    "\ufeff",
    "\ufffe",
    "=",
    "+",
    "-",
    "@",
    "＝",
    "#N/A",
    "|",
    "*",
    "_",
    "`",
    "```",
    "~~~",
    "===",
    "---",
    "# ",
    "## ",
    "###### ",
    "\n##",
    "> ",
    "1. ",
    "<",
    ">",
    "&amp;",
    "&#x3C;",
    "<script>",
    "{{ 7*7 }}",
    "{%",
    "::error::",
    "::warning file=a::",
    "##[add-mask]",
    "%0A",
    "\\",
    '"',
    "'",
    "　",
    "令和",
    "年",
    "（木）",
    "様",
]
PRINTABLE_NASTY = [s for s in NASTY if s.isprintable() or s == "　"]
printable = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Cf", "Zl", "Zp", "Co", "Cn")), max_size=8)
# Mostly text that check accepts (so that the output commands run), sometimes text it must refuse.
accepted_text = st.lists(st.one_of(st.sampled_from(PRINTABLE_NASTY), printable, st.just("\n")), max_size=8).map("".join)
any_text = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=8)), max_size=8).map("".join)
text = st.one_of(*[accepted_text] * 5, any_text)

_WEEKDAYS = "月火水木金土日"
_KANJI = "〇一二三四五六七八九"


def _kanji(number: int) -> str:
    tens, ones = divmod(number, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else _KANJI[tens] + "十")) + ("" if ones == 0 and tens else _KANJI[ones])


def _written(day: Any, style: int) -> str:
    """A real day of 令和7年度上半期 in one of the ways people write it."""
    reiwa = day.year - 2018
    weekday = _WEEKDAYS[day.weekday()]
    return [
        f"R{reiwa}.{day.month}.{day.day}",
        f"令和{reiwa}年{day.month}月{day.day}日",
        day.isoformat(),
        f"令和{reiwa}年{day.month}月{day.day}日（{weekday}）",
        f"令和{_kanji(reiwa)}年{_kanji(day.month)}月{_kanji(day.day)}日",
        f"令和{reiwa}年{day.month}月{day.day}日午後3時頃",
        f"令和{reiwa}年{day.month}月{day.day}日から同月{min(day.day + 1, 28)}日までの間",
        f"令和{reiwa}年{day.month}月",
        f"ｒ{reiwa}．{day.month}．{day.day}",
    ][style]


real_day = st.builds(_written, st.dates(date(2025, 4, 1), date(2025, 9, 27)), st.integers(0, 8))
any_date = st.one_of(
    st.text(max_size=30),
    st.from_regex(
        r"(令和|平成|昭和|明治|R|H|S|M|)[0-9元一二三十〇]{1,4}[年./-][0-9一二三十]{1,3}[月./-][0-9一二三十]{1,3}日?(（[月火水木金土日]）)?",
        fullmatch=True,
    ),
    st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True),
)
date_text = st.one_of(*[real_day] * 5, any_date)

# Where a text or a date can go in a case, and what a field's parent needs to exist.
