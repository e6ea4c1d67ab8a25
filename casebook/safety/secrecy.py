"""Whether a case is non-public (非公表): then no message, output or cache-served result may quote its text.

A file says so before its YAML is read when 非公表 is written anywhere but in a comment, and once read when
any value says 非公表 (a misspelt `publicaton:` key must not lift the withholding). These run on every file,
so each looks only where 非公表 can be.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any


def is_secret(data: Any) -> bool:
    """Whether case data (as read, before validation) says the case is non-public."""
    publication = data.get("publication") if isinstance(data, dict) else None
    mode = publication.get("mode") if isinstance(publication, dict) else None
    return isinstance(mode, str) and unicodedata.normalize("NFKC", mode).strip() == "非公表"


NON_PUBLIC = "非公表"
# The characters whose NFKC form holds 非 (the ideograph and the Kangxi radical ⾮; tests/test_check.py asks
# unicodedata again): a string without one cannot say 非公表 however it is normalised, and needs no normalising.
NON_MARKS = ("\u975e", "\u2fae")
# Line breaks other than \n that str.splitlines also splits at.
_OTHER_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _comment_free(line: str) -> str:
    """A line without its comment (a line with quotes keeps everything: a # inside quotes is text)."""
    if line.lstrip().startswith("#"):
        return ""
    cut = line.find(" #")
    return line if cut < 0 or "'" in line[:cut] or '"' in line[:cut] else line[:cut]


def text_mentions_non_public(text: str) -> bool:
    """Whether 非公表 is written anywhere but in a comment (the templates' comments explain 非公表 to every case)."""
    if NON_PUBLIC not in text:
        return False
    if _OTHER_BREAKS.search(text):
        return any(NON_PUBLIC in _comment_free(line) for line in text.splitlines())
    at = text.find(NON_PUBLIC)
    while at >= 0:  # only the lines that hold it
        start, end = text.rfind("\n", 0, at) + 1, text.find("\n", at)
        end = len(text) if end < 0 else end
        if NON_PUBLIC in _comment_free(text[start:end]):
            return True
        at = text.find(NON_PUBLIC, end)
    return False


def _says_non_public(value: str) -> bool:
    return (NON_MARKS[0] in value or NON_MARKS[1] in value) and NON_PUBLIC in unicodedata.normalize("NFKC", value)


def _mentions(value: Any) -> bool:
    """Whether a string anywhere in `value` (keys included) says 非公表 once normalised."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _says_non_public(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def data_mentions_non_public(data: Any) -> bool:
    """Whether a value of the case says 非公表, wherever it is: a misspelt `publicaton:` key must not lift the
    withholding. The reasons of `withheld` (非公表 means a fact left out of public documents) do not count."""
    if not isinstance(data, dict):
        return _mentions(data)
    return is_secret(data) or _mentions([item for key, value in data.items() if key != "withheld" for item in (key, value)])


def marked_say_non_public(data: Any, marked: list[tuple[Any, str]]) -> bool:
    """`data_mentions_non_public` for data whose strings holding one of NON_MARKS (keys included) are `marked`,
    each with the top-level key it is under: the loader's YAML builder finds them as it makes the data."""
    if not marked:
        return False
    if not isinstance(data, dict):
        return any(_says_non_public(value) for _, value in marked)
    return is_secret(data) or any(_says_non_public(value) for top, value in marked if top != "withheld")


def secret_case(text: str, data: Any = None, parsed: bool = False) -> bool:
    """Whether messages about a case file must quote none of its text: from its data once parsed, else from its text."""
    if not parsed:
        return text_mentions_non_public(text)
    if "\\" not in text and NON_MARKS[0] not in text and NON_MARKS[1] not in text:
        return False  # every value is a part of the text: only an escape ("\u975e") makes a character the text has not
    return data_mentions_non_public(data)
