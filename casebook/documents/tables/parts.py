"""The parts of the report in the order they are printed, and the words that tie them together.

Seed 004 prints 「1 事案件数 11件（うち、非公表基準該当1件）」, 「2 事案の概要及び再発防止策」 over the table of cases,
then the note 「※なお「1 事案件数」のうち、次の非公表基準に該当するものは、「2 事案の概要及び再発防止策」に掲載しておりません。」
and the ＜非公表基準＞ it introduces; casebook.yaml may add 「3 事案の内訳（参考）」. So a section's title, unless
casebook.yaml writes it, is its number among the sections printed and words for what it holds (the table's title names
the columns it has), and the note quotes the titles as printed and comes only with its list. A new part is one entry
of PARTS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from casebook.documents.tables.layout import Block, Layout, Table, case_columns, comparison_table, matrix_table, summary_notes
from casebook.documents.tables.report import Report
from casebook.settings.report import DEFAULT_TITLES, ReportField, ReportSettings


def _cases_words(report: Report) -> str:
    """What the table holds, in the words of seed 004's title: 事案の概要及び再発防止策 when it has both columns."""
    fields = {column.field for column in report.columns}
    if ReportField.SUMMARY not in fields:
        return "事案の一覧"
    named = [DEFAULT_TITLES[field] for field in (ReportField.SUMMARY, ReportField.MEASURES) if field in fields]
    return "及び".join(named)


Titles = dict[str, str]  # section → its title as printed


def _count(report: Report, titles: Titles) -> list[Block]:
    now = report.current
    parts = [f"非公表基準該当{now.non_public}件"] if now.non_public else []
    if now.undecided:
        parts.append(f"公表の区分が未定の調査中の事案{now.undecided}件")
    detail = f"（うち、{'、'.join(parts)}）" if parts else ""
    return [Block("section", f"{titles['count']} {now.cases}件{detail}")]


def _cases(report: Report, titles: Titles) -> list[Block]:
    table = Table("cases", case_columns(report), report.rows, empty="（掲載する事案はありません）")
    return [Block("section", titles["cases"]), Block("table", table=table)]


def _notes(report: Report, titles: Titles) -> list[Block]:
    """casebook.yaml's footnotes; unless it has some, seed 004's note on what the table leaves out, with its list."""
    configured = report.settings.footnotes
    if configured is not None:
        return [Block("note", report.fill(line)) for line in configured]
    if not report.settings.criteria:
        return []
    return [Block("note", f"※なお「{titles['count']}」のうち、次の非公表基準に該当するものは、「{titles['cases']}」に掲載しておりません。")]


def _criteria(report: Report, titles: Titles) -> list[Block]:
    return [Block("list", "＜非公表基準＞", tuple(report.criteria_lines()))]


def _summary(report: Report, titles: Titles) -> list[Block]:
    tables = [Block("table", table=table, part="summary") for table in (matrix_table(report), comparison_table(report))]
    return [Block("section", titles["summary"], part="summary"), *tables, *summary_notes(report)]


def _always(settings: ReportSettings) -> bool:
    return True


@dataclass(frozen=True)
class Part:
    blocks: Callable[[Report, Titles], list[Block]]
    printed: Callable[[ReportSettings], bool] = _always
    section: str | None = None  # its title's key in casebook.yaml's report: sections (a numbered section)
    words: Callable[[Report], str] | None = None  # its title after the number, unless casebook.yaml writes one


PARTS = (
    Part(_count, section="count", words=lambda report: "事案件数"),
    Part(_cases, section="cases", words=_cases_words),
    Part(_notes),
    Part(_criteria, printed=lambda settings: settings.criteria),
    Part(_summary, printed=lambda settings: settings.summary_tables, section="summary", words=lambda report: "事案の内訳（参考）"),
)


def section_titles(report: Report, parts: tuple[Part, ...] = PARTS) -> Titles:
    """The title of every section printed: casebook.yaml's, or its number among them and its words."""
    titles: Titles = {}
    for part in parts:
        if part.section is None or part.words is None or not part.printed(report.settings):
            continue
        configured = getattr(report.settings.sections, part.section)
        titles[part.section] = report.fill(configured) if configured is not None else f"{len(titles) + 1} {part.words(report)}"
    return titles


def build_layout(report: Report) -> Layout:
    """The blocks of the report: its heading, then each part that casebook.yaml's `report:` prints, in order."""
    titles = section_titles(report)
    blocks = [Block("title", report.heading)]
    for part in PARTS:
        if part.printed(report.settings):
            blocks += part.blocks(report, titles)
    return Layout(report.heading, tuple(blocks), report.settings.font)
