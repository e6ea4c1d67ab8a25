"""`casebook site`: every page kind writes its files into a new folder, which then takes the place of --out whole.

A page kind is a module with `files(content)` yielding (path in the site, text or bytes); adding one is adding it to
PAGE_KINDS. The same casebook gives the same bytes: nothing depends on the time of the build or on the order of
the file system.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePosixPath

from casebook.errors import WriteError, describe_os_error
from casebook.site import case, feed, index, lists, opendata, period, search
from casebook.site.content import SiteContent
from casebook.site.frame import STYLE, TEMPLATES

FileMaker = Callable[[SiteContent], Iterable[tuple[str, str | bytes]]]


def style(content: SiteContent) -> Iterator[tuple[str, str | bytes]]:
    from casebook.documents.templates import render

    yield STYLE, render(content.root, TEMPLATES + "style.css.j2")


PAGE_KINDS: tuple[FileMaker, ...] = (
    style,
    index.files,
    period.files,
    case.files,
    lists.files,
    opendata.files,
    feed.files,
    search.files,
)


def site_files(content: SiteContent, kinds: Iterable[FileMaker] = PAGE_KINDS) -> dict[str, bytes]:
    """Every file of the site by its path; two page kinds may not write the same file."""
    written: dict[str, bytes] = {}
    for make in kinds:
        for name, data in make(content):
            if name in written:
                raise AssertionError(f"two page kinds write {name}")
            written[name] = data.encode("utf-8") if isinstance(data, str) else data
    return written


def _refuse(out: Path, force: bool) -> None:
    if not os.path.lexists(out):
        return
    if out.is_symlink() or not out.is_dir():
        raise WriteError(f"{out} はフォルダではありません（サイトはフォルダに書き出します）")
    if any(out.iterdir()) and not force:
        raise WriteError(f"{out} は空ではありません（置き換えるには --force）")


def write_site(content: SiteContent, out: Path, force: bool = False) -> int:
    """The site written whole into `out` (a new folder, renamed into place); the number of files written."""
    _refuse(out, force)
    files = site_files(content)
    parent = out.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=parent))
    except OSError as error:
        raise WriteError(f"{out} に書き出せません（{describe_os_error(error)}）") from None
    try:
        for name, data in sorted(files.items()):
            target = staging.joinpath(*PurePosixPath(name).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        if content.search:
            search.index(staging)
        os.chmod(staging, 0o755)
        count = sum(1 for item in staging.rglob("*") if item.is_file())
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return count


def _swap(staging: Path, out: Path) -> None:
    """`staging` takes the place of `out`; an old `out` is removed only once the new one is in place."""
    old = None
    if os.path.lexists(out):
        old = out.with_name(f".{out.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        os.rename(out, old)
    try:
        os.rename(staging, out)
    except OSError as error:
        if old is not None:
            os.rename(old, out)
        raise WriteError(f"{out} に書き出せません（{describe_os_error(error)}）") from None
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
