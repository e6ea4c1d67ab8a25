"""`casebook fmt`: every case file in its canonical form, comments and blank lines kept.

A file is surveyed first (casebook.editing.survey); only a file in which something would change is
rewritten, with ruamel.yaml: migrations, keys in the schema's order, canonical values. The new text is
then read back exactly as `check` reads it, and written only when

- `check` finds no error in it (fmt never writes a file check would reject),
- it says the same facts as the old one (the same dates, values, numbers and texts, field by field),
- surveying it again finds nothing more to change (fmt twice is fmt once).
"""

from __future__ import annotations

import datetime
import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from casebook.domain.case import Case
from casebook.domain.jpdate import japan_today
from casebook.domain.vocabularies import DateStyle
from casebook.editing import canonical, marks, migrations, roundtrip
from casebook.editing.fields import Kind, Spec, case_spec
from casebook.editing.survey import Survey, survey
from casebook.errors import CasebookError
from casebook.reading import yaml12
from casebook.reading.findings import Finding, display_path
from casebook.reading.messages import field_label
from casebook.safety.quoting import quote, withholding
from casebook.settings.config import Casebook

RULE = "fmt"


class NotFormatted(CasebookError):
    """A file fmt will not rewrite: its result would not pass check, or would say something else."""

    exit_code = 1

    def __init__(self, message: str, findings: list[Finding] | None = None) -> None:
        super().__init__(message)
        self.findings = findings or []


# --- the rewrite ---


def rewrite(path: Path, survey_of: Survey, book: Casebook) -> str:
    """The canonical text of a surveyed file (not yet checked)."""
    text = survey_of.text.replace("\r\n", "\n").replace("\r", "\n")
    text = _with_modeline(text, path, book.root)
    edit = roundtrip.Edit(text, roundtrip.layout_of(survey_of.node))
    if isinstance(edit.root, dict):
        migrations.migrate(edit.root, place_version)
        canonicalise(edit.root, case_spec(), book.config.date_style)
    out = canonical.strip_line_ends(edit.text())
    return out.rstrip("\n") + "\n"


def _with_modeline(text: str, path: Path, root: Path) -> str:
    wanted = canonical.modeline(path, root)
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if line.strip() and not line.lstrip().startswith("#"):
            break
        if canonical.MODELINE.match(line.rstrip(" \t")):
            lines[index] = wanted
            return "\n".join(lines)
    return wanted + "\n" + text


def place_version(data: Any, version: int) -> None:
    """Write the form's version into a round-trip file, at its place in the schema's order."""
    if migrations.KEY in data:
        roundtrip.replace(data, migrations.KEY, version)
    else:
        insert_in_order(data, migrations.KEY, version, case_spec())


def insert_in_order(mapping: Any, key: str, value: Any, spec: Spec) -> None:
    """Add a key to a round-trip mapping after the keys the schema puts before it."""
    order = spec.order(key)
    position = sum(1 for existing in mapping if spec.order(existing) <= order)
    roundtrip.insert(mapping, position, key, value)


def canonicalise(data: Any, spec: Spec, style: DateStyle) -> None:
    """Put a round-trip tree in canonical form in place: keys in schema order, every value canonically spelled."""
    if isinstance(data, dict):
        if spec.kind in (Kind.MAPPING, Kind.TEXT_ITEM):
            keys = list(data)
            wanted = sorted(keys, key=spec.order)
            if wanted != keys:
                roundtrip.reorder(data, wanted)
        flow = data.fa.flow_style() if hasattr(data, "fa") else False
        for key in list(data):
            child = spec.child(key) if spec.kind in (Kind.MAPPING, Kind.TEXT_ITEM) else spec
            new = canonical_value(data[key], child, style, bool(flow))
            if new is not data[key]:
                roundtrip.replace(data, key, new)
            canonicalise(data[key], child, style)
    elif isinstance(data, list):
        item_spec = spec.item if spec.kind is Kind.LIST and spec.item is not None else spec
        flow = data.fa.flow_style() if hasattr(data, "fa") else False
        for index, item in enumerate(data):
            new = canonical_value(item, item_spec, style, bool(flow))
            if new is not item:
                data[index] = new
            canonicalise(data[index], item_spec, style)


