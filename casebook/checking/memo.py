"""The answer of the last `check` of a whole casebook, kept whole beside the cache's entries of each file.

A warm check of unchanged files still loaded every index shard and looked up, validated and turned into a result
every entry: most of its time at 10^5 files. The memo answers such a run at the cost of one stat per file. It is
used only when the discovery finds the same case files in the same order, each with the stamp it had
(casebook.reading.cache: mode, inode, device, size, mtime and ctime), every one of them safely older than the memo
(the racy rule of the cache, against the memo file's own mtime), and today is within the days every file's
findings hold. Anything else and the run goes file by file, as without it, and leaves a new memo (and the facts
memo of report, list and stats: casebook.checking.facts_memo, answered under the same conditions).

A run writes a memo only when it can vouch for every file: each with a trusted stamp and a content digest. A file
whose findings hold on no day (the cache never serves one, e.g. with a modeline to another file) leaves a memo whose
days are empty: it never answers. What the memo holds is sealed like every cache file (bound to this user's key), and
a memo of another shape is no memo.
"""

from __future__ import annotations

import gc
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casebook.domain.jpdate import japan_today
from casebook.reading import cache as cache_files
from casebook.reading.cache import CACHE_DIR, Cache, shard_of, stamp_of, valid_finding
from casebook.reading.discovery import Discovery, cases_folder, discover
from casebook.reading.findings import CheckResult, Finding, display_paths
from casebook.safety.paths import leads_outside
from casebook.safety.sealed import machine_key, read_regular
from casebook.settings.files import SCHEMA_FILE, find_config
from casebook.settings.installed import tool_digest

if TYPE_CHECKING:
    from casebook.reading.loader import FileResult
    from casebook.settings.config import Casebook

_DIGEST = 32
FACTS_MEMO = "factsmemo"  # the kind of memo file of casebook.checking.facts_memo
FRONT = "front"  # the kind of memo file that says which settings the check memo beside it was made under
MAX_CONFIG_BYTES = 1 << 20  # a casebook.yaml larger than this is left to the reader (which names it)


def _finding_record(finding: Finding) -> tuple[Any, ...]:
    return (finding.path, finding.line, finding.column, finding.severity, finding.rule, finding.message, finding.field)


def _keyed(shown: str, stamp: bytes) -> bytes:
    """A file's part of the memo's key: where it is, and its stamp."""
    return shown.encode("utf-8", "surrogatepass") + b"\0" + stamp


def valid_memo(value: Any) -> bool:
    """Whether a value has the shape of the check memo (the first part of the facts memo too)."""
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


