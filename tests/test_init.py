"""`casebook init`: a new casebook in one command, whose every file works from the first case on."""

import shlex
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import examples

import casebook.cli
from casebook.authoring.origin import installed_origin
from casebook.cli import common
from casebook.settings.config import Config

FILES = [
    ".github/workflows/casebook.yml",
    ".gitignore",
    ".pre-commit-config.yaml",
    ".yamllint",
    "casebook.schema.json",
    "casebook.yaml",
    "cases/.gitkeep",
]


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_init_makes_a_casebook_that_works_from_the_first_case(cli, tmp_path: Path) -> None:
    folder = tmp_path / "records"
    result = cli("init", str(folder), "--organisation", "鳥取県", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert _files(folder) == FILES
    assert "casebook new" in result.stderr
    config = Config.model_validate(yaml.safe_load((folder / "casebook.yaml").read_text(encoding="utf-8")))
    assert config.organisation == "鳥取県" and config.cases_dir == "cases"
    assert "# 団体名" in (folder / "casebook.yaml").read_text(encoding="utf-8")  # commented, for the clerk who edits it
    assert ".casebook-cache/" in (folder / ".gitignore").read_text(encoding="utf-8").splitlines()
    hook = yaml.safe_load((folder / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]["hooks"][0]
    assert hook["entry"] == "casebook check" and hook["pass_filenames"] is False
    requirement = installed_origin().requirement  # CI and pre-commit install the casebook that wrote them
    assert hook["language"] == "python" and hook["additional_dependencies"] == [requirement]
    workflow = yaml.safe_load((folder / ".github/workflows/casebook.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    assert steps[-2:] == [{"run": f"pip install {shlex.quote(requirement)}"}, {"run": "casebook check"}]
    assert cli("schema", "--check", cwd=folder).exit_code == 0
    checked = cli("check", cwd=folder)
    assert checked.exit_code == 0 and checked.stdout == ""
    made = cli("new", "--title", "書類の誤送付", "--occurred", "R7.4.25", "--no-input", cwd=folder)
    assert made.exit_code == 0, made.output
    checked = cli("check", cwd=folder)
    assert checked.exit_code == 0 and "[modeline]" not in checked.stdout and "[file]" not in checked.stdout


def test_init_asks_for_the_organisation_on_a_terminal(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "interactive", lambda: True)
    monkeypatch.chdir(tmp_path)
    result = cli.runner.invoke(casebook.cli.app, ["init"], input="二宮町\n")
    assert result.exit_code == 0, result.output
    assert "団体名" in result.stdout
    assert 'organisation: "二宮町"' in (tmp_path / "casebook.yaml").read_text(encoding="utf-8")


def test_init_without_an_organisation_says_to_fill_it_in(cli, tmp_path: Path) -> None:
    result = cli("init", "--no-input", cwd=tmp_path)
    assert result.exit_code == 0
    assert "organisation（団体名）が空です" in result.stderr


def test_init_says_where_ci_installs_casebook_from_in_one_sentence(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A casebook installed from a folder of this machine (pip install /path): CI elsewhere cannot reach it, and init says so."""
    from casebook.authoring import origin

    folder = tmp_path / "casebook-src"
    record = {"url": folder.as_uri(), "dir_info": {}}
    monkeypatch.setattr(origin, "installed_origin", lambda: origin.origin_from_direct_url(record, "0.2.0"))
    result = cli("init", "--no-input", str(tmp_path / "book"), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    said = f"casebook: CI と pre-commit が casebook を入れる場所は「フォルダ {folder}（版 0.2.0）」です。"
    assert said in result.stderr, result.stderr


def test_init_never_overwrites_and_writes_nothing_when_refused(cli, tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("mine\n", encoding="utf-8")
    result = cli("init", "--organisation", "県", cwd=tmp_path)
    assert result.exit_code == 1
    assert "すでに .gitignore があります" in result.stderr and "上書きしません" in result.stderr
    assert _files(tmp_path) == [".gitignore"]
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == "mine\n"


def test_init_refuses_a_control_character_in_the_organisation(cli, tmp_path: Path) -> None:
    result = cli("init", "--organisation", "県\x1b[31m", cwd=tmp_path)
    assert result.exit_code == 2 and _files(tmp_path) == []


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(min_size=1, max_size=30))
def test_any_organisation_is_written_as_text_or_refused(tmp_path_factory: pytest.TempPathFactory, name: str) -> None:
    from casebook.authoring.skeleton import init_casebook
    from casebook.errors import CasebookError
    from casebook.reading.loader import open_casebook

    folder = tmp_path_factory.mktemp("init")
    try:
        init_casebook(folder, name)
    except CasebookError:
        assert _files(folder) == []
        return
    book, problems = open_casebook(folder)
    assert problems == [] and book.config.organisation == name.strip()


def test_init_never_writes_through_a_link_out_of_the_folder(cli, tmp_path: Path) -> None:
    folder, elsewhere = tmp_path / "book", tmp_path / "elsewhere"
    folder.mkdir()
    elsewhere.mkdir()
    (folder / ".github").symlink_to(elsewhere)
    result = cli("init", "--organisation", "群馬県", cwd=folder)
    assert result.exit_code == 1
    assert ".github/workflows/casebook.yml の置き場所がリンクで casebook の外を指しています" in result.output
    assert list(elsewhere.iterdir()) == []
    assert sorted(p.name for p in folder.iterdir()) == [".github"]  # nothing written


def test_init_on_a_full_disk_leaves_no_half_casebook(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from casebook.authoring import skeleton
    from casebook.errors import WriteError

    original, calls = skeleton.write_text, []

    def fill_up(path: Path, text: str, **kwargs: object) -> None:
        calls.append(path)
        if len(calls) == 4:
            raise WriteError(f"{path} に書き込めません（ディスクの空きがありません）。元のファイルはそのままです")
        original(path, text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(skeleton, "write_text", fill_up)
    result = cli("init", "--organisation", "群馬県", cwd=tmp_path)
    assert result.exit_code != 0
    assert "ディスクの空きがありません" in result.output
    assert list(tmp_path.iterdir()) == []  # the files written before are gone, and the folders made for them
