"""Finding the case files of a casebook: every entry under cases/ is a file to read or a problem to name.

The walk is iterative (1,400 nested folders cannot exhaust the stack), never opens what it
finds (a FIFO cannot hang it), follows symbolic links inside the casebook once each, and names
what it does not read: other extensions, devices, unreadable folders, link loops, folder cycles.
"""

from __future__ import annotations

import errno
import operator
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from casebook.errors import CasebookError, describe_os_error
from casebook.reading.findings import Finding, display_path
from casebook.safety.paths import leads_outside

if TYPE_CHECKING:
    from casebook.settings.config import Casebook

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
    # The case files to read, sorted, each once, as strings (what the workers and the cache key on: 10^5 Path
    # objects, hashed and sorted by their parts, cost a warm check half a second).
    names: list[str]
    problems: list[Finding]  # everything else found under the folders: named, never skipped

    @property
    def files(self) -> list[Path]:
        return [Path(name) for name in self.names]


def _entry_problem(path: Path | str, root: Path, message: str) -> Finding:
    from casebook.rules.reading import FILE  # the rules' registry, only once there is something to name

    return Finding(display_path(path, root), None, None, "error", FILE.id, message)


_NOT_A_CASE = "cases/ には事案ファイル（.yaml）だけを置いてください"
FileId = tuple[int, int]  # st_dev, st_ino: the same file or folder under two names


def _named(name: str, path: Path | str, root: Path) -> str | Finding:
    """'file' for a case file, 'skip' for .gitkeep, or the problem of a file that is not a case file."""
    if name == KEEP_FILE:
        return "skip"
    if not name.lower().endswith(CASE_SUFFIXES):
        return _entry_problem(path, root, "事案ファイル（.yaml・.yml）ではありません。cases/ には事案ファイルだけを置いてください")
    return "file"


_by_name = operator.attrgetter("name")


