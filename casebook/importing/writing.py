"""A draft as the text of its case file: the `$schema` modeline `new` writes, the data through ruamel.yaml, then
the canonical form `fmt` writes (casebook.editing.formatting, which reads the result back as `check` does).
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from casebook.editing import canonical, roundtrip
from casebook.importing.building import Draft
from casebook.reading.findings import Finding
from casebook.safety.inert import visible
from casebook.settings.config import Casebook

_FLOW = frozenset({"persons", "secondary_damage", "publication"})  # short mappings on one line, as the sample cases
_DATES = frozenset({"occurred", "discovered", "reported", "date"})


def _scalar(key: str, value: Any) -> Any:
    """A 2025-04-25 date as a date, which ruamel.yaml writes unquoted (as `fmt` writes one)."""
    if key in _DATES and isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _node(value: Any, flow: bool = False, key: str = "") -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, dict):
        mapping = CommentedMap()
        for name, item in value.items():
            mapping[name] = _node(item, flow or name == "items", name)
        if flow:
            mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list):
        sequence = CommentedSeq(_node(item) for item in value)
        if flow:
            sequence.fa.set_flow_style()
        return sequence
    return _scalar(key, value)


def draft_text(draft: Draft, case_id: str, path: Path, book: Casebook, source: str) -> str:
    """The file as ruamel.yaml writes the draft (not yet canonical): modeline, where it came from, the data."""
    from ruamel.yaml.comments import CommentedMap

    root = CommentedMap()
    for key, value in {"id": case_id, **draft.ordered()}.items():
        root[key] = _node(value, key in _FLOW, key)
    for place, comment in draft.comments.items():
        holder = root
        for key in place[:-1]:
            holder = holder[key]
        key = place[-1]
        written = roundtrip.dump({key: holder[key]}).split("\n", 1)[0]
        column = 2 * (len(place) - 1) + len(written) + 2  # two spaces after the value, as yamllint wants
        holder.yaml_add_eol_comment("# " + visible(comment, single_line=True), key, column=column)
    head = f"{canonical.modeline(path, book.root)}\n# {visible(source, single_line=True)}\n"
    return head + roundtrip.dump(root)


def canonical_bytes(path: Path, text: str, book: Casebook, today: datetime.date) -> tuple[bytes, list[Finding]]:
    """The text in the form `fmt` writes, and what `check` finds in it (an error means it is not written)."""
    from casebook.editing.formatting import formatted
    from casebook.reading.loader import check_bytes

    raw = text.encode("utf-8")
    new, outcome = formatted(path, raw, book, today)
    if outcome.problems:
        return raw, outcome.problems
    final = new if new is not None else raw
    return final, check_bytes(path, final, book, today, keep=None).findings
