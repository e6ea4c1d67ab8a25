"""Versions without tags: the version lives in the package, and CHANGELOG.md names the commit of main each version is."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from conftest import ROOT

import casebook

HEADING = re.compile(r"^## (\d+\.\d+\.\d+)（[^）]*）\n\nmain のコミット: ([0-9a-f]{40})$", re.M)


def _changelog() -> str:
    return (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def _released() -> list[tuple[str, str]]:
    return HEADING.findall(_changelog())


def test_every_version_in_the_changelog_names_its_commit() -> None:
    headings = re.findall(r"^## (\d[^（\s]*)", _changelog(), re.M)
    assert headings and [version for version, _ in _released()] == headings  # each heading is followed by its commit


def test_the_package_is_at_a_released_version_or_past_it() -> None:
    versions = [tuple(int(part) for part in version.split(".")) for version, _ in _released()]
    current = tuple(int(part) for part in casebook.__version__.split("."))
    assert current >= max(versions)


def test_each_named_commit_is_that_version() -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs this project's git checkout (an sdist has no history)")
    for version, commit in _released():
        files = []
        for path in ("casebook/__init__.py", "pyproject.toml"):  # the version moved from pyproject.toml into the package
            shown = subprocess.run(["git", "-C", str(ROOT), "show", f"{commit}:{path}"], capture_output=True, text=True, check=False)
            assert shown.returncode == 0 or "does not exist" in shown.stderr or "exists on disk" in shown.stderr, shown.stderr
            files.append(shown.stdout)
        found = re.search(r'^(?:__version__|version) = "([^"]+)"', "\n".join(files), re.M)
        assert found and found.group(1) == version, (version, commit)


def test_the_readme_pre_commit_rev_is_the_latest_release_commit() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    revs = re.findall(r"^\s+rev: (\S+)", readme, re.M)
    latest = max(_released(), key=lambda released: tuple(int(part) for part in released[0].split(".")))
    assert revs == [latest[1]]
