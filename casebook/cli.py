"""The command line: each command parses its arguments and calls the library.

Library modules are imported inside the commands so that `casebook --help`
starts without loading pydantic and the models.
"""

from __future__ import annotations

import os
import re
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer
from typer.core import TyperGroup

from casebook.choices import CHECK_FORMATS, LIST_FORMATS, NOTICE_FORMATS, NOTICE_KINDS, REPORT_FORMATS, STATS_GROUPINGS
from casebook.errors import CasebookError

try:  # typer 0.2x vendors click
    from typer._click.exceptions import NoArgsIsHelpError, UsageError
except ImportError:  # pragma: no cover - typer with click as a dependency
    from click.exceptions import NoArgsIsHelpError, UsageError  # type: ignore[no-redef]

# click's usage errors, in Japanese (anything else is shown as click words it)
_USAGE_MESSAGES = [
    (re.compile(r"^No such option: (\S+)(?: \(Possible options: (.+)\))?"), "オプション {0} はありません{1}"),
    (re.compile(r"^No such command '(.+)'\."), "コマンド「{0}」はありません"),
    (re.compile(r"^Missing argument '(.+)'\."), "引数 {0} を指定してください"),
    (re.compile(r"^Missing option '(.+)'\."), "オプション {0} を指定してください"),
    (re.compile(r"^Got unexpected extra argument(?:s|\(s\))? \((.+)\)"), "余分な引数があります（{0}）"),
    (re.compile(r"^Option '(.+)' requires an argument\."), "オプション {0} には値が必要です"),
]


_VALUE_MESSAGES = [
    (re.compile(r"^(?:Value error, )?'(.*)' is not one of (.+?)\.?$"), "「{0}」は使えません。次のいずれか: {1}"),
    (re.compile(r"^Input should be greater than or equal to (.+)$"), "{0} 以上にしてください"),
    (re.compile(r"^Input should be less than or equal to (.+)$"), "{0} 以下にしてください"),
    (re.compile(r"^Input should be a valid integer.*$"), "整数で指定してください"),
]


def _usage_message(error: UsageError) -> str:
    text = error.format_message()
    if match := re.match(r"^Invalid value for (.+?): (.+)$", text, re.S):
        detail = match[2]
        for pattern, japanese in _VALUE_MESSAGES:
            if found := pattern.match(detail):
                detail = japanese.format(*found.groups())
                break
        return f"{match[1].replace(chr(39), '')} の値が正しくありません（{detail}）"
    for pattern, japanese in _USAGE_MESSAGES:
        match = pattern.match(text)
        if match:
            parts = list(match.groups())
            if japanese.endswith("{1}") and "オプション" in japanese:
                parts[1] = f"（{parts[1]} のことですか？）" if parts[1] else ""
            return japanese.format(*parts)
    return text


def _say(message: str) -> None:
    """A message on stderr, inert whatever it quotes: no escape sequence, no CI workflow command."""
    from casebook.inert import for_terminal

    typer.echo(for_terminal(message), err=True)


def _silence_stdout() -> None:
    """After stdout failed, point it at /dev/null so that Python's own flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


class _Commands(TyperGroup):
    """Every error of any command becomes a Japanese message and its exit code, never a traceback."""

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except CasebookError as error:
            _say(f"casebook: {error}")
            raise typer.Exit(error.exit_code) from None
        except NoArgsIsHelpError:
            raise
        except UsageError as error:
            where = error.ctx.command_path if error.ctx is not None else "casebook"
            _say(f"casebook: {_usage_message(error)}\n使い方は「{where} --help」で確認できます。")
            raise typer.Exit(2) from None
        except OSError as error:  # what is left: writing to stdout failed (a full disk, a closed pipe)
            import errno

            from casebook.errors import describe_os_error

            _silence_stdout()
            if error.errno != errno.EPIPE:
                _say(f"casebook: 出力を書き込めません（{describe_os_error(error)}）")
            raise typer.Exit(1) from None


app = typer.Typer(
    cls=_Commands,
    help="個人情報の漏えい等事案を1事案1ファイルの YAML で管理し、検査・一覧・集計します。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

PROGRESS_THRESHOLD = 500


def _choice(name: str, values: object) -> type[Enum]:
    """An option type whose values are the library's own list of choices."""
    return Enum(name, {value: value for value in values}, type=str)  # type: ignore[arg-type,return-value]


