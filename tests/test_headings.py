"""The report's words around its table: the heading's placeholders ({期間}, {年度}, {月}…) for any fiscal year and
across calendar years, the section titles and the 非公表基準 note that follow the parts printed, and a body other than
the prefecture (a city that publishes 「令和7年度 10月～3月報告分」) run through the CLI against reviewed goldens."""

import itertools
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES

from casebook.domain.periods import parse_period
from casebook.settings.placeholders import PLACEHOLDERS, Wording, check_template, fill

GOLDEN = Path(__file__).resolve().parent / "golden" / "kagoshima"
CITY = FIXTURES / "kagoshima"


def _book(folder: Path, config: str | None = None) -> Path:
    """The city's casebook (tests/fixtures/kagoshima) copied to `folder`, its config replaced by `config` if given."""
    from casebook.authoring.schema import schema_text

    book = folder / "book"
    shutil.copytree(CITY, book)
    (book / "casebook.schema.json").write_text(schema_text(), encoding="utf-8")
    if config is not None:
        (book / "casebook.yaml").write_text(config, encoding="utf-8")
    return book


@pytest.mark.parametrize("fmt", ["md", "csv"])
def test_a_city_that_publishes_by_report_date_in_halves(cli, golden, tmp_path: Path, fmt: str) -> None:
    """Its own heading and columns; no 非公表基準 list, so no note about one; the table's title names what it holds."""
    book = _book(tmp_path)
    assert cli("check", cwd=book).exit_code == 0
    result = cli("report", "2025H2", "--format", fmt, cwd=book)
    assert result.exit_code == 0, result.output
    golden(result.stdout_bytes, GOLDEN / f"report-2025H2.{fmt}")  # as written: the csv with its BOM and CRLF


def test_the_city_heading_from_a_range_of_months_and_the_first_half(cli, tmp_path: Path) -> None:
    book = _book(tmp_path)
    ranged = json.loads(cli("report", "2025-10..2026-03", "--format", "json", cwd=book).stdout)
    assert ranged["heading"] == "鹿児島市 個人情報の漏えい等事案（令和7年度 10月～3月報告分）"
    assert ranged["cases"] == 3 and ranged["non_public"] == 1
    first = json.loads(cli("report", "2025H1", "--format", "json", cwd=book).stdout)
    assert first["heading"] == "鹿児島市 個人情報の漏えい等事案（令和7年度 4月～9月報告分）"


# What a heading may say of the period: each era year (令和7年度, 令和7年) and each month (10月, or a range 10月～3月).
_YEAR = re.compile(r"(?:明治|大正|昭和|平成|令和)(?:元|[0-9]+)年度?")
_MONTHS = re.compile(r"([0-9]+)月(?:～([0-9]+)月)?")
_PARTS = re.compile(r"上半期|下半期|第[1-4]四半期")


def _templates(name: str) -> list[str]:
    """Every heading of `name` alone and with one or two others, in either order, with words between them."""
    others = [p.name for p in PLACEHOLDERS if p.name != name]
    shapes = [[name]] + [[name, other] for other in others] + [[other, name] for other in others]
    shapes += [[name, *pair] for pair in itertools.combinations(others, 2)]
    return ["○" + " の ".join("{" + n + "}" for n in shape) + "分" for shape in shapes]


