"""Holes a review found after the integrity work, each kept closed by a test named after what it protects."""

from __future__ import annotations

import json
import os
from pathlib import Path

from conftest import FIXTURES


def test_a_heading_of_any_level_in_case_text_stays_text(cli, ninomiya_book: Path) -> None:
    path = ninomiya_book / "cases" / "2023-10-24-ninomiya-counter.yaml"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("summary:")]
    summary = "summary: |-\n  一行目の文。\n  ## 偽の見出し\n  ###### 六\n  #######"
    path.write_text("\n".join([*lines, summary]) + "\n", encoding="utf-8")
    for fmt in ("html", "md", "txt"):
        result = cli("render", "2023-10-24-ninomiya-counter", "--as", "press", "--format", fmt, cwd=ninomiya_book)
        assert result.exit_code == 0, result.output
        assert "<h2>偽の見出し" not in result.stdout and "<h6>" not in result.stdout
        assert "## 偽の見出し" in result.stdout.replace("\\", "")  # shown as written


def test_a_csv_never_carries_a_raw_control_character() -> None:
    from casebook.documents.writers.csvfile import csv_text

    assert "\x1b" not in csv_text([["題名\x1b]0;PWNED\x07\x1b[2J"]])


def test_a_link_loop_named_on_the_command_line(cli, casebook_dir: Path) -> None:
    (casebook_dir / "cases" / "loop1.yaml").symlink_to("loop2.yaml")
    (casebook_dir / "cases" / "loop2.yaml").symlink_to("loop1.yaml")
    result = cli("check", "cases/loop1.yaml", cwd=casebook_dir)
    assert result.exit_code == 1 and "シンボリックリンクが循環しています" in result.stdout


def test_schema_check_on_a_file_that_is_not_utf8(cli, sample_book: Path) -> None:
    (sample_book / "casebook.schema.json").write_bytes(b"\xff\xfe{}")
    result = cli("schema", "--check", cwd=sample_book)
    assert result.exit_code == 1 and "古くなっています" in result.stderr


def test_stats_by_month_for_a_month_that_begins_before_meiji(cli, casebook_dir: Path) -> None:
    text = (FIXTURES / "rules" / "clean.yaml").read_text(encoding="utf-8")
    text = text.replace("occurred: R7.4.25", "occurred: 明治元年9月10日").replace("discovered: R7.4.26", "discovered: 明治元年9月11日")
    text = "\n".join(line for line in text.splitlines() if not line.startswith("# expect")) + "\n"
    (casebook_dir / "cases" / "clean.yaml").write_text(text, encoding="utf-8")
    assert cli("check", cwd=casebook_dir).exit_code == 0
    result = cli("stats", "--by", "month", "--format", "json", cwd=casebook_dir)
    assert result.exit_code == 0 and "明治元年9月" in result.stdout


def test_a_misspelt_publication_key_keeps_a_non_public_case_withheld(cli, casebook_dir: Path) -> None:
    (casebook_dir / "cases" / "np-typo.yaml").write_text(
        "id: np-typo\nstatus: 調査中\noccurred: 令和7年4月31日 山田太郎宅にて\ncategory: 山田太郎の病歴\npublicaton: {mode: 非公表, criterion: 1}\n",
        encoding="utf-8",
    )
    result = cli("check", cwd=casebook_dir)
    assert result.exit_code == 1 and "山田" not in result.stdout


def test_a_document_in_a_github_log_starts_no_workflow_command(cli, sample_book: Path) -> None:
    path = sample_book / "cases" / "2025" / "2025-05-16-advice-misdelivery.yaml"  # a case with no remarks of its own
    remarks = "remarks: |-\n  ::error file=x::改ざん\n  ::stop-commands::tok\n  ##[error]v1\n"
    path.write_text(path.read_text(encoding="utf-8") + remarks, encoding="utf-8")
    assert cli("check", cwd=sample_book).exit_code == 0
    for fmt in ("csv", "json", "html", "md"):
        result = cli("report", "2025H1", "--format", fmt, cwd=sample_book, env={"GITHUB_ACTIONS": "true"})
        assert result.exit_code == 0
        for line in result.stdout.splitlines():
            assert not line.lstrip().lstrip('"').startswith("::") and "##[" not in line, (fmt, line)
    written = sample_book / "report.md"  # a file is the document as it is: no character is added
    assert cli("report", "2025H1", "--out", str(written), cwd=sample_book, env={"GITHUB_ACTIONS": "true"}).exit_code == 0
    assert "::error file=x::改ざん" in written.read_text(encoding="utf-8").replace("\\", "")


