"""What `list`, `report` and `stats` need of a case: a small record made where the case is read.

A worker that reads a case file makes its `Facts` (a few numbers and the cells of its
rows) and sends that back instead of the whole model; the cache keeps the same record,
so a warm `report` reads no case file. This is the boundary between reading and the
documents: `build_report`, `build_stats` and `listing.select` take lists of Facts.

A non-public case keeps no report cells: it is counted, and its text never reaches a report.
"""

from __future__ import annotations

import marshal
import sys
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, NamedTuple

from casebook.domain.case import Case
from casebook.domain.cells import Cell, row_parts
from casebook.domain.ppc import assess
from casebook.domain.vocabularies import PublicationMode
from casebook.queries.records import list_row
from casebook.settings.config import Config


class Facts(NamedTuple):
    """A named tuple: 10^5 of them are made by every warm command, and a frozen dataclass of 18 fields costs
    several times as much to make (and again to trim)."""

    id: str
    sort_key: tuple[Any, ...]  # 発生日 order, then id
    basis: date | None  # the day that places the case in a period (config.period_basis)
    is_draft: bool
    is_public: bool  # a publication decision other than 非公表: the case gets a report row
    non_public: bool
    individually_published: bool
    undecided: bool  # no publication decision yet (a draft): counted, and no row
    ppc_required: bool
    ppc_assessed: bool  # 報告対象の判定 (flags) written, or required whatever they say: ppc_required rests on something filled in
    unit_kind: str  # "" when not written
    department: str
    category: str
    medium: str
    persons_actual: int | None  # None: not written, or 不明
    persons_total: int | None  # None: the same as persons_actual, or 不明
    # The rows' text, kept encoded (marshal) until a row is written: 10^5 cases as objects take
    # twice the memory, and most commands write few of the rows they could.
    list_blob: bytes  # the row of `list`: (its cells in listing.COLUMNS order, its typed values in listing.RECORD_KEYS order)
    report_blob: bytes | None  # the report row's cells (casebook.yaml's columns; NO left to the report) as `report_row`; None without a row

    @property
    def list_cells(self) -> tuple[str, ...]:
        return tuple(marshal.loads(self.list_blob)[0])

    @property
    def record(self) -> dict[str, str | int | bool | None]:
        """The typed row of `list --format json/csv` (listing.RECORD_KEYS)."""
        from casebook.queries.records import RECORD_KEYS

        return dict(zip(RECORD_KEYS, marshal.loads(self.list_blob)[1], strict=True))

    @property
    def report_cells(self) -> tuple[Cell, ...] | None:
        if self.report_blob is None:
            return None
        return tuple(map(Cell, *report_row(self.report_blob)))

    @property
    def row(self) -> dict[str, str]:
        from casebook.queries.records import COLUMNS

        return dict(zip(COLUMNS, self.list_cells, strict=True))

    def as_record(self) -> tuple[Any, ...]:
        """Plain data (no dates, no classes) for the cache (marshal) and for sending between processes."""
        return (*self[:2], self.basis.toordinal() if self.basis else None, *self[3:])

    @classmethod
    def from_record(cls, record: tuple[Any, ...]) -> Facts:
        values = list(record)
        if len(values) != len(_NAMES) or not isinstance(values[_LIST_BLOB], bytes):
            raise ValueError("a record of another shape")
        values[2] = date.fromordinal(values[2]) if values[2] is not None else None
        for index in _REPEATED:
            values[index] = sys.intern(values[index])
        return cls._make(values)


_NAMES = Facts._fields
_LIST_BLOB = _NAMES.index("list_blob")
_REPEATED = tuple(_NAMES.index(name) for name in ("unit_kind", "department", "category", "medium"))  # a few values, 10^5 times


def facts(case: Case, config: Config) -> Facts:
    return Facts.from_record(facts_record(case, config))