CheckFormat = _choice("CheckFormat", CHECK_FORMATS)
ListFormat = _choice("ListFormat", LIST_FORMATS)
ReportFormat = _choice("ReportFormat", ("table", *REPORT_FORMATS))
NoticeKind = _choice("NoticeKind", NOTICE_KINDS)
NoticeFormat = _choice("NoticeFormat", NOTICE_FORMATS)
StatsBy = _choice("StatsBy", STATS_GROUPINGS)


def _interactive() -> bool:
    return sys.stdin.isatty()


def _fail(message: str, code: int = 2) -> NoReturn:
    _say(f"casebook: {message}")
    raise typer.Exit(code)


def _open(start: Path):  # type: ignore[no-untyped-def]
    from casebook.findings import render
    from casebook.loader import open_casebook

    book, problems = open_casebook(start)
    if problems:
        _say(render(problems, "text", 1))
        raise typer.Exit(1)
    if book.config_path is not None and book.config_path.parent.resolve() != Path.cwd().resolve():
        _say(f"casebook: 設定 {os.path.relpath(book.config_path)} を使います")
    return book


def _emit(content: str | bytes, out: Path | None, force: bool) -> None:
    """A document to stdout, or written whole to `out` (never replacing a file without --force)."""
    from casebook.atomic import write_bytes

    data = content.encode("utf-8") if isinstance(content, str) else content
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_bytes(out, data, force=force)
    typer.echo(out.as_posix())


def _period(text: str, book):  # type: ignore[no-untyped-def]
    """A period of the casebook's fiscal year, or a usage error naming the accepted forms."""
    from casebook.jpdate import DateError
    from casebook.periods import parse_period

    try:
        return parse_period(text, book.config.fiscal_year_start_month)
    except DateError as error:
        _fail(str(error))


def _one_case(book, case_id: str, strict: bool = True):  # type: ignore[no-untyped-def]
    """The file of a case, or a message and exit 1; strict also refuses a case that breaks a rule."""
    from casebook.findings import render
    from casebook.loader import find_case
    from casebook.quoting import quote

    found = find_case(book, case_id)
    if found is None:
        _fail(f"事案ID{quote(case_id)}は見つかりません", 1)
    errors = [f for f in found.findings if f.severity == "error"]
    if found.case is None or (strict and errors):
        _say(render(found.findings, "text", 1))
        _fail(f"事案ID{quote(case_id)}のファイルにエラーがあります", 1)
    if errors:
        _say(render(errors, "text", 1))
    return found


def _load_cases(start: Path, stop_on_errors: bool = False, project=None):  # type: ignore[no-untyped-def]
    """The valid cases of the casebook (or what `project` makes of each), the errors of the others on stderr,
    and whether there were any.

    Public documents stop on any error: a broken non-public case left out would change the counts.
    """
    from casebook.findings import render
    from casebook.loader import check

    book = _open(start)
    result = check(book, keep=project) if project is not None else check(book)
    errors = [f for f in result.findings if f.severity == "error"]
    if errors:
        _say(render(errors, "text", result.files))
        if stop_on_errors:
            _fail(f"エラーのある事案ファイルが {len({f.path for f in errors})}件あります（casebook check で確認してください）", 1)
        _say(f"casebook: エラーのある事案ファイル {len({f.path for f in errors})}件を除いて表示します（casebook check で確認してください）")
    return book, result.cases, bool(errors)


@app.command("check")
def check_command(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="検査するファイルまたはフォルダ（既定: casebook の cases/）")] = None,
    fmt: Annotated[
        Optional[CheckFormat], typer.Option("--format", help="出力形式（GITHUB_ACTIONS があれば既定は github）")
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="警告もエラーとして扱う")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="最後の集計行を出さない")] = False,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, help="並列に読むプロセス数（既定: CPU数）")] = None,
) -> None:
    """事案ファイルを検査します。問題がなければ 0、あれば 1 で終了します。"""
    from casebook.findings import Finding, render, summary
    from casebook.loader import check

    chosen = fmt.value if fmt else ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    targets = paths or []
    book = _open(targets[0] if targets else Path.cwd())
    with _progress() as progress:
        result = check(book, targets or None, progress=progress, keep=None, jobs=jobs)
    findings: list[Finding] = [f.promoted() for f in result.findings] if strict else result.findings
    output = render(findings, chosen, result.files)
    if output:
        typer.echo(output)
    if not quiet and chosen == "text":
        _say(summary(findings, result.files))
    if any(f.severity == "error" for f in findings):
        raise typer.Exit(1)


