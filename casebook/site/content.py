"""What the site is made of: the public cases with their pages' dates, and the half-year periods with their reports.

A non-public case stays only as its Facts (counted by the report of its period); its Case, file name and history
are dropped here, before any page is made.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from casebook.documents.tables.report import Report, build_report
from casebook.domain.case import Case
from casebook.domain.periods import Period
from casebook.queries.facts import Facts, facts
from casebook.settings.config import Config


@dataclass(frozen=True)
class Dates:
    """掲載日 and 更新日 of a case page, and the day the feed and the index order the case by.

    掲載日 is only ever the case's own date: the day its file entered the casebook (git) says when the file was
    written, not when the body published the case.
    """

    posted: date | None  # 掲載日: web.date, else publication.date, else press.date; None when the case says none
    updated: date | None  # 更新日: the last commit of the case file, when the case has a 掲載日 and it is later
    fallback: date  # the case's basis date (発生日 by default): the feed's day for a case without 掲載日

    @property
    def feed_published(self) -> date | None:
        """The feed's <published>: only a 掲載日 the case states."""
        return self.posted

    @property
    def feed_updated(self) -> date:
        return self.updated or self.posted or self.fallback


@dataclass(frozen=True)
class PublicCase:
    facts: Facts
    case: Case
    period: Period
    number: int  # its row's NO in the period's report
    dates: Dates

    @property
    def has_page(self) -> bool:
        """Only an individually published case (個別公表) gets a page of its own."""
        return self.facts.individually_published

    @property
    def title(self) -> str | None:
        """The case's 件名 as the site shows it: only a case with its own page has one the body published (a case
        published only in its period's table has no 件名 there, so none is shown for it)."""
        if not self.has_page:
            return None
        title = self.facts.record["title"]
        return str(title) if title else None

    @property
    def published_by(self) -> date:
        """The day the index orders the case by: its 掲載日, else the end of its period (a case published only in its
        period's table is published after the period ends; the day itself is not known, so no page shows it)."""
        return self.dates.posted or self.period.end


@dataclass(frozen=True)
class PeriodContent:
    period: Period
    report: Report
    rows: list[PublicCase]  # in the report's row order: rows[i] is the row NO i+1


@dataclass(frozen=True)
class SiteContent:
    organisation: str
    config: Config
    root: Path | None
    periods: list[PeriodContent]  # newest first
    base_url: str
    pdf: bool = True  # the periods' tables and the notices also as PDF (WeasyPrint: seconds per file)
    search: bool = True  # search.html and its index (Pagefind); without it no page links to a search

    @property
    def cases(self) -> list[PublicCase]:
        """Every public case, newest period first, in report order within a period."""
        return [row for content in self.periods for row in content.rows]

    @property
    def pages(self) -> list[PublicCase]:
        return [row for row in self.cases if row.has_page]


def half_of(day: date, start_month: int) -> Period:
    fiscal_year = day.year if day.month >= start_month else day.year - 1
    index = 1 if Period.fiscal(fiscal_year, "half", 1, start_month).end >= day else 2
    return Period.fiscal(fiscal_year, "half", index, start_month)


def _git_days(path: Path) -> list[date]:
    """The days of the commits that touched a file, oldest first; none outside a git repository."""
    try:
        found = subprocess.run(
            ["git", "log", "--follow", "--format=%cs", "--", path.name],
            cwd=path.parent,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    if found.returncode != 0:
        return []
    return sorted(date.fromisoformat(line) for line in found.stdout.split() if line)


def page_dates(case: Case, path: Path | None, basis: date) -> Dates:
    said = [
        case.web.date if case.web else None,
        case.publication.date if case.publication else None,
        case.press.date if case.press else None,
    ]
    stated = next((day for day in said if day is not None), None)
    posted = stated.first_day if stated is not None else None
    history = _git_days(path) if posted is not None and path is not None else []
    updated = history[-1] if history and posted is not None and history[-1] > posted else None
    return Dates(posted, updated, basis)


def collect(
    pairs: list[tuple[Path | None, Case]],
    config: Config,
    root: Path | None,
    *,
    base_url: str = "",
    allow_draft: bool = False,
    pdf: bool = True,
    search: bool = True,
) -> SiteContent:
    """The site's content from every valid case of the casebook (each with its file, when it has one)."""
    everything = [(path, case, facts(case, config)) for path, case in pairs]
    all_facts = [item[2] for item in everything]
    public = {item[2].id: item for item in everything if item[2].is_public}
    start_month = config.fiscal_year_start_month
    halves = sorted({half_of(f.basis, start_month) for f in all_facts if f.basis is not None}, key=lambda p: p.start, reverse=True)
    periods = []
    for period in halves:
        report = build_report(all_facts, period, config, allow_draft=allow_draft)
        rows = _rows(report, all_facts, public, config)
        periods.append(PeriodContent(period, report, rows))
    return SiteContent(config.organisation, config, root, periods, base_url.rstrip("/"), pdf, search)


def _rows(report: Report, all_facts: list[Facts], public: dict[str, Any], config: Config) -> list[PublicCase]:
    """The public cases of a report in its row order (build_report numbers the public cases of the period in order)."""
    from casebook.documents.tables.report import in_period

    chosen = [f for f in in_period(all_facts, report.period, config) if f.is_public and f.report_blob is not None]
    rows = []
    for number, item in enumerate(chosen, 1):
        path, case, fact = public[item.id]
        assert fact.basis is not None  # in a period
        rows.append(PublicCase(fact, case, report.period, number, page_dates(case, path, fact.basis)))
    if len(rows) != len(report.rows):
        raise AssertionError("the site's rows differ from the report's")  # both number the same cases
    return rows
