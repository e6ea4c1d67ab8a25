"""Deadlines of the 個人情報保護委員会 reports: in 和暦 with the weekday, flagged on a weekend or a national holiday."""

from datetime import date
from pathlib import Path

import pytest

from casebook.domain.ppc import day_off, due_text

CASE = """\
id: holiday
title: 名簿の誤送付
status: 確定
unit_kind: 本庁
occurred: 令和7年12月8日
discovered: 令和7年12月8日
category: 誤送付
medium: 紙
certainty: 漏えい
persons: {actual: 120}
summary: 名簿を誤って送付したもの。
causes: [確認を怠ったことによるもの。]
responses: [回収した。]
secondary_damage: {status: 無}
measures: [複数人で確認することとした。]
publication: {mode: 一括公表のみ}
"""


@pytest.mark.parametrize(
    "day,expected",
    [
        (date(2025, 12, 13), "令和7年12月13日（土）※土曜日"),
        (date(2025, 12, 14), "令和7年12月14日（日）※日曜日"),
        (date(2026, 1, 12), "令和8年1月12日（月）※祝日（成人の日）"),
        (date(2025, 5, 6), "令和7年5月6日（火）※祝日（みどりの日 振替休日）"),
        (date(2025, 5, 1), "令和7年5月1日（木）"),
    ],
)
def test_a_deadline_is_written_with_its_weekday_and_flagged_on_a_day_off(day: date, expected: str) -> None:
    assert due_text(day) == expected


def test_working_days_are_not_flagged() -> None:
    assert day_off(date(2025, 12, 12)) is None


def test_show_and_check_give_the_deadlines_in_wareki_with_the_flag(cli, casebook_dir: Path) -> None:
    (casebook_dir / "cases" / "holiday.yaml").write_text(CASE, encoding="utf-8")
    shown = cli("show", "holiday", cwd=casebook_dir, env={"COLUMNS": "200"})
    assert "速報期限 令和7年12月13日（土）※土曜日" in shown.stdout
    assert "確報期限 令和8年1月7日（水）" in shown.stdout
    assert "暦日で数えます" in shown.stdout
    checked = cli("check", cwd=casebook_dir)
    # (tests/fixtures/rules.expected has the wording before the deadline)
    assert "速報がなく、期限（令和7年12月13日（土）※土曜日）を過ぎています" in checked.stdout
