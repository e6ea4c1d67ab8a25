"""`casebook ppc`: the nine items of the 漏えい等報告, what a 確報 still lacks, for public and non-public cases alike."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import FIXTURES

DUE = FIXTURES / "due"


def test_after_the_preliminary_report_the_final_one_is_made(cli) -> None:
    result = cli("ppc", "many-preliminary-filed", cwd=DUE)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("# 個人情報保護委員会への漏えい等報告（確報）\n")
    assert "| 確報の期限 | 令和7年6月11日（水）（判明日から30日） |" in text
    assert "| 速報の提出 | 令和7年5月15日（木） |" in text
    assert "## 3 漏えい等が発生し、又は発生したおそれがある保有個人情報に係る本人の数\n\n120名分\n" in text
    assert "## 7 公表の実施状況\n\n個別に公表（令和7年5月16日）\n" in text
    assert "【未記入】" not in text
    # the only thing it lacks is who to contact, and stderr names the field that gives it
    assert (
        result.stderr
        == "casebook: 担当者・電話・メールが未記入です（事案ファイルの問合せ先 contacts: に unit・position・name・phone・email を書いてください）\n"
    )


def test_what_a_final_report_still_lacks_is_marked(cli) -> None:
    result = cli("ppc", "secret-wrongful", "--kind", "確報", "--format", "json", cwd=DUE)
    assert result.exit_code == 0, result.output
    form = json.loads(result.stdout)
    assert form["kind"] == "確報" and form["required"] and form["internal"]
    assert form["missing"] == [
        "概要",
        "漏えい等が発生し、又は発生したおそれがある保有個人情報の項目",
        "漏えい等が発生し、又は発生したおそれがある保有個人情報に係る本人の数",
        "原因",
        "二次被害又はそのおそれの有無及びその内容",
        "本人への対応の実施状況",
        "再発防止のための措置",
    ]
    assert {"label": "確報の期限", "text": "令和7年7月29日（火）（判明日から60日）"} in form["header"]
    assert "確報に必要な項目のうち未記入: 概要、" in result.stderr


def test_a_non_public_case_is_reported_marked_and_never_quoted_in_messages(cli) -> None:
    """The report goes to the 委員会, not to the public: made for a non-public case, marked 取扱注意（非公表）."""
    result = cli("ppc", "secret-wrongful", "--format", "txt", cwd=DUE)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("【取扱注意（非公表）】\n\n個人情報保護委員会への漏えい等報告（速報）\n")
    assert "ZQひみつの件名" in result.stdout  # the document itself is the internal report
    assert "ZQ" not in result.stderr
    md = cli("ppc", "secret-wrongful", cwd=DUE).stdout
    assert "**確報までに記入が必要な項目**: 概要、" in md and "## 4 原因\n\n【未記入】\n" in md


def test_a_case_the_law_does_not_ask_for_is_made_with_a_note(cli) -> None:
    result = cli("ppc", "press-undated", cwd=DUE)
    assert result.exit_code == 0
    assert "| 報告を要する事態 | 該当なし（「報告対象の判定」と本人の数から判定） |" in result.stdout
    assert "報告を要する事態に当たりません" in result.stderr


def test_the_template_is_overridden_by_name(cli, tmp_path: Path) -> None:
    book = shutil.copytree(DUE, tmp_path / "due")
    (book / "templates").mkdir()
    (book / "templates" / "ppc.md.j2").write_text("# {{ form.kind }}: {{ form.items[0].text | md_line }}\n", encoding="utf-8")
    result = cli("ppc", "sensitive-late", "--format", "txt", cwd=book)
    assert result.exit_code == 0, result.output
    assert result.stdout == "速報: 健康診断の結果を別の職員へ誤って送付したもの。 事案の分類: 誤送付　媒体: 紙　漏えいの区分: 漏えい\n"


def test_out_writes_the_format_of_its_extension(cli, tmp_path: Path) -> None:
    target = tmp_path / "ppc.html"
    result = cli("ppc", "sensitive-late", "--out", str(target), cwd=DUE)
    assert result.exit_code == 0, result.output
    assert "<h1>個人情報保護委員会への漏えい等報告（速報）</h1>" in target.read_text(encoding="utf-8")
    refused = cli("ppc", "sensitive-late", "--out", str(tmp_path / "ppc.xlsx"), cwd=DUE)
    assert refused.exit_code == 2 and "拡張子「.xlsx」では書き出せません" in refused.stderr
