"""`init`, `new`, `list` and `show`: starting a casebook, making a case and reading the casebook."""

from __future__ import annotations

import os
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from casebook.choices import Labels
from casebook.cli import common
from casebook.cli.app import app, be_quiet, note, say
from casebook.errors import CasebookError

if TYPE_CHECKING:
    from casebook.authoring.scaffold import NewCase


@app.command("init")
def init_command(
    folder: Annotated[
        Optional[Path], typer.Argument(metavar="フォルダ", help="casebook を作るフォルダ（既定: 今いるフォルダ。なければ作ります）")
    ] = None,
    organisation: Annotated[Optional[str], typer.Option("--organisation", help="団体名（報告書の見出しに使います）")] = None,
    no_input: Annotated[bool, typer.Option("--no-input", help="端末でも質問しない")] = False,
    install: Annotated[
        Optional[str],
        typer.Option(
            "--install",
            metavar="入れ方",
            help="CI と pre-commit が casebook を入れる pip install の指定（既定: この casebook を入れたのと同じ場所・コミット・版）",
        ),
    ] = None,
) -> None:
    """新しい casebook を作ります（設定・cases/・スキーマ・.gitignore・pre-commit・yamllint の設定と GitHub Actions の検査）。既存のファイルは上書きしません。"""
    from casebook.authoring.origin import given_origin, installed_origin
    from casebook.authoring.skeleton import init_casebook

    target = folder or Path.cwd()
    origin = given_origin(install) if install is not None else installed_origin()
    if organisation is None and common.interactive() and not no_input:
        organisation = typer.prompt("団体名（例: 鳥取県、二宮町。報告書の見出しに使います）", default="", show_default=False)
    written = init_casebook(target, organisation or "", origin)
    for path in written:
        typer.echo(os.path.relpath(path))
    where = "" if folder is None else f"cd {folder} してから "
    say(f"casebook: casebook を作りました。{where}casebook new で最初の事案ファイルを作り、casebook check で検査します。")
    if not organisation:
        say("casebook: casebook.yaml の organisation（団体名）が空です。報告書の見出しに使うので記入してください。")
    if not origin.reachable:
        say(
            f"casebook: CI と pre-commit が casebook を入れる場所は「{origin.described}」です。ほかのマシンの CI（GitHub Actions）からは届かないので、"
            "CI が入れられる場所を casebook init --install で指定するか、.github/workflows/casebook.yml の pip install の行を書き換えてください。"
        )


@app.command("new")
def new_command(
    title: Annotated[Optional[str], typer.Option(help="件名")] = None,
    occurred: Annotated[Optional[str], typer.Option(help="発生日（例: R7.4.25）")] = None,
    discovered: Annotated[Optional[str], typer.Option(help="判明日")] = None,
    department: Annotated[Optional[str], typer.Option("--department", help="担当課（例: 総務部総務課）")] = None,
    unit_kind: Annotated[Optional[str], typer.Option("--unit-kind", help="所属（本庁・出先機関…）")] = None,
    category: Annotated[Optional[str], typer.Option(help="事案の分類（誤送付・誤送信…）")] = None,
    medium: Annotated[Optional[str], typer.Option(help="媒体（紙・電子メール…）")] = None,
    case_id: Annotated[Optional[str], typer.Option("--id", help="事案ID（既定: 日付と乱数）")] = None,
    folder: Annotated[Optional[Path], typer.Option("--folder", help="作るフォルダ（cases/ の中。例: cases/2025）")] = None,
    edit: Annotated[bool, typer.Option("--edit", help="作成後に $EDITOR で開く")] = False,
    no_input: Annotated[bool, typer.Option("--no-input", help="端末でも質問しない")] = False,
    unit: Annotated[Optional[str], typer.Option("--unit", hidden=True, help="廃止予定: --department と同じ")] = None,
) -> None:
    """新しい事案ファイルを下書き（調査中）として作ります。既存のファイルは上書きしません。"""
    from casebook.authoring.scaffold import NewCase, create_case, open_for_new

    if unit is not None:
        say("casebook: --unit は廃止予定です。担当課は --department で指定してください")
        department = department or unit
    book = open_for_new(common.open_book(Path.cwd()))
    values = NewCase(title, occurred, discovered, department, unit_kind, category, medium)
    asked = common.interactive() and not no_input
    if asked:
        values = _ask_for_what_is_missing(values)
    try:
        path = create_case(book, values, case_id, folder=folder)
    except CasebookError as error:
        if not asked:
            raise
        # what was typed is not lost: the same answers as one command line
        again = CasebookError(f"{error}\n入力した内容で作り直すには: {_command_line(values, case_id, folder)}")
        again.exit_code = error.exit_code
        raise again from None
    common.print_line(path.as_posix())
    if edit:
        import shlex
        import subprocess

        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        subprocess.call([*shlex.split(editor), str(path)])


