"""What the commands share: opening the casebook, loading its cases, writing a document, finding one case.

Everything here is thin: it calls the library and prints; errors are raised for
`casebook.cli.app` to turn into messages.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from casebook.cli.app import say

if TYPE_CHECKING:
    from casebook.config import Casebook
    from casebook.documents.facts import Facts
    from casebook.periods import Period
    from casebook.reading.loader import FileResult

NO_CACHE_HELP = "キャッシュ（.casebook-cache/）を使わず、すべての事案ファイルを読み直す"
WRITE_CHARS = 1 << 20
PROGRESS_THRESHOLD = 500  # files: below this a run is over before a progress bar would help


def interactive() -> bool:
    return sys.stdin.isatty()


def fail(message: str, code: int = 2) -> NoReturn:
    say(f"casebook: {message}")
    raise typer.Exit(code)


def open_book(start: Path) -> Casebook:
    """The casebook that holds `start`; config problems stop the command, and a config elsewhere is named."""
    from casebook.reading.findings import render
    from casebook.reading.loader import open_casebook

    book, problems = open_casebook(start)
    if problems:
        say(render(problems, "text", 1))
        raise typer.Exit(1)
    if book.config_path is not None and book.config_path.parent.resolve() != Path.cwd().resolve():
        say(f"casebook: 設定 {os.path.relpath(book.config_path)} を使います")
    return book


def emit(content: str | bytes, out: Path | None, force: bool) -> None:
    """A document to stdout, or written whole to `out` (never replacing a file without --force)."""
    from casebook.atomic import write_bytes

    if out is None:
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
        else:  # encoded a piece at a time: a report of 10^5 rows is 60 MB once more as bytes
            for start in range(0, len(content), WRITE_CHARS):
                sys.stdout.buffer.write(content[start : start + WRITE_CHARS].encode("utf-8"))
        sys.stdout.flush()
        return
    write_bytes(out, content.encode("utf-8") if isinstance(content, str) else content, force=force)
    typer.echo(out.as_posix())


def period(text: str, book: Casebook) -> Period:
    """A period of the casebook's fiscal year (a DateError is a usage error, exit 2)."""
    from casebook.periods import parse_period

    return parse_period(text, book.config.fiscal_year_start_month)


def one_case(book: Casebook, case_id: str, strict: bool = True) -> FileResult:
    """The file of a case, or a message and exit 1; strict also refuses a case that breaks a rule."""
    from casebook.quoting import quote
    from casebook.reading.findings import render
    from casebook.reading.loader import find_case

    found = find_case(book, case_id)
    if found is None:
        fail(f"事案ID{quote(case_id)}は見つかりません", 1)
    errors = [f for f in found.findings if f.severity == "error"]
    if found.case is None or (strict and errors):
        say(render(found.findings, "text", 1))
        fail(f"事案ID{quote(case_id)}のファイルにエラーがあります", 1)
    if errors:
        say(render(errors, "text", 1))
    return found


def load_facts(
    book: Casebook, stop_on_errors: bool = False, cache: bool = True, trim: Callable[[Facts], Facts] | None = None
) -> tuple[list[Facts], bool]:
    """The Facts of every valid case (casebook.documents.facts; `trim` says which rows' text to keep),
    the errors of the others on stderr, and whether there were any.

    Public documents stop on any error: a broken non-public case left out would change the counts.
    """
    from casebook.documents.facts import facts
    from casebook.reading.findings import render
    from casebook.reading.loader import check

    with progress() as update:
        result = check(book, keep=facts, cache=cache, progress=update, trim=trim)
    errors = [f for f in result.findings if f.severity == "error"]
    if errors:
        say(render(errors, "text", result.files))
        files = len({f.path for f in errors})
        if stop_on_errors:
            fail(f"エラーのある事案ファイルが {files}件あります（casebook check で確認してください）", 1)
        say(f"casebook: エラーのある事案ファイル {files}件を除いて表示します（casebook check で確認してください）")
    return result.cases, bool(errors)


@contextmanager
def progress() -> Iterator[Callable[[int, int], None]]:
    """A rich progress bar on stderr for long runs on a terminal; a no-op otherwise."""
    bar: Any = None
    task: Any = None

    def update(done: int, total: int) -> None:
        nonlocal bar, task
        if bar is None:
            if total < PROGRESS_THRESHOLD or not sys.stderr.isatty():
                return
            from rich.progress import Progress

            from casebook.documents.terminal import console

            bar = Progress(console=console(stderr=True), transient=True)
            bar.start()
            task = bar.add_task("検査中", total=total)
        bar.update(task, completed=done)

    try:
        yield update
    finally:
        if bar is not None:
            bar.stop()
