"""`casebook stats`: counts per group across periods."""

import json
from pathlib import Path

from conftest import ROOT


def test_by_category_side_by_side(cli) -> None:
    data = json.loads(cli("stats", "2024H2", "2025H1", "--format", "json", cwd=ROOT).stdout)
    assert data["by"] == "category"
    assert data["periods"] == [
        {"code": "2024H2", "label": "令和6年度下半期", "start": "2024-10-01", "end": "2025-03-31"},
        {"code": "2025H1", "label": "令和7年度上半期", "start": "2025-04-01", "end": "2025-09-30"},
    ]
    groups = {g["label"]: g for g in data["groups"]}
    assert groups["誤送付"]["key"] == "誤送付"
    # 1 + 22 + 3 + 1, NO.10 unknown
    assert groups["誤送付"]["cells"] == [
        {"cases": 0, "persons": 0, "persons_unknown_cases": 0, "persons_withheld_cases": 0},
        {"cases": 5, "persons": 27, "persons_unknown_cases": 1, "persons_withheld_cases": 0},
    ]
    assert groups["非公表"]["key"] == "非公表"  # whatever its category: counted, never told apart
    assert [t["cases"] for t in data["totals"]] == [0, 11]  # the non-public case is counted


def test_json_keys_do_not_change_with_the_periods(cli) -> None:
    shapes = set()
    for periods in (["2025H1"], ["2024H2", "2025H1"], ["2025-07"], []):
        data = json.loads(cli("stats", *periods, "--format", "json", cwd=ROOT).stdout)
        shapes.add((tuple(data), tuple(data["groups"][0]), tuple(data["groups"][0]["cells"][0]), tuple(data["periods"][0])))
    assert len(shapes) == 1, shapes


def test_by_month_in_calendar_order(cli) -> None:
    data = json.loads(cli("stats", "2025H1", "--by", "month", "--format", "json", cwd=ROOT).stdout)
    assert [g["label"] for g in data["groups"]] == ["令和7年4月", "令和7年5月", "令和7年6月", "令和7年7月", "令和7年8月", "非公表"]
    assert [g["key"] for g in data["groups"]] == ["2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "非公表"]


def test_csv_a_row_per_group_and_period_with_stable_columns(cli) -> None:
    import csv
    import io

    text = cli("stats", "2024H2", "2025H1", "--by", "medium", "--format", "csv", cwd=ROOT).stdout_bytes.decode("utf-8")
    assert text.startswith(
        "\ufeffby,key,label,total,period,period_label,period_start,period_end,cases,persons,persons_unknown_cases,persons_withheld_cases\r\n"
    )
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    total = [r for r in rows if r["total"] == "true" and r["period"] == "2025H1"]
    assert [(r["label"], r["cases"]) for r in total] == [("計", "11")]
    ja = cli("stats", "--format", "csv", "--labels", "ja", "--no-bom", cwd=ROOT).stdout_bytes.decode("utf-8")
    assert ja.startswith("集計の単位,キー,区分,計,期間,期間名,")


def test_table_on_a_terminal(cli) -> None:
    table = cli("stats", "--by", "unit_kind", cwd=ROOT, env={"COLUMNS": "120", "TTY_COMPATIBLE": "1", "NO_COLOR": "1"}).stdout
    assert "所属別の件数と本人の数" in table and "█" in table and "39名（ほか不明2件、非公表1件を除く）" in table


def test_drafts_are_left_out(cli, casebook_dir: Path) -> None:
    cli("new", "--id", "d", "--occurred", "R7.5.1", "--category", "誤送付", "--no-input", cwd=casebook_dir)
    result = cli("stats", "2025H1", "--format", "json", cwd=casebook_dir)
    data = json.loads(result.stdout)
    assert data["groups"] == [] and data["totals"] == [{"cases": 0, "persons": 0, "persons_unknown_cases": 0, "persons_withheld_cases": 0}]
    assert data["drafts_left_out"] == 1 and "調査中の事案1件" in result.stderr
    assert "調査中" not in cli("stats", "2025H1", "--format", "json", "--quiet", cwd=casebook_dir).stderr


def test_a_non_public_case_counts_under_non_public_and_adds_no_people(cli, sample_book: Path) -> None:
    """With one non-public case, its category, 所属 or people in stats would identify it: it counts under 非公表."""
    for assignment in ("category=紛失・置忘れ", "unit_kind=教育機関", "persons.actual=40"):
        assert cli("set", "2025-h1-non-public", assignment, cwd=sample_book).exit_code == 0, assignment
    for by in ("category", "unit_kind", "medium", "month"):
        data = json.loads(cli("stats", "2025H1", "--by", by, "--format", "json", cwd=sample_book).stdout)
        groups = {g["label"]: g["cells"][0] for g in data["groups"]}
        assert groups["非公表"] == {"cases": 1, "persons": 0, "persons_unknown_cases": 0, "persons_withheld_cases": 1}, by
        assert "教育機関" not in groups and data["totals"][0]["persons"] == 39, by
