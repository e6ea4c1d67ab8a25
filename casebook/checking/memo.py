"""The answer of the last `check` of a whole casebook, kept whole beside the cache's entries of each file.

A warm check of unchanged files still loaded every index shard and looked up, validated and turned into a result
every entry: most of its time at 10^5 files. The memo answers such a run at the cost of one stat per file. It is
used only when the discovery finds the same case files in the same order, each with the stamp it had
(casebook.reading.cache: mode, inode, device, size, mtime and ctime), every one of them safely older than the memo
(the racy rule of the cache, against the memo file's own mtime), and today is within the days every file's
findings hold. Anything else and the run goes file by file, as without it, and leaves a new memo.

A run writes a memo only when it can vouch for every file: each with a trusted stamp and a content digest. A file
whose findings hold on no day (the cache never serves one, e.g. with a modeline to another file) leaves a memo whose
days are empty: it never answers. What the memo holds is sealed like every cache file (bound to this user's key), and
a memo of another shape is no memo.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

from casebook.domain.jpdate import japan_today
from casebook.reading import cache as cache_files
from casebook.reading.cache import Cache, stamp_of, valid_finding
from casebook.reading.discovery import cases_folder, discover
from casebook.reading.findings import Finding, display_path
from casebook.reading.loader import FileResult
from casebook.reading.run import CheckResult, run
from casebook.settings.config import Casebook

_DIGEST = 32


def _finding_record(finding: Finding) -> tuple[Any, ...]:
    return (finding.path, finding.line, finding.column, finding.severity, finding.rule, finding.message, finding.field)


def _keyed(shown: str, stamp: bytes) -> bytes:
    """A file's part of the memo's key: where it is, and its stamp."""
    return shown.encode("utf-8", "surrogatepass") + b"\0" + stamp


def _valid(value: Any) -> bool:
    if value.__class__ is not tuple or len(value) != 5:
        return False
    key, since, until, usable, findings = value
    return (
        key.__class__ is bytes
        and since.__class__ is int
        and until.__class__ is int
        and usable.__class__ is int
        and findings.__class__ is tuple
        and all(item.__class__ is tuple and len(item) == 7 and item[0].__class__ is str and valid_finding(item[1:]) for item in findings)
    )


def recall(store: Cache, names: list[str], shown: list[str], today: int) -> tuple[list[Finding], int] | None:
    """The findings of the case files and how many cases had no error, as the last whole check found them, if they hold."""
    loaded = store.load_memo()
    if loaded is None or not _valid(loaded[0]):
        return None
    (key, since, until, usable, findings), written = loaded
    if not since <= today < until:
        return None
    digest = hashlib.blake2b(digest_size=_DIGEST)
    newest = 0
    for name, place in zip(names, shown, strict=True):
        try:
            info = os.lstat(name)
        except OSError:
            return None
        newest = max(newest, info.st_mtime_ns, info.st_ctime_ns)
        digest.update(_keyed(place, stamp_of(info)))
    if newest >= written - cache_files.RACY_NS or digest.digest() != key:
        return None
    return [Finding(*item) for item in findings], usable


class Recorder:
    """What a file-by-file run needs to leave a memo: the stamp and days of each file as it passes."""

    def __init__(self) -> None:
        self.digest: Any = hashlib.blake2b(digest_size=_DIGEST)
        self.since, self.until = -(2**62), 2**62
        self.complete = True

    def watch(self, results: Iterable[FileResult]) -> Iterator[FileResult]:
        for result in results:
            if result.stamp is None or not result.digest:
                self.complete = False
            elif self.complete:
                self.digest.update(_keyed(result.shown, result.stamp))
                self.since, self.until = max(self.since, result.days[0]), min(self.until, result.days[1])
            yield result

    def save(self, store: Cache, findings: list[Finding], usable: int) -> None:
        """The memo of this run (its findings of the case files), when every file could be vouched for."""
        if self.complete:
            store.save_memo((self.digest.digest(), self.since, self.until, usable, tuple(map(_finding_record, findings))))


def remembered_check(
    book: Casebook,
    *,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
    jobs: int | None = None,
    cache: bool = True,
) -> CheckResult:
    """`check` of the whole casebook (nothing kept of the cases): the memo's answer when it holds, else a run that leaves one."""
    day = today or japan_today()
    store = Cache.of(book) if cache else None
    if store is None:  # no cache asked for, or none this user can keep
        return run(book, None, today=day, progress=progress, keep=None, jobs=jobs, cache=False)
    found = discover([cases_folder(book)], book.root)
    recalled = recall(store, found.names, [display_path(name, book.root) for name in found.names], day.toordinal())
    if recalled is not None:
        findings, usable = recalled
        return CheckResult(len(found.names) + len(found.problems), [*found.problems, *findings], [], [], usable)
    recorder = Recorder()
    result = run(book, None, today=day, progress=progress, keep=None, jobs=jobs, cache=True, found=found, watch=recorder.watch)
    recorder.save(store, result.findings[len(found.problems) :], result.usable)
    return result