class _Walk:
    """One discovery: real folders first, then links, so that a link to what was read already is named, not read twice."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[str, None] = {}
        self.problems: list[Finding] = []
        self.folders: dict[FileId, Path] = {}
        self.file_ids: dict[FileId, str] = {}
        self.links: list[Path] = []

    def add_file(self, name: str, file_id: FileId) -> None:
        self.files.setdefault(name)
        self.file_ids.setdefault(file_id, name)

    def walk(self, start: Path) -> None:
        """The folders under `start` without following links (iterative: 1,400 levels cannot exhaust the stack)."""
        stack = [start]
        while stack:
            folder = stack.pop()
            try:
                info = os.stat(folder)
                with os.scandir(folder) as listing:
                    entries = sorted(listing, key=_by_name)
            except OSError as error:
                self.problems.append(_entry_problem(folder, self.root, f"フォルダを読めません（{describe_os_error(error)}）"))
                continue
            self.folders.setdefault((info.st_dev, info.st_ino), folder)
            subfolders = []
            device = info.st_dev
            for entry in entries:  # an ordinary entry is told apart without a system call
                if entry.is_file(follow_symlinks=False):  # a regular file, not a link (the most of them: asked first)
                    name = entry.name
                    if name != KEEP_FILE and name.lower().endswith(CASE_SUFFIXES):
                        self.add_file(entry.path, (device, entry.inode()))
                    else:
                        named = _named(name, entry.path, self.root)
                        if isinstance(named, Finding):
                            self.problems.append(named)
                elif entry.is_symlink():
                    self.links.append(Path(entry.path))
                elif entry.is_dir(follow_symlinks=False):
                    subfolders.append(Path(entry.path))
                else:
                    kind = kind_of(os.lstat(entry.path).st_mode) or "通常のファイルでないもの"
                    self.problems.append(_entry_problem(Path(entry.path), self.root, f"{kind}です。{_NOT_A_CASE}"))
            stack.extend(reversed(subfolders))

    def follow_links(self) -> None:
        """Each link once: outside the casebook, looping, or to a folder or file read already, it is named instead."""
        while self.links:
            path = self.links.pop(0)
            problem = self._link(path)
            if problem is not None:
                self.problems.append(_entry_problem(path, self.root, problem))

    def _link(self, path: Path) -> str | None:
        try:
            info = os.stat(path)
        except OSError as error:
            if error.errno == errno.ENOENT:
                return "リンク先のないシンボリックリンクです"
            return f"読めません（{describe_os_error(error)}）"
        if leads_outside(path, self.root):
            return "casebook の外を指すシンボリックリンクです。読みません"
        target_id = (info.st_dev, info.st_ino)
        if stat.S_ISDIR(info.st_mode):
            if target_id in self.folders:
                same = self.folders[target_id]
                if path.is_relative_to(same):
                    return "フォルダが循環しています（シンボリックリンクが上のフォルダを指しています）"
                return f"フォルダ {display_path(same, self.root)} へのリンクです（同じ事案を二度数えないよう、読みません）"
            self.walk(path)
            return None
        kind = kind_of(info.st_mode)
        if kind is not None:
            return f"{kind}です。{_NOT_A_CASE}"
        if target_id in self.file_ids:
            return (
                f"事案ファイル {display_path(self.file_ids[target_id], self.root)} へのリンクです（同じ事案を二度数えないよう、読みません）"
            )
        named = _named(path.name, path, self.root)
        if isinstance(named, Finding):
            return named.message
        if named == "file":
            self.add_file(os.fspath(path), target_id)
        return None


def discover(paths: Iterable[Path], root: Path | None = None) -> Discovery:
    """Every case file under the given files and folders, and a problem for every other entry.

    Never opens what it finds (a FIFO cannot hang it), reads each file once whatever its names
    (a file named twice on the command line, a link to a case file or to a folder read already),
    and names what it does not read: other extensions, devices, unreadable folders, link loops.
    """
    walk = _Walk(root or Path.cwd())
    for start in paths:
        if not (os.path.lexists(start)):
            raise CasebookError(f"{start}: ファイルもフォルダもありません")
        if os.path.isdir(start):
            walk.walk(Path(start))
            continue
        name = os.fspath(Path(start))  # as a Path spells it (a/./b is a/b), as the walk spells what it finds
        try:  # named explicitly: read_case says what is wrong with it
            info = os.stat(start)
        except OSError:
            walk.files.setdefault(name)
            continue
        if (info.st_dev, info.st_ino) not in walk.file_ids:
            walk.add_file(name, (info.st_dev, info.st_ino))
    walk.follow_links()
    names = list(walk.files)
    absolute = {name.startswith(os.sep) for name in names}
    return Discovery(sorted(names, key=_sort_key if os.name == "nt" or len(absolute) > 1 else _joined_key), walk.problems)


def _sort_key(name: str) -> list[str]:
    """Path(name).parts, without making a Path: a folder's files before those of a folder whose name it begins."""
    if os.name == "nt":  # pragma: no cover - drives and two kinds of separator
        return list(Path(name).parts)
    parts = name.split(os.sep)
    if not parts[0]:
        parts[0] = os.sep  # an absolute path's first part is its root
    return parts


def _joined_key(name: str) -> str:
    """The order of `_sort_key` in one string, for names all absolute or all relative: the separator as NUL (which no
    name holds) sorts before every other character, as the end of a part does."""
    return name.replace(os.sep, "\0")


def cases_folder(book: Casebook) -> Path:
    """The casebook's cases folder; it must exist and, links resolved, stay inside the casebook."""
    if not book.cases_dir.is_dir():
        raise CasebookError(f"事案ファイルのフォルダ {book.cases_dir} がありません（casebook new で最初の事案を作れます）")
    if leads_outside(book.cases_dir, book.root):
        raise CasebookError(f"事案ファイルのフォルダ {book.cases_dir} は casebook の外を指しています（cases_dir は casebook の中に）")
    return book.cases_dir