def facts_record(case: Case, config: Config) -> tuple[Any, ...]:
    """The Facts of a case as plain data (Facts.as_record): what a worker sends back and the cache keeps, made
    without a Facts in between."""
    persons = case.persons
    actual = persons.actual if persons is not None and isinstance(persons.actual, int) else None
    total = persons.total if persons is not None and isinstance(persons.total, int) else None
    publication = case.publication
    mode = publication.mode if publication is not None else None
    public = case.is_public
    required = assess(case, config).required
    basis = case.basis_date(str(config.period_basis))
    return (  # in the order of Facts' fields
        case.id,
        case.sort_key,
        basis.toordinal() if basis else None,
        case.is_draft,
        public,
        mode == PublicationMode.NON_PUBLIC,
        mode == PublicationMode.INDIVIDUAL,
        mode is None,
        required,
        required or "flags" in case.model_fields_set,
        str(case.unit_kind or ""),
        case.department or "",
        str(case.category or ""),
        str(case.medium or ""),
        actual,
        total,
        marshal.dumps(list_row(case, required)),
        _report_blob(case, config) if public else None,
    )


def _report_blob(case: Case, config: Config) -> bytes:
    return marshal.dumps(row_parts(0, case, config.report.columns, config.withheld_text))  # NO is the report's to give


ReportRow = tuple[tuple[str, ...], tuple[int | None, ...], tuple[str, ...], tuple[bool, ...]]


def report_row(blob: bytes) -> ReportRow:
    """A report row's cells by part: their texts, numbers, units and signs (the texts alone are what csv and text need)."""
    row: ReportRow = marshal.loads(blob)
    return row


class Trim:
    """What a command keeps of the cases' rows: the report row where `report` says, the list row where `listed` says.

    10^5 cases' rows take more memory than a command may use, and a command writes few of them; the cache keeps
    the rows apart from the rest (`split_record`) and loads them only for the cases a command keeps them of.
    """

    def __init__(self, report: Callable[[Facts], bool] | None = None, listed: Callable[[Facts], bool] | None = None) -> None:
        self.report, self.listed = report, listed

    def wants(self, case: Facts) -> tuple[bool, bool]:
        """Whether the command keeps the list row and the report row of a case (judged on its facts without them)."""
        return self.listed is not None and self.listed(case), case.is_public and self.report is not None and self.report(case)

    def __call__(self, case: Facts) -> Facts:
        report_blob = case.report_blob if self.report is not None and self.report(case) else None
        list_blob = case.list_blob if self.listed is not None and self.listed(case) else b""
        if report_blob is case.report_blob and list_blob is case.list_blob:
            return case
        return with_rows(case, list_blob, report_blob)


def trimmed(report: Callable[[Facts], bool] | None = None, listed: Callable[[Facts], bool] | None = None) -> Trim:
    return Trim(report, listed)


def with_rows(case: Facts, list_blob: bytes, report_blob: bytes | None) -> Facts:
    return Facts._make((*case[:-2], list_blob, report_blob))


def split_record(record: tuple[Any, ...]) -> tuple[tuple[Any, ...], bytes, bytes | None]:
    """A facts record as the cache keeps it: the facts without the rows, the list row, the report row (or None)."""
    return record[:-2], record[-2], record[-1]


def from_head(head: tuple[Any, ...]) -> Facts:
    """The Facts of a record's first part (`split_record`), without rows (`with_rows` adds them)."""
    return from_heads((head,))[0]


def from_heads(heads: Iterable[Any]) -> list[Facts]:
    """from_head of each of many records' first parts, each day made once (10^5 cases fall on a few thousand days)."""
    days: dict[Any, date | None] = {None: None}
    size, basis, make, intern = len(_NAMES) - 2, _NAMES.index("basis"), Facts._make, sys.intern
    made = []
    for head in heads:
        if head.__class__ is not tuple or len(head) != size:
            raise ValueError("a record of another shape")
        ordinal = head[basis]
        if ordinal in days:  # None (a case no period places) among them
            day = days[ordinal]
        else:
            day = days[ordinal] = date.fromordinal(ordinal)
        values = [*head, b"", None]
        values[basis] = day
        for index in _REPEATED:
            values[index] = intern(values[index])
        made.append(make(values))
    return made
