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
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from casebook.config import Config
from casebook.enums import PublicationMode
from casebook.model import Case
from casebook.ppc import assess


@dataclass(frozen=True, slots=True)
class Facts:
    id: str
    sort_key: tuple[Any, ...]  # 発生日 order, then id
    basis: date | None  # the day that places the case in a period (config.period_basis)
    is_draft: bool
    is_public: bool  # a publication decision other than 非公表: the case gets a report row
    non_public: bool
    individually_published: bool
    ppc_required: bool
    unit_kind: str  # "" when not written
    department: str
    category: str
    medium: str
    persons_actual: int | None  # None: not written, or 不明
    persons_total: int | None  # None: the same as persons_actual, or 不明
    # The rows' text, kept encoded (marshal) until a row is written: 10^5 cases as objects take
    # twice the memory, and most commands write few of the rows they could.
    list_blob: bytes  # the row of `list`, in listing.COLUMNS order
    report_blob: bytes | None  # the row of the report without its number; None for a case without a row

    @property
    def list_cells(self) -> tuple[str, ...]:
        return tuple(marshal.loads(self.list_blob))

    @property
    def report_cells(self) -> tuple[str, ...] | None:
        return tuple(marshal.loads(self.report_blob)) if self.report_blob is not None else None

    @property
    def row(self) -> dict[str, str]:
        from casebook.documents.listing import COLUMNS

        return dict(zip(COLUMNS, self.list_cells, strict=True))

    def record(self) -> tuple[Any, ...]:
        """Plain data (no dates, no classes) for the cache (marshal) and for sending between processes."""
        values = [getattr(self, name) for name in _NAMES]
        values[2] = self.basis.toordinal() if self.basis else None
        return tuple(values)

    @classmethod
    def from_record(cls, record: tuple[Any, ...]) -> Facts:
        values = list(record)
        if len(values) != len(_NAMES) or not isinstance(values[14], bytes):
            raise ValueError("a record of another shape")
        values[2] = date.fromordinal(values[2]) if values[2] is not None else None
        for index in _REPEATED:
            values[index] = sys.intern(values[index])
        return cls(*values)


_NAMES = tuple(item.name for item in fields(Facts))
_REPEATED = tuple(_NAMES.index(name) for name in ("unit_kind", "department", "category", "medium"))  # a few values, 10^5 times


def facts(case: Case, config: Config) -> Facts:
    from casebook.documents.listing import list_cells
    from casebook.documents.report import row_cells

    persons = case.persons
    actual = persons.actual if persons is not None and isinstance(persons.actual, int) else None
    total = persons.total if persons is not None and isinstance(persons.total, int) else None
    mode = case.publication.mode if case.publication is not None else None
    required = assess(case, config).required
    return Facts(
        id=case.id,
        sort_key=case.sort_key,
        basis=case.basis_date(str(config.period_basis)),
        is_draft=case.is_draft,
        is_public=case.is_public,
        non_public=mode == PublicationMode.NON_PUBLIC,
        individually_published=mode == PublicationMode.INDIVIDUAL,
        ppc_required=required,
        unit_kind=str(case.unit_kind or ""),
        department=case.department or "",
        category=str(case.category or ""),
        medium=str(case.medium or ""),
        persons_actual=actual,
        persons_total=total,
        list_blob=marshal.dumps(list_cells(case, config, required)),
        report_blob=marshal.dumps(row_cells(case)) if case.is_public else None,
    )


def facts_record(case: Case, config: Config) -> tuple[Any, ...]:
    """The Facts of a case as plain data: what a worker sends back (a tuple pickles far faster than a class)."""
    return facts(case, config).record()


def trimmed(report: Callable[[Facts], bool] | None = None, listed: Callable[[Facts], bool] | None = None) -> Callable[[Facts], Facts]:
    """What a command keeps of the cases' rows: the report row where `report` says, the list row where `listed` says.

    10^5 cases' rows take more memory than a command may use, and a command writes few of them.
    """

    def trim(case: Facts) -> Facts:
        report_blob = case.report_blob if report is not None and report(case) else None
        list_blob = case.list_blob if listed is not None and listed(case) else b""
        if report_blob is case.report_blob and list_blob is case.list_blob:
            return case
        values = [getattr(case, name) for name in _NAMES[:-2]]  # dataclasses.replace costs three times as much
        values += [list_blob, report_blob]
        return Facts(*values)

    return trim
