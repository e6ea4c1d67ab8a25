"""The facts memo (casebook.checking.facts_memo): it answers the Facts of unchanged files (report, list, stats) without
loading one entry of the cache, gives what a run without any cache gives, is left by `check` for the first report
after it, and never answers once anything it depends on changed: a file's bytes or stat, the set of files, the day,
its own seal, a row it would take from the cache."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, ROOT
from memos import CHANGES, change_what_it_holds, file_by_file

from casebook.checking.book import check_casebook
from casebook.queries.facts import Trim, facts, trimmed
from casebook.reading import cache as cache_module
from casebook.reading.cache import CACHE_DIR, Cache
from casebook.reading.loader import open_casebook
from casebook.settings.config import Casebook

TODAY = date(2025, 6, 30)
# What the commands keep: report (the rows of public cases of a half year), list (the rows of the public ones), stats (none).
TRIMS = {
    "report": lambda: trimmed(report=lambda case: case.basis is not None and date(2025, 4, 1) <= case.basis <= date(2025, 9, 30)),
    "list": lambda: trimmed(listed=lambda case: not case.non_public),
    "stats": trimmed,
    "all": lambda: None,
}


@pytest.fixture
def book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Casebook:
    """The rule fixtures (findings of every rule, duplicate ids) and the sample's cases (a 非公表 one among them) as a
    casebook, older than the racy window; a draft without any date among them (a case no period places)."""
    monkeypatch.setattr(cache_module, "RACY_NS", -(10**12))
    shutil.copytree(FIXTURES / "rules", tmp_path / "cases")
    shutil.copytree(ROOT / "cases", tmp_path / "cases", dirs_exist_ok=True)
    (tmp_path / "cases" / "undated.yaml").write_text("id: undated\ntitle: 調査中の事案\nstatus: 調査中\n", encoding="utf-8")
    shutil.copy(ROOT / "casebook.schema.json", tmp_path)  # what the sample's modelines name
    shutil.copy(FIXTURES / "casebook.yaml", tmp_path / "casebook.yaml")
    opened, problems = open_casebook(tmp_path)
    assert not problems
    return opened


def _facts(book: Casebook, trim: Trim | None, **options: Any) -> tuple[Any, ...]:
    result = check_casebook(book, keep=facts, jobs=1, today=options.pop("today", TODAY), trim=trim, **options)
    return result.files, result.findings, result.usable, result.cases, result.case_files


def _answered_by_memo(book: Casebook, monkeypatch: pytest.MonkeyPatch, trim: Trim | None, today: date = TODAY) -> tuple[Any, ...]:
    """The facts, from a run in which loading any index entry of the cache fails the test."""
    with monkeypatch.context() as patched:
        patched.setattr(Cache, "_index_shard", lambda *args: pytest.fail("the facts memo did not answer: an index shard was loaded"))
        return _facts(book, trim, today=today)


@pytest.mark.parametrize("command", TRIMS)
def test_the_facts_of_unchanged_files_are_the_memo_and_what_no_cache_gives(
    book: Casebook, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    uncached = _facts(book, TRIMS[command](), cache=False)
    assert _facts(book, TRIMS[command]()) == uncached  # the first run writes the memos
    remembered = _answered_by_memo(book, monkeypatch, TRIMS[command]())
    assert remembered == uncached
    assert remembered[3] and {"duplicate-id", "schema"} <= {finding.rule for finding in remembered[1]}
    assert any(case.non_public for case in remembered[3])
    assert all(case.report_blob is None for case in remembered[3] if not case.is_public)  # a 非公表 case has no report row
    assert any(case.basis is None for case in remembered[3])


def test_a_check_leaves_the_facts_of_the_first_report(book: Casebook, monkeypatch: pytest.MonkeyPatch) -> None:
    assert check_casebook(book, keep=None, jobs=1, today=TODAY).files
    for make in TRIMS.values():
        assert _answered_by_memo(book, monkeypatch, make()) == _facts(book, make(), cache=False)


@pytest.mark.parametrize("change", [*CHANGES, "row", "racy"])
def test_the_facts_memo_never_answers_once_what_it_holds_changed(book: Casebook, monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    trim = TRIMS["report"]
    _facts(book, trim())
    _answered_by_memo(book, monkeypatch, trim())
    today = TODAY
    if change == "row":  # the report rows the memo would take from the cache are gone
        for rows in (book.root / CACHE_DIR).glob("*/reports-*"):
            rows.unlink()
    elif change == "racy":
        monkeypatch.setattr(cache_module, "RACY_NS", 10**18)  # every file "changed just before" the memo was written
    else:
        today = change_what_it_holds(change, book.root, "factsmemo-00", TODAY)
    expected = _facts(book, trim(), cache=False, today=today)
    assert file_by_file(monkeypatch, lambda: _facts(book, trim(), today=today)) == expected
    if change != "racy":
        assert _answered_by_memo(book, monkeypatch, trim(), today) == expected  # and remembered anew


def test_a_report_leaves_the_check_memo_of_the_next_check(book: Casebook, monkeypatch: pytest.MonkeyPatch) -> None:
    _facts(book, TRIMS["report"]())
    expected = check_casebook(book, keep=None, jobs=1, today=TODAY, cache=False)
    with monkeypatch.context() as patched:
        patched.setattr(Cache, "_index_shard", lambda *args: pytest.fail("the check memo did not answer: an index shard was loaded"))
        remembered = check_casebook(book, keep=None, jobs=1, today=TODAY)
    assert (remembered.files, remembered.findings, remembered.usable) == (expected.files, expected.findings, expected.usable)
