"""The cache (.casebook-cache/): a cached run says exactly what an uncached one says, and never serves what changed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, ROOT, Cli, copy_sample

from casebook.reading import cache as cache_module
from casebook.reading.cache import CACHE_DIR, SHARDS, Cache
from casebook.reading.loader import open_casebook
from casebook.reading.run import check

ENV = {"COLUMNS": "120"}


def _rules_book(folder: Path) -> Path:
    """A casebook whose cases are the rule fixtures: findings of every rule, a non-public case, duplicate ids."""
    shutil.copytree(FIXTURES / "rules", folder / "rules")
    shutil.copy(FIXTURES / "casebook.yaml", folder / "casebook.yaml")
    return folder


def _intact(shard: Path) -> bool:
    """Whether a cache file is whole and made with this machine's key."""
    key = cache_module.machine_key()
    assert key is not None
    return cache_module._decode(shard.read_bytes(), key, f"{shard.parent.name}/{shard.name}") is not None


def _outputs(cli: Any, book: Path, commands: list[list[str]], *flags: str) -> list[tuple[int, str, str]]:
    results = []
    for args in commands:
        result = cli(*args, *flags, cwd=book, env=ENV)
        results.append((result.exit_code, result.stdout, result.stderr))
    return results


CHECKS = [
    ["check", "rules"],
    ["check", "rules", "--format", "json"],
    ["check", "rules", "--format", "github"],
    ["check", "rules", "--strict"],
]
DOCUMENTS = [
    ["list"],
    ["list", "2025H1", "--format", "json"],
    ["list", "--format", "csv", "--public"],
    ["stats", "--by", "unit_kind"],
    ["stats", "2025H1", "2024H2", "--format", "json"],
    ["stats", "--by", "month", "--format", "csv"],
    *(["report", "2025H1", "--format", fmt] for fmt in ("table", "md", "html", "csv", "json")),
]


def _sheet(book: Path, name: str) -> bytes:
    with zipfile.ZipFile(book / name) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


def test_a_cached_check_says_byte_for_byte_what_an_uncached_one_says(cli, tmp_path: Path) -> None:
    book = _rules_book(tmp_path)
    uncached = _outputs(cli, book, CHECKS, "--no-cache")
    assert not (book / CACHE_DIR).exists()
    cold = _outputs(cli, book, CHECKS)
    assert (book / CACHE_DIR).is_dir()
    warm = _outputs(cli, book, CHECKS)
    assert uncached == cold == warm
    assert uncached[0][0] == 1 and "[duplicate-id]" in uncached[0][1] and "非公表の事案のため表示しません" in uncached[0][1]


def test_cached_documents_are_byte_for_byte_the_uncached_ones(cli, tmp_path: Path) -> None:
    book = copy_sample(tmp_path)
    uncached = _outputs(cli, book, DOCUMENTS, "--no-cache")
    assert not (book / CACHE_DIR).exists()
    cli("report", "2025H1", "--out", "uncached.xlsx", "--no-cache", cwd=book)
    assert cli("check", cwd=book).exit_code == 0  # check fills the cache, the first list fills in the facts
    warm = _outputs(cli, book, DOCUMENTS)
    assert warm == _outputs(cli, book, DOCUMENTS)
    cli("report", "2025H1", "--out", "cached.xlsx", cwd=book)
    assert uncached == warm
    assert _sheet(book, "uncached.xlsx") == _sheet(book, "cached.xlsx")


def test_an_edited_file_is_read_again(cli, tmp_path: Path) -> None:
    book = copy_sample(tmp_path)
    assert cli("check", cwd=book).exit_code == 0
    target = book / "cases" / "2025" / "2025-05-16-advice-misdelivery.yaml"
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("category: 誤送付", "category: 誤送"), encoding="utf-8")
    cached, uncached = cli("check", cwd=book), cli("check", "--no-cache", cwd=book)
    assert cached.exit_code == 1 and "[schema]" in cached.stdout
    assert (cached.stdout, cached.stderr) == (uncached.stdout, uncached.stderr)
    target.write_text(text, encoding="utf-8")
    assert cli("check", cwd=book).exit_code == 0


