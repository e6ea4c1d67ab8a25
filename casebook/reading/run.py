"""A run over a casebook: every file read (by worker processes for large casebooks) or served from the cache,
in file order, and the rules that look across files (duplicate-id) applied to all of them.

What a run keeps of each valid case (`keep`): nothing (`check`), its Facts (list, report, stats: a small
record, and the one the cache holds), or the whole case (a library caller; never cached).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Generator, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from casebook.domain.jpdate import japan_today
from casebook.reading.cache import Cache, Entry, shard_of, stamp_of
from casebook.reading.discovery import Discovery, cases_folder, discover
from casebook.reading.findings import CheckResult, Finding, display_paths
from casebook.reading.loader import FileResult, Keep, read_case, whole_case
from casebook.rules.reading import DUPLICATE_ID
from casebook.safety.quoting import quote, withholding
from casebook.settings.config import Casebook

PARALLEL_THRESHOLD = 1000  # files to read: below this, starting workers costs more than it saves
CHUNK = 256
WINDOW = 32 * CHUNK
# Reading a file allocates thousands of short-lived, acyclic objects; the default threshold (700)
# makes the cyclic collector run every few files for nothing (measured: 20% of a run).
GC_THRESHOLD = 100_000

Task = tuple[str, bytes]  # a file to read, and the content digest the cache has for it (b"" for none)


def _quiet_gc() -> None:
    gc.set_threshold(GC_THRESHOLD, 50, 50)


def _read_task(task: Task, book: Casebook, today: date, keep: Keep | None, cached: bool = True) -> FileResult:
    return read_case(Path(task[0]), book, today, keep, known=task[1], cached=cached)


def _read_all(
    tasks: list[Task], book: Casebook, today: date, *, keep: Keep | None, jobs: int, cached: bool = True
) -> Generator[FileResult, None, None]:
    """Results in task order; spread over `jobs` processes when there are many files to read."""
    if jobs <= 1 or len(tasks) < PARALLEL_THRESHOLD:
        for task in tasks:
            yield _read_task(task, book, today, keep, cached)
        return
    from functools import partial

    from casebook.domain.case import Case

    Case.model_rebuild()  # built once here, not once in every worker (the model defers building until used)
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    read = partial(_read_task, book=book, today=today, keep=keep, cached=cached)
    with multiprocessing.get_context(method).Pool(jobs, initializer=_quiet_gc) as pool:
        # A window at a time: the pool keeps every result the workers are ahead by, and they are ahead of a
        # parent that files each result in the cache (10^5 results waiting were 100 MB).
        for start in range(0, len(tasks), WINDOW):
            yield from pool.imap(read, tasks[start : start + WINDOW], chunksize=CHUNK)


def run(
    book: Casebook,
    paths: list[Path] | None,
    *,
    today: date,
    progress: Callable[[int, int], None] | None,
    keep: Keep | None,
    jobs: int | None,
    cache: bool,
    trim: Callable[[Any], Any] | None = None,
    found: Discovery | None = None,
    watch: Callable[[Iterator[FileResult]], Iterator[FileResult]] | None = None,
) -> CheckResult:
    """See `casebook.reading.run.check`. Cross-file rules run here, in one pass with a dict, so the run stays linear."""
    from casebook.queries.facts import facts

    book.memo.clear()  # what the rules learn is learnt again by each run
    found = found or discover(paths or [cases_folder(book)], book.root)
    names = found.names
    findings: list[Finding] = list(found.problems)
    cases: list[Any] = []
    case_files: list[str] = []
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    store = Cache.of(book) if cache and keep in (None, facts) else None
    # Keeping 10^5 models alive makes the cyclic GC rescan them again and again; they hold no cycles.
    collecting, threshold = gc.isenabled(), gc.get_threshold()
    _quiet_gc()
    if keep is not None:
        gc.disable()
    shown = display_paths(names, book.root) if store is not None else []
    try:
        results: Iterator[FileResult]
        if store is None:
            results = _read_all([(name, b"") for name in names], book, today, keep=keep, jobs=jobs, cached=False)
            if trim is not None:
                results = (_trimmed(result, trim) for result in results)
        else:
            results = _cached(names, shown, book, today, want_facts=keep is not None, jobs=jobs, store=store, trim=trim)
            if watch is not None:
                results = watch(results)
        usable = _collect(results, len(names), findings=findings, cases=cases, case_files=case_files, progress=progress)
    finally:
        gc.set_threshold(*threshold)
        if collecting:
            gc.enable()
    if store is not None:
        if not paths:
            store.forget_others(set(shown))
        store.save()
    return CheckResult(len(names) + len(found.problems), findings, cases, case_files, usable)


def _trimmed(result: FileResult, trim: Callable[[Any], Any]) -> FileResult:
    if result.case is not None:
        result.case = trim(result.case)
    return result


class _KeptFacts:
    """The Facts the cache holds, a shard at a time, with the rows `trim` keeps: a kind of rows (casebook.reading.cache's
    FACT_KINDS) is loaded only when a case of the shard keeps one, and a row it lacks makes the case a miss."""

    def __init__(self, store: Cache, trim: Callable[[Any], Any] | None) -> None:
        self.store, self.trim = store, trim
        self.shards: dict[int, dict[str, tuple[bytes, Any]]] = {}

    def get(self, shown: str, digest: bytes) -> Any:
        shard = shard_of(shown)
        table = self.shards.get(shard)
        if table is None:
            table = self.shards[shard] = self._load(shard)
        found = table.get(shown)
        return found[1] if found is not None and found[0] == digest else None

    def _load(self, shard: int) -> dict[str, tuple[bytes, Any]]:
        from casebook.queries.facts import from_head

        rows = RowShard(self.store, shard)
        kept = keeping(self.trim)
        table: dict[str, tuple[bytes, Any]] = {}
        for name, value in self.store.facts_shard("facts", shard).items():
            try:
                digest, head = value
                made = from_head(head)
            except (TypeError, ValueError, IndexError, OverflowError, KeyError):
                continue  # a record of another shape: the file is read again
            made = kept(made, rows, name, digest)
            if made is not None:  # else a row the command needs is missing: the file is read again
                table[name] = (digest, made)
        return table


class RowShard:
    """The rows (casebook.reading.cache's FACT_KINDS but facts) of the cases of one shard, each kind loaded when first asked."""

    def __init__(self, store: Cache, shard: int) -> None:
        self.store, self.shard = store, shard
        self.kinds: dict[str, dict[str, Any]] = {}

    def __call__(self, kind: str, name: str, digest: bytes) -> bytes | None:
        """The row of `kind` of a case whose content digest is `digest`, or None when the cache has none."""
        table = self.kinds.get(kind)
        if table is None:
            table = self.kinds[kind] = self.store.facts_shard(kind, self.shard)
        found = table.get(name)
        if found.__class__ is not tuple or len(found) != 2 or found[0] != digest or found[1].__class__ is not bytes:
            return None
        blob: bytes = found[1]
        return blob


def keeping(trim: Callable[[Any], Any] | None) -> Callable[[Any, RowShard, str, bytes], Any]:
    """What a command keeps of a case's Facts without rows: those with the rows `trim` keeps (None: the cache lacks one)."""
    from casebook.queries.facts import Trim, with_rows

    def kept(made: Any, rows: RowShard, name: str, digest: bytes) -> Any:
        wants_list, wants_report = trim.wants(made) if isinstance(trim, Trim) else (True, made.is_public)
        list_blob = rows("lists", name, digest) if wants_list else b""
        report_blob = rows("reports", name, digest) if wants_report else None
        if list_blob is None or (wants_report and report_blob is None):
            return None
        made = with_rows(made, list_blob, report_blob) if wants_list or wants_report else made
        return trim(made) if trim is not None and not isinstance(trim, Trim) else made

    return kept


def _cached(
    names: list[str],
    shown_names: list[str],
    book: Casebook,
    today: date,
    *,
    want_facts: bool,
    jobs: int,
    store: Cache,
    trim: Callable[[Any], Any] | None,
) -> Iterator[FileResult]:
    """Results in file order: from the cache where it still holds, read (by workers) where not; the cache learns the new ones.

    Every file read gets its facts made and cached, even by `check`, which keeps none of them: the first list,
    report or stats after a check is served from the cache as a warm one is.
    """
    from casebook.queries.facts import Facts, facts_record, split_record

    kept_facts = _KeptFacts(store, trim) if want_facts else None
    day = today.toordinal()
    # What each file gets: its entry and facts (served; the result is made when its turn comes, so that
    # 10^5 results are never held at once), or None (read: the next result of the workers).
    plan: list[tuple[Entry, Any] | None] = []
    entries: list[Entry | None] = []  # the cache's entry of each file read (for files found unchanged)
    tasks: list[Task] = []
    for name, shown in zip(names, shown_names, strict=True):
        entry = store.entry(shown, day)
        served = _servable(name, shown, entry, kept_facts) if entry is not None and entry[0] is not None else None
        plan.append(served)
        if served is None:
            entries.append(entry)
            # a digest lets a worker stop at "unchanged"; without the facts the run wants, the worker must read the file
            known = entry[1] if entry is not None and not (want_facts and _lacks_facts(shown, entry, kept_facts)) else b""
            tasks.append((name, known))
    fresh = _read_all(tasks, book, today, keep=facts_record, jobs=jobs)
    waiting = iter(entries)
    for name, shown, planned in zip(names, shown_names, plan, strict=True):
        if planned is not None:
            yield _served(name, shown, *planned)
            continue
        result, entry = next(fresh), next(waiting)
        if result.unchanged and entry is not None:
            store.restamp(result.shown, result.stamp)
            servable = _servable(result.name, result.shown, entry, kept_facts, stamp_checked=True)
            if servable is not None:
                again = _served(result.name, result.shown, *servable)
                again.stamp = result.stamp  # as read now (the entry may hold none: it was racy)
                yield again
                continue
            result = read_case(Path(result.name), book, today, facts_record)  # the cache has no facts for it (yet)
        kept = result.case  # a facts record, or None
        if result.digest:
            findings = tuple((f.line, f.column, f.severity, f.rule, f.message, f.field) for f in result.findings)
            store.put(
                result.shown,
                (result.stamp, result.digest, *result.days, result.case_id, result.id_place, result.secret, findings),
                split_record(kept) if kept is not None else None,
            )
        result.case = None
        if want_facts and kept is not None:
            made = Facts.from_record(kept)
            result.case = trim(made) if trim is not None else made
        yield result
    fresh.close()


def _lacks_facts(shown: str, entry: Entry, kept_facts: _KeptFacts | None) -> bool:
    return kept_facts is not None and entry[4] is not None and kept_facts.get(shown, entry[1]) is None


def _servable(
    name: str, shown: str, entry: Entry, kept_facts: _KeptFacts | None, *, stamp_checked: bool = False
) -> tuple[Entry, Any] | None:
    """The entry (and facts) the cache holds for a file, if the file is as it was (the same stamp) and the cache has what the run needs."""
    if not stamp_checked:
        try:
            info = os.lstat(name)
        except OSError:
            return None
        if stamp_of(info) != entry[0]:
            return None
    case = None
    if kept_facts is not None and entry[4] is not None:
        case = kept_facts.get(shown, entry[1])
        if case is None:
            return None
    return entry, case


def _served(name: str, shown: str, entry: Entry, case: Any) -> FileResult:
    stamp, digest, since, until, case_id, id_place, secret, kept_findings = entry
    findings = [Finding(shown, *item) for item in kept_findings] if kept_findings else []
    return FileResult(name, shown, case, case_id, findings, id_place, secret, stamp, digest, (since, until))


def _collect(
    results: Iterable[FileResult],
    total: int,
    *,
    findings: list[Finding],
    cases: list[Any],
    case_files: list[str],
    progress: Callable[[int, int], None] | None,
) -> int:
    """Gathers the findings and cases of every file and the cross-file ones; returns how many cases have no error."""
    usable_cases = 0
    # Ids are compared without letter case: ABC and abc are one file name on Windows and macOS.
    first_seen: dict[str, tuple[str, int | None, str]] = {}  # id → where it was first seen (file, line), as spelled there
    for number, result in enumerate(results, 1):
        findings.extend(result.findings)
        usable = result.case_id is not None and not any(f.severity == "error" for f in result.findings)
        if result.case_id is not None:
            line, column = result.id_place or (None, None)
            key = result.case_id.casefold()
            if key in first_seen:
                shown, first_line, spelled = first_seen[key]
                with withholding(result.secret):
                    text = f"事案ID{quote(result.case_id)}は {shown}:{first_line} でも使われています"
                    if spelled != result.case_id:
                        text += "（大文字・小文字の違いだけでも同じ事案IDです）"
                findings.append(Finding(result.shown, line, column, "error", DUPLICATE_ID.id, text, "事案ID (id)"))
                usable = False
            else:
                first_seen[key] = (result.shown, line, result.case_id)
        if usable:  # a case with errors is only named: the commands that go on without it say so
            usable_cases += 1
            if result.case is not None:
                cases.append(result.case)
                case_files.append(result.name)
        if progress is not None:
            progress(number, total)
    return usable_cases


def check(
    book: Casebook,
    paths: list[Path] | None = None,
    *,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
    keep: Keep | None = whole_case,
    jobs: int | None = None,
    cache: bool = True,
    trim: Callable[[Any], Any] | None = None,
) -> CheckResult:
    """Read every case under `paths` (default: the casebook's cases folder) and run every rule.

    `keep` says what to keep of each valid case (the run is `casebook.reading.run`), and `trim` what to keep of that;
    the cache (casebook.reading.cache) serves unchanged files when `keep` is None or `facts`, unless `cache` is False.
    """
    from casebook.reading.run import run

    return run(book, paths, today=today or japan_today(), progress=progress, keep=keep, jobs=jobs, cache=cache, trim=trim)
