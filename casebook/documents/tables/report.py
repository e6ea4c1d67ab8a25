"""The semi-annual table 「保有個人情報の漏えい事案概要」 as the prefecture publishes it.

`build_report` turns the cases of a period into plain data (cells already worded
as the published table words them, in the columns casebook.yaml chooses); `tables.parts`
arranges it into sections, and the formats only draw that layout. Non-public cases are
counted and never reach a row.

It works on `Facts` (casebook.queries.facts), not on whole cases: a case's row is worded where the
case is read (`casebook.domain.cells`), and the rest here only counts, orders and numbers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, overload

from casebook.domain.cells import Cell
from casebook.domain.periods import Period
from casebook.domain.vocabularies import Category, UnitKind
from casebook.errors import CasebookError
from casebook.queries.facts import report_row
from casebook.settings.config import Config
from casebook.settings.placeholders import Wording, fill
from casebook.settings.report import Column, ReportField, ReportSettings

if TYPE_CHECKING:
    from casebook.queries.facts import Facts

UNCLASSIFIED = "未分類"
# A non-public case is counted in the breakdown under this heading, never under its own category or 所属: with
# few cases a reader could tell them from the public rows. Its people are left out of the public totals likewise.
NON_PUBLIC_GROUP = "非公表"


class ReportRefused(CasebookError):
    """Cases that keep the report from being right: drafts in the period, or cases with no basis date.

    The message names cases by id only: a draft or an undated case may be non-public.
    """

    exit_code = 1

    def __init__(self, reason: str, cases: list[Facts]) -> None:
        super().__init__(reason + "\n" + "\n".join(f"  {c.id}" for c in cases))
        self.cases = cases


class DraftsInPeriod(ReportRefused):
    def __init__(self, period: Period, drafts: list[Facts]) -> None:
        super().__init__(f"{period.label}に調査中の事案が{len(drafts)}件あります（確定するか --allow-draft）:", drafts)


class UndatedCases(ReportRefused):
    def __init__(self, basis: str, cases: list[Facts], allow_draft: bool) -> None:
        drafts_only = all(c.is_draft for c in cases) and not allow_draft
        anyway = "。調査中の事案を除いて作るなら --allow-draft" if drafts_only else ""
        super().__init__(
            f"{basis}のない事案が{len(cases)}件あり、どの期間に入るか決まりません（{basis}を記入してください。"
            f"期間は casebook.yaml の period_basis で振り分けます{anyway}）:",
            cases,
        )


@dataclass(frozen=True)
class Totals:
    """Counts of one period: the second table of the report."""

    cases: int
    non_public: int
    by_category_unit: dict[str, dict[str, int]]  # category → 所属 → count
    units: list[str]
    persons_actual: int
    persons_total: int
    persons_unknown: int
    ppc_required: int
    individually_published: int
    undecided: int = 0  # drafts (--allow-draft) with no publication decision yet: counted, and no row
    ppc_unassessed: int = 0  # cases whose 報告対象の判定 nobody filled in: ppc_required is no fact while there are any


def totals(cases: list[Facts], config: Config) -> Totals:
    matrix: dict[str, Counter[str]] = {}
    units_seen: set[str] = set()
    actual = total = unknown = 0
    for case in cases:
        category = NON_PUBLIC_GROUP if case.non_public else case.category or UNCLASSIFIED
        unit = NON_PUBLIC_GROUP if case.non_public else case.unit_kind or UNCLASSIFIED
        matrix.setdefault(category, Counter())[unit] += 1
        units_seen.add(unit)
        if case.non_public:
            continue
        if case.persons_actual is None:
            unknown += 1
        else:
            actual += case.persons_actual
            total += case.persons_total if case.persons_total is not None else case.persons_actual
    order = [m.value for m in Category] + [UNCLASSIFIED, NON_PUBLIC_GROUP]
    unit_order = [m.value for m in UnitKind] + [UNCLASSIFIED, NON_PUBLIC_GROUP]
    return Totals(
        cases=len(cases),
        non_public=sum(1 for c in cases if c.non_public),
        by_category_unit={k: dict(matrix[k]) for k in order if k in matrix},
        units=[u for u in unit_order if u in units_seen],
        persons_actual=actual,
        persons_total=total,
        persons_unknown=unknown,
        ppc_required=sum(1 for c in cases if c.ppc_required),
        individually_published=sum(1 for c in cases if c.individually_published),
        undecided=sum(1 for c in cases if c.undecided),
        ppc_unassessed=sum(1 for c in cases if not c.ppc_assessed),
    )


@dataclass(frozen=True)
class Report:
    organisation: str
    period: Period
    basis: str
    columns: list[Column]
    rows: CaseRows
    current: Totals  # every case of the period, drafts (--allow-draft) included: 「1 事案件数」
    settled: Totals  # the settled cases of the period: the breakdown tables count no draft
    previous: Totals  # the settled cases (no drafts) of the period before
    criteria: list[str]
    settings: ReportSettings
    drafts: int = 0  # a count: a draft may be non-public, so no ids here
    undated_drafts: tuple[str, ...] = ()  # ids of drafts no period can hold, left out (only with --allow-draft)
    previous_drafts: int = 0  # drafts of the period before, left out of its column

    def fill(self, template: str) -> str:
        """A heading, title or footnote of casebook.yaml with its placeholders ({期間}…) filled for this report."""
        return fill(template, Wording(self.organisation, self.period, self.basis))

    @property
    def heading(self) -> str:
        if self.settings.heading is not None:
            return self.fill(self.settings.heading)
        owner = f"{self.organisation}の" if self.organisation else ""
        return f"○{owner}保有個人情報の漏えい事案概要【{self.period.label}分】"

    @property
    def left_out_note(self) -> str:
        """What the report left out and why (named by id only: a draft may be non-public)."""
        ids = "、".join(self.undated_drafts)
        return f"casebook: {self.basis}のない調査中の事案{len(self.undated_drafts)}件は、期間が決まらないため含めていません: {ids}"

    def criteria_lines(self) -> list[str]:
        return [f"({number}){text}" for number, text in enumerate(self.criteria, 1)]

    def as_dict(self, headers: list[str], rows: list[list[Any]]) -> dict[str, Any]:
        """Everything public in the report, for the JSON output; the table as the layout draws it (NO a number)."""
        return {
            "heading": self.heading,
            "period": {
                "code": self.period.code,
                "label": self.period.label,
                "start": self.period.start.isoformat(),
                "end": self.period.end.isoformat(),
            },
            "basis": self.basis,
            "cases": self.current.cases,
            "non_public": self.current.non_public,
            "columns": headers,
            "rows": [dict(zip(headers, row, strict=True)) for row in rows],
            "totals": _totals_dict(self.current),
            "previous": {"period": self.period.previous().label, **_totals_dict(self.previous)},
            "non_public_criteria": self.criteria_lines(),
            "drafts": self.drafts,
            "undated_drafts_left_out": len(self.undated_drafts),
        }


def _totals_dict(value: Totals) -> dict[str, Any]:
    return {
        "cases": value.cases,
        "non_public": value.non_public,
        "by_category_unit": value.by_category_unit,
        "persons_actual": value.persons_actual,
        "persons_total": value.persons_total,
        "persons_unknown_cases": value.persons_unknown,
        "ppc_required": value.ppc_required,
        "individually_published": value.individually_published,
        "publication_undecided": value.undecided,
    }


def in_period(cases: list[Facts], period: Period, config: Config) -> list[Facts]:
    """The cases whose basis date (config.period_basis, already applied in Facts) is in the period, in 発生日 order."""
    chosen = [c for c in cases if c.basis is not None and c.basis in period]
    return sorted(chosen, key=lambda c: c.sort_key)


def undated(cases: list[Facts], config: Config) -> list[Facts]:
    """Cases that no period can hold: their basis date (発生日・判明日・報告日) is missing."""
    return [c for c in cases if c.basis is None]


class CaseRows(Sequence[tuple[Cell, ...]]):
    """The rows of the table of cases, numbered (NO) in order, kept encoded (Facts.report_blob) until a format draws
    them: csv and text take only the texts (`texts`), and 10^5 rows of Cell objects cost seconds to make."""

    def __init__(self, blobs: list[bytes], places: list[int]) -> None:
        self._blobs = blobs
        self._places = places  # the NO columns

    def __len__(self) -> int:
        return len(self._blobs)

    @overload
    def __getitem__(self, index: int) -> tuple[Cell, ...]: ...

    @overload
    def __getitem__(self, index: slice) -> list[tuple[Cell, ...]]: ...

    def __getitem__(self, index: int | slice) -> tuple[Cell, ...] | list[tuple[Cell, ...]]:
        if isinstance(index, slice):
            return [self._cells(number) for number in range(*index.indices(len(self._blobs)))]
        if index < 0:
            index += len(self._blobs)
        if not 0 <= index < len(self._blobs):
            raise IndexError(index)
        return self._cells(index)

    def __iter__(self) -> Iterator[tuple[Cell, ...]]:
        return map(self._cells, range(len(self._blobs)))

    def _cells(self, index: int) -> tuple[Cell, ...]:
        row = list(map(Cell, *report_row(self._blobs[index])))
        for place in self._places:
            row[place] = Cell(str(index + 1), index + 1)
        return tuple(row)

    def texts(self) -> Iterator[list[str]]:
        """Each row's texts, NO included."""
        places = self._places
        for number, blob in enumerate(self._blobs, 1):
            texts = list(report_row(blob)[0])
            for place in places:
                texts[place] = str(number)
            yield texts

    def column_texts(self, indexes: list[int]) -> dict[int, set[str]]:
        """The texts of some columns, each once (one pass over the rows); of a NO column, only the widest (the last)."""
        found: dict[int, set[str]] = {index: set() for index in indexes}
        wanted = [(index, found[index]) for index in indexes if index not in self._places]
        if wanted:
            for blob in self._blobs:
                texts = report_row(blob)[0]
                for index, seen in wanted:
                    seen.add(texts[index])
        for index in indexes:
            if index in self._places and self._blobs:
                found[index].add(str(len(self._blobs)))  # digits are all as wide
        return found