_QUESTIONS = {
    "title": "件名",
    "occurred": "発生日（例: R7.4.25、令和7年4月25日。不明なら空欄）",
    "discovered": "判明日（不明なら空欄）",
    "department": "担当課（例: 総務部総務課。不明なら空欄）",
}


def _ask_for_what_is_missing(values: NewCase) -> NewCase:
    """On a terminal: every flag checked at once, then each missing answer checked as it is typed and asked again."""
    from dataclasses import replace

    from casebook.authoring.scaffold import ENUMS, LABELS, answer_problem, check_given

    check_given(values)  # bad flags: all of them at once, before any question
    answers: dict[str, str | None] = {}
    for name, label in LABELS.items():
        if getattr(values, name) is not None:
            continue
        question = _QUESTIONS.get(name) or f"{label}（{' | '.join(m.value for m in ENUMS[name])}。不明なら空欄）"
        while True:
            answer = typer.prompt(question, default="", show_default=False).strip()
            problem = answer_problem(name, answer) if answer else None
            if problem is None:
                break
            say(f"casebook: {problem}（もう一度入力してください）")
        answers[name] = answer or None
    return replace(values, **answers)


def _command_line(values: NewCase, case_id: str | None, folder: Path | None) -> str:
    import shlex

    from casebook.authoring.scaffold import LABELS

    flags = {"department": "--department", "unit_kind": "--unit-kind"}
    words = ["casebook", "new"]
    for name in LABELS:
        value = getattr(values, name)
        if value:
            words += [flags.get(name, f"--{name}"), value]
    if case_id:
        words += ["--id", case_id]
    if folder:
        words += ["--folder", str(folder)]
    return shlex.join(words)


_UNIT_NOTE = "casebook: --unit は廃止予定です。担当課は --department、所属は --unit-kind で指定してください"