class _progress:
    """A rich progress bar on stderr for long runs on a terminal; a no-op otherwise."""

    def __enter__(self):  # type: ignore[no-untyped-def]
        self.bar = None
        self.task = None
        return self.update

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            if total < PROGRESS_THRESHOLD or not sys.stderr.isatty():
                return
            from rich.progress import Progress

            from casebook.terminal import console

            self.bar = Progress(console=console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("検査中", total=total)
        self.bar.update(self.task, completed=done)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


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
    from casebook.scaffold import NewCase, create_case

    book = _open(Path.cwd())
    if _interactive() and not no_input:
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
    fmt: Annotated[ListFormat, typer.Option("--format", help="出力形式")] = ListFormat.table,
) -> None:
    """事案を発生日順に一覧します。"""
    from casebook.listing import entry, render_rows, rich_table, select

    book, loaded, had_errors = _load_cases(Path.cwd(), project=entry)
    chosen_period = _period(period, book) if period else None
    entries = [e for _, e in loaded]
    rows = [e.row for e in select(entries, chosen_period, unit, category, public)]
    if fmt == ListFormat.table:
        from casebook.terminal import console

        title = f"{chosen_period.label}（{book.config.period_basis}基準）" if chosen_period else "全期間"
        console().print(rich_table(rows, f"{title} {len(rows)}件"))
    else:
        typer.echo(render_rows(rows, fmt.value), nl=fmt == ListFormat.json)
    undated = sum(1 for e in entries if e.basis is None)
    if chosen_period is not None and undated:
        _say(f"casebook: {book.config.period_basis}のない事案が{undated}件あり、どの期間にも入れていません（casebook check で確認してください）")
    if had_errors:
        raise typer.Exit(1)


@app.command("report")
def report_command(
    period: Annotated[str, typer.Argument(help="期間（例: 2025H1、令和7年度上半期）")],
    fmt: Annotated[Optional[ReportFormat], typer.Option("--format", help="出力形式（既定: 端末に表、--out があれば拡張子から）")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="書き出し先のファイル")] = None,
    force: Annotated[bool, typer.Option("--force", help="既存のファイルを上書きする")] = False,
    allow_draft: Annotated[bool, typer.Option("--allow-draft", help="調査中の事案があっても作る（【調査中】と表示）")] = False,
) -> None:
    """半期ごとの一覧表「保有個人情報の漏えい事案概要」を作ります。"""
    from casebook.formats import output_format
    from casebook.outputs import FORMATS, render_report
    from casebook.report import build_report

    chosen = output_format(fmt.value if fmt else None, out, FORMATS, default="table")
    if chosen == "xlsx" and out is None:
        _fail("xlsx は --out でファイルを指定してください")
    book, loaded, _ = _load_cases(Path.cwd(), stop_on_errors=True)
    period_value = _period(period, book)
    report = build_report([c for _, c in loaded], period_value, book.config, allow_draft=allow_draft)
    if chosen == "table":
        from casebook.report_table import print_report
        from casebook.terminal import console

        print_report(console(), report)
        return
    _emit(render_report(report, chosen, book.root), out, force)