def build_report(cases: list[Facts], period: Period, config: Config, allow_draft: bool = False) -> Report:
    """The report of a period; refuses rather than leave out a case whose period is unknown.

    With `allow_draft` a draft with no basis date is left out and named in `undated_drafts`.
    """
    missing = sorted(undated(cases, config), key=lambda c: c.id)
    if any(not c.is_draft for c in missing) or (missing and not allow_draft):
        raise UndatedCases(str(config.period_basis), missing, allow_draft)
    chosen = in_period(cases, period, config)
    drafts = [c for c in chosen if c.is_draft]
    if drafts and not allow_draft:
        raise DraftsInPeriod(period, drafts)
    # Only cases with a public publication decision get a row; the rest are only counted.
    before = in_period(cases, period.previous(), config)
    public = [blob for c in chosen if c.is_public and (blob := c.report_blob) is not None]  # made for every public case
    columns = list(config.report.columns)
    places = [index for index, column in enumerate(columns) if column.field == ReportField.NUMBER]
    current = totals(chosen, config)
    return Report(
        organisation=config.organisation,
        period=period,
        basis=str(config.period_basis),
        columns=columns,
        rows=CaseRows(public, places),
        current=current,
        settled=totals([c for c in chosen if not c.is_draft], config) if drafts else current,  # no draft: the same counts
        previous=totals([c for c in before if not c.is_draft], config),
        criteria=list(config.non_public_criteria),
        settings=config.report,
        drafts=len(drafts),
        undated_drafts=tuple(c.id for c in missing),
        previous_drafts=sum(1 for c in before if c.is_draft),
    )