@app.command("list")
def list_command(
    period: Annotated[
        Optional[str],
        typer.Argument(metavar="期間", help="期間（例: 2025H1、2025、令和7年度上半期、月は 2025-07、範囲は 2025-04..2025-09）"),
    ] = None,
    unit_kind: Annotated[Optional[str], typer.Option("--unit-kind", help="所属（本庁・出先機関…）で絞り込む")] = None,
    department: Annotated[Optional[str], typer.Option("--department", help="担当課で絞り込む")] = None,
    category: Annotated[Optional[str], typer.Option(help="事案の分類で絞り込む")] = None,
    public: Annotated[bool, typer.Option("--public", help="非公表の事案を除く")] = False,
    fmt: common.TableFormatOption = None,
    labels: common.LabelsOption = Labels.KEYS,
    no_bom: common.NoBomOption = False,
    out: common.OutOption = None,
    force: common.ForceOption = False,
    quiet: common.QuietOption = False,
    no_cache: common.NoCacheOption = False,
    unit: Annotated[Optional[str], typer.Option("--unit", hidden=True, help="廃止予定: 所属または担当課で絞り込む")] = None,
) -> None:
    """事案を発生日順に一覧します。"""
    from casebook.documents.writers.plain import lines
    from casebook.queries.facts import trimmed
    from casebook.queries.listing import ROWS_PER_CHUNK, TABLE_ROWS, rich_table, row_chunks, wanted
    from casebook.queries.records import COLUMNS

    be_quiet(quiet)
    if unit is not None:
        note(_UNIT_NOTE)
    chosen_fmt = common.table_format(fmt, out, ("json", "csv"))
    book = common.open_book(Path.cwd())
    chosen_period = common.period(period, book) if period else None
    test = wanted(chosen_period, unit, category, public, unit_kind=unit_kind, department=department)
    entries, had_errors = common.load_facts(book, cache=not no_cache, trim=trimmed(listed=test))
    chosen = sorted((e for e in entries if test(e)), key=lambda e: e.sort_key)  # as listing.select
    if chosen_fmt == "table":
        from casebook.documents.writers.terminal import console

        title = f"{chosen_period.label}（{book.config.period_basis}基準）" if chosen_period else "全期間"
        screen = console()
        shown = [e.row for e in chosen[:TABLE_ROWS]]  # rich measures every cell: csv/json carry every row
        screen.print(rich_table(shown, f"{title} {len(chosen)}件", screen.width, total=len(chosen)))
    elif chosen_fmt == "text" and out is not None:
        common.emit(lines([COLUMNS.values(), *(e.list_cells for e in chosen)]), out, force)
    elif chosen_fmt == "text":  # to a pipe: written a thousand lines at a time, as csv/json are
        common.print_document(lines([COLUMNS.values()]))
        for start in range(0, len(chosen), ROWS_PER_CHUNK):
            common.print_document(lines(e.list_cells for e in chosen[start : start + ROWS_PER_CHUNK]))
    else:  # written as made: 10^5 rows take hundreds of MB
        common.emit(chain(row_chunks((e.record for e in chosen), chosen_fmt, not no_bom, labels), [_json_end(chosen_fmt)]), out, force)
    undated = sum(1 for e in entries if e.basis is None)
    if chosen_period is not None and undated:
        note(
            f"casebook: {book.config.period_basis}のない事案が{undated}件あり、どの期間にも入れていません（casebook check で確認してください）"
        )
    if had_errors:
        raise typer.Exit(1)


def _json_end(fmt: str) -> str:
    return "\n" if fmt == "json" else ""


@app.command("show")
def show_command(
    case_id: Annotated[str, typer.Argument(metavar="事案ID", help="事案ID")],
    out: Annotated[Optional[Path], typer.Option("--out", help="書き出し先のファイル（.txt: タブ区切りのテキスト）")] = None,
    force: common.ForceOption = False,
    quiet: common.QuietOption = False,
) -> None:
    """1件の事案を項目名つきで表示します。パイプやファイルへは「項目名<タブ>内容」の行で出します。"""
    from casebook.documents.writers.plain import field, line
    from casebook.documents.writers.terminal import InertTable, console
    from casebook.queries.listing import show_lines, show_title

    be_quiet(quiet)
    common.table_format(None, out, ())
    book = common.open_book(Path.cwd())
    found = common.one_case(book, case_id, strict=False)
    path, case = found.path, found.case
    shown = show_lines(case, book.config, path.relative_to(book.root) if path.is_relative_to(book.root) else path)
    if out is not None or not common.on_terminal():
        # a line per line of each field, the label repeated: grep finds the label with every line
        text = field(show_title(case)) + "\n" + "".join(line([label, part]) + "\n" for label, value in shown for part in value.split("\n"))
        common.emit(text, out, force)
        return
    table = InertTable(show_header=False, title=show_title(case), title_justify="left", show_lines=True)
    table.add_column("項目", no_wrap=True, style="bold")
    table.add_column("内容", overflow="fold")
    for label, text in shown:
        table.add_row(label, text)
    console().print(table)