@app.command("render")
def render_command(
    case_id: Annotated[str, typer.Argument(help="事案ID")],
    kind: Annotated[NoticeKind, typer.Option("--as", help="press（記者発表）| apology（お詫び）| web（ホームページ）| council（議会報告）")],
    fmt: Annotated[Optional[NoticeFormat], typer.Option("--format", help="出力形式（既定: md、--out があれば拡張子から）")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="書き出し先のファイル")] = None,
    force: Annotated[bool, typer.Option("--force", help="既存のファイルを上書きする")] = False,
    internal: Annotated[bool, typer.Option("--internal", help="非公表の事案を内部用に作る（「取扱注意（非公表）」と表示）")] = False,
) -> None:
    """1件の事案から公表文書（記者発表・お詫び・ホームページ掲載・議会への報告）を作ります。"""
    from casebook.formats import output_format
    from casebook.notices import FORMATS, render_notice

    chosen = output_format(fmt.value if fmt else None, out, FORMATS, default="md")
    book = _open(Path.cwd())
    found = _one_case(book, case_id)
    _emit(render_notice(found.case, kind.value, chosen, book.root, book.config.organisation, internal), out, force)


@app.command("stats")
def stats_command(
    periods: Annotated[Optional[list[str]], typer.Argument(help="期間（複数可。例: 2024H2 2025H1）。省略すると全期間")] = None,
    by: Annotated[StatsBy, typer.Option("--by", help="集計の単位: category（分類）| unit（所属）| month（月）| medium（媒体）")] = StatsBy.category,
    fmt: Annotated[ListFormat, typer.Option("--format", help="出力形式")] = ListFormat.table,
) -> None:
    """事案の件数と本人の数を、分類・所属・月・媒体ごとに期間を並べて集計します（調査中の事案は除く）。"""
    from casebook.stats import build_stats, render_stats, rich_stats

    book, loaded, had_errors = _load_cases(Path.cwd(), stop_on_errors=True)
    chosen = [_period(p, book) for p in periods or []]
    result = build_stats([c for _, c in loaded], chosen, book.config, by.value)
    if fmt == ListFormat.table:
        from casebook.terminal import console

        console().print(rich_stats(result))
    else:
        typer.echo(render_stats(result, fmt.value), nl=False)


@app.command("templates")
def templates_command() -> None:
    """使われるテンプレートと、その置き場所（casebook の templates/ か組み込みか）を一覧します。"""
    from casebook.templates import listing

    book = _open(Path.cwd())
    for name, path, origin in listing(book.root):
        typer.echo(f"{name:<22}{origin:<10}{path}")


@app.command("show")
def show_command(case_id: Annotated[str, typer.Argument(help="事案ID")]) -> None:
    """1件の事案を項目名つきで表示します。"""
    from casebook.listing import show_lines, show_title
    from casebook.terminal import InertTable, console

    book = _open(Path.cwd())
    found = _one_case(book, case_id, strict=False)
    path, case = found.path, found.case
    table = InertTable(show_header=False, title=show_title(case), title_justify="left", show_lines=True)
    table.add_column("項目", no_wrap=True, style="bold")
    table.add_column("内容", overflow="fold")
    for label, text in show_lines(case, book.config, path.relative_to(book.root) if path.is_relative_to(book.root) else path):
        table.add_row(label, text)
    console().print(table)


@app.command("schema")
def schema_command(
    out: Annotated[Optional[Path], typer.Option("--out", help="書き出し先（既定: casebook の casebook.schema.json）")] = None,
    force: Annotated[bool, typer.Option("--force", help="内容が違う既存ファイルを上書きする")] = False,
    check_only: Annotated[bool, typer.Option("--check", help="書き出さず、既存のファイルが最新か確かめる")] = False,
) -> None:
    """エディタ用の JSON Schema を書き出します。"""
    from casebook.atomic import TargetExists, write_text
    from casebook.scaffold import SCHEMA_FILE
    from casebook.schema import schema_text

    book = _open(Path.cwd())
    target = out or book.root / SCHEMA_FILE
    text = schema_text()
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if current == text:
        _say(f"{target} は最新です")
        return
    if check_only:
        _fail(f"{target} が古くなっています（casebook schema --force で更新してください）", 1)
    try:
        write_text(target, text, force=force)
    except TargetExists:
        _fail(f"{target} はすでにあり、内容が違います（上書きするには --force）", 1)
    typer.echo(target.as_posix())


@app.command("rules")
def rules_command() -> None:
    """check の規則 ID と内容を一覧します（ignore_rules に書く ID）。"""
    from casebook.rules import all_rule_ids

    for rule_id, title in all_rule_ids().items():
        typer.echo(f"{rule_id:<26}{title}")


def main() -> None:
    app()
