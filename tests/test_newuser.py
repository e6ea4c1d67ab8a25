"""What a new user met in a fresh casebook (tests/fixtures/newuser: two cases as `casebook new` writes them, filled in by hand)."""

import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT

NEWUSER = Path(__file__).resolve().parent / "fixtures" / "newuser"
GOLDEN = Path(__file__).resolve().parent / "golden" / "newuser"


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """The new user's casebook, copied where the cases' modelines still find the schema."""
    target = tmp_path / "tests" / "fixtures" / "newuser"
    shutil.copytree(NEWUSER, target)
    shutil.copy(ROOT / "casebook.schema.json", tmp_path / "casebook.schema.json")
    return target


def test_check_names_what_the_documents_would_print_as_missing(cli, book: Path, golden) -> None:
    result = cli("check", cwd=book)
    golden(result.stdout, GOLDEN / "check.txt")


@pytest.mark.parametrize("case_id", ["2025-06-03-a5zhff", "2025-08-20-0ehj6m"])
def test_press_release(cli, book: Path, golden, case_id: str) -> None:
    result = cli("render", case_id, "--as", "press", cwd=book)
    assert result.exit_code == 0, result.stderr
    golden(result.stdout, GOLDEN / f"{case_id}.press.md")


def test_ppc_report_says_which_field_gives_the_contact(cli, book: Path, golden) -> None:
    result = cli("ppc", "2025-06-03-a5zhff", cwd=book)
    assert result.exit_code == 0
    # press.contacts gives the 担当者 and 電話 but no メール; the 問合せ先 (contacts:) is where the report takes them from
    assert "メールが未記入です（事案ファイルの問合せ先 contacts: に unit・position・name・phone・email を書いてください）" in result.stderr
    golden(result.stdout, GOLDEN / "2025-06-03-a5zhff.ppc.md")


def test_a_date_without_its_year_is_named_and_the_year_of_the_file_name_offered(cli, book: Path) -> None:
    path = book / "cases" / "2025-06-03-a5zhff.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("occurred: 令和7年6月3日", "occurred: 6月3日"), encoding="utf-8")
    result = cli("check", cwd=book)
    assert result.exit_code == 1
    said = "cases/2025-06-03-a5zhff.yaml:12:11: error: 発生日 (occurred): 「6月3日」には年がありません。令和7年6月3日のことですか？（ファイル名の日付から） [schema]"
    assert said in result.stdout.splitlines(), result.stdout


def test_new_offers_the_year_for_a_date_without_one(cli, book: Path) -> None:
    result = cli("new", "--occurred", "1月1日", "--no-input", cwd=book)
    assert result.exit_code == 2
    # 1月1日 has come this year whatever today is, so the year offered is this one
    assert re.search(r"発生日: 「1月1日」には年がありません。令和\d+年1月1日のことですか？（今日の日付から）", result.stderr), result.stderr
    assert sorted(p.name for p in (book / "cases").iterdir()) == ["2025-06-03-a5zhff.yaml", "2025-08-20-0ehj6m.yaml"]
