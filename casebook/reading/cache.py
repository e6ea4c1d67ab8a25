"""The cache: what reading each case file found, kept in the casebook's .casebook-cache/ between runs.

An entry holds everything a run needs of one file (findings, id and its place, whether the case is non-public, and
its Facts for list/report/stats) and is served only while all it depends on is unchanged:

- the tool and the settings: entries live in a folder named by a digest of the installed package's
  files (code and templates), the versions of Python and of the libraries that shape results (both
  casebook.settings.installed), and
  casebook.yaml, and whether casebook.schema.json is there (the modeline rule looks for it); another
  version or another config uses another folder;
- the file: its bytes (a content digest), and its stat (mode, inode, device, size, mtime, ctime) as a quick sign that
  the bytes are unchanged. As in git's index, a stat taken within RACY_NS of a change is not trusted (a second change
  within the same timestamp would hide behind it): such a file is read and its digest compared. A link, a FIFO or a
  file that became unreadable never matches (its mode or ctime differs), so it is read and named as usual;
- today: rules that compare dates with today (future-date, ppc-report) record the days between which
  their answer holds (`casebook.rules.base.Clock`), and the entry is served only within them.

Entries are spread over SHARDS files per kind (index, and the facts in FACT_KINDS); each file is written whole to a
temporary name and renamed, so two runs at once never mix their writes.

The cache can never change a result:

- it is bound to this machine's user: each file carries a MAC of its content, its folder and its name,
  keyed by a secret kept outside the casebook (`machine_key`, under $XDG_CACHE_HOME or ~/.cache, mode 0600).
  A cache committed to git, copied from another machine or planted is simply not used (every file a miss);
  without a key to keep, the run goes without the cache;
- only regular files are read, and at most MAX_SHARD_BYTES of each (a link, a FIFO, a device is a miss);
  a file whose content is torn, foreign or of another shape is a miss too, never an error;
- a file whose stat is not safely older than the index that holds it (the index file's own mtime, so both
  times come from the same file system's clock, as git does with its racy index) is always read again.

The cache never fails a command: a folder that cannot be written is simply not used.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import shutil
import struct
import tempfile
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from casebook.safety.atomic import replace_private
from casebook.safety.sealed import machine_key, read_regular, seal, unseal
from casebook.settings.files import SCHEMA_FILE
from casebook.settings.installed import tool_digest

if TYPE_CHECKING:
    from casebook.settings.config import Casebook

CACHE_DIR = ".casebook-cache"
SHARDS = 64
RACY_NS = 3_000_000_000
SPILL_BATCH = 256  # facts records written to a spill file at once
KEEP_FOLDERS = 4  # versions or configs kept side by side (switching branches keeps each warm)
MAX_SHARD_BYTES = 512 * 1024 * 1024
_MAGIC = b"casebook-cache 6\n"
FACT_KINDS = ("facts", "lists", "reports")  # a case's facts, its list row, its report row: rows are loaded only where used
_DIGEST = 16
_FOLDER = re.compile(f"[0-9a-f]{{{2 * _DIGEST}}}")  # the only folders the cache makes, and so the only ones it removes
_TAG = b"Signature: 8a477f597d28d172789f06886806bc55\n# casebook's cache: see https://bford.info/cachedir/\n"

Stamp = bytes  # mode, inode, device, size, mtime and ctime, packed (one object: 10^5 tuples of six ints are 20 MB)
_STAMP = struct.Struct("<QQQqqq")
_STAMP_SIZE = _STAMP.size
_LENGTH = struct.Struct("<Q")  # of a batch in a spill file
# An index entry: stamp (None: not to be trusted), content digest, first and last-but-one day (ordinals)
# the findings hold, case id, place of the id, non-public, findings as (line, column, severity, rule, message, field).
Entry = tuple[Stamp | None, bytes, int, int, str | None, tuple[int, int] | None, bool, tuple[tuple[Any, ...], ...]]


def stamp_of(info: os.stat_result) -> Stamp:
    return _STAMP.pack(info.st_mode, info.st_ino, info.st_dev, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def trusted_stamp(info: os.stat_result, read_at_ns: int) -> Stamp | None:
    """The stamp of a file as read, unless it changed so shortly before that another change could share it."""
    if max(info.st_mtime_ns, info.st_ctime_ns) >= read_at_ns - RACY_NS:
        return None
    return stamp_of(info)


def content_digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=_DIGEST).digest()


def shard_of(shown: str) -> int:
    return zlib.crc32(shown.encode("utf-8", "surrogatepass")) % SHARDS


# A cache file: the magic line, then the payload (marshal) sealed with this user's key (casebook.safety.sealed),
# for the folder and file names too, so that a file is not used in another config's folder or another shard's place.


def _decode(data: bytes, key: bytes, where: str) -> Any:
    """The content of a cache file, or None when it is torn, foreign, forged or of another format."""
    payload = unseal(memoryview(data)[len(_MAGIC) :], key, where) if data.startswith(_MAGIC) else None
    if payload is None:
        return None
    try:
        return marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None


def _encode(value: Any, key: bytes, where: str) -> bytes:
    return seal(marshal.dumps(value), key, where, head=_MAGIC)


_FINDING_TYPES = ((int, type(None)), (int, type(None)), (str,), (str,), (str,), (str, type(None)))


def valid_finding(item: Any) -> bool:
    return item.__class__ is tuple and len(item) == 6 and all(isinstance(v, t) for v, t in zip(item, _FINDING_TYPES, strict=True))


def _valid_entry(value: Any) -> bool:
    """Whether an index entry has the shape `Entry` says (a run uses each part of it)."""
    if value.__class__ is not tuple or len(value) != 8:
        return False
    stamp, digest, since, until, case_id, place, secret, findings = value
    return bool(
        (stamp is None or (stamp.__class__ is bytes and len(stamp) == _STAMP_SIZE))
        and digest.__class__ is bytes
        and since.__class__ is int
        and until.__class__ is int
        and (case_id is None or case_id.__class__ is str)
        and (place is None or (place.__class__ is tuple and len(place) == 2 and place[0].__class__ is int and place[1].__class__ is int))
        and secret.__class__ is bool
        and findings.__class__ is tuple
        and (not findings or all(map(valid_finding, findings)))
    )


def _changed_since(stamp: Stamp, written_ns: int) -> bool:
    """Whether a file's stamp is not safely older than the index file that holds it (both times of one file system)."""
    _, _, _, _, mtime, ctime = _STAMP.unpack(stamp)
    return bool(max(mtime, ctime) >= written_ns - RACY_NS)


