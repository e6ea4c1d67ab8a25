"""What the commands share: opening the casebook, loading its cases, writing a document, finding one case.

Everything here is thin: it calls the library and prints; errors are raised for
`casebook.cli.app` to turn into messages.
"""

from __future__ import annotations

import gc
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from typer._click.globals import get_current_context

from casebook.choices import Labels, ListFormat
from casebook.cli.app import note, say

if TYPE_CHECKING:
    from casebook.domain.periods import Period
    from casebook.queries.facts import Facts
    from casebook.reading.findings import Finding
    from casebook.reading.loader import FileResult
    from casebook.settings.config import Casebook

NO_CACHE_HELP = "キャッシュ（.casebook-cache/）を使わず、すべての事案ファイルを読み直す"
WRITE_CHARS = 1 << 20
PROGRESS_THRESHOLD = 500  # files: below this a run is over before a progress bar would help
ENDS_PROCESS = False  # set by main(): the process ends with the command (the tests run commands in turn in theirs)
PROGRESS_STEP = 256  # files between two updates of the bar


def interactive() -> bool:
    return sys.stdin.isatty()


def open_book(start: Path) -> Casebook:
    """The casebook that holds `start` (its config errors stop the command); a config elsewhere is named."""
    from casebook.reading.loader import config_of

    book = config_of(start)
    name_config(book.config_path)
    return book


def name_config(config_path: Path | None) -> None:
    """A note naming the casebook.yaml a command uses when it is not in the working folder."""
    if config_path is not None and os.path.realpath(config_path.parent) != os.path.realpath(Path.cwd()):
        note(f"casebook: 設定 {os.path.relpath(config_path)} を使います")


def _into_ci_log() -> bool:
    """Whether stdout is a GitHub Actions log (not a file the document is redirected to)."""
    if os.environ.get("GITHUB_ACTIONS") != "true":
        return False
    try:
        return not stat.S_ISREG(os.fstat(sys.stdout.fileno()).st_mode)
    except (OSError, ValueError, AttributeError):
        return True  # no file behind stdout: a log or a test runner


def print_document(content: str | bytes) -> None:
    """A document to stdout; in a CI log no line of it can be a workflow command (case text is the document's)."""
    from casebook.safety.inert import ci_safe

    if isinstance(content, bytes):
        sys.stdout.buffer.write(content)
    else:
        text = ci_safe(content) if _into_ci_log() else content
        for start in range(0, len(text), WRITE_CHARS):  # a piece at a time: 10^5 rows are 60 MB once more as bytes
            sys.stdout.buffer.write(text[start : start + WRITE_CHARS].encode("utf-8"))
    sys.stdout.flush()


def print_line(text: str) -> None:
    """A line for a person (a path, a listing): inert whatever it holds, as a file name can hold anything."""
    from casebook.safety.inert import for_terminal

    typer.echo(for_terminal(text))


def emit(content: str | bytes | Iterable[str], out: Path | None, force: bool) -> None:
    """A document (or its pieces, each written as it is made) to stdout, or written whole to `out` (never replacing
    a file without --force)."""
    from casebook.safety.atomic import write_pieces

    pieces = [content] if isinstance(content, (str, bytes)) else content
    if out is None:
        for piece in pieces:
            print_document(piece)
        return
    write_pieces(out, (piece.encode("utf-8") if isinstance(piece, str) else piece for piece in pieces), force=force)
    print_line(out.as_posix())


NO_BOM_HELP = "CSV を BOM なしの UTF-8 で書く（既定は Excel が開ける BOM 付き。どちらも改行は CRLF）"
QUIET_HELP = "標準エラーへのお知らせを出さない（エラーは出します）"
OUT_HELP = "書き出し先のファイル（拡張子 .csv・.json・.txt から形式を決めます。.txt はタブ区切りのテキスト）"
FORCE_HELP = "既存のファイルを上書きする"

# The options several commands share, declared once so that they read and behave the same everywhere.
TableFormatOption = Annotated[
    Optional[ListFormat],
    typer.Option("--format", help="出力形式（既定: 端末に表、パイプやファイルへはタブ区切りのテキスト、--out があれば拡張子から）"),
]
LabelsOption = Annotated[Labels, typer.Option("--labels", help="CSV の見出し: keys（英語のキー）| ja（日本語の項目名）")]
NoBomOption = Annotated[bool, typer.Option("--no-bom", help=NO_BOM_HELP)]
OutOption = Annotated[Optional[Path], typer.Option("--out", help=OUT_HELP)]
ForceOption = Annotated[bool, typer.Option("--force", help=FORCE_HELP)]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help=QUIET_HELP)]
NoCacheOption = Annotated[bool, typer.Option("--no-cache", help=NO_CACHE_HELP)]


def on_terminal() -> bool:
    """Whether stdout is a terminal (rich's test: TTY_COMPATIBLE and FORCE_COLOR are honoured): else plain text lines."""
    from casebook.documents.writers.terminal import console

    return bool(console().is_terminal)


