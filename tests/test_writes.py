"""Every write is whole: an interrupted write leaves the old file, and nothing is overwritten without --force."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from casebook.safety.atomic import TargetExists, write_text


@pytest.mark.parametrize("force", [False, True])
def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, force: bool) -> None:
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    monkeypatch.setattr(os, "link", interrupted)
    with pytest.raises((KeyboardInterrupt, TargetExists)):
        write_text(target, "new " * 10000, force=force)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_no_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    write_text(target, "first")
    with pytest.raises(TargetExists):
        write_text(target, "second")
    assert target.read_text(encoding="utf-8") == "first"
    write_text(target, "second", force=True)
    assert target.read_text(encoding="utf-8") == "second"


@pytest.mark.slow  # six casebook processes started at once
def test_two_new_commands_at_the_same_moment(casebook_dir: Path) -> None:
    """Started together with the same id, exactly one wins; with generated ids, both get their own file."""
    command = [sys.executable, "-m", "casebook", "new", "--no-input"]
    same = [
        subprocess.Popen(
            [*command, "--id", "same", "--title", f"件名{i}"], cwd=casebook_dir, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for i in range(2)
    ]
    codes = sorted(p.wait() for p in same)
    assert codes == [0, 1]
    text = (casebook_dir / "cases" / "same.yaml").read_text(encoding="utf-8")
    assert text.count("title:") == 1 and ("件名0" in text) != ("件名1" in text)
    generated = [subprocess.Popen([*command, "--occurred", "R7.4.25"], cwd=casebook_dir, stdout=subprocess.PIPE) for _ in range(4)]
    paths = {p.communicate()[0].decode().strip() for p in generated}
    assert len(paths) == 4 and all(Path(p).is_file() for p in paths)
    assert not [p for p in (casebook_dir / "cases").iterdir() if p.name.startswith(".")]


def test_written_files_get_the_usual_mode_not_a_private_temporary_one(tmp_path: Path) -> None:
    from casebook.safety import atomic

    target = tmp_path / "new.yaml"
    write_text(target, "x")
    assert target.stat().st_mode & 0o777 == 0o666 & ~atomic._UMASK  # as `touch` would make it
    target.chmod(0o640)
    write_text(target, "y", force=True)
    assert target.stat().st_mode & 0o777 == 0o640  # replacing keeps the file's own mode


def test_a_private_replace_goes_around_a_temporary_file_a_killed_run_left(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache's writes: a leftover temporary of the same name (a process id used again) is neither reused nor removed."""
    import itertools

    from casebook.safety import atomic

    monkeypatch.setattr(atomic, "_serial", itertools.count())
    left = tmp_path / f".index-00.{os.getpid()}.0.tmp"
    left.write_bytes(b"left")
    target = tmp_path / "index-00"
    target.write_bytes(b"old")
    atomic.replace_private(target, b"new")
    assert target.read_bytes() == b"new" and left.read_bytes() == b"left"
    assert (target.stat().st_mode & 0o777) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == [left.name, "index-00"]
