"""The check of a whole casebook: its case files (read, then every rule) and its own templates.

`reading` knows cases and `documents` knows templates; this is the one place that puts both together,
so that the reading layer never reaches up into the documents.

It is also where a command meets the reader: the reader, the rules and the models are imported by the functions that
read files, not with this module, since a check the memo answers needs none of them (they are most of its start-up).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from casebook.checking.memo import answer_before_config, remembered_check
from casebook.documents.templates import template_findings
from casebook.reading.findings import CheckResult

if TYPE_CHECKING:
    from casebook.settings.config import Casebook

_REMEMBERED = {"keep", "today", "progress", "jobs", "cache"}  # the options of a check the memos of the last one can answer


def check_remembered(start: Path) -> tuple[Path, CheckResult] | None:
    """`check` of the whole casebook that holds `start` as the memo of the last one answers it, before the config is
    read (casebook.checking.memo.answer_before_config), with its casebook.yaml; None: open the casebook and check it."""
    answered = answer_before_config(start)
    if answered is not None:
        answered[1].findings.extend(template_findings(answered[0].parent))
    return answered


def check_casebook(book: Casebook, paths: list[Path] | None = None, **options: Any) -> CheckResult:
    """Every finding of the casebook (or of the given paths, then without the templates)."""
    from casebook.checking.facts_memo import remembered_facts
    from casebook.queries.facts import facts
    from casebook.reading.loader import whole_case
    from casebook.reading.run import check

    if paths:
        return check(book, paths, **options)
    keep = options.get("keep", whole_case)
    if keep is None and options.keys() <= _REMEMBERED:  # nothing kept: the memo may answer
        options.pop("keep")
        result = remembered_check(book, **options)
    elif keep is facts and options.keys() <= {*_REMEMBERED, "trim"}:  # the facts: the facts memo may answer
        options.pop("keep")
        result = remembered_facts(book, **options)
    else:
        result = check(book, None, **options)
    result.findings.extend(template_findings(book.root))  # the whole casebook: its own templates are part of what the commands use
    return result


STDIN = Path("-")  # the name of a case read from standard input when the editor gives none


def check_stream(book: Casebook, stream: BinaryIO | None = None, name: Path | None = None, today: date | None = None) -> CheckResult:
    """Every finding of a case file's bytes read from `stream` (stdin), as if they were the file `name`.

    An editor checks the buffer it has not saved: `name` (its path) places the case in its casebook and
    folder, so filename-id and modeline judge it as `check` would judge the saved file. Without a name
    the file name is not judged.
    """
    from casebook.domain.jpdate import japan_today
    from casebook.reading.loader import MAX_FILE_BYTES, check_bytes

    raw = (stream or sys.stdin.buffer).read(MAX_FILE_BYTES + 1)
    result = check_bytes(name or STDIN, raw, book, today or japan_today(), keep=None)
    usable = int(result.case_id is not None and not any(f.severity == "error" for f in result.findings))
    return CheckResult(1, result.findings, [], [], usable)