def test_a_file_name_with_an_escape_sequence_is_shown_inert(cli, sample_book: Path) -> None:
    (sample_book / "templates").mkdir()
    (sample_book / "templates" / "x\x1b]0;T\x07y.md.j2").write_text("x", encoding="utf-8")
    result = cli("templates", cwd=sample_book)
    assert result.exit_code == 0 and "\x1b" not in result.stdout and "\x07" not in result.stdout


def test_a_template_that_is_not_a_regular_file_is_named(cli, tottori_book: Path) -> None:
    (tottori_book / "templates").mkdir()
    os.mkfifo(tottori_book / "templates" / "web.md.j2")
    (tottori_book / "templates" / "press.md.j2").symlink_to("/dev/null")
    result = cli("check", cwd=tottori_book)
    assert result.exit_code == 1
    assert "templates/web.md.j2: error: 通常のファイルではありません" in result.stdout
    assert "templates/press.md.j2: error: casebook の外を指すシンボリックリンク" in result.stdout
    rendered = cli("render", "2023-11-09-tottori-camera", "--as", "web", cwd=tottori_book)
    assert rendered.exit_code == 1 and "通常のファイルではありません" in rendered.stderr  # refused, not passed over (nor hung)


def test_a_file_is_counted_once_whatever_its_names(cli, sample_book: Path) -> None:
    case = "cases/2025/2025-04-25-resume-loss.yaml"
    result = cli("check", "--format", "json", case, case, str(sample_book / case), cwd=sample_book)
    assert json.loads(result.stdout)["files"] == 1
    (sample_book / "cases" / "mirror").symlink_to("2025")
    (sample_book / "cases" / "again.yaml").symlink_to("2025/2025-05-16-advice-misdelivery.yaml")
    report = json.loads(cli("check", "--format", "json", cwd=sample_book).stdout)
    named = {f["path"]: f["message"] for f in report["findings"] if f["rule"] == "file"}
    assert "フォルダ cases/2025 へのリンクです" in named["cases/mirror"]
    assert "事案ファイル cases/2025/2025-05-16-advice-misdelivery.yaml へのリンクです" in named["cases/again.yaml"]
    assert not [f for f in report["findings"] if f["rule"] == "duplicate-id"]


def test_filename_id_cannot_be_switched_off(cli, casebook_dir: Path) -> None:
    text = (FIXTURES / "rules" / "clean.yaml").read_text(encoding="utf-8").replace("id: clean", "id: other")
    text += "ignore_rules: [{rule: filename-id, reason: 試し}]\n"
    (casebook_dir / "cases" / "clean.yaml").write_text(text, encoding="utf-8")
    result = cli("check", cwd=casebook_dir)
    assert "[filename-id]" in result.stdout and "「filename-id」は出力を壊さないための規則なので除外できません" in result.stdout


def test_a_message_names_a_value_as_yaml_writes_it(cli, casebook_dir: Path) -> None:
    (casebook_dir / "cases" / "x.yaml").write_text("id: x\nstatus: true\noccurred: {a: 1}\ncategory: null\n", encoding="utf-8")
    result = cli("check", cwd=casebook_dir)
    assert "「true」は使えません" in result.stdout and "マッピングが書かれています" in result.stdout
    assert "True" not in result.stdout and "dict" not in result.stdout


def test_list_leaves_out_every_case_it_says_it_leaves_out(cli, ninomiya_book: Path) -> None:
    path = ninomiya_book / "cases" / "2023-10-24-ninomiya-counter.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("occurred: 令和5年10月24日（火）", "occurred: 令和9年10月24日"), encoding="utf-8"
    )
    checked = cli("check", cwd=ninomiya_book)
    assert "[future-date]" in checked.stdout  # read and understood, but wrong: a rule error, not a schema error
    listed = cli("list", "--format", "json", cwd=ninomiya_book)
    assert listed.exit_code == 1 and "エラーのある事案ファイル 1件を除いて表示します" in listed.stderr
    assert "2023-10-24-ninomiya-counter" not in {row["id"] for row in json.loads(listed.stdout)}


def test_a_final_case_always_has_the_facts_the_report_counts_by(cli, casebook_dir: Path) -> None:
    """ignore_rules: [required] cannot make a case fall out of the report's rows or counts."""
    case = (FIXTURES / "rules" / "report-publication.yaml").read_text(encoding="utf-8")
    case = case.replace("id: report-publication", "id: undecided").replace("occurred: R7.4.25\n", "")
    (casebook_dir / "cases" / "undecided.yaml").write_text(case, encoding="utf-8")
    checked = cli("check", cwd=casebook_dir)
    assert checked.exit_code == 1
    assert "[report-publication]" in checked.stdout and "[period-basis]" in checked.stdout
    assert cli("report", "2025H1", "--format", "json", cwd=casebook_dir).exit_code == 1
