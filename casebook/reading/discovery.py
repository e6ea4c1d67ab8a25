"""Finding the case files of a casebook: every entry under cases/ is a file to read or a problem to name.

The walk is iterative (1,400 nested folders cannot exhaust the stack), never opens what it
finds (a FIFO cannot hang it), follows symbolic links inside the casebook once each, and names
what it does not read: other extensions, devices, unreadable folders, link loops, folder cycles.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from casebook.config import Casebook
from casebook.errors import CasebookError, describe_os_error
from casebook.reading.findings import Finding, display_path

CASE_SUFFIXES = (".yaml", ".yml")  # in any letter case: 2025-04-25-x.YAML is a case file too
# The one file a cases folder may hold besides cases: git keeps no empty folder without it.
KEEP_FILE = ".gitkeep"

_NOT_REGULAR = (
    (stat.S_ISDIR, "フォルダ"),
    (stat.S_ISFIFO, "名前付きパイプ（FIFO）"),
    (stat.S_ISSOCK, "ソケット"),
    (stat.S_ISCHR, "デバイスファイル"),
    (stat.S_ISBLK, "デバイスファイル"),
)


def kind_of(mode: int) -> str | None:
    """What a non-regular file is, in Japanese; None for a regular file."""
    return next((name for test, name in _NOT_REGULAR if test(mode)), None if stat.S_ISREG(mode) else "通常のファイルでないもの")


@dataclass
class Discovery:
    names: list[str]  # case files to read, sorted, each once (as strings: 10^5 Path objects cost a tenth of a second)
    problems: list[Finding]  # everything else found under the folders: named, never skipped

    @property
    def files(self) -> list[Path]:
        return [Path(name) for name in self.names]


def _entry_problem(path: Path, root: Path, message: str) -> Finding:
    return Finding(display_path(path, root), None, None, "error", "file", message)


def _classify(entry: os.DirEntry[str], root: Path, visited: set[tuple[int, int]]) -> tuple[str, Finding | None]:
    """("dir" | "file" | "skip" | "problem", the problem) for one entry of a folder.

    An ordinary file or folder is told apart by the entry itself, without a system call;
    only links and special files are looked at further.
    """
    if not entry.is_symlink():
        if entry.is_dir(follow_symlinks=False):
            return "dir", None
        if not entry.is_file(follow_symlinks=False):
            kind = kind_of(os.lstat(entry.path).st_mode) or "通常のファイルでないもの"
            return "problem", _entry_problem(Path(entry.path), root, f"{kind}です。cases/ には事案ファイル（.yaml）だけを置いてください")
    else:
        path = Path(entry.path)
        try:
            info = os.stat(path)
        except OSError as error:
            if error.errno == errno.ENOENT:
                return "problem", _entry_problem(path, root, "リンク先のないシンボリックリンクです")
            return "problem", _entry_problem(path, root, f"読めません（{describe_os_error(error)}）")
        if not Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root)):
            return "problem", _entry_problem(path, root, "casebook の外を指すシンボリックリンクです。読みません")
        if stat.S_ISDIR(info.st_mode):
            if (info.st_dev, info.st_ino) in visited:
                return "problem", _entry_problem(path, root, "フォルダが循環しています（シンボリックリンクが上のフォルダを指しています）")
            return "dir", None
        linked_kind = kind_of(info.st_mode)
        if linked_kind is not None:
            return "problem", _entry_problem(path, root, f"{linked_kind}です。cases/ には事案ファイル（.yaml）だけを置いてください")
    name = entry.name
    if name == KEEP_FILE:
        return "skip", None
    if not name.lower().endswith(CASE_SUFFIXES):
        return "problem", _entry_problem(
            Path(entry.path), root, "事案ファイル（.yaml・.yml）ではありません。cases/ には事案ファイルだけを置いてください"
        )
    return "file", None


def discover(paths: Iterable[Path], root: Path | None = None) -> Discovery:
    """Every case file under the given files and folders, and a problem for every other entry.

    The walk is iterative (1,400 nested folders cannot exhaust the stack), never opens what it
    finds (a FIFO cannot hang it), follows symbolic links inside the casebook once each, and
    names what it does not read: other extensions, devices, unreadable folders, link loops.
    """
    root = root or Path.cwd()
    found: dict[str, None] = {}
    problems: list[Finding] = []
    visited: set[tuple[int, int]] = set()
    for start in paths:
        if not (os.path.lexists(start)):
            raise CasebookError(f"{start}: ファイルもフォルダもありません")
        if not os.path.isdir(start):
            found.setdefault(str(Path(start)))  # named explicitly: read_case says what is wrong with it
            continue
        stack = [str(Path(start))]  # normalised as Path does, so that the same file is found once
        while stack:
            folder = stack.pop()
            try:
                info = os.stat(folder)
                visited.add((info.st_dev, info.st_ino))
                with os.scandir(folder) as listing:
                    entries = sorted(listing, key=lambda item: item.name)
            except OSError as error:
                problems.append(_entry_problem(Path(folder), root, f"フォルダを読めません（{describe_os_error(error)}）"))
                continue
            subfolders = []
            for entry in entries:
                kind, problem = _classify(entry, root, visited)
                path = entry.name if folder == "." else entry.path  # "x.yaml", as Path("./x.yaml") is
                if kind == "dir":
                    subfolders.append(path)
                elif kind == "file":
                    found.setdefault(path)
                elif problem is not None:
                    problems.append(problem)
            stack.extend(reversed(subfolders))
    return Discovery(sorted(found, key=_sort_key), problems)


def _sort_key(name: str) -> list[str]:
    """The order of Path.parts (folder by folder, the root first), on the string."""
    parts = [part for part in name.split(os.sep) if part and part != "."]
    return [os.sep, *parts] if name.startswith(os.sep) else parts


def cases_folder(book: Casebook) -> Path:
    """The casebook's cases folder; it must exist and, links resolved, stay inside the casebook."""
    if not book.cases_dir.is_dir():
        raise CasebookError(f"事案ファイルのフォルダ {book.cases_dir} がありません（casebook new で最初の事案を作れます）")
    if not Path(os.path.realpath(book.cases_dir)).is_relative_to(os.path.realpath(book.root)):
        raise CasebookError(f"事案ファイルのフォルダ {book.cases_dir} は casebook の外を指しています（cases_dir は casebook の中に）")
    return book.cases_dir
