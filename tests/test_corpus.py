"""Hostile input: every file of the corpus gets a clear Japanese message with its place, or simply works.

The corpus lives in tests/corpus/; what git cannot hold (a FIFO, a device, link loops, a folder
nested 1,400 deep, a path longer than PATH_MAX, an unreadable folder, 1 MB files) is made here.
"""

import errno
import json
import os
import re
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES

CORPUS = Path(__file__).resolve().parent / "corpus"
# Files of the corpus that are valid drafts: read, counted, and shown inert by every command.
WORKS = {
    "cases/bom-crlf.yaml",
    "cases/UPPER-CASE.YAML",
    "cases/rich-markup.yaml",
    "cases/formula.yaml",
    "cases/markdown-structure.yaml",
    "cases/workflow-command.yaml",
    "cases/nested/" + "d/" * 1400 + "deep.yaml",
    "cases/letter-case/a/dup-case.yaml",  # the first of the two: the second one is the duplicate
}


def _too_long_path(folder: Path) -> None:
    """A case file whose path is longer than PATH_MAX, made with paths relative to an open folder."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        for _ in range(25):
            os.mkdir("x" * 200, dir_fd=descriptor)
            inner = os.open("x" * 200, os.O_RDONLY, dir_fd=descriptor)
            os.close(descriptor)
            descriptor = inner
        file = os.open("far.yaml", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=descriptor)
        os.write(file, b"id: far\n")
        os.close(file)
    finally:
        os.close(descriptor)


def _make_nested(top: Path, depth: int) -> Path:
    """`top`/d/d/…/d, `depth` deep, made one level at a time from an open folder: a path from the top for each level
    would be looked up whole every time (quadratic), and Path.mkdir(parents=True) would recurse as deep as this."""
    top.mkdir()
    descriptor = os.open(top, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=descriptor)
            inner = os.open("d", os.O_RDONLY, dir_fd=descriptor)
            os.close(descriptor)
            descriptor = inner
    finally:
        os.close(descriptor)
    return top / Path(*["d"] * depth)


def _remove_nested(top: Path, depth: int) -> None:
    """Remove the deep folders bottom up, one level at a time from an open folder: shutil.rmtree (and pytest's
    clean-up with it) would recurse, and a path from the top for each level would be looked up whole every time."""
    descriptor = os.open(top, os.O_RDONLY)
    try:
        for _ in range(depth):
            inner = os.open("d", os.O_RDONLY, dir_fd=descriptor)
            os.close(descriptor)
            descriptor = inner
        os.unlink("deep.yaml", dir_fd=descriptor)
        for _ in range(depth):
            parent = os.open("..", os.O_RDONLY, dir_fd=descriptor)
            os.close(descriptor)
            descriptor = parent
            os.rmdir("d", dir_fd=descriptor)
    finally:
        os.close(descriptor)
    top.rmdir()


@pytest.fixture(scope="module")
def nested_tree(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The 1,400-deep folders with a case at the bottom, made once: each test moves them into its casebook and back."""
    top = tmp_path_factory.mktemp("deep") / "nested"
    deep = _make_nested(top, 1400)
    (deep / "deep.yaml").write_text("id: deep\ntitle: 1400段の入れ子の奥の事案\nstatus: 調査中\noccurred: R7.4.25\n", encoding="utf-8")
    yield top
    _remove_nested(top, 1400)


