import itertools
import re
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import THOROUGH

from casebook.domain.eras import ERAS, era_end
from casebook.domain.jpdate import Moment, parse_date, parse_moment, parse_when, weekday_mismatches
from casebook.errors import DateError

# (text, ISO day) pairs at every era boundary, and the days just outside it that must fail.
BOUNDARIES = [
    ("明治元年9月8日", "1868-09-08"),
    ("明治45年7月29日", "1912-07-29"),
    ("大正元年7月30日", "1912-07-30"),
    ("大正15年12月24日", "1926-12-24"),
    ("昭和元年12月25日", "1926-12-25"),
    ("昭和64年1月7日", "1989-01-07"),
    ("平成元年1月8日", "1989-01-08"),
    ("平成31年4月30日", "2019-04-30"),
    ("令和元年5月1日", "2019-05-01"),
]
OUTSIDE = [
    "明治元年9月7日",
    "明治45年7月30日",
    "大正元年7月29日",
    "大正15年12月25日",
    "昭和元年12月24日",
    "昭和64年1月8日",
    "平成元年1月7日",
    "平成31年5月1日",
    "令和元年4月30日",
    "平成32年1月1日",
]


@pytest.mark.parametrize("text,iso", BOUNDARIES)
def test_era_boundaries_accepted(text: str, iso: str) -> None:
    assert parse_date(text).isoformat() == iso
    assert parse_moment(text).long() == text


@pytest.mark.parametrize("text", OUTSIDE)
def test_days_outside_an_era_are_rejected_with_the_right_day(text: str) -> None:
    with pytest.raises(DateError, match="存在しません"):
        parse_moment(text)


def test_era_table_is_contiguous() -> None:
    for era, following in itertools.pairwise(ERAS):
        assert era_end(era) == following.start - timedelta(days=1)
    assert era_end(ERAS[-1]) is None


@pytest.mark.parametrize(
    "text",
    [
        "R7.4.25",
        "令和7年4月25日",
        "2025-04-25",
        "2025/4/25",
        "2025年4月25日",
        "令和７年４月２５日",
        "Ｒ７．４．２５",
        "㋿7年4月25日",
        "令和七年四月二十五日",
        "令和7年4月25日（金）",
        "令和7年4月25日(金曜日)",
        " r7.4.25 ",
    ],
)
def test_many_spellings_of_one_day(text: str) -> None:
    assert parse_date(text) == date(2025, 4, 25)


def test_gannen_and_heisei_ligature() -> None:
    assert parse_date("令和元年11月29日") == date(2019, 11, 29)
    assert parse_date("㍻31年4月30日") == date(2019, 4, 30)
    assert parse_moment("2019-11-29").long() == "令和元年11月29日"
    assert parse_moment("2019-05-01").short() == "R1.5.1"


@pytest.mark.parametrize(
    "text,fragment",
    [
        ("令和0年1月1日", "令和0年はありません"),
        ("平成32年5月1日", "平成は平成31年4月30日まで"),
        ("R7.2.30", "2025年2月は28日まで"),
        ("2025-13-01", "月が正しくありません"),
        ("令和5年11月9日（金）", "曜日が違います"),
        ("午後2時", "範囲の後半でのみ"),
        ("令和7年4月25日午後13時", "曖昧"),
        ("昨日", "日付として読めません"),
        ("", "日付が空です"),
    ],
)
def test_rejections_say_why(text: str, fragment: str) -> None:
    with pytest.raises(DateError, match=fragment):
        parse_when(text)


def test_month_only_and_its_era_bounds() -> None:
    moment = parse_moment("平成28年11月")
    assert (moment.first_day, moment.last_day) == (date(2016, 11, 1), date(2016, 11, 30))
    assert moment.short() == "H28.11" and moment.long() == "平成28年11月"
    assert parse_moment("平成31年4月").last_day == date(2019, 4, 30)
    for outside in ("平成31年5月", "令和元年4月"):
        with pytest.raises(DateError):
            parse_moment(outside)
    assert parse_moment("昭和64年1月").first_day == date(1989, 1, 1)


def test_range_with_same_month_and_times_formats_like_the_press_release() -> None:
    when = parse_when("令和5年11月9日午後6時頃から同月10日午後2時頃までの間")
    assert when.start.first_day == date(2023, 11, 9) and when.end is not None
    assert when.end.first_day == date(2023, 11, 10)
    assert when.long(weekday=True) == "令和5年11月9日（木）午後6時頃から同月10日（金）午後2時頃までの間"
    assert when.short() == "R5.11.9～11.10"  # the table's 発生日 keeps the range's end


def test_range_variants() -> None:
    assert parse_when("令和7年4月1日から同年9月30日までの間").last_day == date(2025, 9, 30)
    assert parse_when("R7.4.1〜R7.4.3").last_day == date(2025, 4, 3)
    end = parse_when("令和7年4月1日午前9時から同日午後5時まで").end
    assert end is not None and end.time is not None and end.time.hour == 17
    assert parse_when("令和7年4月30日から翌日").last_day == date(2025, 5, 1)
    with pytest.raises(DateError, match="範囲の終わりが始まりより前"):
        parse_when("令和7年4月10日から同月9日まで")


