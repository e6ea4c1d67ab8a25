"""Open data: every published fact, one row per case (CSV and JSON), the periods' counts, and the page that defines
every column.

Laid out as the government's rules for machine-readable tables ask: one header line, one case per row, no merged
cells and no notes inside the table, dates in ISO 8601 (西暦) with the 和暦 label in a column of its own, numbers as
numbers. The case columns are `list --format csv`'s (casebook.queries.records.RECORD_KEYS) with the period, the
report row and the page added.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from casebook.documents.writers.csvfile import csv_text
from casebook.queries.records import RECORD_KEYS
from casebook.safety.inert import json_text
from casebook.site.content import PeriodContent, PublicCase, SiteContent
from casebook.site.frame import CASES_CSV, CASES_JSON, DATA_PAGE, PERIODS_CSV, PERIODS_JSON, absolute, case_page, draw


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str  # 文字列 | 整数 | 真偽値 | 日付
    meaning: str


_MEANINGS = {
    "id": ("文字列", "事案ID（事案ファイルの名前）"),
    "title": ("文字列", "件名（個別公表の事案のみ。一覧表のみで公表した事案は空）"),
    "occurred": ("文字列", "発生日（ISO 8601。月だけ分かるときは 2025-04、期間のときは 2023-11-09/2023-11-10）"),
    "occurred_first": ("日付", "発生日の初日（ISO 8601）"),
    "occurred_last": ("日付", "発生日の末日（ISO 8601）"),
    "occurred_label": ("文字列", "発生日の和暦表記（公表資料の書き方）"),
    "unit_kind": ("文字列", "所属の区分（本庁・出先機関・教育機関・警察など）"),
    "department": ("文字列", "担当課"),
    "category": ("文字列", "事案の分類"),
    "medium": ("文字列", "漏えいした情報の媒体"),
    "persons_actual": ("整数", "本人の数（実人数）。不明・未記入は空"),
    "persons_total": ("整数", "本人の数（延べ人数）。不明・未記入は空"),
    "persons_text": ("文字列", "本人の数の公表資料での書き方"),
    "publication": ("文字列", "公表区分（個別公表・一括公表のみ）"),
    "ppc_required": ("真偽値", "個人情報保護委員会への報告の対象か（true / false）"),
    "status": ("文字列", "事案の状態"),
}
COLUMNS = (
    Column("period", "期間", "文字列", "事案を載せた半期の一覧表（例: 2025H1。年度の上半期が H1）"),
    Column("period_label", "期間（和暦）", "文字列", "期間の和暦表記（例: 令和7年度上半期）"),
    Column("report_no", "一覧表のNO", "整数", "その期間の一覧表での番号"),
    *(Column(key, RECORD_KEYS[key], *_MEANINGS[key]) for key in RECORD_KEYS),
    Column("posted", "掲載日", "日付", "個別公表のお知らせの掲載日（ISO 8601）。個別公表でない事案は空"),
    Column("updated", "更新日", "日付", "お知らせの更新日（ISO 8601）。更新のない事案は空"),
    Column("page", "お知らせのページ", "文字列", "個別公表のお知らせのページのアドレス。個別公表でない事案は空"),
)
PERIOD_COLUMNS = (
    Column("period", "期間", "文字列", "半期（例: 2025H1）"),
    Column("period_label", "期間（和暦）", "文字列", "期間の和暦表記"),
    Column("start", "初日", "日付", "期間の初日（ISO 8601）"),
    Column("end", "末日", "日付", "期間の末日（ISO 8601）"),
    Column("cases", "事案件数", "整数", "一覧表の事案件数（非公表基準に該当する事案を含む）"),
    Column("non_public", "うち非公表基準該当", "整数", "非公表基準に該当し、件数のみ公表する事案の数"),
    Column("published", "掲載した事案", "整数", "一覧表に行のある事案の数（cases.csv のこの期間の行数）"),
    Column("individually_published", "うち個別公表", "整数", "個別公表した事案の数"),
    Column("persons_actual", "本人の数（実人数）", "整数", "掲載した事案の本人の数の合計（非公表・不明を除く）"),
    Column("persons_total", "本人の数（延べ人数）", "整数", "延べ人数の合計（非公表・不明を除く）"),
    Column("persons_unknown_cases", "本人の数が不明の事案", "整数", "本人の数が不明・未記入の掲載事案の数"),
)


def _plain(value: Any) -> Any:
    """A value for the CSV: empty for none, true/false as `list --format csv` writes them."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def case_row(content: SiteContent, row: PublicCase) -> dict[str, Any]:
    record = row.facts.record
    dates = row.dates if row.has_page else None
    return {
        "period": row.period.code,
        "period_label": row.period.label,
        "report_no": row.number,
        **{key: record[key] for key in RECORD_KEYS},
        "title": row.title,
        "posted": dates.posted.isoformat() if dates and dates.posted else None,
        "updated": dates.updated.isoformat() if dates and dates.updated else None,
        "page": absolute(content, case_page(row.facts.id)) if row.has_page else None,
    }


def period_row(item: PeriodContent) -> dict[str, Any]:
    now = item.report.current
    return {
        "period": item.period.code,
        "period_label": item.period.label,
        "start": item.period.start.isoformat(),
        "end": item.period.end.isoformat(),
        "cases": now.cases,
        "non_public": now.non_public,
        "published": len(item.rows),
        "individually_published": now.individually_published,
        "persons_actual": now.persons_actual,
        "persons_total": now.persons_total,
        "persons_unknown_cases": now.persons_unknown,
    }


@dataclass(frozen=True)
class DataTable:
    """One table of the open data: its CSV and JSON files (the same rows) and the columns the data page defines."""

    csv_file: str
    json_file: str
    columns: tuple[Column, ...]
    rows: list[dict[str, Any]]

    def files(self) -> Iterator[tuple[str, str]]:
        keys = [c.key for c in self.columns]
        yield self.csv_file, csv_text([keys, *([_plain(row[key]) for key in keys] for row in self.rows)])
        yield self.json_file, json_text(self.rows) + "\n"


def files(content: SiteContent) -> Iterator[tuple[str, str | bytes]]:
    tables = (
        DataTable(CASES_CSV, CASES_JSON, COLUMNS, [case_row(content, row) for row in content.cases]),
        DataTable(PERIODS_CSV, PERIODS_JSON, PERIOD_COLUMNS, [period_row(item) for item in content.periods]),
    )
    for table in tables:
        yield from table.files()
    yield DATA_PAGE, draw(content, "data.html.j2", DATA_PAGE, "オープンデータ", tables=tables)
