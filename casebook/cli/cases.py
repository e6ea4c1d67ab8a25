"""`new`, `list` and `show`: making a case and reading the casebook."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from casebook.choices import ListFormat
from casebook.cli import common
from casebook.cli.app import app, say


@app.command("new")
def new_command(
    title: Annotated[Optional[str], typer.Option(help="件名")] = None,
    occurred: Annotated[Optional[str], typer.Option(help="発生日（例: R7.4.25）")] = None,
    discovered: Annotated[Optional[str], typer.Option(help="判明日")] = None,
    unit: Annotated[Optional[str], typer.Option(help="担当課（例: 総務部総務課）")] = None,
    unit_kind: Annotated[Optional[str], typer.Option(help="所属（本庁・出先機関…）")] = None,
    category: Annotated[Optional[str], typer.Option(help="事案の分類（誤送付・誤送信…）")] = None,
    medium: Annotated[Optional[str], typer.Option(help="媒体（紙・電子メール…）")] = None,
    case_id: Annotated[Optional[str], typer.Option("--id", help="事案ID（既定: 日付と乱数）")] = None,
    edit: Annotated[bool, typer.Option("--edit", help="作成後に $EDITOR で開く")] = False,
    no_input: Annotated[bool, typer.Option("--no-input", help="端末でも質問しない")] = False,
) -> None:
    """新しい事案ファイルを下書き（調査中）として作ります。既存のファイルは上書きしません。"""
    from casebook.documents.scaffold import NewCase, create_case

    book = common.open_book(Path.cwd())
    if common.interactive() and not no_input:
        title = title or typer.prompt("件名", default="", show_default=False) or None
        occurred = occurred or typer.prompt("発生日（例: R7.4.25。不明なら空欄）", default="", show_default=False) or None
        unit = unit or typer.prompt("担当課（不明なら空欄）", default="", show_default=False) or None
    values = NewCase(title, occurred, discovered, unit, unit_kind, category, medium)
    path = create_case(book, values, case_id)
    typer.echo(path.as_posix())
    if edit:
        import shlex
        import subprocess

        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        subprocess.call([*shlex.split(editor), str(path)])


@app.command("list")
def list_command(
    period: Annotated[Optional[str], typer.Argument(help="期間（例: 2025H1、2025、令和7年度上半期）")] = None,
    unit: Annotated[Optional[str], typer.Option(help="所属または担当課で絞り込む")] = None,
    category: Annotated[Optional[str], typer.Option(help="事案の分類で絞り込む")] = None,
    public: Annotated[bool, typer.Option("--public", help="非公表の事案を除く")] = False,
    fmt: Annotated[ListFormat, typer.Option("--format", help="出力形式")] = ListFormat.TABLE,
    no_cache: Annotated[bool, typer.Option("--no-cache", help=common.NO_CACHE_HELP)] = False,
) -> None:
    """事案を発生日順に一覧します。"""
    from casebook.documents.facts import trimmed
    from casebook.documents.listing import TABLE_ROWS, rich_table, row_chunks, select, wanted

    book = common.open_book(Path.cwd())
    chosen_period = common.period(period, book) if period else None
    entries, had_errors = common.load_facts(book, cache=not no_cache, trim=trimmed(listed=wanted(chosen_period, unit, category, public)))
    chosen = select(entries, chosen_period, unit, category, public)
    if fmt == ListFormat.TABLE:
        from casebook.documents.terminal import console

        title = f"{chosen_period.label}（{book.config.period_basis}基準）" if chosen_period else "全期間"
        console().print(rich_table([e.row for e in chosen[:TABLE_ROWS]], f"{title} {len(chosen)}件", total=len(chosen)))
    else:
        for chunk in row_chunks((e.row for e in chosen), fmt):  # written as made: 10^5 rows at once take hundreds of MB
            typer.echo(chunk, nl=False)
        if fmt == ListFormat.JSON:
            typer.echo("")
    undated = sum(1 for e in entries if e.basis is None)
    if chosen_period is not None and undated:
        say(
            f"casebook: {book.config.period_basis}のない事案が{undated}件あり、どの期間にも入れていません（casebook check で確認してください）"
        )
    if had_errors:
        raise typer.Exit(1)


@app.command("show")
def show_command(case_id: Annotated[str, typer.Argument(help="事案ID")]) -> None:
    """1件の事案を項目名つきで表示します。"""
    from casebook.documents.listing import show_lines, show_title
    from casebook.documents.terminal import InertTable, console

    book = common.open_book(Path.cwd())
    found = common.one_case(book, case_id, strict=False)
    path, case = found.path, found.case
    table = InertTable(show_header=False, title=show_title(case), title_justify="left", show_lines=True)
    table.add_column("項目", no_wrap=True, style="bold")
    table.add_column("内容", overflow="fold")
    for label, text in show_lines(case, book.config, path.relative_to(book.root) if path.is_relative_to(book.root) else path):
        table.add_row(label, text)
    console().print(table)