def test_times() -> None:
    assert str(parse_moment("令和2年10月31日午前10時40分").time) == "午前10時40分"
    assert str(parse_moment("2020-10-31 17:30").time) == "午後5時30分"
    assert str(parse_moment("令和2年10月31日正午").time) == "正午"
    assert str(parse_moment("令和2年10月31日午後0時半頃").time) == "午後0時30分頃"


def test_weekday_in_free_text() -> None:
    near = date(2023, 11, 9)
    assert weekday_mismatches("11月9日（木）午後6時頃", near) == []
    found = weekday_mismatches("11月17日（木）に米子警察署へ", near)
    assert [(m.written, m.actual) for m in found] == [("11月17日（木）", "金")]
    assert weekday_mismatches("令和5年11月9日(金)", date(2000, 1, 1))[0].actual == "木"
    # a January date written in a November case belongs to the following year
    assert weekday_mismatches("1月4日（木）", near) == []


_DATES = st.sampled_from(["令和7年12月28日", "平成31年4月30日", "令和元年5月1日", "4月28日", "１２月５日", "2月30日", "112月5日", "日", ""])
_GAPS = st.sampled_from(["", " ", "\u3000", " " * 5, "\u3000" * 9])
_BRACKETS = st.sampled_from(["（火）", "（日）", "(金曜日)", "(月曜)", "（", "x"])
_WEEKDAY_TEXTS = st.lists(st.tuples(_DATES, _GAPS, _BRACKETS).map("".join), max_size=6).map("".join)


def _mismatches_bracket_first(text: str, near: date) -> list[tuple[int, str, str]]:
    """weekday_mismatches as first written: every bracket found, then the date looked for just before each one."""
    from casebook.domain.eras import ERA_NAMES, WEEKDAYS, era_named
    from casebook.domain.jpdate import _number

    date_before = re.compile(rf"(?:(?P<era>{ERA_NAMES})(?P<y>元|[0-9０-９]+)年)?(?P<m>[0-9０-９]{{1,2}})月(?P<d>[0-9０-９]{{1,2}})日\s*$")
    brackets = [re.compile(rf"{re.escape(opening)}[月火水木金土日](?:曜日?)?[)）]") for opening in "(（"]
    found = []
    for mark in sorted((m for pattern in brackets for m in pattern.finditer(text)), key=re.Match.start):
        match = date_before.search(text, max(0, mark.start() - 16), mark.start())
        if match is None:
            continue
        if match["era"]:
            years = [era_named(match["era"]).start.year + _number(match["y"]) - 1]
        else:
            years = [near.year - 1, near.year, near.year + 1]
        days = []
        for year in years:
            try:
                days.append(date(year, int(match["m"]), int(match["d"])))
            except ValueError:
                continue
        if days:
            day = min(days, key=lambda d: abs((d - near).days))
            if WEEKDAYS[day.weekday()] != mark.group(0)[1]:
                found.append((match.start(), text[match.start() : mark.end()], WEEKDAYS[day.weekday()]))
    return found


@settings(max_examples=300, deadline=None)
@given(_WEEKDAY_TEXTS)
def test_weekdays_are_found_from_the_day_of_a_date(text: str) -> None:
    """Looking only at brackets right after a 「日」 finds every mismatch that looking at every bracket finds."""
    near = date(2025, 4, 1)
    assert [(m.offset, m.written, m.actual) for m in weekday_mismatches(text, near)] == _mismatches_bracket_first(text, near)


def test_every_day_round_trips_in_every_style() -> None:
    """Every day from Meiji 1 to 2100 under make test-all; every 11th under make test (every weekday and day of the
    month still comes round), and the first and last day of every era."""
    day, last = date(1868, 9, 8), date(2100, 12, 31)
    step = timedelta(days=1 if THOROUGH else 11)
    while day <= last:
        moment = Moment(day.year, day.month, day.day)
        for text in (moment.short(), moment.long(), moment.long(weekday=True), moment.iso()):
            assert parse_date(text) == day, text
        day += step
    edges = [era.start for era in ERAS] + [era.start - timedelta(days=1) for era in ERAS[1:]]
    for edge in edges:
        moment = Moment(edge.year, edge.month, edge.day)
        assert parse_date(moment.long(weekday=True)) == edge


@pytest.mark.parametrize(
    "text,message",
    [
        ("令和十十年1月1日", "漢数字「十十」は数として読めません"),
        ("令和二二十年1月1日", "漢数字「二二十」は数として読めません"),
        ("令和9999年1月1日", "扱える範囲の外です"),
        ("令和99999999999999999999年1月1日", "扱える範囲の外です"),
        ("1500-01-01", "扱える範囲の外です"),
        ("0001-01-01", "扱える範囲の外です"),
        ("1868-09-07", "明治より前です"),
        ("R7.4.25" + "ー" * 500, "日付が長すぎます"),
        ("令和7年4月25日午後十十時", "漢数字「十十」は数として読めません"),
    ],
)
def test_malformed_dates_are_date_errors(text: str, message: str) -> None:
    from casebook.domain.jpdate import parse_when
    from casebook.errors import DateError

    with pytest.raises(DateError, match=message):
        parse_when(text)


def test_the_supported_range_round_trips_at_both_ends() -> None:
    from casebook.domain.eras import FIRST_DAY, LAST_DAY
    from casebook.domain.jpdate import parse_when

    assert parse_when("明治元年9月8日").first_day == FIRST_DAY
    assert parse_when("2999-12-31").first_day == LAST_DAY
