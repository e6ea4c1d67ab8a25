"""`casebook set`: fields edited in place, comments and layout kept, nothing written that `check` rejects."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest
from conftest import copy_example

SHOWN = "2025-05-16-advice-misdelivery"


def _diff(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]


def test_the_clerks_typical_edits_change_only_their_lines(cli, sample_book: Path) -> None:
    """状態を確定に、速報を記録し、個別公表日を直す: the rest of the file is untouched, byte for byte."""
    target = sample_book / "cases" / "2025" / f"{SHOWN}.yaml"
    before = target.read_text(encoding="utf-8")
    result = cli(
        "set", SHOWN, "reports+={kind: 速報, date: R7.5.21}", "publication.date=令和７年５月２０日", "discovered=R7.5.16", cwd=sample_book
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().endswith(
        "報告・届出 (reports[0])、公表 › 個別公表日 (publication.date)、判明日 (discovered) を変更しました"
    )
    after = target.read_text(encoding="utf-8")
    assert _diff(before, after) == [
        "+discovered: R7.5.16",
        "+reports:",
        "+  - kind: 速報",
        "+    date: R7.5.21",
        "-  date: R7.5.20",
        "+  date: 令和7年5月20日",
    ]
    assert after.index("discovered:") == after.index("occurred: R7.5.16\n") + len("occurred: R7.5.16\n")  # in the schema's order
    assert cli("check", cwd=sample_book).exit_code == 0


def test_a_draft_made_by_new_is_filled_in_with_its_comments_kept(cli, casebook_dir: Path) -> None:
    made = cli("new", "--no-input", "--id", "d1", "--title", "書類の誤送付", "--occurred", "R7.4.25", cwd=casebook_dir)
    assert made.exit_code == 0, made.output
    target = casebook_dir / "cases" / "d1.yaml"
    before = target.read_text(encoding="utf-8")
    result = cli(
        "set",
        "d1",
        "persons.actual=3",
        "causes+=宛名の確認を怠った",
        "remarks=一行目\n二行目",
        "secondary_damage={status: 無}",
        cwd=casebook_dir,
    )
    assert result.exit_code == 0, result.output
    changed = _diff(before, target.read_text(encoding="utf-8"))
    assert "+persons:  # 本人の数。例: {actual: 150, total: 201}（実人数・延べ人数。わからなければ actual: 不明）" in changed
    assert "+  actual: 3" in changed
    assert "+causes:  # 発生原因（1項目ずつ「- 」で）" in changed and "+  - 宛名の確認を怠った" in changed
    assert "+remarks: |-  # 備考" in changed and "+  一行目" in changed and "+  二行目" in changed
    assert "+secondary_damage: {status: 無}  # 二次被害。例: {status: 無}（有 のときは detail に内容）" in changed
    assert len([line for line in changed if line.startswith("-")]) == 4  # the four lines set, nothing else
    assert "未記入です" in result.stderr  # check's warnings about the rest of the draft are shown, the change is written


def test_a_refused_change_leaves_the_file_byte_for_byte(cli, sample_book: Path) -> None:
    target = sample_book / "cases" / "2025" / f"{SHOWN}.yaml"
    before = target.read_bytes()
    stamp = target.stat().st_mtime_ns
    for args, message in (
        (["status=確"], "状態 (status): 「確」は使えません（確定 のことですか？"),
        (["occurred=R7.5.30"], "個別公表日「令和7年5月20日」が発生日より前です"),
        (["persons.actual=たくさん"], "人数は 0 以上の整数か「不明」で書いてください"),
        (["id=other"], "事案ID「other」とファイル名"),
    ):
        result = cli("set", SHOWN, *args, cwd=sample_book)
        assert result.exit_code == 1, args
        assert message in result.stderr and "書き込みませんでした（ファイルはそのままです）" in result.stderr
    assert target.read_bytes() == before and target.stat().st_mtime_ns == stamp
    assert not [p for p in target.parent.iterdir() if p.name.startswith(".")]  # no temporary file left


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        ("statsu=確定", "「statsu」という項目はありません（status のことですか？）"),
        ("状態=確定", "は「項目=値」の形で書いてください"),
        ("publication.dat=R7.5.1", "「dat」という項目はありません（date のことですか？）"),
        ("reports[5].date=R7.5.1", "報告・届出はまだありません（reports+= で加えてください）"),
        ("measures[5]=x", "再発防止策はリスト（「- 」の行）で書かれていないため [5] は使えません"),
        ("2023-11-09-tottori-camera:reports[5].date=R7.5.1", "[5] はありません（報告・届出は2件）"),
        ("title+=追記", "+= はリストの項目"),
        ("reports+={kind: 速報, date", "を YAML として読めません"),
    ],
)
def test_a_mistyped_assignment_is_a_usage_error(cli, sample_book: Path, assignment: str, message: str) -> None:
    case_id, _, assignment = assignment.rpartition(":") if assignment.startswith("2023") else (SHOWN, "", assignment)
    book = sample_book if case_id == SHOWN else copy_example(case_id, sample_book / "examples")  # seed 000: in 鳥取県's casebook
    result = cli("set", case_id, assignment, cwd=book)
    assert result.exit_code == 2
    assert message in result.stderr


def test_removing_a_field_keeps_the_comment_above_it(cli, casebook_dir: Path) -> None:
    target = casebook_dir / "cases" / "r1.yaml"
    target.write_text("id: r1\nstatus: 調査中\n# 件名は未定\ntitle: 仮の件名\noccurred: R7.4.25\n", encoding="utf-8")
    assert cli("set", "r1", "title=", cwd=casebook_dir).exit_code == 0
    assert target.read_text(encoding="utf-8") == "id: r1\nstatus: 調査中\n# 件名は未定\noccurred: R7.4.25\n"


def test_crlf_and_bom_files_keep_them(cli, casebook_dir: Path) -> None:
    target = casebook_dir / "cases" / "w1.yaml"
    target.write_bytes("\ufeffid: w1\r\nstatus: 調査中\r\noccurred: R7.4.25\r\n".encode())
    assert cli("set", "w1", "title=件名", cwd=casebook_dir).exit_code == 0
    assert target.read_bytes() == "\ufeffid: w1\r\ntitle: 件名\r\nstatus: 調査中\r\noccurred: R7.4.25\r\n".encode()


def test_dry_run_shows_the_change_and_writes_nothing(cli, sample_book: Path) -> None:
    target = sample_book / "cases" / "2025" / f"{SHOWN}.yaml"
    before = target.read_bytes()
    result = cli("set", SHOWN, "publication.date=R7.5.21", "--dry-run", cwd=sample_book)
    assert result.exit_code == 0
    assert "-  date: R7.5.20\n+  date: R7.5.21\n" in result.stdout
    assert target.read_bytes() == before


def test_messages_about_a_non_public_case_quote_nothing_of_it(cli, sample_book: Path) -> None:
    result = cli("set", "2025-h1-non-public", "occurred=ZQひみつ", "title=ZQひみつの件名", cwd=sample_book)
    assert result.exit_code == 1
    assert "ZQ" not in result.stdout + result.stderr
    assert "非公表の事案のため表示しません" in result.stderr


def test_an_interrupted_write_leaves_the_old_file(cli, sample_book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = sample_book / "cases" / "2025" / f"{SHOWN}.yaml"
    before = target.read_bytes()

    def interrupted(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", interrupted)
    result = cli("set", SHOWN, "publication.date=R7.5.21", cwd=sample_book)
    assert result.exit_code == 1
    assert "ディスクの空きがありません" in result.stderr and "元のファイルはそのままです" in result.stderr
    assert target.read_bytes() == before


def test_a_file_that_is_not_yaml_is_not_touched(cli, casebook_dir: Path) -> None:
    target = casebook_dir / "cases" / "y1.yaml"
    target.write_text("id: y1\nstatus: [調査中\n", encoding="utf-8")
    result = cli("set", "y1", "title=件名", cwd=casebook_dir)
    assert result.exit_code == 1
    assert "cases/y1.yaml:3:1: error:" in result.stderr and "YAML として読めないため変更できません" in result.stderr
    assert target.read_text(encoding="utf-8") == "id: y1\nstatus: [調査中\n"


@pytest.mark.parametrize("sample", sorted(p.stem for p in (Path(__file__).resolve().parent.parent / "cases").rglob("*.yaml")))
def test_setting_one_field_changes_only_its_lines_in_every_sample(cli, sample_book: Path, sample: str) -> None:
    """ruamel.yaml rewrites the whole file; the layout of every sample survives it, byte for byte."""
    target = next((sample_book / "cases").rglob(f"{sample}.yaml"))
    before = target.read_text(encoding="utf-8")
    result = cli("set", sample, "remarks=備考を書き換えた", cwd=sample_book)
    assert result.exit_code == 0, result.output
    changed = _diff(before, target.read_text(encoding="utf-8"))
    added = [line for line in changed if line.startswith("+")]
    # a new field, or the old one in the style its writer chose (a `|-` block stays a block)
    assert added in (["+remarks: 備考を書き換えた"], ["+  備考を書き換えた"]), changed
    assert all(line.startswith(("-remarks:", "-  ")) for line in changed if line.startswith("-")), changed


def test_a_file_with_folded_plain_text_is_not_rewritten(cli, casebook_dir: Path) -> None:
    target = casebook_dir / "cases" / "f1.yaml"
    target.write_text("id: f1\nstatus: 調査中\nsummary: 一行目\n  二行目\n", encoding="utf-8")
    result = cli("set", "f1", "title=件名", cwd=casebook_dir)
    assert result.exit_code == 1
    assert "cases/f1.yaml:3:10: error: 事案の概要 (summary): 引用符なしで折り返した文があるため書き換えません" in result.stderr
    assert target.read_text(encoding="utf-8") == "id: f1\nstatus: 調査中\nsummary: 一行目\n  二行目\n"
