"""casebook with the tools a casebook repository already uses: yamllint and pre-commit."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, copy_sample

BIN = Path(sys.executable).parent


def test_yamllint_agrees_with_the_casebook_style(cli, casebook_dir: Path) -> None:
    """The shipped .yamllint passes the sample cases and what `casebook new` writes."""
    assert cli("new", "--no-input", "--title", "書類の誤送付", "--occurred", "R7.4.25", cwd=casebook_dir).exit_code == 0
    command = [str(BIN / "yamllint"), "--strict", "-c", str(ROOT / ".yamllint"), str(ROOT / "cases"), str(casebook_dir / "cases")]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout
    default = subprocess.run([str(BIN / "yamllint"), "-d", "default", str(ROOT / "cases")], capture_output=True, text=True, check=False)
    assert default.returncode == 1  # what the configuration is for: default yamllint refuses the casebook style


def test_init_writes_the_same_yamllint_and_a_new_casebook_passes_it(cli, tmp_path: Path) -> None:
    """`casebook init` writes this repository's .yamllint (one source), and yamllint finds it and passes every
    YAML file of the new casebook: settings, pre-commit, the workflow and a case from `casebook new`."""
    folder = tmp_path / "records"
    assert cli("init", str(folder), "--organisation", "鳥取県", cwd=tmp_path).exit_code == 0
    assert (folder / ".yamllint").read_text(encoding="utf-8") == (ROOT / ".yamllint").read_text(encoding="utf-8")
    assert cli("new", "--no-input", "--title", "書類の誤送付", "--occurred", "R7.4.25", cwd=folder).exit_code == 0
    listed = subprocess.run([str(BIN / "yamllint"), "--list-files", "."], cwd=folder, capture_output=True, text=True, check=True)
    linted = sorted(Path(line).as_posix() for line in listed.stdout.splitlines())
    assert [name for name in linted if not name.startswith("cases/")] == [
        ".github/workflows/casebook.yml",
        ".pre-commit-config.yaml",
        ".yamllint",
        "casebook.yaml",
    ]
    assert len([name for name in linted if name.startswith("cases/")]) == 1
    result = subprocess.run([str(BIN / "yamllint"), "--strict", "."], cwd=folder, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout  # the folder's own .yamllint, found as a clerk's editor finds it
    (folder / ".yamllint").unlink()
    default = subprocess.run([str(BIN / "yamllint"), "--strict", "."], cwd=folder, capture_output=True, text=True, check=False)
    assert default.returncode != 0  # without it, yamllint's defaults refuse the casebook style


@pytest.fixture(scope="module")
def hook_repository(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A casebook in a git repository of its own, and an environment whose pre-commit cache is private."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("pre-commit try-repo needs git and this project's own git checkout")
    folder = copy_sample(tmp_path_factory.mktemp("hooked"))
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.jp",
    }
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.jp"}
    for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "casebook"]):
        subprocess.run(command, cwd=folder, env=env, check=True)
    return folder, env


def _try_repo(folder: Path, env: dict[str, str], hook: str) -> subprocess.CompletedProcess[str]:
    command = [str(BIN / "pre-commit"), "try-repo", str(ROOT), hook, "--all-files"]
    return subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, check=False)


@pytest.mark.slow  # pre-commit builds a virtualenv and installs casebook into it
def test_the_check_hook_passes_a_clean_casebook_and_names_a_broken_case(hook_repository: tuple[Path, dict[str, str]]) -> None:
    folder, env = hook_repository
    passed = _try_repo(folder, env, "casebook-check")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    broken = (FIXTURES / "rules" / "weekday.yaml").read_text(encoding="utf-8")
    (folder / "cases" / "weekday.yaml").write_text(broken, encoding="utf-8")
    failed = _try_repo(folder, env, "casebook-check")
    assert failed.returncode == 1
    assert "cases/weekday.yaml:13:13: error:" in failed.stdout and "曜日が違います" in failed.stdout


def test_every_change_fragment_names_an_issue_and_a_kind() -> None:
    for fragment in sorted((ROOT / "changes").glob("*.md")):
        issue, kind, suffix = fragment.name.split(".")
        assert issue.isdigit() and kind in ("feature", "change", "fix") and suffix == "md", fragment.name


@pytest.mark.slow  # runs towncrier
def test_every_change_fragment_goes_into_the_changelog() -> None:
    """towncrier (the tool the project imitates) gathers changes/ into CHANGELOG.md."""
    fragments = sorted((ROOT / "changes").glob("*.md"))
    draft = subprocess.run(
        [sys.executable, "-m", "towncrier", "build", "--draft", "--version", "9.9.9"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert draft.returncode == 0, draft.stderr
    for fragment in fragments:
        first_line = fragment.read_text(encoding="utf-8").splitlines()[0]
        assert first_line in draft.stdout, fragment.name
