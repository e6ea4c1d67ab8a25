"""Hostile input: every file of the corpus gets a clear Japanese message with its place, exit 1, no traceback."""

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES

CORPUS = Path(__file__).resolve().parent / "corpus"


@pytest.fixture
def hostile_casebook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The corpus plus the cases that cannot live in git: a huge file, links, a folder, an unreadable file."""
    root = tmp_path / "book"
    shutil.copytree(CORPUS, root / "cases")
    (root / "casebook.yaml").write_text("organisation: 県\n", encoding="utf-8")
    cases = root / "cases"
    (cases / "huge.yaml").write_text("id: huge\ntitle: " + "あ" * 400_000 + "\n", encoding="utf-8")
    outside = tmp_path / "outside.yaml"
    outside.write_text((FIXTURES / "rules" / "clean.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (cases / "link-outside.yaml").symlink_to(outside)
    (cases / "folder.yaml").mkdir()
    (cases / "unreadable.yaml").write_text("id: unreadable\n", encoding="utf-8")
    real_read = Path.read_bytes

    def read_bytes(self: Path) -> bytes:  # root can read anything, so refuse the way a locked file would
        if self.name == "unreadable.yaml":
            raise PermissionError(13, "Permission denied")
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    return root


def test_check_names_every_problem_with_its_place(cli, hostile_casebook: Path) -> None:
    result = cli("check", cwd=hostile_casebook)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    output = result.stdout.replace(str(hostile_casebook.parent), "<tmp>")
    assert output == (Path(__file__).parent / "corpus.expected").read_text(encoding="utf-8")


def test_every_corpus_file_gets_at_least_one_located_error(cli, hostile_casebook: Path) -> None:
    result = cli("check", "--format", "json", cwd=hostile_casebook)
    import json

    findings = json.loads(result.stdout)["findings"]
    errors = {f["path"] for f in findings if f["severity"] == "error"}
    expected = {f"cases/{p.name}" for p in (hostile_casebook / "cases").iterdir()} - {"cases/bom-crlf.yaml"}
    assert errors == expected
    without_place = {f["path"] for f in findings if f["line"] is None}
    # only problems of the whole file have no line: an encoding, a size, a link, a folder, a permission
    assert without_place == {"cases/utf-16.yaml", "cases/huge.yaml", "cases/link-outside.yaml", "cases/folder.yaml", "cases/unreadable.yaml"}


def test_bom_and_crlf_file_is_simply_read(cli, hostile_casebook: Path) -> None:
    result = cli("check", "cases/bom-crlf.yaml", cwd=hostile_casebook)
    assert result.exit_code == 0 and result.stdout == ""


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