@pytest.fixture
def hostile_casebook(tmp_path: Path, nested_tree: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    root = tmp_path / "book"
    shutil.copytree(CORPUS, root / "cases")
    (root / "casebook.yaml").write_text("organisation: 県\n", encoding="utf-8")
    cases = root / "cases"
    (cases / "huge.yaml").write_text("id: huge\ntitle: " + "あ" * 400_000 + "\n", encoding="utf-8")
    outside = tmp_path / "outside.yaml"
    outside.write_text((FIXTURES / "rules" / "clean.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (cases / "link-outside.yaml").symlink_to(outside)
    (cases / "folder.yaml").mkdir()  # a folder, even named like a case, is walked into (it is empty)
    (cases / "unreadable.yaml").write_text("id: unreadable\n", encoding="utf-8")
    os.mkfifo(cases / "pipe.yaml")  # reading it would wait for ever
    try:
        os.mknod(cases / "device.yaml", stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except PermissionError:
        (cases / "device.yaml").symlink_to("/dev/null")  # outside the casebook: named all the same
    (cases / "loop-a.yaml").symlink_to("loop-b.yaml")
    (cases / "loop-b.yaml").symlink_to("loop-a.yaml")
    (cases / "cycle").symlink_to(".")
    (cases / "dangling.yaml").symlink_to("nowhere.yaml")
    (cases / "locked").mkdir()
    (cases / "locked" / "hidden.yaml").write_text("id: hidden\n", encoding="utf-8")
    nested_tree.rename(cases / "nested")
    (cases / "far").mkdir()
    _too_long_path(cases / "far")
    # 1 MB texts that made the privacy scans quadratic (30 s and more than 5 minutes)
    draft = "id: {}\ntitle: 個人情報の検査が遅くならない本文\nstatus: 調査中\noccurred: R7.4.25\nsummary: '{}'\n"
    (cases / "privacy-at.yaml").write_text(draft.format("privacy-at", "@" + "a" * 1_000_000), encoding="utf-8")
    (cases / "privacy-banchi.yaml").write_text(draft.format("privacy-banchi", "番地" + "1" * 200_000), encoding="utf-8")

    real_read_bytes, real_scandir, real_open = Path.read_bytes, os.scandir, os.open

    def refuse(name: str) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", name)

    # root can read anything, so refuse the way a locked file or folder would
    def scandir(path: Any = ".") -> Any:
        if Path(str(path)).name == "locked":
            refuse(str(path))
        return real_scandir(path)

    def open_(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(str(path)).name == "unreadable.yaml":
            refuse(str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "open", open_)
    monkeypatch.setattr(Path, "read_bytes", real_read_bytes)
    yield root
    (cases / "nested").rename(nested_tree)


def test_check_names_every_problem_with_its_place(cli, hostile_casebook: Path, golden) -> None:
    result = cli("check", cwd=hostile_casebook)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    output = result.stdout.replace(str(hostile_casebook.parent), "<tmp>")
    # where PATH_MAX is crossed depends on the length of the temporary folder's own path
    output = re.sub(r"cases/far/[x/]+x", "cases/far/<PATH_MAX を超えるパス>", output)
    output = re.sub(r"cases/nested/(?:d/){1400}", "cases/nested/<1,400段のフォルダ>/", output)
    golden(output, Path(__file__).parent / "corpus.expected")


def _entries(root: Path) -> set[str]:
    """Every entry under cases/ that is not a folder, links included (os.walk would recurse 1,400 deep)."""
    found, stack = set(), [root / "cases"]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue  # the locked folder and the one past PATH_MAX, which check names itself
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append(Path(entry.path))
            else:
                found.add(os.path.relpath(entry.path, root))
    return found


def test_every_file_is_read_or_named(cli, hostile_casebook: Path) -> None:
    result = cli("check", "--format", "json", cwd=hostile_casebook)
    report = json.loads(result.stdout)
    findings = report["findings"]
    errors = {f["path"] for f in findings if f["severity"] == "error"}
    # every corpus file but the valid drafts has an error; the drafts have only warnings
    named_or_read = errors | WORKS
    expected = _entries(hostile_casebook) | {"cases/locked"}  # the folder check could not open is named
    expected |= {p for p in errors if p.startswith("cases/far/")}  # the folder past PATH_MAX, likewise
    assert expected <= named_or_read, expected - named_or_read
    assert not (errors & WORKS), errors & WORKS
    assert report["files"] == len(named_or_read)


def test_bom_and_crlf_file_is_simply_read(cli, hostile_casebook: Path) -> None:
    result = cli("check", "cases/bom-crlf.yaml", cwd=hostile_casebook)
    assert result.exit_code == 0 and result.stdout == ""


def test_a_fifo_given_by_name_is_named_not_read(cli, hostile_casebook: Path) -> None:
    result = cli("check", "cases/pipe.yaml", cwd=hostile_casebook)
    assert result.exit_code == 1
    assert "cases/pipe.yaml: error: 名前付きパイプ（FIFO）です。事案ファイルではないため読みません [file]" in result.stdout


TABS = "cases/tabs.yaml:3:1: error: タブ文字は使えません"
SYNTAX = "cases/syntax.yaml:2:9: error: ここに「: 」は置けません"


@pytest.mark.parametrize(
    "args,expected",
    [(["list"], TABS), (["report", "2025H1", "--format", "md"], TABS), (["stats"], TABS), (["show", "syntax"], SYNTAX)],
)
def test_other_commands_fail_cleanly_on_the_corpus(cli, hostile_casebook: Path, args: list[str], expected: str) -> None:
    result = cli(*args, cwd=hostile_casebook)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert expected in result.stderr


def test_the_outside_file_is_never_read(cli, hostile_casebook: Path) -> None:
    result = cli("list", "--format", "json", cwd=hostile_casebook)
    assert '"clean"' not in result.stdout
