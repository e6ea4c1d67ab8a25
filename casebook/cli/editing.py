"""`fmt` and `set`: the commands that rewrite case files (casebook.editing)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from casebook.choices import CheckFormat
from casebook.cli.app import app, say
from casebook.cli.common import open_book


@app.command("fmt")
def fmt_command(
    paths: Annotated[
        Optional[list[Path]], typer.Argument(metavar="パス", help="整形するファイルまたはフォルダ（既定: casebook の cases/）")
    ] = None,
    check_only: Annotated[bool, typer.Option("--check", help="書き換えず、整形が必要な箇所を挙げる（必要なら終了コード 1）")] = False,
    fmt: Annotated[
        Optional[CheckFormat], typer.Option("--format", help="--check の出力形式（GITHUB_ACTIONS があれば既定は github）")
    ] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, help="並列に読むプロセス数（既定: CPU数）")] = None,
) -> None:
    """事案ファイルを決まった形（項目の順・日付の書き方・「|-」の文・$schema の行）に整えます。コメントは残します。"""
    from casebook.editing.formatting import fmt as format_files
    from casebook.reading.findings import render

    chosen = fmt or (CheckFormat.GITHUB if os.environ.get("GITHUB_ACTIONS") == "true" else CheckFormat.TEXT)
    targets = paths or []
    book = open_book(targets[0] if targets else Path.cwd())
    result = format_files(book, targets or None, check_only=check_only, jobs=jobs)
    if check_only:
        findings = [f for o in result.outcomes for f in o.changes + o.problems]
        output = render(findings, chosen, result.files)
        if output:
            typer.echo(output)
        if chosen == CheckFormat.TEXT:
            say(
                f"{result.files}件のファイルを確かめました。"
                + (
                    f"整形が必要なファイルは {len(result.changed)}件です（casebook fmt で整形します）。"
                    if result.changed
                    else "整形は必要ありません。"
                )
            )
    else:
        for outcome in result.outcomes:
            if outcome.written:
                typer.echo(outcome.shown)
        if result.problems:
            say(render(result.problems, "text", result.files))
        written = sum(o.written for o in result.outcomes)
        refused = len({p.path for p in result.problems})
        say(
            f"{result.files}件のファイルのうち {written}件を整形しました。"
            + (f"整形できなかったファイルが {refused}件あります。" if refused else "")
        )
    if result.problems or (check_only and result.changed):
        raise typer.Exit(1)


@app.command("set")
def set_command(
    case_id: Annotated[str, typer.Argument(metavar="事案ID", help="事案ID")],
    assignments: Annotated[
        list[str],
        typer.Argument(
            metavar="項目=値", help="項目=値（例: status=確定、publication.date=R7.5.20、reports+={kind: 速報, date: R7.5.27}）"
        ),
    ],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="書き込まず、変更の差分を表示する")] = False,
) -> None:
    """事案ファイルの項目を書き換えます。結果を check と同じく検査し、エラーがあれば書き込みません。コメントは残します。"""
    from casebook.editing.assign import EditRefused, set_fields
    from casebook.reading.findings import render

    book = open_book(Path.cwd())
    try:
        result = set_fields(book, case_id, assignments, write=not dry_run)
    except EditRefused as refused:
        if refused.findings:
            say(render(refused.findings, "text", 1))
        raise
    if dry_run:
        import difflib

        from casebook.safety.inert import for_terminal

        diff = difflib.unified_diff(result.before.splitlines(True), result.after.splitlines(True), result.shown, result.shown)
        typer.echo(for_terminal("".join(diff)), nl=False)
    if result.warnings:
        say(render(result.warnings, "text", 1))
    done = "変更できます（--dry-run のため書き込んでいません）" if dry_run else "変更しました"
    say(f"{result.shown}: {'、'.join(result.fields)} を{done}")
