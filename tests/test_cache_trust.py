"""The cache can never change a result: it is bound to this machine's key, reads only regular files of a sane
size, takes anything malformed for a miss, and reads again every file not safely older than the index that holds it."""

from __future__ import annotations

import os
import shutil
import stat
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, copy_sample
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import examples

from casebook.reading import cache as cache_module
from casebook.reading.cache import CACHE_DIR, FACT_KINDS, Cache
from casebook.reading.loader import open_casebook

ENV = {"COLUMNS": "120"}


def _rules_book(folder: Path) -> Path:
    shutil.copytree(FIXTURES / "rules", folder / "rules")
    shutil.copy(FIXTURES / "casebook.yaml", folder / "casebook.yaml")
    return folder


def _run(cli: Any, book: Path, *args: str) -> tuple[int, str, str]:
    result = cli(*args, cwd=book, env=ENV)
    return result.exit_code, result.stdout, result.stderr


def _forge_clean_entries(book: Path) -> None:
    """Write, with the current key, an index that says every file is clean (what a planted cache would say)."""
    casebook, _ = open_casebook(book)
    store = Cache.of(casebook)
    assert store is not None
    for path in sorted(p for p in (book / "rules").rglob("*") if p.is_file()):
        shown = path.relative_to(book).as_posix()
        entry = (cache_module.stamp_of(os.lstat(path)), b"forged", 0, date.max.toordinal(), None, None, False, ())
        store.put(shown, entry)
    store.save()


def test_a_cache_made_with_another_key_is_never_used(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_module, "RACY_NS", -(10**12))  # trust the stamps of files written just now
    book = _rules_book(tmp_path / "book")
    expected = _run(cli, book, "check", "rules", "--no-cache")
    assert expected[0] == 1
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "attacker"))
    _forge_clean_entries(book)
    assert _run(cli, book, "check", "rules")[0] == 0  # the forgery works where its key is: the test forges well
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "victim"))  # a clone with the cache committed, on another machine
    for _ in range(2):
        assert _run(cli, book, "check", "rules") == expected
    key = tmp_path / "victim" / "casebook" / "cache-key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(key.parent.stat().st_mode) == 0o700


