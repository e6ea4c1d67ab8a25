"""The semi-annual table 「保有個人情報の漏えい事案概要」 as the prefecture publishes it.

`build_report` turns the cases of a period into plain data (cells already worded
as the published table words them); the formats in `casebook.documents.report_formats` only lay
that data out. Non-public cases are counted and never reach a row.

It works on `Facts` (casebook.documents.facts), not on whole cases: `row_cells` words a case's
row where the case is read, and the rest here only counts, orders and numbers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from casebook.config import Config
from casebook.enums import Category, PublicationMode, UnitKind
from casebook.errors import CasebookError
from casebook.model import Case, joined_text
from casebook.periods import Period

if TYPE_CHECKING:
    from casebook.documents.facts import Facts

COLUMNS = ("NO", "所属", "発生日", "事案の概要", "発生原因", "対応", "二次被害の有無", "再発防止策", "備考")
UNCLASSIFIED = "未分類"


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
    def __init__(self, basis: str, cases: list[Facts]) -> None:
        super().__init__(
            f"{basis}のない事案が{len(cases)}件あり、どの期間に入るか決まりません（{basis}を記入してください。"
            "期間は casebook.yaml の period_basis で振り分けます）:",
            cases,
        )


def remarks_cell(case: Case) -> str:
    parts = []
    publication = case.publication
    if publication is not None and publication.mode == PublicationMode.INDIVIDUAL and publication.date is not None:
        parts.append(f"{publication.date.short()}個別公表事案")
    if case.remarks:
        parts.append(case.remarks)
    return "\n".join(parts)


@dataclass(frozen=True)
class Row:
    number: int
    unit_kind: str
    occurred: str
    summary: str
    causes: str
    responses: str
    secondary_damage: str
    measures: str
    remarks: str

    def cells(self) -> list[str]:
        return [
            str(self.number),
            self.unit_kind,
            self.occurred,
            self.summary,
            self.causes,
            self.responses,
            self.secondary_damage,
            self.measures,
            self.remarks,
        ]


def row_cells(case: Case) -> tuple[str, ...]:
    """The cells of a case's row but its number (Row's fields after `number`), worded where the case is read."""
    summary = case.summary or ""
    if case.is_draft:
        summary = "【調査中】" + summary
    return (
        str(case.unit_kind or ""),
        case.occurred.short() if case.occurred else "",
        summary,
        joined_text(case.causes),
        joined_text(case.responses),
        str(case.secondary_damage.status) if case.secondary_damage else "",
        joined_text(case.measures),
        remarks_cell(case),
    )


def _row(number: int, cells: tuple[str, ...]) -> Row:
    return Row(number, *cells)


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


def totals(cases: list[Facts], config: Config) -> Totals:
    matrix: dict[str, Counter[str]] = {}
    units_seen: set[str] = set()
    actual = total = unknown = 0
    for case in cases:
        category = case.category or UNCLASSIFIED
        unit = case.unit_kind or UNCLASSIFIED
        matrix.setdefault(category, Counter())[unit] += 1
        units_seen.add(unit)
        if case.persons_actual is None:
            unknown += 1
        else:
            actual += case.persons_actual
            total += case.persons_total if case.persons_total is not None else case.persons_actual
    order = [m.value for m in Category] + [UNCLASSIFIED]
    unit_order = [m.value for m in UnitKind] + [UNCLASSIFIED]
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
    )


@dataclass(frozen=True)
class Report:
    organisation: str
    period: Period
    basis: str
    rows: list[Row]
    current: Totals
    previous: Totals
    criteria: list[str]
    drafts: int = 0  # a count: a draft may be non-public, so no ids here

    @property
    def heading(self) -> str:
        owner = f"{self.organisation}の" if self.organisation else ""
        return f"○{owner}保有個人情報の漏えい事案概要【{self.period.label}分】"

    @property
    def count_line(self) -> str:
        text = f"1 事案件数 {self.current.cases}件"
        if self.current.non_public:
            text += f"（うち、非公表基準該当{self.current.non_public}件）"
        return text

    @property
    def footnote(self) -> str:
        return "※なお「1 事案件数」のうち、次の非公表基準に該当するものは、「2 事案の概要及び再発防止策」に掲載しておりません。"

    def criteria_lines(self) -> list[str]:
        return [f"({number}){text}" for number, text in enumerate(self.criteria, 1)]

    def as_dict(self) -> dict[str, Any]:
        """Everything public in the report, for the JSON output."""
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
            "columns": list(COLUMNS),
            "rows": [dict(zip(COLUMNS, row.cells(), strict=True)) for row in self.rows],
            "totals": _totals_dict(self.current),
            "previous": {"period": self.period.previous().label, **_totals_dict(self.previous)},
            "non_public_criteria": self.criteria_lines(),
            "drafts": self.drafts,
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
    }


def in_period(cases: list[Facts], period: Period, config: Config) -> list[Facts]:
    """The cases whose basis date (config.period_basis, already applied in Facts) is in the period, in 発生日 order."""
    chosen = [c for c in cases if c.basis is not None and c.basis in period]
    return sorted(chosen, key=lambda c: c.sort_key)


def undated(cases: list[Facts], config: Config) -> list[Facts]:
    """Cases that no period can hold: their basis date (発生日・判明日・報告日) is missing."""
    return [c for c in cases if c.basis is None]


def build_report(cases: list[Facts], period: Period, config: Config, allow_draft: bool = False) -> Report:
    """The report of a period; refuses rather than leave out a case whose period is unknown."""
    missing = undated(cases, config)
    if missing:
        raise UndatedCases(str(config.period_basis), sorted(missing, key=lambda c: c.id))
    chosen = in_period(cases, period, config)
    drafts = [c for c in chosen if c.is_draft]
    if drafts and not allow_draft:
        raise DraftsInPeriod(period, drafts)
    # Only cases with a public publication decision get a row; the rest are only counted.
    public = [cells for c in chosen if c.is_public and (cells := c.report_cells) is not None]  # made for every public case
    rows = [_row(number, cells) for number, cells in enumerate(public, 1)]
    return Report(
        organisation=config.organisation,
        period=period,
        basis=str(config.period_basis),
        rows=rows,
        current=totals(chosen, config),
        previous=totals(in_period(cases, period.previous(), config), config),
        criteria=list(config.non_public_criteria),
        drafts=len(drafts),
    )


def matrix_table(report: Report) -> tuple[list[str], list[list[str]]]:
    """事案の分類 × 所属 counts of the period, with totals."""
    units = report.current.units
    header = ["事案の分類", *units, "計"]
    rows = []
    for category, counts in report.current.by_category_unit.items():
        cells = [counts.get(unit, 0) for unit in units]
        rows.append([category, *map(str, cells), str(sum(cells))])
    column_totals = [sum(c.get(unit, 0) for c in report.current.by_category_unit.values()) for unit in units]
    rows.append(["計", *map(str, column_totals), str(sum(column_totals))])
    return header, rows


def comparison_table(report: Report) -> tuple[list[str], list[list[str]]]:
    """This period against the previous one."""
    now, before = report.current, report.previous
    header = ["項目", report.period.label, report.period.previous().label, "増減"]
    items = [
        ("事案件数", now.cases, before.cases, "件"),
        ("うち非公表基準該当", now.non_public, before.non_public, "件"),
        ("本人の数（実人数）", now.persons_actual, before.persons_actual, "名"),
        ("本人の数（延べ人数）", now.persons_total, before.persons_total, "名"),
        ("本人の数が不明の事案", now.persons_unknown, before.persons_unknown, "件"),
        ("個人情報保護委員会への報告対象", now.ppc_required, before.ppc_required, "件"),
        ("個別公表した事案", now.individually_published, before.individually_published, "件"),
    ]
    rows = [[label, f"{a:,}{unit}", f"{b:,}{unit}", f"{a - b:+,}"] for label, a, b, unit in items]
    return header, rows
