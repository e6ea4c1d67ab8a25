"""`casebook stats`: counts per group across periods."""

import json
from pathlib import Path

from conftest import ROOT


def test_by_category_side_by_side(cli) -> None:
    data = json.loads(cli("stats", "2024H2", "2025H1", "--format", "json", cwd=ROOT).stdout)
    assert data["periods"] == ["令和6年度下半期", "令和7年度上半期"]
    rows = {r["事案の分類"]: r for r in data["rows"]}
    assert rows["誤送付"]["令和7年度上半期 件数"] == 5
    assert rows["誤送付"]["令和7年度上半期 本人の数"] == 27  # 1 + 22 + 3 + 1, NO.10 unknown
    assert rows["誤送付"]["令和7年度上半期 人数不明の件数"] == 1
    assert rows["計"]["令和7年度上半期 件数"] == 11  # the non-public case is counted
    assert rows["計"]["令和6年度下半期 件数"] == 0


def test_by_month_in_calendar_order(cli) -> None:
    data = json.loads(cli("stats", "2025H1", "--by", "month", "--format", "json", cwd=ROOT).stdout)
    assert [r["月"] for r in data["rows"]] == ["令和7年4月", "令和7年5月", "令和7年6月", "令和7年7月", "令和7年8月", "計"]


def test_csv_and_table(cli) -> None:
    csv_text = cli("stats", "--by", "medium", "--format", "csv", cwd=ROOT).stdout
    assert csv_text.startswith("\ufeff媒体,全期間 件数")
    table = cli("stats", "--by", "unit", cwd=ROOT, env={"COLUMNS": "120"}).stdout
    assert "所属別の件数と本人の数" in table and "█" in table and "1,270名（ほか不明3件）" in table


def test_drafts_are_left_out(cli, casebook_dir: Path) -> None:
    cli("new", "--id", "d", "--occurred", "R7.5.1", "--category", "誤送付", "--no-input", cwd=casebook_dir)
    data = json.loads(cli("stats", "2025H1", "--format", "json", cwd=casebook_dir).stdout)
    assert data["rows"] == [
        {"事案の分類": "計", "令和7年度上半期 件数": 0, "令和7年度上半期 本人の数": 0, "令和7年度上半期 人数不明の件数": 0}
    ]
