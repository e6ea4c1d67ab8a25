from datetime import date, timedelta

import pytest

from casebook.domain.periods import parse_period
from casebook.errors import DateError


@pytest.mark.parametrize(
    "text,start,end,label",
    [
        ("2025H1", date(2025, 4, 1), date(2025, 9, 30), "令和7年度上半期"),
        ("2025H2", date(2025, 10, 1), date(2026, 3, 31), "令和7年度下半期"),
        ("2025", date(2025, 4, 1), date(2026, 3, 31), "令和7年度"),
        ("FY2025", date(2025, 4, 1), date(2026, 3, 31), "令和7年度"),
        ("2025Q1", date(2025, 4, 1), date(2025, 6, 30), "令和7年度第1四半期"),
        ("2025Q4", date(2026, 1, 1), date(2026, 3, 31), "令和7年度第4四半期"),
        ("R7H1", date(2025, 4, 1), date(2025, 9, 30), "令和7年度上半期"),
        ("r7h2", date(2025, 10, 1), date(2026, 3, 31), "令和7年度下半期"),
        ("令和7年度上半期", date(2025, 4, 1), date(2025, 9, 30), "令和7年度上半期"),
        ("令和７年度第３四半期", date(2025, 10, 1), date(2025, 12, 31), "令和7年度第3四半期"),
        ("平成31年度", date(2019, 4, 1), date(2020, 3, 31), "令和元年度"),
        ("令和元年度", date(2019, 4, 1), date(2020, 3, 31), "令和元年度"),
        ("1988", date(1988, 4, 1), date(1989, 3, 31), "昭和63年度"),
        ("1989", date(1989, 4, 1), date(1990, 3, 31), "平成元年度"),
    ],
)
def test_periods(text: str, start: date, end: date, label: str) -> None:
    period = parse_period(text)
    assert (period.start, period.end, period.label) == (start, end, label)


@pytest.mark.parametrize("text", ["2025H3", "2025Q5", "平成32年度", "昭和64年度", "令和0年度", "上半期", "2025-H1x"])
def test_bad_periods(text: str) -> None:
    with pytest.raises(DateError):
        parse_period(text)


def test_calendar_year_body() -> None:
    period = parse_period("2025H1", start_month=1)
    assert (period.start, period.end, period.label) == (date(2025, 1, 1), date(2025, 6, 30), "令和7年上半期")


def test_previous_period_wraps_the_fiscal_year() -> None:
    assert parse_period("2025H1").previous().code == "2024H2"
    assert parse_period("2025Q1").previous().code == "2024Q4"
    assert parse_period("2025").previous().code == "2024"


@pytest.mark.parametrize("code", ["2024H1", "2024H2", "2025Q1", "2025Q2", "2025Q3", "2025Q4", "2025"])
def test_membership_agrees_with_a_plain_range_check(code: str) -> None:
    period = parse_period(code)
    day = date(2024, 1, 1)
    while day <= date(2026, 12, 31):
        assert (day in period) == (period.start <= day <= period.end)
        day += timedelta(days=1)
    halves = [parse_period(f"{period.fiscal_year}H1"), parse_period(f"{period.fiscal_year}H2")]
    assert halves[0].end + timedelta(days=1) == halves[1].start