def test_a_file_that_became_a_fifo_or_a_link_is_not_served_from_the_cache(cli, tmp_path: Path) -> None:
    book = copy_sample(tmp_path)
    assert cli("check", cwd=book).exit_code == 0
    target = book / "cases" / "2025" / "2025-04-25-resume-loss.yaml"
    target.unlink()
    os.mkfifo(target)
    result = cli("check", cwd=book)
    assert result.exit_code == 1 and "名前付きパイプ（FIFO）" in result.stdout
    target.unlink()
    outside = tmp_path.parent / f"{tmp_path.name}-outside.yaml"
    shutil.copy(ROOT / "cases" / "2025" / "2025-04-25-resume-loss.yaml", outside)
    target.symlink_to(outside)
    result = cli("check", cwd=book)
    assert result.exit_code == 1 and "casebook の外を指すシンボリックリンク" in result.stdout


def test_torn_and_foreign_cache_files_are_ignored_and_rebuilt(cli, tmp_path: Path) -> None:
    book = _rules_book(tmp_path)
    expected = cli("check", "rules", "--no-cache", cwd=book)
    cli("check", "rules", cwd=book)
    shards = sorted((book / CACHE_DIR).glob("*/index-*"))
    assert 3 <= len(shards) <= SHARDS  # the shards that hold a file
    shards[0].write_bytes(shards[0].read_bytes()[:-7])  # torn
    shards[1].write_bytes(b"something else entirely")  # foreign
    shards[2].write_bytes(b"")
    for _ in range(2):
        result = cli("check", "rules", cwd=book)
        assert (result.exit_code, result.stdout, result.stderr) == (expected.exit_code, expected.stdout, expected.stderr)
    for shard in shards[:3]:
        assert _intact(shard)  # rebuilt


def test_the_cache_holds_only_for_the_days_its_answers_hold(tmp_path: Path) -> None:
    book_path = _rules_book(tmp_path)
    book, _ = open_casebook(book_path)
    paths = [book_path / "rules"]
    for day in (date(2025, 4, 1), date(2999, 1, 2), date(2025, 4, 1), date(2025, 5, 20), date(2025, 6, 30)):
        cached = check(book, paths, today=day, keep=None, jobs=1)
        uncached = check(book, paths, today=day, keep=None, jobs=1, cache=False)
        assert cached.findings == uncached.findings, day
    rules = {f.rule for f in check(book, paths, today=date(2999, 1, 2), keep=None, jobs=1).findings}
    assert "future-date" not in rules  # 2999-01-01 has come


def test_another_config_uses_another_folder(cli, tmp_path: Path) -> None:
    book = _rules_book(tmp_path)
    before = cli("check", "rules/privacy.yaml", cwd=book)
    assert "[privacy-email]" in before.stdout
    config = book / "casebook.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "\nprivacy_allow: [taro@example.jp]\n", encoding="utf-8")
    after, uncached = cli("check", "rules/privacy.yaml", cwd=book), cli("check", "rules/privacy.yaml", "--no-cache", cwd=book)
    assert after.stdout == uncached.stdout and after.stdout.count("[privacy-email]") < before.stdout.count("[privacy-email]")
    assert len(list((book / CACHE_DIR).iterdir())) == 2 + 2  # two folders, .gitignore and CACHEDIR.TAG


def test_duplicate_ids_are_found_between_a_cached_and_a_new_file(cli, tmp_path: Path) -> None:
    book = copy_sample(tmp_path)
    assert cli("check", cwd=book).exit_code == 0
    source = book / "cases" / "2025" / "2025-04-25-resume-loss.yaml"
    shutil.copy(source, book / "cases" / "copy.yaml")
    result, uncached = cli("check", cwd=book), cli("check", "--no-cache", cwd=book)
    assert "[duplicate-id]" in result.stdout and result.stdout == uncached.stdout


