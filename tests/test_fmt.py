"""`casebook fmt`: the canonical form of a case file, comments kept, never a file `check` rejects."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, ROOT

FMT = FIXTURES / "fmt"


def _book(tmp_path: Path, *files: Path, config: str = "organisation: 県\n") -> Path:
    (tmp_path / "cases").mkdir()
    (tmp_path / "casebook.yaml").write_text(config, encoding="utf-8")
    for file in files:
        shutil.copy(file, tmp_path / "cases" / file.name)
    return tmp_path


def test_the_sample_casebook_is_formatted(cli) -> None:
    result = cli("fmt", "--check", cwd=ROOT)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "整形は必要ありません" in result.stderr


def test_a_messy_file_gets_its_canonical_form_with_every_comment(cli, golden, tmp_path: Path) -> None:
    """BOM, CRLF, trailing spaces, no modeline, keys out of order, 全角 dates and values, quoted and `|` text."""
    book = _book(tmp_path, FMT / "messy.yaml")
    target = book / "cases" / "messy.yaml"
    assert cli("check", cwd=book).exit_code == 1  # "１５０" is not a number: fmt repairs it

    checked = cli("fmt", "--check", cwd=book)
    assert checked.exit_code == 1
    assert (
        "cases/messy.yaml:8:11: error: 発生日 (occurred): 日付の書き方をそろえます: 「令和７年４月２５日」 → 「令和7年4月25日」 [fmt]"
        in checked.stdout
    )
    assert "cases/messy.yaml:13:1: error: 媒体 (medium): 項目 medium を certainty より前に置きます（スキーマの順） [fmt]" in checked.stdout
    assert target.read_bytes() == (FMT / "messy.yaml").read_bytes()  # --check writes nothing

    result = cli("fmt", cwd=book)
    assert result.exit_code == 0, result.output
    assert result.stdout == "cases/messy.yaml\n"
    golden(target.read_bytes(), FMT / "messy.formatted.yaml")
    text = target.read_text(encoding="utf-8")
    for comment in ("# 出典: テスト（整形前）", "# 所属と担当課", "# 判明したのは翌日", "# 対象者", "# 備考", "# 最後のコメント"):
        assert comment in text
    assert text.index("# 判明したのは翌日\ndiscovered:") > 0  # the comment went with its key
    assert text.endswith("# 最後のコメント\n")
    assert cli("check", cwd=book).exit_code == 0
    again = cli("fmt", "--check", cwd=book)
    assert again.exit_code == 0 and again.stdout == ""


def _refused(cli: Any, tmp_path: Path, name: str, text: str) -> tuple[Path, Path, Any]:
    """Run fmt on a casebook of one file that fmt must refuse; the file is left byte for byte."""
    book = _book(tmp_path)
    target = book / "cases" / f"{name}.yaml"
    target.write_bytes(text.encode())
    result = cli("fmt", cwd=book)
    assert result.exit_code == 1
    assert target.read_bytes() == text.encode()
    return book, target, result


def test_fmt_never_writes_a_file_that_check_rejects(cli, tmp_path: Path) -> None:
    _, _, result = _refused(cli, tmp_path, "broken", "id: broken\ntitle: 件名\nstatus: 確\noccurred: 令和７年４月２５日\n")
    assert "整形した結果が check を通らないため書き換えません" in result.stderr
    assert "状態 (status): 「確」は使えません" in result.stderr


def test_plain_text_folded_over_lines_is_not_joined_silently(cli, tmp_path: Path) -> None:
    original = "id: folded\nstatus: 調査中\noccurred: 令和７年４月２５日\nsummary: 一行目\n  二行目\n"
    book, target, result = _refused(cli, tmp_path, "folded", original)
    assert "cases/folded.yaml:4:10: error: 事案の概要 (summary): 引用符なしで折り返した文があるため書き換えません" in result.stderr
    # once the writer decides (here: the spaces are meant), fmt goes ahead
    target.write_text(original + "ignore_rules: [{rule: folded-text, reason: 空白は原文どおり}]\n", encoding="utf-8")
    assert cli("fmt", cwd=book).exit_code == 0
    assert "summary: 一行目 二行目\n" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("style", "occurred", "discovered"),
    [
        ("記載どおり", "2025-04-25", "R7.4.26"),
        ("略記", "R7.4.25", "R7.4.26"),
        ("和暦", "令和7年4月25日", "令和7年4月26日"),
    ],
)
def test_the_casebook_chooses_the_date_style(cli, tmp_path: Path, style: str, occurred: str, discovered: str) -> None:
    book = _book(tmp_path, config=f"organisation: 県\ndate_style: {style}\n")
    target = book / "cases" / "dates.yaml"
    target.write_text(
        "# yaml-language-server: $schema=../casebook.schema.json\n"
        "id: dates\nstatus: 調査中\noccurred: 2025-04-25\ndiscovered: R7.4.26\n"
        "timeline:\n  - date: 令和7年4月25日（金）午後6時頃\n    event: 紛失に気付いた。\n",
        encoding="utf-8",
    )
    assert cli("fmt", cwd=book).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert f"occurred: {occurred}\n" in text and f"discovered: {discovered}\n" in text
    assert "  - date: 令和7年4月25日（金）午後6時頃\n" in text  # a weekday and a time need the long form in every style


def test_the_modeline_points_at_the_schema_from_the_files_folder(cli, tmp_path: Path) -> None:
    book = _book(tmp_path)
    deep = book / "cases" / "2025" / "04"
    deep.mkdir(parents=True)
    (deep / "deep.yaml").write_text("# yaml-language-server: $schema=../casebook.schema.json\nid: deep\nstatus: 調査中\n", encoding="utf-8")
    checked = cli("fmt", "--check", cwd=book)
    assert "cases/2025/04/deep.yaml:1:1: error: $schema の行の指す先を ../../../casebook.schema.json にします" in checked.stdout
    assert cli("fmt", cwd=book).exit_code == 0
    assert (
        (deep / "deep.yaml")
        .read_text(encoding="utf-8")
        .startswith("# yaml-language-server: $schema=../../../casebook.schema.json\nid: deep\n")
    )


def test_check_formats_for_ci_are_escaped_and_name_no_non_public_text(cli, tmp_path: Path) -> None:
    book = _book(tmp_path)
    (book / "cases" / "secret.yaml").write_text(
        "id: secret\nstatus: 調査中\noccurred: ZQひみつ令和７年４月２５日\ndiscovered: 令和７年４月２６日\npublication: {mode: 非公表, criterion: 1}\n",
        encoding="utf-8",
    )
    (book / "cases" / "public.yaml").write_text(
        "id: public\nstatus: 調査中\ndiscovered: 令和７年４月２６日\ntitle: '::error::x'\n", encoding="utf-8"
    )
    github = cli("fmt", "--check", "--format", "github", cwd=book)
    assert github.exit_code == 1
    assert (
        "::error file=cases/secret.yaml,line=4,col=13,title=fmt::判明日 (discovered): 日付の書き方をそろえます: 「（非公表の事案のため表示しません）」"
        in github.stdout
    )
    assert "ZQ" not in github.stdout + github.stderr and "ひみつ" not in github.stdout
    report = json.loads(cli("fmt", "--check", "--format", "json", cwd=book).stdout)
    assert report["files"] == 2 and {f["rule"] for f in report["findings"]} == {"fmt"}


def test_an_unreadable_file_is_named_not_skipped(cli, tmp_path: Path) -> None:
    book = _book(tmp_path)
    (book / "cases" / "bad.yaml").write_text("id: [\n", encoding="utf-8")
    (book / "cases" / "notes.txt").write_text("x", encoding="utf-8")
    for args in (["fmt", "--check"], ["fmt"]):
        result = cli(*args, cwd=book)
        assert result.exit_code == 1
        shown = result.stdout + result.stderr
        assert "cases/bad.yaml" in shown and "cases/notes.txt" in shown


def test_pre_commit_offers_a_fmt_hook_beside_check() -> None:
    from casebook.reading.yaml12 import load

    hooks, _ = load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    entries = {hook["id"]: hook["entry"] for hook in hooks}
    assert entries == {"casebook-check": "casebook check", "casebook-fmt": "casebook fmt --check"}