@pytest.mark.parametrize(
    "text,start,end,label,code",
    [
        ("2025-07", date(2025, 7, 1), date(2025, 7, 31), "令和7年7月", "2025-07"),
        ("2025/7", date(2025, 7, 1), date(2025, 7, 31), "令和7年7月", "2025-07"),
        ("2025年7月", date(2025, 7, 1), date(2025, 7, 31), "令和7年7月", "2025-07"),
        ("R7.7", date(2025, 7, 1), date(2025, 7, 31), "令和7年7月", "2025-07"),
        ("令和7年7月", date(2025, 7, 1), date(2025, 7, 31), "令和7年7月", "2025-07"),
        ("令和７年７月", date(2025, 7, 1), date(2025, 7, 31), "令和7年7月", "2025-07"),
        ("令和元年5月", date(2019, 5, 1), date(2019, 5, 31), "令和元年5月", "2019-05"),
        ("平成31年4月", date(2019, 4, 1), date(2019, 4, 30), "平成31年4月", "2019-04"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "令和6年2月", "2024-02"),
        ("2025-04..2025-09", date(2025, 4, 1), date(2025, 9, 30), "令和7年4月～9月", "2025-04..2025-09"),
        ("令和7年4月～9月", date(2025, 4, 1), date(2025, 9, 30), "令和7年4月～9月", "2025-04..2025-09"),
        ("R7.4〜R7.9", date(2025, 4, 1), date(2025, 9, 30), "令和7年4月～9月", "2025-04..2025-09"),
        ("令和7年10月～3月", date(2025, 10, 1), date(2026, 3, 31), "令和7年10月～令和8年3月", "2025-10..2026-03"),
        ("2019-04..2019-06", date(2019, 4, 1), date(2019, 6, 30), "平成31年4月～令和元年6月", "2019-04..2019-06"),
        ("2024H2..2025H1", date(2024, 10, 1), date(2025, 9, 30), "令和6年10月～令和7年9月", "2024-10..2025-09"),
        ("2025-07..2025-07", date(2025, 7, 1), date(2025, 7, 31), "令和7年7月", "2025-07"),
    ],
)
def test_months_and_ranges(text: str, start: date, end: date, label: str, code: str) -> None:
    period = parse_period(text)
    assert (period.start, period.end, period.label, period.code) == (start, end, label, code)
    assert parse_period(period.code) == period  # the code reads back as the same period


@pytest.mark.parametrize(
    "text,message",
    [
        ("令和元年4月", "令和元年4月は平成31年4月です"),
        ("平成31年5月", "平成31年5月は令和元年5月です"),
        ("2025-13", "月が正しくありません"),
        ("2025-09..2025-04", "終わりが始まりより前です"),
        ("2025H1..9月", "終わりに年がありません"),
        ("2025-04..2025-06..2025-09", "範囲は「始まり..終わり」の2つ"),
        ("2025-04..", "範囲は「始まり..終わり」の2つ"),
        ("1868-08", "扱える範囲の外"),
        ("3000-01", "扱える範囲の外"),
    ],
)
def test_bad_months_and_ranges(text: str, message: str) -> None:
    with pytest.raises(DateError, match=message):
        parse_period(text)


def test_previous_month_and_range() -> None:
    assert parse_period("2025-01").previous().code == "2024-12"
    assert parse_period("2025-04..2025-09").previous().code == "2024-10..2025-03"
    assert parse_period("R7.7").month_label == "7月"
    assert parse_period("令和7年4月～9月").month_label == "4月～9月"
    assert parse_period("2025-10..2026-03").month_label == "10月～3月"  # the months only, across a calendar year too
    assert parse_period("2025-10..2026-03").label == "令和7年10月～令和8年3月"  # the name: both years


@pytest.mark.parametrize(
    "text,start_month,years,part,months",
    [
        ("2025H1", 4, "令和7年度", "上半期", "4月～9月"),
        ("2025H2", 4, "令和7年度", "下半期", "10月～3月"),
        ("2025H2", 1, "令和7年", "下半期", "7月～12月"),
        ("2025H1", 10, "令和7年度", "上半期", "10月～3月"),
        ("2025Q4", 4, "令和7年度", "第4四半期", "1月～3月"),
        ("2025", 4, "令和7年度", "", "4月～3月"),
        ("2026-02", 4, "令和7年度", "2月", "2月"),  # 令和7年度2月
        ("2025-01..2025-06", 4, "令和6年度～令和7年度", "1月～6月", "1月～6月"),  # over a fiscal year's end: both years
        ("2019-01..2019-12", 1, "令和元年", "1月～12月", "1月～12月"),  # the era that has most of its days, as before
        ("2019-04..2020-03", 4, "令和元年度", "4月～3月", "4月～3月"),
    ],
)
def test_the_parts_of_a_periods_name(text: str, start_month: int, years: str, part: str, months: str) -> None:
    period = parse_period(text, start_month)
    assert (period.fiscal_years_label, period.part_label, period.month_label) == (years, part, months)


def test_membership_of_a_range() -> None:
    period = parse_period("2025-04..2025-09")
    assert date(2025, 3, 31) not in period and date(2025, 4, 1) in period and date(2025, 9, 30) in period
    assert date(2025, 10, 1) not in period
