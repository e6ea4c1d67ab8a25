"""What lies outside a case file's values, as libyaml (and so `check`) reads it: the tabs between tokens, the
comments, the directives (%YAML) and the document markers (--- and ...). fmt and set use it to take what check
takes and to keep, or name, all that is not data."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator


def _scalar_spans(text: str) -> list[tuple[int, int]] | None:
    """Where the values are (start and end offsets of every scalar token), as libyaml reads them (as check does)."""
    import yaml

    spans: list[tuple[int, int]] = []
    try:
        for token in yaml.scan(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(token, yaml.ScalarToken):
                spans.append((token.start_mark.index, token.end_mark.index))
    except yaml.YAMLError:
        return None
    return spans


def _outside_values(text: str, char: str, spans: list[tuple[int, int]]) -> Iterator[int]:
    """Offsets of `char` that are in no value (in the space between tokens, or in a comment)."""
    starts = [start for start, _ in spans]
    at = text.find(char)
    while at >= 0:
        inside = bisect.bisect_right(starts, at) - 1
        start = spans[inside][0] if inside >= 0 else 0
        header = inside >= 0 and text[start] in "|>" and "\n" not in text[start:at]  # `|-` and what follows on its line
        if inside < 0 or at >= spans[inside][1] or header:
            yield at
        at = text.find(char, at + 1)


def untabbed(text: str) -> str:
    """The text with every tab that only separates tokens (`status: 確定\t# c`, a tab after a plain value) made a space.

    YAML allows a tab there and `check` (libyaml) accepts it; ruamel.yaml refuses it. A tab in a value (quoted, block)
    or in a comment is left as it is, and every position stays where it was (one character for one)."""
    spans = _scalar_spans(text) if "\t" in text else None
    if spans is None:
        return text  # no tab, or ruamel.yaml will say what is wrong
    chars = list(text)
    for at in _outside_values(text, "\t", spans):
        if "#" not in text[text.rfind("\n", 0, at) + 1 : at]:
            chars[at] = " "
    return "".join(chars)


_MARKERS = re.compile(r"^(?:%.*|---|\.\.\.)(?=\s|$)")


def kept_marks(text: str) -> list[tuple[int, str]]:
    """(line, text) of every comment, directive (%YAML) and document marker (--- and ...) of a file: what a
    rewrite must keep, since none of them is data."""
    spans = _scalar_spans(text) or []
    marks = []
    for at in _outside_values(text, "#", spans):
        if at == 0 or text[at - 1] in " \t\n":
            end = text.find("\n", at)
            marks.append((text.count("\n", 0, at) + 1, text[at : end if end >= 0 else len(text)].rstrip()))
    for number, line in enumerate(text.split("\n"), 1):
        found = _MARKERS.match(line)
        if found is not None:
            marks.append((number, found.group(0).rstrip()))
    return marks