@pytest.mark.parametrize("start_month", [1, 4, 10])
@pytest.mark.parametrize("code", ["2025H1", "2025H2"])
@pytest.mark.parametrize("name", [p.name for p in PLACEHOLDERS])
def test_no_heading_says_a_year_or_a_month_twice_or_wrong(name: str, code: str, start_month: int) -> None:
    """Every heading check accepts names the period's year once and its months as they are, whatever month the fiscal
    year starts in and whether the half crosses a calendar year; every one it refuses would have said a thing twice."""
    period = parse_period(code, start_month)
    wording = Wording("鹿児島市", period, "報告日")
    first, last = period.start.month, period.end.month
    accepted = 0
    for template in _templates(name):
        names = re.findall(r"\{(.+?)\}", template)
        try:
            check_template(template)
        except ValueError as refused:
            said = [set(next(p for p in PLACEHOLDERS if p.name == n).says) for n in names]
            assert any(a & b for a, b in itertools.combinations(said, 2)), (template, refused)
            continue
        accepted += 1
        text = fill(template, wording)
        years = _YEAR.findall(text)
        assert years in ([], [period.fiscal_year_label]), (template, text)
        assert len(_PARTS.findall(text)) <= 1, (template, text)
        for found in _MONTHS.finditer(text):
            if found[2]:
                assert (int(found[1]), int(found[2])) == (first, last), (template, text)
            else:
                assert int(found[1]) in (first, last), (template, text)
        mentioned = [int(m) for found in _MONTHS.finditer(text) for m in found.groups() if m]
        assert len(mentioned) == len(set(mentioned)), (template, text)
    assert accepted, name


@pytest.mark.parametrize(
    "start_month,code,expected",
    [
        (4, "2025H1", ("令和7年度上半期報告分", "4月～9月")),
        (4, "2025H2", ("令和7年度下半期報告分", "10月～3月")),
        (1, "2025H2", ("令和7年下半期報告分", "7月～12月")),
        (10, "2025H1", ("令和7年度上半期報告分", "10月～3月")),
        (10, "2025H2", ("令和7年度下半期報告分", "4月～9月")),
        (4, "2026-02", ("令和7年度2月報告分", "2月")),
        (4, "2025-10..2026-03", ("令和7年度10月～3月報告分", "10月～3月")),
        (1, "2025", ("令和7年報告分", "1月～12月")),
    ],
)
def test_headings_titles_and_notes_take_the_placeholders(
    cli, casebook_dir: Path, start_month: int, code: str, expected: tuple[str, str]
) -> None:
    heading, months = expected
    (casebook_dir / "casebook.yaml").write_text(
        f"organisation: 市\nfiscal_year_start_month: {start_month}\nperiod_basis: 報告日\nreport:\n"
        '  heading: "{年度}{区分}{基準}分"\n'
        '  sections: {count: "1 {期間}の事案件数", cases: "2 {年度} {月}の事案"}\n'
        '  footnotes: ["※{開始月}から{終了月}までに{基準}した事案です。"]\n',
        encoding="utf-8",
    )
    result = cli("report", code, "--format", "md", cwd=casebook_dir)
    assert result.exit_code == 0, result.output
    md = result.stdout.splitlines()
    period = parse_period(code, start_month)
    first, last = months.split("～") if "～" in months else (months, months)
    assert [md[0], md[2], md[4]] == [heading, f"1 {period.label}の事案件数 0件", f"2 {period.fiscal_years_label} {months}の事案"]
    assert f"※{first}から{last}までに報告した事案です。" in md


def _layout(cli, casebook_dir: Path, report: str) -> list[str]:
    """The lines of an empty period's report other than tables and the criteria's items."""
    (casebook_dir / "casebook.yaml").write_text("organisation: 県\nreport:\n" + report, encoding="utf-8")
    result = cli("report", "2025H1", "--format", "md", cwd=casebook_dir)
    assert result.exit_code == 0, result.output
    return [line for line in result.stdout.splitlines() if line and not line.startswith(("|", "- ("))]


NOTE = "※なお「{}」のうち、次の非公表基準に該当するものは、「{}」に掲載しておりません。"