@contextmanager
def without_gc() -> Iterator[None]:
    """No cyclic collection while 10^5 acyclic records are loaded or made: each pass would rescan all of them (half the time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def recalled(store: Cache, kind: str, names: list[str], shown: list[str], today: int, *, valid: Callable[[Any], bool]) -> Any:
    """A memo of `kind` (of the shape `valid` says), if it holds for these files today: else None."""
    loaded = store.load_memo(kind)
    if loaded is None or not valid(loaded[0]):
        return None
    value, written = loaded
    key, since, until = value[:3]
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
    return value


class Recorder:
    """What a file-by-file run needs to leave its memos: the stamp and days of each file as it passes, and which hold a case."""

    def __init__(self) -> None:
        self.digest: Any = hashlib.blake2b(digest_size=_DIGEST)
        self.since, self.until = -(2**62), 2**62
        self.complete = True
        self.cases: list[tuple[int, bytes]] = []  # the place in file order and the content digest of each valid case

    def watch(self, results: Iterable[FileResult]) -> Iterator[FileResult]:
        for place, result in enumerate(results):
            if result.stamp is None or not result.digest:
                self.complete = False
            elif self.complete:
                self.digest.update(_keyed(result.shown, result.stamp))
                self.since, self.until = max(self.since, result.days[0]), min(self.until, result.days[1])
                if result.case_id is not None:
                    self.cases.append((place, result.digest))
            yield result

    def save(self, store: Cache, findings: list[Finding], usable: int, shown: list[str]) -> None:
        """The memos of this run (its findings of the case files; the facts of its cases), when every file could be vouched for.

        The facts are the cache's (which the run has just saved), of the cases with no error: the files without an
        error among the findings, as many as the run counted (else no facts memo: an older one's key no longer matches).
        """
        if not self.complete:
            return
        head = (self.digest.digest(), self.since, self.until, usable, tuple(map(_finding_record, findings)))
        store.save_memo(head)
        failed = {finding.path for finding in findings if finding.severity == "error"}
        kept = [(place, digest) for place, digest in self.cases if shown[place] not in failed]
        if len(kept) != usable:
            return
        shards: dict[int, dict[str, Any]] = {}
        heads = []
        for place, digest in kept:
            shard = shard_of(shown[place])
            table = shards.get(shard)
            if table is None:
                table = shards[shard] = store.facts_shard("facts", shard)
            found = table.get(shown[place])
            if found.__class__ is not tuple or len(found) != 2 or found[0] != digest:
                return  # the cache could not keep the facts of a case
            heads.append(found[1])
        places, digests = tuple(place for place, _ in kept), tuple(digest for _, digest in kept)
        store.save_memo((*head, places, digests, tuple(heads)), FACTS_MEMO)


def remembered(
    book: Casebook,
    answer: Callable[[Cache, Discovery, list[str], date], CheckResult | None],
    *,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
    jobs: int | None = None,
    cache: bool = True,
    **options: Any,
) -> CheckResult:
    """A run of the whole casebook: what `answer` makes of the memos for the files found today when they hold,
    else a file-by-file run that leaves them (without a cache: a run as without the memos)."""
    from casebook.reading.run import run

    day = today or japan_today()
    store = Cache.of(book) if cache else None
    if store is None:  # no cache asked for, or none this user can keep
        return run(book, None, today=day, progress=progress, jobs=jobs, cache=False, **options)
    found = discover([cases_folder(book)], book.root)
    shown = display_paths(found.names, book.root)
    answered = answer(store, found, shown, day)
    if answered is not None:
        return answered
    return recorded_run(book, store, found, shown, today=day, progress=progress, jobs=jobs, **options)


def remembered_check(book: Casebook, **options: Any) -> CheckResult:
    """`check` of the whole casebook (nothing kept of the cases): the memo's answer when it holds, else a run that leaves one."""

    def answer(store: Cache, found: Discovery, shown: list[str], day: date) -> CheckResult | None:
        answered = _answer(store, found, shown, day)
        if answered is None:
            return None
        front = _front(book, answered[1])
        if (store.load_memo(FRONT) or ((),))[0] != front:  # other bytes of casebook.yaml saying the same: named anew
            store.save_memo(front, FRONT)
        return answered[0]

    return remembered(book, answer, keep=None, **options)


def _answer(store: Cache, found: Discovery, shown: list[str], day: date) -> tuple[CheckResult, bytes] | None:
    """The check memo's answer for the files found, and the memo's key; None when it does not hold."""
    value = recalled(store, "memo", found.names, shown, day.toordinal(), valid=valid_memo)
    if value is None:
        return None
    findings = [*found.problems, *(Finding(*item) for item in value[4])]
    return CheckResult(len(found.names) + len(found.problems), findings, [], [], value[3]), value[0]


def recorded_run(book: Casebook, store: Cache, found: Discovery, shown: list[str], **options: Any) -> CheckResult:
    """A file-by-file run of the whole casebook (with the cache) that leaves its memos, and the front memo that lets
    the next check find the check memo before the config is read (see answer_before_config)."""
    from casebook.reading.run import run

    recorder = Recorder()
    result = run(book, None, cache=True, found=found, watch=recorder.watch, **options)
    with without_gc():
        recorder.save(store, result.findings[len(found.problems) :], result.usable, shown)
    if recorder.complete:
        store.save_memo(_front(book, recorder.digest.digest()), FRONT)
    return result


def _front(book: Casebook, memo_key: bytes) -> tuple[bytes, str, bytes]:
    """The front memo of a check memo made over this casebook: its settings, its cases folder and the memo's key."""
    return settings_key(book.root, book.config_digest), book.config.cases_dir, memo_key


def settings_key(root: Path, config_digest: bytes) -> bytes:
    """What a check's findings depend on beside the case files: the tool, where the casebook is, the bytes of its
    casebook.yaml (by their content digest) and whether its schema file is there (the modeline rule looks for it)."""
    schema = b"schema" if (root / SCHEMA_FILE).is_file() else b"no schema"
    return hashlib.blake2b(b"\0".join((tool_digest(), os.fsencode(root), config_digest, schema)), digest_size=_DIGEST).digest()


def answer_before_config(start: Path, today: date | None = None) -> tuple[Path, CheckResult] | None:
    """The check memo's answer to `check` of the whole casebook that holds `start` (and its casebook.yaml), or None.

    Found from the bytes of casebook.yaml before they are read as settings, which (with the models the config
    loads) was most of such a run: the front memo beside a check memo names the settings it was made under, and a
    run leaves them only when its config was read from the very bytes they are keyed by and held no error
    (casebook.reading.loader.config_of), so the same bytes say the same. Any doubt (a link, no key, no memo for
    these settings) is None: the command opens the casebook as usual, and names what is wrong.
    """
    config_path = find_config(start)
    secret = machine_key()
    read = None if config_path is None or secret is None else read_regular(config_path, MAX_CONFIG_BYTES)
    if config_path is None or secret is None or read is None:
        return None
    root = config_path.parent
    settings = settings_key(root, cache_files.content_digest(read[0]))
    try:
        answered = _answer_from_front(root, settings, secret, today or japan_today())
    except OSError:  # a cache folder this user cannot list or look into: the casebook is opened as without it
        return None
    return None if answered is None else (config_path, answered)


def _answer_from_front(root: Path, settings: bytes, secret: bytes, today: date) -> CheckResult | None:
    """The check memo's answer from the cache folder whose front memo names these settings, or None."""
    top = root / CACHE_DIR
    folders = sorted(top.iterdir(), key=_last_used, reverse=True) if top.is_dir() and not top.is_symlink() else []
    for folder in folders:  # a few: one per version and config of the tool used lately
        store = Cache(folder, secret)
        front = store.load_memo(FRONT) if folder.is_dir() and not folder.is_symlink() else None
        if front is None or not _valid_front(front[0]) or front[0][0] != settings:
            continue
        memo = store.load_memo()
        cases = root / front[0][1]
        if memo is None or memo[0][:1] != front[0][2:] or not cases.is_dir() or leads_outside(cases, root):
            return None
        found = discover([cases], root)
        answered = _answer(store, found, display_paths(found.names, root), today)
        return None if answered is None else answered[0]
    return None


def _valid_front(value: Any) -> bool:
    return (
        value.__class__ is tuple
        and len(value) == 3
        and all(part.__class__ is t for part, t in zip(value, (bytes, str, bytes), strict=True))
    )


def _last_used(folder: Path) -> int:
    try:
        return folder.stat().st_mtime_ns
    except OSError:
        return 0
