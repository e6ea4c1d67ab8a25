"""`casebook due`: what is still open in the casebook, soonest deadline first.

- 速報 and 確報 to the 個人情報保護委員会 not yet filed (deadlines from casebook.domain.ppc: 判明日 + 5 / 30 / 60 days);
  a case whose ignore_rules switch off `ppc-report` owes none, as in `check`;
- drafts (調査中) older than `draft_days` of casebook.yaml, counted from 判明日 (or the end of 発生日);
- 個別公表 cases without 個別公表日 (no deadline: listed after the dated ones), unless withheld (`withheld: {publication: …}`).

A 速報 or 確報 a case owes while it withholds its 判明日 has no deadline that can be computed: it is listed as
「期限を計算できません」 and fails the run like an overdue item (a legal deadline that cannot be shown to be met),
until the report is recorded as filed (reports with a date) or ignore_rules switches off `ppc-report` with a reason.

Items are made in the worker that reads a case (like list rows), so a large casebook is read in parallel.
The text of a non-public case is never part of an item: a scheduled job's log is a message like any other.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from casebook.domain.case import Case
from casebook.domain.eras import format_day
from casebook.domain.ppc import assess, deadlines
from casebook.domain.vocabularies import PublicationMode, ReportKind
from casebook.reading.findings import Finding
from casebook.safety.inert import json_text
from casebook.settings.config import Config

SOON_DAYS = 7  # a deadline this close is a warning in CI, further ones are notices


@dataclass(frozen=True)
class OpenItem:
    case_id: str
    title: str | None  # None for a non-public case: never shown
    what: str  # 個人情報保護委員会への速報 / 調査中（確定していない） / 個別公表日が未記入
    due: date | None
    basis: str = ""  # 判明日から5日
    label: str = ""  # the same, short, for the table: 委員会への速報 / 確定 / 個別公表日
    incalculable: bool = False  # a legal report whose deadline the case's withheld 判明日 hides: fails like an overdue one

    def days_left(self, today: date) -> int | None:
        return (self.due - today).days if self.due is not None else None

    def overdue(self, today: date) -> bool:
        return self.due is not None and self.due < today

    def failing(self, today: date) -> bool:
        return self.overdue(today) or self.incalculable


def deadline_text(day: date) -> str:
    """令和7年5月1日（木）, flagged when not a working day (令和7年5月3日（土）※土曜日): every deadline `due` shows."""
    from casebook.domain.ppc import due_text

    return due_text(day)


def open_items(case: Case, config: Config) -> list[OpenItem]:
    """What is open in one case (the projection `due` keeps of each case it reads)."""
    secret = case.publication is not None and case.publication.mode == PublicationMode.NON_PUBLIC
    title = None if secret else case.title  # as in check's messages: a non-public case is never quoted
    items: list[OpenItem] = []
    if not case.ignores("ppc-report") and assess(case, config).required:
        owed = deadlines(case, config)
        if not owed and case.withheld_reason("discovered") is not None:
            items.extend(_incalculable_reports(case, title))
        elif not owed:
            what = "個人情報保護委員会への報告（判明日がないため期限を計算できません）"
            items.append(OpenItem(case.id, title, what, None, label="委員会への報告（判明日なし）"))
        for deadline in owed:
            if not deadline.is_filed:
                what, basis = f"個人情報保護委員会への{deadline.kind}", f"判明日から{deadline.days}日"
                items.append(OpenItem(case.id, title, what, deadline.due, basis, f"委員会への{deadline.kind}"))
    if case.is_draft:
        start, name = (case.discovered.first_day, "判明日") if case.discovered else (None, "")
        if start is None and case.occurred is not None:
            start, name = case.occurred.last_day, "発生日"
        due = start + timedelta(days=config.draft_days) if start is not None else None
        basis = f"{name}から{config.draft_days}日" if start is not None else "日付がないため目安なし"
        items.append(OpenItem(case.id, title, "調査中（確定していない）", due, basis, "確定（調査中）"))
    publication = case.publication
    publication_open = publication is not None and publication.mode == PublicationMode.INDIVIDUAL and publication.date is None
    if publication_open and case.withheld_reason("publication") is None:
        items.append(OpenItem(case.id, title, "個別公表日が未記入", None, label="個別公表日の記入"))
    return items


def _incalculable_reports(case: Case, title: str | None) -> list[OpenItem]:
    """The 速報 and 確報 not recorded as filed by a case that withholds its 判明日 (their deadlines cannot be computed)."""
    items = []
    for kind in (ReportKind.PPC_PRELIMINARY, ReportKind.PPC_FINAL):
        if not any(report.kind == kind and report.date is not None for report in case.reports):
            what = f"個人情報保護委員会への{kind}（判明日を記載しないため期限を計算できません）"
            items.append(OpenItem(case.id, title, what, None, "判明日を記載しない", f"委員会への{kind}（期限不明）", incalculable=True))
    return items


@dataclass
class Due:
    today: date
    items: list[tuple[str, OpenItem]]  # (file as shown, item), soonest first

    @property
    def overdue(self) -> list[tuple[str, OpenItem]]:
        return [(path, item) for path, item in self.items if item.overdue(self.today)]

    @property
    def failing(self) -> list[tuple[str, OpenItem]]:
        """What fails the run: overdue items and legal reports whose deadline cannot be computed."""
        return [(path, item) for path, item in self.items if item.failing(self.today)]


def collect(found: list[tuple[str, list[OpenItem]]], today: date) -> Due:
    items = [(path, item) for path, owned in found for item in owned]
    items.sort(key=lambda pair: (pair[1].due is None, pair[1].due or date.max, pair[1].case_id, pair[1].what))
    return Due(today, items)


def left_text(item: OpenItem, today: date) -> str:
    left = item.days_left(today)
    if item.incalculable:
        return "期限不明"
    if left is None:
        return "期限なし"
    if left < 0:
        return f"{-left}日超過"
    return "今日が期限" if left == 0 else f"あと{left}日"


def summary(due: Due) -> str:
    late, incalculable = len(due.overdue), len(due.failing) - len(due.overdue)
    parts = [f"期限超過 {late}件"] * bool(late) + [f"期限を計算できない委員会への報告 {incalculable}件"] * bool(incalculable)
    head = f"未了 {len(due.items)}件" + (f"（うち{'、'.join(parts)}）" if parts else "")
    return f"{head}。基準日 {format_day(due.today, 'weekday')}"


def as_json(due: Due) -> str:
    return json_text(
        {
            "today": due.today.isoformat(),
            "overdue": len(due.overdue),
            "incalculable": len(due.failing) - len(due.overdue),
            "items": [
                {
                    **asdict(item),
                    "path": path,
                    "due": item.due.isoformat() if item.due else None,
                    "due_text": deadline_text(item.due) if item.due else None,
                    "days_left": item.days_left(due.today),
                    "overdue": item.overdue(due.today),
                }
                for path, item in due.items
            ],
        }
    )


def _message(item: OpenItem, today: date) -> str:
    if item.due is None:
        return item.what
    return f"{item.what}: 期限 {deadline_text(item.due)}（{item.basis}）、{left_text(item, today)}"


def as_findings(due: Due) -> list[Finding]:
    """Each item as a CI annotation: overdue an error, due within SOON_DAYS a warning, the rest notices."""
    findings = []
    for path, item in due.items:
        left = item.days_left(due.today)
        severity = "error" if item.failing(due.today) else ("warning" if left is not None and left <= SOON_DAYS else "notice")
        findings.append(Finding(path, None, None, severity, "due", _message(item, due.today)))
    return findings


def rich_table(due: Due) -> Any:
    from casebook.documents.writers.terminal import InertTable

    table = InertTable(title=f"未了の事項 {len(due.items)}件（基準日 {format_day(due.today, 'weekday')}）")
    for header, options in (
        ("期限", {"no_wrap": True}),
        ("残り", {"no_wrap": True}),
        ("事案ID", {"overflow": "fold", "ratio": 2}),
        ("件名", {"overflow": "fold", "ratio": 3}),
        ("未了", {"overflow": "fold", "ratio": 2}),
    ):
        table.add_column(header, **options)
    for _, item in due.items:
        when = f"{deadline_text(item.due)}\n{item.basis}" if item.due else ""
        table.add_row(when, left_text(item, due.today), item.case_id, item.title if item.title is not None else "（非公表）", item.label)
    return table


def due_text(due: Due) -> str:
    """The table for a pipe: a header line, then a line per item, tab-separated (the deadline also as ISO)."""
    from casebook.documents.writers.plain import lines

    header = ["期限", "期限（ISO）", "根拠", "残り", "事案ID", "件名", "未了"]
    rows = [
        [
            deadline_text(item.due) if item.due else "",
            item.due.isoformat() if item.due else "",
            item.basis,
            left_text(item, due.today),
            item.case_id,
            item.title if item.title is not None else "（非公表）",
            item.label,
        ]
        for _, item in due.items
    ]
    return lines([header, *rows])