def canonical_value(value: Any, spec: Spec, style: DateStyle, flow: bool) -> Any:
    """The canonical form of one scalar (the value itself, the same object, when it is canonical already)."""
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    if roundtrip.is_null(value) or isinstance(value, (dict, list)):
        return value
    kind = spec.kind
    if kind in (Kind.DATE, Kind.PERIOD) and isinstance(value, (str, datetime.date)):
        written = value.isoformat() if isinstance(value, datetime.date) else str(value)
        new = canonical.date_text(written, kind is Kind.PERIOD, style)
        if isinstance(value, str) and new == value:
            return value
        return _date_scalar(new)
    if kind is Kind.ENUM and isinstance(value, str) and spec.enum is not None:
        new = canonical.enum_text(value, spec.enum)
        return value if new == value else new
    if kind is Kind.NUMBER and isinstance(value, str):
        number = canonical.number_value(value)
        return value if number == value else number
    if isinstance(value, str) and "\n" in value and not flow and not isinstance(value, FoldedScalarString):
        block = canonical.literal_text(value)
        if block is not None and not (isinstance(value, LiteralScalarString) and str(value) == block):
            return LiteralScalarString(block)
    return value


def _date_scalar(text: str) -> Any:
    """A date for ruamel.yaml to write unquoted: a 2025-04-25 text as a date (a string of that form would be quoted)."""
    try:
        return datetime.date.fromisoformat(text) if len(text) == 10 and text[4] == "-" else text
    except ValueError:
        return text


# --- what a file says, to compare before and after ---


def facts(value: Any, spec: Spec) -> Any:
    """The facts of plain data (as the fast loader reads it), with every spelling fmt may change made one."""
    if isinstance(value, dict):
        mapping = spec.kind in (Kind.MAPPING, Kind.TEXT_ITEM)
        return {key: facts(item, spec.child(key) if mapping else spec) for key, item in value.items()}
    if isinstance(value, list):
        item_spec = spec.item if spec.kind is Kind.LIST and spec.item is not None else spec
        return [facts(item, item_spec) for item in value]
    if not isinstance(value, str):
        return value
    if spec.kind in (Kind.DATE, Kind.PERIOD):
        return canonical.date_value(value, spec.kind is Kind.PERIOD)
    if spec.kind is Kind.ENUM and spec.enum is not None:
        return canonical.enum_text(value, spec.enum)
    if spec.kind is Kind.NUMBER:
        return canonical.number_value(value)
    return canonical.strip_line_ends(value).strip()


def _migrated(data: Any) -> Any:
    import copy

    data = copy.deepcopy(data)
    migrations.migrate(data)
    return data


# --- one file, and a casebook ---


@dataclass
class FileOutcome:
    shown: str
    changes: list[Finding] = field(default_factory=list)  # what fmt changes (or would change)
    problems: list[Finding] = field(default_factory=list)  # why a file is not (or could not be) formatted
    written: bool = False


def _finding(shown: str, line: int | None, column: int | None, message: str, loc: tuple[Any, ...] = ()) -> Finding:
    return Finding(shown, line, column, "error", RULE, message, field_label(Case, loc))


def _unreadable(shown: str, error: yaml12.YamlError) -> Finding:
    return Finding(shown, error.line, error.column, "error", "yaml", f"YAMLとして読めないため整形できません（{error.message}）")