def test_a_key_others_can_read_is_not_used(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home"))
    key = tmp_path / "home" / "casebook" / "cache-key"
    key.parent.mkdir(parents=True)
    key.write_bytes(b"k" * 32)
    key.chmod(0o644)
    book = copy_sample(tmp_path / "book")
    assert _run(cli, book, "check")[0] == 0
    assert not (book / CACHE_DIR).exists()  # no cache rather than one anyone could forge
    assert key.read_bytes() == b"k" * 32  # and the key is left as it is


@pytest.mark.parametrize("make", ["device", "fifo", "folder", "link to a shard elsewhere", "wrong shape", "wrong shape facts"])
def test_a_malformed_shard_is_a_miss(cli, tmp_path: Path, make: str) -> None:
    book = copy_sample(tmp_path / "book")
    commands = [["check"], ["report", "2025H1", "--format", "md"]]  # the index alone, and the facts
    expected = [_run(cli, book, *args, "--no-cache") for args in commands]
    for args in commands:
        _run(cli, book, *args)
    folder = next(p for p in (book / CACHE_DIR).iterdir() if p.is_dir())
    casebook, _ = open_casebook(book)
    store = Cache.of(casebook)
    assert store is not None and store.folder == folder
    key = cache_module.machine_key()
    assert key is not None
    for kind in ("index", *FACT_KINDS):
        for shard in sorted(folder.glob(f"{kind}-*")):
            if make == "device":
                shard.unlink()
                shard.symlink_to("/dev/zero")
            elif make == "fifo":
                shard.unlink()
                os.mkfifo(shard)
            elif make == "folder":
                shard.unlink()
                shard.mkdir()
            elif make == "link to a shard elsewhere":
                outside = tmp_path / f"outside-{shard.name}"
                shutil.copy(shard, outside)
                shard.unlink()
                shard.symlink_to(outside)
            elif make == "wrong shape" or (make == "wrong shape facts" and kind != "index"):
                where = f"{folder.name}/{shard.name}"
                content = cache_module._decode(shard.read_bytes(), key, where)
                assert isinstance(content, dict)
                wrong = dict.fromkeys(content, ("x", 1, None) if kind == "index" else (b"", ("bad",)))
                shard.write_bytes(cache_module._encode(wrong, key, where))
    for _ in range(2):
        assert [_run(cli, book, *args) for args in commands] == expected


class _SlowShare:
    """A file system whose clock lags the runner's by a minute and whose timestamps have a granularity of 2 s
    (a network share, FAT): every stat the process takes is what such a share would answer."""

    LAG_NS = 60 * 10**9
    TICK_NS = 2 * 10**9

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        for name in ("stat", "lstat", "fstat"):
            monkeypatch.setattr(os, name, self._wrap(getattr(os, name)))

    def _time(self, ns: int) -> int:
        return (ns - self.LAG_NS) // self.TICK_NS * self.TICK_NS

    def _wrap(self, original: Any) -> Any:
        def shared(*args: Any, **kwargs: Any) -> os.stat_result:
            info = original(*args, **kwargs)
            fields = list(info[:10])
            mtime, ctime = self._time(info.st_mtime_ns), self._time(info.st_ctime_ns)
            fields[8], fields[9] = mtime // 10**9, ctime // 10**9
            extra = {"st_mtime": mtime / 1e9, "st_ctime": ctime / 1e9, "st_mtime_ns": mtime, "st_ctime_ns": ctime}
            extra.update(st_atime_ns=info.st_atime_ns, st_atime=info.st_atime)
            return os.stat_result(fields, extra)

        return shared


CASE = "cases/2025/2025-04-25-resume-loss.yaml"
# Edits of the same size: each keeps the file's length, so only the content tells them apart.
EDITS = [
    ("status: 確定", "status: 確定"),  # unchanged
    ("status: 確定", "status: 取消"),  # an error: no such status
    ("actual: 1", "actual: 7"),  # another count: the same findings, other facts
    ("title: ", "tit1e: "),  # an unknown key
]


@settings(max_examples=examples(20), deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(range(len(EDITS))), min_size=3, max_size=6))
def test_a_cached_check_agrees_with_an_uncached_one_while_files_change_within_one_tick(
    cli, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, edits: list[int]
) -> None:
    book = copy_sample(tmp_path_factory.mktemp("book"))
    target = book / CASE
    original = target.read_text(encoding="utf-8")
    with monkeypatch.context() as patched:
        _SlowShare(patched)
        for number in edits:
            old, new = EDITS[number]
            assert old in original
            target.write_text(original.replace(old, new, 1), encoding="utf-8")
            cached = _run(cli, book, "check")
            assert cached == _run(cli, book, "check", "--no-cache"), (old, new)


@pytest.mark.slow
def test_an_entry_racy_against_its_index_stays_racy_when_another_file_rewrites_the_index(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file edited within one tick of its check, then another file of the same index shard checked alone a few
    seconds later: the rewritten index must not vouch for the first file (as git keeps racy entries racy)."""
    import time

    book = copy_sample(tmp_path)
    target = book / CASE
    original = target.read_text(encoding="utf-8")
    shard = cache_module.shard_of(CASE)
    other = next(
        book / name for number in range(1000) if cache_module.shard_of(name := f"cases/2025/2025-04-25-resume-loss-{number}.yaml") == shard
    )
    other.write_text(original.replace("id: 2025-04-25-resume-loss", f"id: {other.stem}", 1), encoding="utf-8")
    with monkeypatch.context() as patched:
        share = _SlowShare(patched)
        assert _run(cli, book, "check")[0] == 0
        time.sleep(share.TICK_NS / 1e9 * 2)
        while (time.time_ns() - share.LAG_NS) % share.TICK_NS > share.TICK_NS // 10:  # early in a tick
            time.sleep(0.01)
        target.write_text(original, encoding="utf-8")
        assert _run(cli, book, "check")[0] == 0  # its entry is written within the tick: racy
        target.write_text(original.replace("status: 確定", "status: 取消", 1), encoding="utf-8")  # same size, same tick
        time.sleep(cache_module.RACY_NS / 1e9 + 1.5)
        other.write_text(other.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
        assert _run(cli, book, "check", str(other.relative_to(book)))[0] == 0  # rewrites the shard's index
        cached = _run(cli, book, "check")
        assert cached == _run(cli, book, "check", "--no-cache")
        assert cached[0] == 1
