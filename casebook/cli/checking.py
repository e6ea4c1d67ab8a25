"""`check`, `rules` and `schema`: the commands CI and editors run."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from casebook.choices import CheckFormat
from casebook.cli.app import app, say
from casebook.cli.common import NoCacheOption, name_config, open_book, print_document, print_line, progress

if TYPE_CHECKING:
    from casebook.reading.findings import Finding


@app.command("check")
def check_command(
    paths: Annotated[
        Optional[list[Path]],
        typer.Argument(metavar="パス", help="検査するファイルまたはフォルダ（既定: casebook の cases/）。「-」は標準入力から1件を読む"),
    ] = None,
    fmt: Annotated[Optional[CheckFormat], typer.Option("--format", help="出力形式（GITHUB_ACTIONS があれば既定は github）")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="警告もエラーとして扱う")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="最後の集計行を出さない")] = False,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, help="並列に読むプロセス数（既定: CPU数）")] = None,
    no_cache: NoCacheOption = False,
    stdin_filename: Annotated[
        Optional[Path],
        typer.Option(
            "--stdin-filename", metavar="パス", help="「-」で読む事案の本来のファイル名（エディタ用。事案IDとファイル名を照合する）"
        ),
    ] = None,
) -> None:
    """事案ファイルを検査します。問題がなければ 0、あれば 1 で終了します。

    エディタからは、保存前の内容を標準入力で渡せます: casebook check - --stdin-filename cases/2025/x.yaml
    """
    from casebook.checking.book import STDIN, check_casebook, check_remembered, check_stream
    from casebook.errors import CasebookError
    from casebook.reading.findings import render, summary

    chosen = fmt or (CheckFormat.GITHUB if os.environ.get("GITHUB_ACTIONS") == "true" else CheckFormat.TEXT)
    targets = paths or []
    from_stdin = STDIN in targets
    if from_stdin and len(targets) > 1:
        raise CasebookError("「-」（標準入力）はほかのパスと一緒には指定できません")
    if stdin_filename is not None and not from_stdin:
        raise CasebookError("--stdin-filename は標準入力（-）を読むときだけ指定できます")
    answered = None if targets or no_cache else check_remembered(Path.cwd())
    if answered is not None:
        name_config(answered[0])
        root, result = answered[0].parent, answered[1]
    elif from_stdin:
        book = open_book(stdin_filename.parent if stdin_filename is not None else Path.cwd())
        root, result = book.root, check_stream(book, name=stdin_filename)
    else:
        book = open_book(targets[0] if targets else Path.cwd())
        with progress() as update:
            result = check_casebook(book, targets or None, progress=update, keep=None, jobs=jobs, cache=not no_cache)
        root = book.root
    findings = [f.promoted() for f in result.findings] if strict else result.findings
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if chosen == CheckFormat.GITHUB or summary_file:
        from casebook.checking.github import from_repository_root

        placed = from_repository_root(findings, root)  # GitHub places a file by its path from the repository root
        if summary_file:
            _write_summary(Path(summary_file), placed, result.files, result.usable)
        if chosen == CheckFormat.GITHUB:
            findings = placed
    output = render(findings, chosen, result.files)
    if output and chosen == CheckFormat.GITHUB:
        typer.echo(output)  # workflow commands on purpose, their data escaped as the runner unescapes it
    elif output:
        print_document(output + "\n")
    if not quiet and chosen == CheckFormat.TEXT:
        say(summary(findings, result.files))
    if any(f.severity == "error" for f in findings):
        raise typer.Exit(1)


def _write_summary(path: Path, findings: list[Finding], files: int, cases: int) -> None:
    """The job summary of a GitHub Actions step; a summary that cannot be written is said, and the check goes on."""
    from casebook.checking.github import append_summary, job_summary, summary_room
    from casebook.errors import WriteError

    text = job_summary(findings, files, cases, limit=summary_room(path))
    if not text:
        say(f"casebook: ジョブの概要 {path} は GitHub の大きさの上限に達しているため、書き足しませんでした")
        return
    try:
        append_summary(path, text)
    except WriteError as error:
        say(f"casebook: {error}")


@app.command("rules")
def rules_command() -> None:
    """check の規則 ID と内容を一覧します（ignore_rules に書く ID）。"""
    from casebook.rules import all_rules

    for item in all_rules():
        print_line(f"{item.id:<26}{item.title}")


@app.command("schema")
def schema_command(
    out: Annotated[Optional[Path], typer.Option("--out", help="書き出し先（既定: casebook の casebook.schema.json）")] = None,
    force: Annotated[bool, typer.Option("--force", help="内容が違う既存ファイルを上書きする")] = False,
    check_only: Annotated[bool, typer.Option("--check", help="書き出さず、既存のファイルが最新か確かめる")] = False,
) -> None:
    """エディタ用の JSON Schema を書き出します。"""
    from casebook.authoring.schema import write_schema
    from casebook.settings.files import SCHEMA_FILE

    book = open_book(Path.cwd())
    target = out or book.root / SCHEMA_FILE
    if write_schema(target, force=force, check_only=check_only):
        say(f"{target} は最新です")
    else:
        print_line(target.as_posix())
