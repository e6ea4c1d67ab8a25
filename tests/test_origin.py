"""`casebook init` writes a CI workflow and a pre-commit configuration that install casebook from where it was installed
here (PEP 610's direct_url.json), pinned to the same commit or version; --install names another source.
tests/test_install.py installs casebook each of these ways for real (slow)."""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import examples

from casebook.authoring.origin import origin_from_direct_url
from casebook.authoring.skeleton import yaml_scalar

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def _git(folder: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.jp", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.jp"}
    done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=True, env=env)
    return done.stdout.strip()


def _checkout(folder: Path, remote: str | None) -> str:
    """A git checkout with one commit (and a remote `origin` when given); returns the commit."""
    folder.mkdir(parents=True)
    _git(folder, "init", "-q")
    (folder / "pyproject.toml").write_text("[project]\nname = 'casebook-jp'\n", encoding="utf-8")
    _git(folder, "add", "-A")
    _git(folder, "commit", "-qm", "casebook")
    if remote:
        _git(folder, "remote", "add", "origin", remote)
    return _git(folder, "rev-parse", "HEAD")


def test_a_vcs_install_is_pinned_to_its_commit() -> None:
    record = {"url": "https://example.jp/casebook.git", "vcs_info": {"vcs": "git", "commit_id": COMMIT, "requested_revision": "main"}}
    origin = origin_from_direct_url(record, "0.2.0")
    assert origin.requirement == f"casebook-jp @ git+https://example.jp/casebook.git@{COMMIT}"
    assert origin.reachable and COMMIT in origin.described


def test_a_vcs_install_from_a_subfolder_keeps_it() -> None:
    record = {"url": "https://example.jp/tools.git", "subdirectory": "casebook", "vcs_info": {"vcs": "git", "commit_id": COMMIT}}
    assert (
        origin_from_direct_url(record, "0.2.0").requirement
        == f"casebook-jp @ git+https://example.jp/tools.git@{COMMIT}#subdirectory=casebook"
    )


def test_an_archive_keeps_its_hash_and_a_file_of_this_machine_is_said_to_be_out_of_ci_s_reach() -> None:
    web = {"url": "https://example.jp/casebook_jp-0.2.0-py3-none-any.whl", "archive_info": {"hashes": {"sha256": "ab" * 32}}}
    origin = origin_from_direct_url(web, "0.2.0")
    assert (
        origin.requirement == f"casebook-jp @ https://example.jp/casebook_jp-0.2.0-py3-none-any.whl#sha256={'ab' * 32}" and origin.reachable
    )
    local = {"url": "file:///srv/wheels/casebook_jp-0.2.0-py3-none-any.whl", "archive_info": {"hash": "sha256=" + "cd" * 32}}
    origin = origin_from_direct_url(local, "0.2.0")
    assert origin.requirement.endswith(f"casebook_jp-0.2.0-py3-none-any.whl#sha256={'cd' * 32}") and not origin.reachable


def test_a_folder_in_a_git_checkout_is_its_remote_at_its_commit(tmp_path: Path) -> None:
    commit = _checkout(tmp_path / "casebook", "git@example.jp:pref/casebook.git")
    for record in (
        {"url": (tmp_path / "casebook").as_uri(), "dir_info": {}},
        {"url": (tmp_path / "casebook").as_uri(), "dir_info": {"editable": True}},
    ):
        origin = origin_from_direct_url(record, "0.2.0")
        assert origin.requirement == f"casebook-jp @ git+ssh://git@example.jp/pref/casebook.git@{commit}"
        assert origin.reachable
    assert "編集可能" in origin.described


def test_a_folder_without_a_remote_is_its_own_commit_out_of_ci_s_reach(tmp_path: Path) -> None:
    commit = _checkout(tmp_path / "tools", None)
    (tmp_path / "tools" / "casebook").mkdir()
    origin = origin_from_direct_url({"url": (tmp_path / "tools" / "casebook").as_uri(), "dir_info": {}}, "0.2.0")
    folder = (tmp_path / "tools").as_uri().removeprefix("file://")
    assert origin.requirement == f"casebook-jp @ git+file://localhost{folder}@{commit}#subdirectory=casebook"  # a host: older pip needs one
    assert not origin.reachable


def test_a_plain_folder_is_written_as_it_is(tmp_path: Path) -> None:
    origin = origin_from_direct_url({"url": tmp_path.as_uri(), "dir_info": {}}, "0.2.0")
    assert origin.requirement == f"casebook-jp @ {tmp_path.as_uri()}" and not origin.reachable and "0.2.0" in origin.described


def test_install_overrides_the_origin_and_init_says_when_ci_cannot_reach_it(cli, tmp_path: Path) -> None:
    spec = "casebook-jp==0.2.0"
    assert cli("init", "a", "--organisation", "県", "--install", spec, cwd=tmp_path).exit_code == 0
    workflow = yaml.safe_load((tmp_path / "a/.github/workflows/casebook.yml").read_text(encoding="utf-8"))
    assert {"run": f"pip install {spec}"} in workflow["jobs"]["check"]["steps"]
    hook = yaml.safe_load((tmp_path / "a/.pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]["hooks"][0]
    assert hook["additional_dependencies"] == [spec]
    local = cli("init", "b", "--organisation", "県", "--install", "./wheels/casebook_jp-0.2.0-py3-none-any.whl", cwd=tmp_path)
    assert local.exit_code == 0  # a path is the clerk's to name; only what init found itself is judged for reach
    refused = cli("init", "c", "--organisation", "県", "--install", "a\nb", cwd=tmp_path)
    assert refused.exit_code != 0 and "--install" in refused.stderr and not (tmp_path / "c").exists()


@settings(max_examples=examples(100), deadline=None)
@given(path=st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=20))
def test_any_folder_name_stays_one_install_line_and_one_comment(path: str) -> None:
    """Whatever a folder is called, the workflow reads back the same requirement, quoted for the shell, and no line more."""
    from casebook.authoring.origin import Origin
    from casebook.authoring.skeleton import FILES, WORKFLOW, Skeleton

    requirement = f"casebook-jp @ file:///srv/{path}"
    skeleton = Skeleton("県", Origin(requirement, f"フォルダ /srv/{path}", reachable=False))
    text = skeleton.content(dict(FILES)[WORKFLOW], WORKFLOW)
    steps = yaml.safe_load(text)["jobs"]["check"]["steps"]
    assert steps[-2] == {"run": f"pip install {shlex.quote(requirement)}"}
    assert shlex.split(steps[-2]["run"]) == ["pip", "install", requirement]
    assert len(text.splitlines()) == len(Skeleton("県", Origin("x", "y")).content(dict(FILES)[WORKFLOW], WORKFLOW).splitlines())


@pytest.mark.parametrize(
    "text", ["casebook-jp==0.2.0", "a: b", "x #y", "'q'", '"q"', "- x", "[x]", "{x}", "&a", "*a", "!t", "%", "@", "`", "yes", "null", "1.0"]
)
def test_yaml_scalar_reads_back_as_the_same_string(text: str) -> None:
    assert yaml.safe_load(f"key: {yaml_scalar(text)}\n") == {"key": text}