def formatted(
    path: Path, raw: bytes, book: Casebook, today: datetime.date, *, check_only: bool = False
) -> tuple[bytes | None, FileOutcome]:
    """The canonical bytes of a case file (None when it is canonical already, or refused), and what changes.

    With check_only, only what would change (the survey): no rewrite, nothing verified.
    """
    shown = display_path(path, book.root)
    outcome = FileOutcome(shown)
    surveyed = survey(path, raw, book)
    if surveyed.problem is not None:
        outcome.problems.append(_unreadable(shown, surveyed.problem))
        return None, outcome
    outcome.changes = [_finding(shown, c.line, c.column, c.message, c.loc) for c in surveyed.changes]
    if check_only or not surveyed.changes:
        return None, outcome
    if not isinstance(surveyed.data, dict):
        outcome.problems.append(_finding(shown, 1, 1, "事案ファイルの最上位が「キー: 値」のマッピングでないため整形できません"))
        return None, outcome
    if surveyed.blocked:
        outcome.problems.extend(_finding(shown, c.line, c.column, c.message, c.loc) for c in surveyed.folded)
        return None, outcome
    try:
        text = rewrite(path, surveyed, book)
    except ruamel_error() as error:  # what check accepts and ruamel.yaml does not: named, the casebook's other files go on
        mark = getattr(error, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        outcome.problems.append(_finding(shown, line, column, "この書き方は fmt では書き換えられません（この行を書き直してください）"))
        return None, outcome
    lost = lost_marks(surveyed.text, text)
    if lost:
        with withholding(surveyed.secret):
            for line, mark in lost:
                outcome.problems.append(
                    _finding(shown, line, 1, f"整形すると{quote(mark)}が消えるため書き換えません（手で整えてください）")
                )
        return None, outcome
    new = text.encode("utf-8")
    outcome.problems.extend(_verify(path, surveyed, new, book, today))
    return (None if outcome.problems else new), outcome


def ruamel_error() -> type[Exception]:
    """The error ruamel.yaml raises for what it cannot read (imported when needed: fmt rarely meets one)."""
    from ruamel.yaml.error import YAMLError

    return YAMLError


def lost_marks(before: str, after: str) -> list[tuple[int, str]]:
    """The comments, directives and document markers of a file that its rewrite would drop (the modeline fmt itself
    writes aside)."""
    kept = Counter(mark for _, mark in marks.kept_marks(after))
    lost = []
    for line, mark in marks.kept_marks(before.replace("\r\n", "\n").replace("\r", "\n")):
        if kept[mark] > 0:
            kept[mark] -= 1
        elif not canonical.MODELINE.match(mark):
            lost.append((line, mark))
    return lost


def _verify(path: Path, before: Survey, new: bytes, book: Casebook, today: datetime.date) -> list[Finding]:
    from casebook.reading.loader import check_bytes

    shown = display_path(path, book.root)
    result = check_bytes(path, new, book, today, keep=None)
    errors = [f for f in result.findings if f.severity == "error"]
    if errors:
        note = _finding(shown, None, None, "整形した結果が check を通らないため書き換えません（先に check のエラーを直してください）")
        return [note, *errors]
    after = survey(path, new, book)
    with withholding(before.secret or after.secret):
        if after.changes or after.problem is not None:
            return [
                _finding(shown, None, None, "整形を2回続けると結果が変わるため書き換えません（casebook の不具合です。報告してください）")
            ]
        if facts(_migrated(before.data), case_spec()) != facts(after.data, case_spec()):
            return [
                _finding(
                    shown,
                    None,
                    None,
                    "整形で事実（日付・値・文）が変わってしまうため書き換えません（casebook の不具合です。報告してください）",
                )
            ]
    return []


@dataclass
class FmtResult:
    files: int
    outcomes: list[FileOutcome]

    @property
    def changed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.changes]

    @property
    def problems(self) -> list[Finding]:
        return [p for o in self.outcomes for p in o.problems]


def _format_one(path: Path, book: Casebook, today: datetime.date, check_only: bool) -> FileOutcome:
    from casebook.reading.loader import read_bytes
    from casebook.safety.atomic import write_bytes

    shown = display_path(path, book.root)
    try:
        raw = read_bytes(path)
    except yaml12.YamlError as unreadable:
        return FileOutcome(shown, problems=[Finding(shown, unreadable.line, unreadable.column, "error", "file", unreadable.message)])
    new, outcome = formatted(path, raw, book, today, check_only=check_only)
    if new is None:
        return outcome
    try:
        changed_meanwhile = read_bytes(path) != raw
    except yaml12.YamlError as unreadable:
        outcome.problems.append(Finding(shown, None, None, "error", "file", unreadable.message))
        return outcome
    if changed_meanwhile:
        outcome.problems.append(_finding(shown, None, None, "整形の間にファイルが変更されたため書き換えません（もう一度実行してください）"))
        return outcome
    write_bytes(path, new, force=True)
    outcome.written = True
    return outcome


PARALLEL_THRESHOLD = 1000
CHUNK = 256


def _each(work: Callable[[Path], FileOutcome], files: list[Path], jobs: int) -> Iterator[FileOutcome]:
    if jobs <= 1 or len(files) < PARALLEL_THRESHOLD:
        yield from map(work, files)
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with multiprocessing.get_context(method).Pool(jobs) as pool:
        yield from pool.imap(work, files, chunksize=CHUNK)


def fmt(
    book: Casebook,
    paths: list[Path] | None = None,
    *,
    check_only: bool = False,
    jobs: int | None = None,
    today: datetime.date | None = None,
) -> FmtResult:
    """Format (or, with check_only, survey) every case file under `paths` (default: the casebook's cases folder).

    Files that are unreadable or that fmt refuses to rewrite are named in the outcomes' problems, never skipped.
    """
    from casebook.reading.discovery import cases_folder, discover

    found = discover(paths or [cases_folder(book)], book.root)
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    work = partial(_format_one, book=book, today=today or japan_today(), check_only=check_only)
    outcomes = [FileOutcome(f.path, problems=[f]) for f in found.problems]
    outcomes += list(_each(work, found.files, jobs))
    return FmtResult(len(found.names) + len(found.problems), outcomes)
