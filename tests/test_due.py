"""`casebook due`: what is open, soonest first, in a table, JSON or CI annotations; exit 1 when something is overdue."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES, ROOT

DUE = FIXTURES / "due"
ENV = {"COLUMNS": "120", "TTY_COMPATIBLE": "1", "NO_COLOR": "1"}  # a terminal: the table


@pytest.mark.parametrize(("fmt", "golden_name"), [("text", "due.txt"), ("json", "due.json"), ("github", "due.github")])
def test_due_lists_what_is_open_soonest_first(cli, golden, fmt: str, golden_name: str) -> None:
    result = cli("due", "--today", "R7.6.2", "--format", fmt, cwd=DUE, env=ENV)
    assert result.exit_code == 1  # 速報 of sensitive-late and the draft old-draft are overdue
    golden(result.stdout, DUE / "expected" / golden_name)


def test_the_overdue_items_and_nothing_of_a_non_public_case(cli) -> None:
    result = cli("due", "--today", "R7.6.2", "--format", "json", cwd=DUE)
    report = json.loads(result.stdout)
    overdue = [(i["case_id"], i["what"], i["days_left"]) for i in report["items"] if i["overdue"]]
    assert overdue == [("old-draft", "調査中（確定していない）", -19), ("sensitive-late", "個人情報保護委員会への速報", -7)]
    assert "ZQ" not in result.stdout + result.stderr
    assert [i["title"] for i in report["items"] if i["case_id"] == "secret-wrongful"] == [None, None, None]
    assert not [i for i in report["items"] if i["case_id"] == "ignored"]  # ignore_rules: ppc-report, as in check
    assert "未了 8件（うち期限超過 2件）。基準日 令和7年6月2日（月）" in result.stderr or report["overdue"] == 2


def test_nothing_overdue_is_exit_0_and_the_days_count_down(cli) -> None:
    result = cli("due", "--today", "R7.5.13", "--format", "json", cwd=DUE)
    assert result.exit_code == 0
    days = {(i["case_id"], i["what"]): i["days_left"] for i in json.loads(result.stdout)["items"]}
    assert days[("many-preliminary-filed", "個人情報保護委員会への確報")] == 29
    assert ("many-preliminary-filed", "個人情報保護委員会への速報") not in days  # filed on R7.5.15


def test_filing_the_report_with_set_closes_the_item(cli, tmp_path: Path) -> None:
    book = shutil.copytree(DUE, tmp_path / "due")
    assert cli("set", "sensitive-late", "reports+={kind: 速報, date: R7.5.27}", cwd=book).exit_code == 0
    assert cli("set", "old-draft", "status=調査中", "discovered=R7.5.30", cwd=book).exit_code == 0
    result = cli("due", "--today", "R7.6.2", "--format", "json", cwd=book)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["overdue"] == 0


def test_a_broken_file_is_named_and_fails_the_job(cli, tmp_path: Path) -> None:
    book = shutil.copytree(DUE, tmp_path / "due")
    (book / "cases" / "broken.yaml").write_text("id: broken\nstatus: 確\n", encoding="utf-8")
    result = cli("due", "--today", "R7.5.20", cwd=book, env=ENV)
    assert result.exit_code == 1  # a deadline in a file that cannot be read would otherwise go unseen
    assert "cases/broken.yaml:2:9: error:" in result.stderr


def test_a_bad_date_is_a_usage_error(cli) -> None:
    result = cli("due", "--today", "R7.2.30", cwd=DUE)
    assert result.exit_code == 2
    assert "存在しない日付です" in result.stderr


def test_the_sample_casebook_has_no_open_item_and_the_tottori_example_one(cli) -> None:
    result = cli("due", "--today", "R7.10.1", "--format", "github", cwd=ROOT)
    assert result.exit_code == 0 and result.stdout == ""
    result = cli("due", "--today", "R7.10.1", "--format", "github", cwd=EXAMPLES / "tottori")
    assert result.exit_code == 0
    assert result.stdout == "::notice file=cases/2023-11-09-tottori-camera.yaml,title=due::個別公表日が未記入\n"


def test_today_is_japans_whatever_the_machines_zone(monkeypatch) -> None:
    """A runner in UTC at 20:00 on 1 December is already at 05:00 on 2 December in Japan: the law's day."""
    import datetime as real

    from casebook.domain import jpdate

    class Evening(real.datetime):
        @classmethod
        def now(cls, tz: real.tzinfo | None = None) -> Evening:
            instant = real.datetime(2026, 12, 1, 20, 0, tzinfo=real.UTC)
            return instant.astimezone(tz) if tz is not None else instant.replace(tzinfo=None)  # type: ignore[return-value]

    monkeypatch.setattr(jpdate, "datetime", Evening)
    assert jpdate.japan_today() == real.date(2026, 12, 2)


SECRET_455 = """\
id: secret-455
title: ZQ非公表の大量流出
status: 確定
unit_kind: 本庁
occurred: R6.3.1
category: 誤送信
medium: 電子メール
certainty: 漏えい
persons: {actual: 455}
summary: ZQ概要
causes: ZQ原因
responses: ZQ対応
secondary_damage: {status: 無}
measures: ZQ対策
publication: {mode: 非公表, criterion: 2}
withheld: {discovered: 非公表}
"""


def test_a_required_ppc_report_with_a_withheld_discovered_day_fails_until_filed(cli, tmp_path: Path) -> None:
    """455 persons need 速報 and 確報; with 判明日 withheld no deadline can be computed, so they fail the run, never quoted."""
    book = shutil.copytree(DUE, tmp_path / "due")
    shutil.rmtree(book / "cases")
    (book / "cases").mkdir()
    (book / "cases" / "secret-455.yaml").write_text(SECRET_455, encoding="utf-8")
    result = cli("due", "--today", "R7.6.2", "--format", "json", cwd=book)
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [(i["what"], i["due"], i["title"], i["incalculable"]) for i in report["items"]] == [
        ("個人情報保護委員会への確報（判明日を記載しないため期限を計算できません）", None, None, True),
        ("個人情報保護委員会への速報（判明日を記載しないため期限を計算できません）", None, None, True),
    ]
    assert report["incalculable"] == 2 and report["overdue"] == 0
    text = cli("due", "--today", "R7.6.2", cwd=book)
    assert text.exit_code == 1 and "ZQ" not in text.stdout + text.stderr
    assert "未了 2件（うち期限を計算できない委員会への報告 2件）" in text.stderr
    github = cli("due", "--today", "R7.6.2", "--format", "github", cwd=book)
    assert github.stdout.count("::error file=cases/secret-455.yaml,title=due::個人情報保護委員会への") == 2
    checked = cli("check", cwd=book)
    assert "判明日を記載しない（withheld）ため期限を計算できません" in checked.stdout and "ZQ" not in checked.stdout
    for kind in ("速報", "確報"):
        assert cli("set", "secret-455", f"reports+={{kind: {kind}, date: R6.3.5}}", cwd=book).exit_code == 0
    closed = cli("due", "--today", "R7.6.2", "--format", "json", cwd=book)
    assert closed.exit_code == 0 and json.loads(closed.stdout)["items"] == []
