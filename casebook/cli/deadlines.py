"""`due` and `ppc`: the deadlines of reports to the 個人情報保護委員会, and the report itself."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from casebook.choices import BINARY_FORMATS, CheckFormat, PpcFormat, PpcKind
from casebook.cli import common
from casebook.cli.app import app, say


@app.command("due")
def due_command(
    today: Annotated[Optional[str], typer.Option("--today", help="基準日（例: R7.6.1。既定: 日本時間の今日）")] = None,
    fmt: Annotated[
        Optional[CheckFormat],
        typer.Option(
            "--format",
            help="出力形式: text（端末には表、パイプにはタブ区切りの行）| json | github（CI の注釈。GITHUB_ACTIONS があれば既定）",
        ),
    ] = None,
) -> None:
    """未了の事項（委員会への速報・確報、調査中の事案、個別公表日）を期限の近い順に挙げます。期限切れ、または判明日を記載しない（withheld）ため期限を計算できない委員会への報告があれば終了コード 1。"""

    from casebook.domain.jpdate import japan_today, parse_date
    from casebook.queries.due import as_findings, as_json, collect, open_items, rich_table, summary
    from casebook.reading.findings import display_path

    fmt = fmt or (CheckFormat.GITHUB if os.environ.get("GITHUB_ACTIONS") == "true" else CheckFormat.TEXT)
    base = parse_date(today) if today else japan_today()
    book, found, had_errors = common.load_cases(Path.cwd(), project=open_items, with_paths=True)
    due = collect([(display_path(path, book.root), items) for path, items in found], base)
    if fmt == CheckFormat.JSON:
        typer.echo(as_json(due))
    elif fmt == CheckFormat.GITHUB:
        for finding in as_findings(due):
            typer.echo(finding.github())
    elif common.on_terminal():
        from casebook.documents.writers.terminal import console

        if due.items:
            console().print(rich_table(due))
        say(summary(due))
    else:  # to a pipe: tab-separated lines
        from casebook.queries.due import due_text

        common.print_document(due_text(due))
        say(summary(due))
    if due.failing or had_errors:
        raise typer.Exit(1)


@app.command("ppc")
def ppc_command(
    case_id: Annotated[str, typer.Argument(metavar="事案ID", help="事案ID")],
    kind: Annotated[
        Optional[PpcKind], typer.Option("--kind", help="速報 | 確報（既定: 速報を出していなければ速報、出していれば確報）")
    ] = None,
    fmt: Annotated[
        Optional[PpcFormat], typer.Option("--format", help="出力形式（既定: md、--out があれば拡張子から。docx は --out が必要）")
    ] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="書き出し先のファイル")] = None,
    force: Annotated[bool, typer.Option("--force", help="既存のファイルを上書きする")] = False,
) -> None:
    """個人情報保護委員会への漏えい等報告（速報・確報）の項目を、事案から貼り付けられる形に並べます。"""
    from casebook.documents.notices.ppc_form import FORMATS, build_form, render_form
    from casebook.documents.writers.formats import output_format

    chosen = output_format(fmt, out, FORMATS, default=PpcFormat.MD, file_only=BINARY_FORMATS)
    book = common.open_book(Path.cwd())
    found = common.one_case(book, case_id)
    form = build_form(found.case, book.config, kind)
    for note in form.notes:
        say(f"casebook: {note}")
    if form.missing:
        say(f"casebook: 確報に必要な項目のうち未記入: {'、'.join(form.missing)}")
    if form.contact_missing:
        say(f"casebook: {form.contact_missing}")
    common.emit(render_form(form, chosen, book.root, found.case.organisation or book.config.organisation), out, force)