class Cache:
    """The entries of one casebook for this tool and config; loaded shard by shard, written back whole per shard."""

    def __init__(self, folder: Path, key: bytes) -> None:
        self.folder = folder
        self._key = key
        self._index: list[dict[str, Entry] | None] = [None] * SHARDS
        self._written: list[int] = [0] * SHARDS  # the mtime of each index file as loaded
        self._racy: set[str] = set()  # files served as "read again": their entries are written anew once verified
        self._put: set[str] = set()  # files whose entry this run wrote
        self._changed: set[int] = set()  # index shards to write
        # New facts records go to one spill file per shard as they come, and are merged into the shards
        # when the run ends: 10^5 records held until then would be most of the run's memory.
        self._spill: Path | None = None
        self._spilled: dict[int, BinaryIO] = {}
        self._waiting: dict[int, list[tuple[str, bytes, tuple[Any, ...]]]] = {}  # records not spilled yet, a batch per shard
        self._unusable = False
        self._kept: set[str] | None = None  # a run over the whole casebook: the files there are

    @classmethod
    def of(cls, book: Casebook) -> Cache | None:
        """The cache of a casebook, or None where this user has no key to bind it to."""
        secret = machine_key()
        if secret is None:
            return None
        # the modeline rule looks for the casebook's schema file: a file that appears or goes changes what it says
        schema = b"schema" if (book.root / SCHEMA_FILE).is_file() else b"no schema"
        key = hashlib.blake2b(tool_digest() + book.config.model_dump_json().encode("utf-8") + schema, digest_size=_DIGEST)
        return cls(book.root / CACHE_DIR / key.hexdigest(), secret)

    def _where(self, name: str) -> str:
        return f"{self.folder.name}/{name}"

    def _load(self, kind: str, shard: int, *, shape: type = dict) -> tuple[Any, int]:
        """The content of one cache file (empty when it is missing, unusable, forged or not of `shape`) and its mtime."""
        name = f"{kind}-{shard:02d}"
        found = read_regular(self.folder / name, MAX_SHARD_BYTES)
        if found is None:
            return {}, 0
        content = _decode(found[0], self._key, self._where(name))
        return (content, found[1]) if content.__class__ is shape else ({}, 0)

    def _index_shard(self, shard: int) -> dict[str, Entry]:
        loaded = self._index[shard]
        if loaded is None:
            loaded, self._written[shard] = self._load("index", shard)
            self._index[shard] = loaded
        return loaded

    def facts_shard(self, kind: str, shard: int) -> dict[str, Any]:
        """One part (FACT_KINDS) of the facts of one shard, shown path → (content digest, part), as the last run left them."""
        records: dict[str, Any] = self._load(kind, shard)[0]
        return records

    def entry(self, shown: str, today: int) -> Entry | None:
        """The entry of a file whose findings hold today (its stamp still to be compared; None: read it again)."""
        shard = shard_of(shown)
        found = self._index_shard(shard).get(shown)
        if found is None or not _valid_entry(found) or not (found[2] <= today < found[3]):
            return None
        if found[0] is not None and _changed_since(found[0], self._written[shard]):
            self._racy.add(shown)
            return (None, *found[1:])
        return found

    def load_memo(self, kind: str = "memo") -> tuple[Any, int] | None:
        """A memo of the last whole run (casebook.checking.memo: `kind` memo or factsmemo) and its file's mtime, or None."""
        content, written = self._load(kind, 0, shape=tuple)
        return (content, written) if written else None

    def save_memo(self, value: Any, kind: str = "memo") -> None:
        try:
            self._prepare()
            replace_private(self.folder / f"{kind}-00", _encode(value, self._key, self._where(f"{kind}-00")))
        except (OSError, ValueError):
            return

    def put(self, shown: str, entry: Entry, facts: tuple[Any, ...] | None = None) -> None:
        """A file's entry, and its facts as parts in FACT_KINDS order (a part None: the file has none of that kind)."""
        shard = shard_of(shown)
        index = self._index_shard(shard)
        self._put.add(shown)
        if index.get(shown) != entry:
            index[shown] = entry
            self._changed.add(shard)
        if facts is not None and not self._unusable:
            waiting = self._waiting.setdefault(shard, [])
            waiting.append((shown, entry[1], facts))
            if len(waiting) >= SPILL_BATCH:
                self._spill_waiting(shard)

    def _spill_waiting(self, shard: int) -> None:
        waiting = self._waiting.pop(shard, [])
        if not waiting or self._unusable:
            return
        try:
            batch = marshal.dumps(waiting)
            self._spill_file(shard).write(_LENGTH.pack(len(batch)) + batch)
        except (OSError, ValueError):
            self._unusable = True

    def _spill_file(self, shard: int) -> BinaryIO:
        stream = self._spilled.get(shard)
        if stream is None:
            if self._spill is None:
                self._prepare()
                self._spill = Path(tempfile.mkdtemp(prefix=".spill-", dir=self.folder))
            stream = (self._spill / f"{shard:02d}").open("ab")
            self._spilled[shard] = stream
        return stream

    def restamp(self, shown: str, stamp: Stamp | None) -> None:
        """A file read again and found unchanged: its entry stands, with the new stamp."""
        index = self._index_shard(shard_of(shown))
        old = index.get(shown)
        if old is not None and (old[0] != stamp or shown in self._racy):
            self.put(shown, (stamp, old[1], old[2], old[3], old[4], old[5], old[6], old[7]))
            self._changed.add(shard_of(shown))

    def forget_others(self, shown: set[str]) -> None:
        """After a run over the whole casebook: drop the entries of files that are gone (and their facts when the shard is written next)."""
        self._kept = shown
        for shard in range(SHARDS):
            loaded = self._index_shard(shard)
            gone = [name for name in loaded if name not in shown]
            for name in gone:
                del loaded[name]
            if gone:
                self._changed.add(shard)

    def _keep_racy(self, shard: int) -> None:
        """Entries this run did not write that were racy against the index as loaded stay racy (stamp None) when the
        index is written anew: its new mtime would otherwise vouch for a file edited within a tick of the old one."""
        index = self._index[shard] or {}
        written = self._written[shard]
        for name, entry in index.items():
            if name not in self._put and entry[0] is not None and _changed_since(entry[0], written):
                index[name] = (None, *entry[1:])

    def save(self) -> None:
        """Write the shards this run changed; a folder that cannot be written leaves the cache as it was."""
        try:
            if self._changed:
                self._prepare()
                for shard in sorted(self._changed):
                    self._keep_racy(shard)
                    name = f"index-{shard:02d}"
                    replace_private(self.folder / name, _encode(self._index[shard], self._key, self._where(name)))
                self._changed.clear()
            if (self._spilled or self._waiting) and not self._unusable:
                self._merge_new()
            _prune(self.folder.parent, keep=self.folder)
        except (OSError, ValueError, EOFError, struct.error):  # a spill file torn (the disk full) is no new facts
            return
        finally:
            self._drop_spill()

    def _new_batches(self, shard: int) -> Iterator[list[tuple[str, bytes, tuple[Any, ...]]]]:
        """This run's facts records of a shard: the batches spilled (the file read whole), then those still waiting."""
        stream = self._spilled.get(shard)
        if stream is not None and self._spill is not None:
            stream.close()
            spilled = memoryview((self._spill / f"{shard:02d}").read_bytes())
            start = 0
            while start < len(spilled):
                (length,) = _LENGTH.unpack_from(spilled, start)
                start += _LENGTH.size + length
                yield marshal.loads(spilled[start - length : start])
        yield self._waiting.pop(shard, [])

    def _merge_new(self) -> None:
        """Each shard with new facts: the records on disk, updated with this run's, written whole (one shard in memory at a time)."""
        for shard in sorted(self._spilled.keys() | self._waiting.keys()):
            parts = [self._load(kind, shard)[0] for kind in FACT_KINDS]
            if self._kept is not None:
                parts = [{name: value for name, value in kept.items() if name in self._kept} for kept in parts]
            for batch in self._new_batches(shard):
                for shown, digest, facts in batch:
                    for kept, part in zip(parts, facts, strict=True):
                        if part is None:
                            kept.pop(shown, None)
                        else:
                            kept[shown] = (digest, part)
            for kind, kept in zip(FACT_KINDS, parts, strict=True):
                name = f"{kind}-{shard:02d}"
                replace_private(self.folder / name, _encode(kept, self._key, self._where(name)))

    def _drop_spill(self) -> None:
        for stream in self._spilled.values():
            stream.close()
        self._spilled.clear()
        if self._spill is not None:
            shutil.rmtree(self._spill, ignore_errors=True)
            self._spill = None

    def _prepare(self) -> None:
        top = self.folder.parent
        for folder in (top, self.folder):
            if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
                raise OSError(f"{folder} is not a folder of its own")  # never write, or prune, through a link
        if not top.is_dir():
            top.mkdir(exist_ok=True)
            # Ignored by git and skipped by backup tools even where the casebook's .gitignore does not name it.
            (top / ".gitignore").write_text("# casebook's cache (casebook check --no-cache does without it)\n*\n", encoding="utf-8")
            (top / "CACHEDIR.TAG").write_bytes(_TAG)
        self.folder.mkdir(exist_ok=True)
        os.utime(self.folder)  # the folders used last are the ones kept


def _prune(top: Path, keep: Path) -> None:
    """Remove the folders of other versions and configs but the few used last, and spill files a killed run left."""
    folders = [p for p in top.iterdir() if _FOLDER.fullmatch(p.name) and p.is_dir() and not p.is_symlink() and p != keep]
    folders.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in folders[KEEP_FOLDERS - 1 :]:
        shutil.rmtree(old, ignore_errors=True)
    hour_ago = time.time() - 3600
    for spill in keep.glob(".spill-*"):
        if spill.stat().st_mtime < hour_ago:
            shutil.rmtree(spill, ignore_errors=True)