def test_a_stamp_taken_just_after_a_change_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A change within the same timestamp (same size, mtime and ctime) is found: a fresh file's stamp is not kept."""
    book_path = copy_sample(tmp_path)
    book, _ = open_casebook(book_path)
    target = book_path / "cases" / "2025" / "2025-04-25-resume-loss.yaml"
    target.write_text(target.read_text(encoding="utf-8"), encoding="utf-8")  # changed just now
    check(book, keep=None, jobs=1)
    entry = Cache.of(book).entry("cases/2025/2025-04-25-resume-loss.yaml", date.today().toordinal())
    assert entry is not None and entry[0] is None  # read again next time, whatever its stamp says
    # a stamp is kept once the file is older than the racy window
    monkeypatch.setattr(cache_module, "RACY_NS", -(10**12))
    check(book, keep=None, jobs=1)
    entry = Cache.of(book).entry("cases/2025/2025-04-25-resume-loss.yaml", date.today().toordinal())
    assert entry is not None and entry[0] is not None


def test_a_read_only_casebook_works_without_a_cache(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = copy_sample(tmp_path)

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cache_module, "replace_private", refuse)
    result = cli("check", cwd=book)
    assert result.exit_code == 0 and "11件" in result.stderr


@pytest.mark.slow  # two processes racing over 40 files, repeated
def test_two_checks_at_once_never_corrupt_the_cache(tmp_path: Path) -> None:
    book = _rules_book(tmp_path)
    for number in range(40):  # enough files for every shard to be written by both runs
        shutil.copy(FIXTURES / "rules" / "clean.yaml", book / "rules" / f"clean-{number}.yaml")
    command = [sys.executable, "-m", "casebook", "check", "rules", "--format", "json"]
    expected = subprocess.run([*command, "--no-cache"], cwd=book, capture_output=True, check=False)
    for _ in range(3):
        runs = [subprocess.Popen(command, cwd=book, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
        for process in runs:
            stdout, _ = process.communicate(timeout=120)
            assert stdout == expected.stdout
        for shard in (book / CACHE_DIR).glob("*/*-*"):
            assert _intact(shard), shard
        assert not list((book / CACHE_DIR).glob("*/.*.tmp"))


def test_the_cache_folder_ignores_itself(cli, tmp_path: Path) -> None:
    book = copy_sample(tmp_path)
    cli("check", cwd=book)
    assert (book / CACHE_DIR / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert (book / CACHE_DIR / "CACHEDIR.TAG").read_bytes().startswith(b"Signature: 8a477f597d28d172789f06886806bc55")
    assert f"{CACHE_DIR}/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_a_linked_cache_folder_is_neither_written_nor_pruned(cli, tmp_path: Path) -> None:
    book = copy_sample(tmp_path / "book")
    elsewhere = tmp_path / "elsewhere"
    for name in ("a" * 32, "b" * 32, "c" * 32, "d" * 32, "Documents"):
        (elsewhere / name).mkdir(parents=True)
    (book / CACHE_DIR).symlink_to(elsewhere)
    assert cli("check", cwd=book).exit_code == 0
    assert sorted(p.name for p in elsewhere.iterdir()) == ["Documents", "a" * 32, "b" * 32, "c" * 32, "d" * 32]


def test_old_versions_are_pruned_but_nothing_else(cli, tmp_path: Path) -> None:
    book = copy_sample(tmp_path)
    cache = book / CACHE_DIR
    cli("check", cwd=book)
    for number, name in enumerate(("1" * 32, "2" * 32, "3" * 32, "4" * 32, "notes")):
        (cache / name).mkdir()
        os.utime(cache / name, (number, number))  # older than the folder in use
    cli("check", "--no-cache", cwd=book)
    cli("check", cwd=book)  # nothing to write: nothing pruned either
    (book / "cases" / "2025" / "2025-04-25-resume-loss.yaml").write_text(
        (ROOT / "cases" / "2025" / "2025-04-25-resume-loss.yaml").read_text(encoding="utf-8") + "# edited\n", encoding="utf-8"
    )
    cli("check", cwd=book)
    names = sorted(p.name for p in cache.iterdir() if p.is_dir())
    assert "notes" in names and "1" * 32 not in names and len(names) == 1 + 4  # notes, the folder in use and the 3 used last


def test_a_modeline_to_another_schema_file_is_judged_afresh(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache knows whether the casebook's own schema file is there; a modeline naming any other file is never served."""
    monkeypatch.setattr(cache_module, "RACY_NS", -(10**12))  # trust the stamps of files written just now
    book = copy_sample(tmp_path)
    (book / "schemas").mkdir()
    (book / "schemas" / "casebook.schema.json").write_text("{}", encoding="utf-8")
    target = book / "cases" / "2025" / "2025-04-25-resume-loss.yaml"
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    target.write_text("# yaml-language-server: $schema=../../schemas/casebook.schema.json\n" + "".join(lines[1:]), encoding="utf-8")
    assert cli("check", "--strict", "-q", cwd=book).exit_code == 0
    (book / "schemas" / "casebook.schema.json").unlink()
    cached = cli("check", "--strict", "-q", cwd=book)
    assert cached.exit_code == 1 and "[modeline]" in cached.stdout
    assert cached.stdout == cli("check", "--strict", "-q", "--no-cache", cwd=book).stdout


def test_a_second_check_reads_no_unchanged_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sample casebook (every file with its $schema modeline) is served whole from the cache the second time,
    also before casebook schema has written the schema file the modelines name."""
    from casebook.reading import run as run_module

    monkeypatch.setattr(cache_module, "RACY_NS", -(10**12))
    folder = copy_sample(tmp_path)
    (folder / "casebook.schema.json").unlink(missing_ok=True)
    book, _ = open_casebook(folder)
    check(book, keep=None, jobs=1)
    reads: list[str] = []
    original = run_module.read_case
    monkeypatch.setattr(run_module, "read_case", lambda path, *args, **kwargs: reads.append(str(path)) or original(path, *args, **kwargs))
    check(book, keep=None, jobs=1)
    assert reads == []


def _documents_served_without_reading_a_case(cli: Cli, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """list, report and stats after a check read no case file, and say what they say without the cache."""
    from casebook.reading import run as run_module

    reads: list[str] = []
    original = run_module.read_case
    monkeypatch.setattr(run_module, "read_case", lambda path, *args, **kwargs: reads.append(str(path)) or original(path, *args, **kwargs))
    commands = [["list", "--format", "json"], ["report", "2025H1", "--format", "csv"], ["stats", "--format", "json"]]
    cached = _outputs(cli, folder, commands)
    assert reads == []
    assert cached == _outputs(cli, folder, commands, "--no-cache")


def test_the_first_report_after_a_check_reads_no_file(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """check caches the facts the documents need: list, report and stats right after it read no case file,
    and say what they say without the cache."""
    monkeypatch.setattr(cache_module, "RACY_NS", -(10**12))
    folder = copy_sample(tmp_path)
    assert cli("check", "-q", cwd=folder).exit_code == 0
    _documents_served_without_reading_a_case(cli, folder, monkeypatch)


def test_a_facts_record_is_the_record_of_its_facts() -> None:
    """A worker makes a case's record without the Facts object: field for field what Facts.as_record gives."""
    from casebook.queries.facts import Facts, facts_record

    book, _ = open_casebook(ROOT)
    result = check(book, cache=False)
    assert result.cases
    for case in result.cases:
        record = facts_record(case, book.config)
        assert Facts.from_record(record).as_record() == record


def test_facts_spilled_to_disk_and_kept_in_memory_are_both_cached(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A shard's new facts go to a spill file a batch at a time and the rest wait in memory: both reach the cache."""
    monkeypatch.setattr(cache_module, "RACY_NS", -(10**12))
    monkeypatch.setattr(cache_module, "SHARDS", 2)  # 11 cases: several batches of 2 spilled per shard, an odd one waiting
    monkeypatch.setattr(cache_module, "SPILL_BATCH", 2)
    folder = copy_sample(tmp_path)
    assert cli("check", "-q", cwd=folder).exit_code == 0
    assert not list((folder / CACHE_DIR).glob("*/.spill-*"))
    _documents_served_without_reading_a_case(cli, folder, monkeypatch)


def test_the_tool_digest_reads_every_file_of_the_package_but_its_byte_code(tmp_path: Path) -> None:
    """What names the cache's folder: each regular file under the package (templates too, a link to a file too), never a
    FIFO's content, never a link to a folder followed."""
    from casebook.settings.installed import _files

    (tmp_path / "templates" / "site").mkdir(parents=True)
    (tmp_path / "__pycache__").mkdir()
    for name in ("a.py", "templates/report.docx", "templates/site/index.html.j2", "__pycache__/a.cpython-311.pyc"):
        (tmp_path / name).write_bytes(b"x")
    os.mkfifo(tmp_path / "templates" / "pipe")
    (tmp_path / "templates" / "up").symlink_to("..")  # a link to a folder is not followed: it would never end
    (tmp_path / "b.py").symlink_to("a.py")  # a link to a file is read
    expected = ["a.py", "b.py", "templates/report.docx", "templates/site/index.html.j2"]
    assert sorted(name for name, _ in _files(str(tmp_path))) == expected


def test_the_tool_digest_changes_with_any_file_of_the_yaml_parser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """PyYAML is named by its files (its .py by their bytes, its compiled extension by size and mtime), not imported."""
    import importlib.machinery
    import importlib.util

    from casebook.settings import installed

    package = tmp_path / "yaml"
    package.mkdir()
    (package / "__init__.py").write_text("__version__ = '6.0.4'\n", encoding="utf-8")
    extension = package / f"_yaml{importlib.machinery.EXTENSION_SUFFIXES[0]}"
    extension.write_bytes(b"libyaml 0.2.5")
    original = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *args: (
            importlib.machinery.ModuleSpec("yaml", None, origin=str(package / "__init__.py")) if name == "yaml" else original(name, *args)
        ),
    )
    digests = [installed.tool_digest.__wrapped__()]
    (package / "__init__.py").write_text("__version__ = '6.0.5'\n", encoding="utf-8")
    digests.append(installed.tool_digest.__wrapped__())
    extension.write_bytes(b"libyaml 0.2.5.")
    digests.append(installed.tool_digest.__wrapped__())
    assert len(set(digests)) == 3
    assert "yaml" not in sys.modules or sys.modules["yaml"].__file__ != str(package / "__init__.py")


def test_a_command_that_froze_what_is_alive_thaws_it_when_it_ends(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """report, list and stats of many cases freeze the collector's view of what is alive (gc.freeze) while they write:
    a process that runs commands in turn (these tests) gets its collector back when one ends."""
    import gc

    from casebook.cli import common

    monkeypatch.setattr(common, "PROGRESS_THRESHOLD", 1)  # the sample's few cases count as many
    folder = copy_sample(tmp_path)
    frozen: list[int] = []
    original = gc.freeze
    monkeypatch.setattr(gc, "freeze", lambda: (original(), frozen.append(gc.get_freeze_count())))
    gc.unfreeze()
    for command in (["list", "--format", "json"], ["stats"]):
        assert cli(*command, cwd=folder).exit_code == 0
        assert frozen.pop() > 0  # frozen while the command wrote
        assert gc.get_freeze_count() == 0  # and thawed after it
