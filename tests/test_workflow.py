"""The clerk's workflow: every problem of a file in one run, and finding a case by the start of its id."""

import json
from pathlib import Path

from conftest import ROOT

FIRST_DRAFT = """\
id: one-run
title: 申請書の誤送付
status: 確定
unit_kind: 本庁
occurred: R7.2.30
discovered: 令和7年3月4日（火）
category: 誤封入
medium: 紙
certainty: 漏えい
persons: {actual: 1,495}
responses: [3月5日（金）に回収した。]
secondary_damage: {status: 無}
publication: {mode: 一括公表のみ}
"""


def test_schema_errors_and_rule_findings_come_in_one_run(cli, casebook_dir: Path) -> None:
    (casebook_dir / "cases" / "one-run.yaml").write_text(FIRST_DRAFT, encoding="utf-8")
    result = cli("check", "--format", "json", cwd=casebook_dir)
    assert result.exit_code == 1
    found = {(f["rule"], f["field"].split(" (")[-1].rstrip(")"), f["line"]) for f in json.loads(result.stdout)["findings"]}
    # the schema errors …
    assert ("schema", "occurred", 5) in found and ("schema", "category", 7) in found and ("schema", "persons", 10) in found
    # … and, in the same run, what the rules find in the rest of the file
    assert {("report-summary", "summary", 1), ("required", "causes", 1), ("required", "measures", 1)} <= found
    assert ("weekday", "responses[0]", 11) in found  # 3月5日 was a Wednesday
    # a field with a schema error is not also called missing
    assert not {("required", "occurred", 1), ("required", "category", 1), ("required", "persons", 1)} & found


def test_a_misspelled_status_is_read_as_meant_for_the_other_rules(cli, casebook_dir: Path) -> None:
    (casebook_dir / "cases" / "one-run.yaml").write_text(FIRST_DRAFT.replace("status: 確定", "status: 確"), encoding="utf-8")
    out = cli("check", cwd=casebook_dir).stdout
    assert "「確」は使えません（確定 のことですか？" in out
    assert "発生原因 (causes): 確定した事案では必須です" in out


def test_show_and_render_take_a_unique_start_of_an_id(cli) -> None:
    shown = cli("show", "2025-04", cwd=ROOT, env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    assert "略歴書の所属内での紛失" in shown.stdout
    rendered = cli("render", "2025-05", "--as", "press", cwd=ROOT)
    assert rendered.exit_code == 0 and "【県】 記者発表" in rendered.stdout and "助言文書の他市への誤送付" in rendered.stdout


def test_an_ambiguous_start_lists_the_candidates(cli) -> None:
    result = cli("show", "2025-07", cwd=ROOT)
    assert result.exit_code == 1
    assert "「2025-07」で始まる事案IDが3件あります" in result.stderr
    for candidate in ("2025-07-09-email-volunteer", "2025-07-09-seminar-mailing", "2025-07-29-mail-merge"):
        assert candidate in result.stderr


def test_the_list_table_never_wraps_an_id(cli) -> None:
    for width in ("80", "100", "160"):
        result = cli("list", cwd=ROOT, env={"COLUMNS": width})
        assert result.exit_code == 0
        for case in (ROOT / "cases").rglob("*.yaml"):
            assert case.stem in result.stdout, (width, case.stem)
