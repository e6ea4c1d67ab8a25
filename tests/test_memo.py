"""The memo of the last whole check (casebook.checking.memo): it answers a check of unchanged files without loading
one entry of the cache, says byte for byte what a run without any cache says, and never answers once anything it
depends on changed: a file's bytes or stat, the set of files, the day, its own seal."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, Cli
from memos import CHANGES, change_what_it_holds, file_by_file

from casebook.checking.book import check_casebook
from casebook.checking.memo import answer_before_config
from casebook.reading import cache as cache_module
from casebook.reading import loader
from casebook.reading.cache import CACHE_DIR, Cache
from casebook.reading.loader import open_casebook
from casebook.settings.config import Casebook

TODAY = date(2025, 6, 30)


@pytest.fixture
def book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Casebook:
    """A casebook whose cases are the rule fixtures (findings of every rule, a non-public case, duplicate ids), all
    older than the racy window (as a clerk's files are: a file written just now is never vouched for)."""
    monkeypatch.setattr(cache_module, "RACY_NS", -(10**12))
    shutil.copytree(FIXTURES / "rules", tmp_path / "cases")
    shutil.copy(FIXTURES / "casebook.yaml", tmp_path / "casebook.yaml")
    opened, problems = open_casebook(tmp_path)
    assert not problems
    return opened


def _check(book: Casebook, **options: Any) -> tuple[int, list[Any], int]:
    result = check_casebook(book, keep=None, jobs=1, today=options.pop("today", TODAY), **options)
    return result.files, result.findings, result.usable


def _answered_by_memo(book: Casebook, monkeypatch: pytest.MonkeyPatch, today: date = TODAY) -> tuple[int, list[Any], int]:
    """A check in which loading any entry of the cache fails the test."""
    with monkeypatch.context() as patched:
        patched.setattr(Cache, "_index_shard", lambda *args: pytest.fail("the memo did not answer: an index shard was loaded"))
        return _check(book, today=today)


def test_a_check_of_unchanged_files_is_the_memo_and_says_what_no_cache_says(book: Casebook, monkeypatch: pytest.MonkeyPatch) -> None:
    uncached = _check(book, cache=False)
    assert uncached == _check(book)  # the first run writes the memo
    remembered = _answered_by_memo(book, monkeypatch)
    assert remembered == uncached
    rules = {finding.rule for finding in remembered[1]}
    assert {"duplicate-id", "schema", "privacy-email"} <= rules
    assert any("非公表の事案のため表示しません" in finding.message for finding in remembered[1])


@pytest.mark.parametrize("change", CHANGES)
def test_the_memo_never_answers_once_what_it_holds_changed(book: Casebook, monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    _check(book)
    _answered_by_memo(book, monkeypatch)
    today = change_what_it_holds(change, book.root, "memo-00", TODAY)
    expected = _check(book, cache=False, today=today)
    assert file_by_file(monkeypatch, lambda: _check(book, today=today)) == expected
    assert _answered_by_memo(book, monkeypatch, today) == expected  # and remembered anew


def test_a_file_changed_within_the_racy_window_of_the_memo_is_read_again(book: Casebook, monkeypatch: pytest.MonkeyPatch) -> None:
    _check(book)
    monkeypatch.setattr(cache_module, "RACY_NS", 10**18)  # every file "changed just before" the memo was written
    assert file_by_file(monkeypatch, lambda: _check(book)) == _check(book, cache=False)


def _answered_before_config(start: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[Any], int] | None:
    """The memo's answer found from casebook.yaml's bytes alone: reading the config as settings fails the test."""
    with monkeypatch.context() as patched:
        patched.setattr(loader, "open_casebook", lambda *args: pytest.fail("the config was read as settings"))
        patched.setattr(Cache, "_index_shard", lambda *args: pytest.fail("the memo did not answer: an index shard was loaded"))
        answered = answer_before_config(start, TODAY)
    if answered is None:
        return None
    assert answered[0] == start.parent / "casebook.yaml" or answered[0] == start / "casebook.yaml"
    return answered[1].files, answered[1].findings, answered[1].usable


def test_the_memo_answers_before_the_config_is_read_and_says_what_no_cache_says(book: Casebook, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _answered_before_config(book.root, monkeypatch) is None  # no memo yet
    uncached = _check(book, cache=False)
    _check(book)
    assert _answered_before_config(book.root, monkeypatch) == uncached
    assert _answered_before_config(book.root / "cases", monkeypatch) == uncached  # from a folder of the casebook


@pytest.mark.parametrize("change", ["comment", "schema", "link", "forged"])
def test_the_memo_never_answers_before_the_config_once_the_settings_changed(
    book: Casebook, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    _check(book)
    config = book.root / "casebook.yaml"
    if change == "comment":  # the same settings, other bytes
        config.write_bytes(config.read_bytes() + b"# a comment\n")
    elif change == "schema":  # the modeline rule looks for it
        (book.root / "casebook.schema.json").write_text("{}", encoding="utf-8")
    elif change == "link":  # the same bytes through a link: left to the reader
        shutil.copy(config, book.root / "settings.yaml")
        config.unlink()
        config.symlink_to("settings.yaml")
    else:
        memo = next((book.root / CACHE_DIR).glob("*/memo-00"))
        memo.write_bytes(memo.read_bytes()[:-1] + b"x")
    assert _answered_before_config(book.root, monkeypatch) is None
    if change != "link":
        reopened, problems = open_casebook(book.root)
        assert not problems
        expected = _check(reopened, cache=False)
        _check(reopened)
        assert _answered_before_config(book.root, monkeypatch) == expected  # remembered anew


def test_check_answered_by_the_memo_prints_what_a_check_without_cache_prints(
    book: Casebook, monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    monkeypatch.setattr("casebook.checking.memo.japan_today", lambda: TODAY)
    monkeypatch.setattr("casebook.reading.run.japan_today", lambda: TODAY)
    uncached = cli("check", "--no-cache", cwd=book.root / "cases")
    cli("check", cwd=book.root / "cases")  # writes the memo
    with monkeypatch.context() as patched:
        patched.setattr(loader, "open_casebook", lambda *args: pytest.fail("the config was read as settings"))
        remembered = cli("check", cwd=book.root / "cases")
    assert (remembered.exit_code, remembered.stdout, remembered.stderr) == (uncached.exit_code, uncached.stdout, uncached.stderr)
    assert "設定 ../casebook.yaml を使います" in remembered.stderr


def test_display_paths_say_what_display_path_says_of_each(tmp_path: Path) -> None:
    from casebook.reading.findings import display_path, display_paths

    root = tmp_path / "book"
    names = [
        str(root / "cases" / "a.yaml"),
        str(root / "cases" / ".." / "b.yaml"),
        str(root / ".hidden" / "c.yaml"),
        str(tmp_path / "d.yaml"),
    ]
    names.append(str(root) + "x/e.yaml")  # a sibling folder whose name starts with the root's
    assert display_paths(names, root) == [display_path(name, root) for name in names]


def test_a_cache_folder_this_user_cannot_list_leaves_the_check_to_the_casebook(
    book: Casebook, monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    """.casebook-cache made by another user (or with sudo) and closed to this one: `check` says what it says without a
    cache, never a traceback (the memo before the config lists that folder first)."""
    monkeypatch.setattr("casebook.checking.memo.japan_today", lambda: TODAY)
    monkeypatch.setattr("casebook.reading.run.japan_today", lambda: TODAY)
    uncached = cli("check", "--no-cache", cwd=book.root)
    cli("check", cwd=book.root)  # the memos are there
    original = Path.iterdir

    def closed(self: Path) -> Any:
        if self.name == CACHE_DIR:
            raise PermissionError(13, "Permission denied", str(self))
        return original(self)

    monkeypatch.setattr(Path, "iterdir", closed)
    checked = cli("check", cwd=book.root)
    assert (checked.exit_code, checked.stdout, checked.stderr) == (uncached.exit_code, uncached.stdout, uncached.stderr)