@pytest.mark.parametrize(
    "report,lines",
    [
        (  # the prefecture's layout: seed 004's words
            "  summary_tables: false\n",
            ["1 事案件数 0件", "2 事案の概要及び再発防止策", NOTE.format("1 事案件数", "2 事案の概要及び再発防止策"), "＜非公表基準＞"],
        ),
        (  # no 再発防止策 column: the title does not promise it
            "  columns: [number, occurred, summary, responses]\n",
            ["1 事案件数 0件", "2 事案の概要", NOTE.format("1 事案件数", "2 事案の概要"), "＜非公表基準＞"],
        ),
        (
            "  columns: [number, title, persons]\n",
            ["1 事案件数 0件", "2 事案の一覧", NOTE.format("1 事案件数", "2 事案の一覧"), "＜非公表基準＞"],
        ),
        ("  criteria: false\n", ["1 事案件数 0件", "2 事案の概要及び再発防止策"]),  # no list: no note that points at one
        (  # titles as written, quoted by the note as printed
            "  sections: {count: (1) 件数, cases: (2) 一覧}\n",
            ["(1) 件数 0件", "(2) 一覧", NOTE.format("(1) 件数", "(2) 一覧"), "＜非公表基準＞"],
        ),
        ("  footnotes: []\n", ["1 事案件数 0件", "2 事案の概要及び再発防止策", "＜非公表基準＞"]),
        (
            "  criteria: false\n  summary_tables: true\n",
            ["1 事案件数 0件", "2 事案の概要及び再発防止策", "3 事案の内訳（参考）"],
        ),
        (
            "  criteria: false\n  summary_tables: true\n  sections: {summary: 内訳}\n  footnotes: ['※{基準日}順']\n",
            ["1 事案件数 0件", "2 事案の概要及び再発防止策", "※発生日順", "内訳"],
        ),
    ],
)
def test_section_titles_and_the_note_follow_what_is_printed(cli, casebook_dir: Path, report: str, lines: list[str]) -> None:
    assert _layout(cli, casebook_dir, report)[1:] == lines  # after the heading; no case, so every line is the layout's


@pytest.mark.parametrize(
    "config,place,message",
    [
        (
            'report:\n  heading: "{年度}{期間}分"\n',
            "2:12",
            "{年度}と{期間}は、どちらも年度を書きます（2025H2 なら {年度}は「令和7年度」、{期間}は「令和7年度下半期」）",
        ),
        ('report:\n  heading: "{期間}（{月}）"\n', "2:12", "{期間}と{月}は、どちらも月を書きます"),
        ('report:\n  heading: "{区分}{期間}"\n', "2:12", "{区分}と{期間}は、どちらも上半期・下半期などの区分を書きます"),
        ("report:\n  footnotes:\n    - ok\n    - '{月}{終了月}'\n", "4:7", "{月}と{終了月}は、どちらも月を書きます"),
        ('report:\n  heading: "{基準日}{基準}"\n', "2:12", "{基準日}と{基準}は、どちらも基準日を書きます"),
        ('report:\n  heading: "{年度}{年度}"\n', "2:12", "{年度}が2回あります"),
        ('report:\n  heading: "【{期間】"\n', "2:12", "「【{期間】」の「{」と「}」が対になっていません"),
        ("report:\n  heading: '{{期間}}'\n", "2:12", "「{{期間}}」の「{」と「}」が対になっていません"),
        (
            'report:\n  heading: "期間}"\n',
            "2:12",
            "対になっていません（差し込みは {期間} のように書きます。文字として書くなら全角の ｛ ｝）",
        ),
        (
            'report:\n  heading: "{}"\n',
            "2:12",
            "「{}」は使えません。使える差し込み: {団体名}、{期間}、{年度}、{区分}、{月}、{開始月}、{終了月}、{基準日}、{基準}",
        ),
        ('report:\n  heading: "{半期}"\n', "2:12", "「{半期}」は使えません"),
        ('report:\n  sections: {cases: "2 ｛期間｝"}\n', "2:21", "「｛期間｝」は差し込まれません（半角の {期間} で書いてください）"),
        ('report:\n  sections:\n    count: "1 {件数}"\n', "3:12", "「{件数}」は使えません"),
    ],
)
def test_a_bad_placeholder_is_a_located_error(cli, casebook_dir: Path, config: str, place: str, message: str) -> None:
    (casebook_dir / "casebook.yaml").write_text(config, encoding="utf-8")
    for args in (["check"], ["report", "2025H1", "--format", "md"]):
        result = cli(*args, cwd=casebook_dir)
        assert result.exit_code == 1, result.output
        assert f"casebook.yaml:{place}: error: 報告書の形" in result.output
        assert message in result.output
        assert "Traceback" not in result.output and "{期間}分】" not in result.output