def table_format(fmt: str | None, out: Path | None, allowed: tuple[str, ...]) -> str:
    """--format, or the extension of --out: "table" on a terminal, "text" (tab-separated lines) to a pipe or a .txt file."""
    from casebook.documents.writers.formats import output_format
    from casebook.errors import CasebookError

    chosen = output_format(None if fmt in (None, "table") else fmt, out, (*allowed, "txt"), default="table")
    if fmt == "table" and out is not None and chosen != "txt":
        raise CasebookError(f"--format table と --out の拡張子「{out.suffix}」が合いません（表は .txt に書き出せます）")
    if chosen == "txt" or (chosen == "table" and not on_terminal()):
        return "text"
    return chosen


def period(text: str, book: Casebook) -> Period:
    """A period of the casebook's fiscal year (a DateError is a usage error, exit 2)."""
    from casebook.domain.periods import parse_period

    return parse_period(text, book.config.fiscal_year_start_month)


def one_case(book: Casebook, case_id: str, strict: bool = True) -> FileResult:
    """The file of a case (refused when broken; with `strict` also when it breaks a rule); its errors on stderr."""
    from casebook.reading.findings import render
    from casebook.reading.loader import case_file

    found = case_file(book, case_id, strict)
    errors = [f for f in found.findings if f.severity == "error"]
    if errors:
        say(render(errors, "text", 1))
    return found


def load_cases(
    start: Path, stop_on_errors: bool = False, project: Callable[..., Any] | None = None, with_paths: bool = False
) -> tuple[Casebook, list[Any], bool]:
    """The valid cases of the casebook (or what `project` makes of each; with_paths, (file, that) pairs),
    the errors of the others on stderr, and whether there were any. Whole cases are never cached.

    Public documents stop on any error: a broken non-public case left out would change the counts.
    """
    from casebook.checking.book import check_casebook

    book = open_book(start)
    with progress() as update:
        result = check_casebook(book, keep=project, progress=update) if project is not None else check_casebook(book, progress=update)
    _say_errors(result.findings, result.files, stop_on_errors)
    if with_paths:
        return book, [(Path(name), case) for name, case in zip(result.case_files, result.cases, strict=True)], _had_errors(result.findings)
    return book, result.cases, _had_errors(result.findings)


def load_facts(
    book: Casebook, stop_on_errors: bool = False, cache: bool = True, trim: Callable[[Facts], Facts] | None = None
) -> tuple[list[Facts], bool]:
    """The Facts of every valid case (casebook.queries.facts; `trim` says which rows' text to keep),
    the errors of the others on stderr, and whether there were any.

    Public documents stop on any error: a broken non-public case left out would change the counts.
    """
    from casebook.checking.book import check_casebook
    from casebook.queries.facts import facts

    with progress() as update:
        result = check_casebook(book, keep=facts, cache=cache, progress=update, trim=trim)
    if len(result.cases) >= PROGRESS_THRESHOLD:
        # 10^5 acyclic records held until the command ends: the cyclic collector need not scan them again and
        # again while the rows are written (a tenth of a list json of 10^5 cases). Everything alive now is frozen:
        # thawed when the command ends, unless the process ends with it (main), whose exit is then spared a collection.
        gc.freeze()
        command = get_current_context(silent=True)
        if command is not None and not ENDS_PROCESS:
            command.call_on_close(gc.unfreeze)
    _say_errors(result.findings, result.files, stop_on_errors)
    return result.cases, _had_errors(result.findings)


def _had_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def _say_errors(findings: list[Finding], files_read: int, stop_on_errors: bool) -> None:
    """The errors on stderr, or ProblemsFound with them when the command cannot go on without a case."""
    from casebook.reading.findings import render
    from casebook.reading.loader import ProblemsFound

    errors = [f for f in findings if f.severity == "error"]
    files = len({f.path for f in errors})
    if errors and stop_on_errors:
        raise ProblemsFound(errors, f"エラーのある事案ファイルが {files}件あります（casebook check で確認してください）")
    if errors:
        say(render(errors, "text", files_read))
        say(f"casebook: エラーのある事案ファイル {files}件を除いて表示します（casebook check で確認してください）")


@contextmanager
def progress() -> Iterator[Callable[[int, int], None]]:
    """A rich progress bar on stderr for long runs on a terminal; a no-op otherwise."""
    bar: Any = None
    task: Any = None
    on_terminal = sys.stderr.isatty()  # asked once, not once per file

    def update(done: int, total: int) -> None:
        nonlocal bar, task
        if bar is None:
            if total < PROGRESS_THRESHOLD or not on_terminal:
                return
            from rich.progress import Progress

            from casebook.documents.writers.terminal import console

            bar = Progress(console=console(stderr=True), transient=True)
            bar.start()
            task = bar.add_task("検査中", total=total)
        if done % PROGRESS_STEP == 0 or done == total:  # rich takes a lock and the time on every update
            bar.update(task, completed=done)

    try:
        yield update
    finally:
        if bar is not None:
            bar.stop()
