"""`report`, `render`, `stats` and `templates`: the documents a body publishes and the figures behind them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from casebook.choices import BINARY_FORMATS, Labels, NoticeFormat, NoticeKind, ReportFormat, StatsBy
from casebook.cli import common
from casebook.cli.app import app, be_quiet, note


@app.command("report")
def report_command(
    period: Annotated[
        str, typer.Argument(metavar="期間", help="期間（例: 2025H1、令和7年度上半期、月は 2025-07・令和7年7月、範囲は 2025-04..2025-09）")
    ],
    fmt: Annotated[Optional[ReportFormat], typer.Option("--format", help="出力形式（既定: 端末に表、--out があれば拡張子から）")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="書き出し先のファイル")] = None,
    force: Annotated[bool, typer.Option("--force", help="既存のファイルを上書きする")] = False,
    allow_draft: Annotated[bool, typer.Option("--allow-draft", help="調査中の事案があっても作る（【調査中】と表示）")] = False,
    no_bom: common.NoBomOption = False,
    no_cache: common.NoCacheOption = False,
) -> None:
    """半期ごとの一覧表「保有個人情報の漏えい事案概要」を作ります。"""
    from casebook.documents.tables.formats import FORMATS, render_report
    from casebook.documents.tables.report import build_report
    from casebook.documents.writers.formats import output_format

    chosen = output_format(fmt, out, FORMATS, default=ReportFormat.TABLE, file_only=BINARY_FORMATS)
    from casebook.queries.facts import trimmed

    book = common.open_book(Path.cwd())
    chosen_period = common.period(period, book)
    rows_of = trimmed(report=lambda case: case.is_public and case.basis is not None and case.basis in chosen_period)
    cases, _ = common.load_facts(book, stop_on_errors=True, cache=not no_cache, trim=rows_of)
    report = build_report(cases, chosen_period, book.config, allow_draft=allow_draft)
    del cases  # the rows are in the report now: 10^5 cases' facts need not stay while it is written
    if report.undated_drafts:
        note(report.left_out_note)
    if chosen == ReportFormat.TABLE and common.on_terminal():
        from casebook.documents.tables.terminal import print_report
        from casebook.documents.writers.terminal import console

        print_report(console(), report)
        return
    if chosen == ReportFormat.TABLE:  # to a pipe: tab-separated lines, written as they are made
        from casebook.documents.tables.terminal import report_text

        common.emit(report_text(report), None, force)
        return
    if chosen == ReportFormat.CSV:  # written as it is made: 10^5 rows need not be one text
        from casebook.documents.tables.formats import report_csv
        from casebook.documents.tables.parts import build_layout

        common.emit(report_csv(build_layout(report), bom=not no_bom), out, force)
        return
    common.emit(render_report(report, chosen, book.root, bom=not no_bom), out, force)


@app.command("render")
def render_command(
    case_id: Annotated[str, typer.Argument(metavar="事案ID", help="事案ID")],
    kind: Annotated[
        NoticeKind, typer.Option("--as", help="press（記者発表）| apology（お詫び）| web（ホームページ）| council（議会報告）")
    ],
    fmt: Annotated[Optional[NoticeFormat], typer.Option("--format", help="出力形式（既定: md、--out があれば拡張子から）")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="書き出し先のファイル")] = None,
    force: Annotated[bool, typer.Option("--force", help="既存のファイルを上書きする")] = False,
    internal: Annotated[bool, typer.Option("--internal", help="非公表の事案を内部用に作る（「取扱注意（非公表）」と表示）")] = False,
) -> None:
    """1件の事案から公表文書（記者発表・お詫び・ホームページ掲載・議会への報告）を作ります。"""
    from casebook.documents.notices.render import FORMATS, render_notice
    from casebook.documents.writers.formats import output_format

    chosen = output_format(fmt, out, FORMATS, default=NoticeFormat.MD, file_only=BINARY_FORMATS)
    book = common.open_book(Path.cwd())
    found = common.one_case(book, case_id)
    config = book.config
    notice = render_notice(
        found.case, kind, chosen, root=book.root, organisation=config.organisation, internal=internal, criteria=config.non_public_criteria
    )
    common.emit(notice, out, force)


@app.command("stats")
def stats_command(
    periods: Annotated[
        Optional[list[str]], typer.Argument(metavar="期間", help="期間（複数可。例: 2024H2 2025H1、2025-06 2025-07）。省略すると全期間")
    ] = None,
    by: Annotated[
        StatsBy,
        typer.Option(
            "--by",
            help="集計の単位: category（分類）| unit_kind（所属）| month（月）| medium（媒体）",
        ),
    ] = StatsBy.CATEGORY,
    fmt: common.TableFormatOption = None,
    labels: common.LabelsOption = Labels.KEYS,
    no_bom: common.NoBomOption = False,
    out: common.OutOption = None,
    force: common.ForceOption = False,
    quiet: common.QuietOption = False,
    no_cache: common.NoCacheOption = False,
) -> None:
    """事案の件数と本人の数を、分類・所属・月・媒体ごとに期間を並べて集計します（調査中の事案は除く）。"""
    from casebook.queries.facts import trimmed
    from casebook.queries.stats import build_stats, render_stats, rich_stats

    be_quiet(quiet)
    chosen_fmt = common.table_format(fmt, out, ("json", "csv"))
    book = common.open_book(Path.cwd())
    chosen = [common.period(p, book) for p in periods or []]
    cases, _ = common.load_facts(book, stop_on_errors=True, cache=not no_cache, trim=trimmed())
    result = build_stats(cases, chosen, book.config, by)
    if chosen_fmt == "table":
        from casebook.documents.writers.terminal import console

        console().print(rich_stats(result))
    else:
        common.emit(render_stats(result, chosen_fmt, bom=not no_bom, labels=labels), out, force)
    if result.left_out_note:
        note(result.left_out_note)


@app.command("templates")
def templates_command() -> None:
    """使われるテンプレートと、その置き場所（casebook の templates/ か組み込みか）を一覧します。"""
    from casebook.documents.templates import listing

    book = common.open_book(Path.cwd())
    for name, path, origin in listing(book.root):
        common.print_line(f"{name:<22}{origin:<10}{path}")
