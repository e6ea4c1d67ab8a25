from datetime import date, timedelta

import pytest

from casebook.errors import DateError
from casebook.periods import parse_period


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
