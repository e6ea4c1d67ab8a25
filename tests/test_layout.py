"""The report's layout as casebook.yaml configures it: columns, headings, footnotes, the summary tables,
monthly and ranged periods; and its mistakes as located messages, like a case file's."""

import csv
import io
import json
import re
from pathlib import Path

import pytest
from conftest import ROOT
from docxtext import outline
from hypothesis import given, settings
from hypothesis import strategies as st

CITY = """organisation: 市
period_basis: 報告日
report:
  heading: "○{団体名}の個人情報漏えい等事案【{年度}{月}{基準}分】"
  columns:
    - {field: reported, title: 報告日}
    - {field: occurred_discovered, title: 発生日（判明日）}
    - summary
    - {field: persons, title: 人数}
    - {field: department, title: 担当課}
    - category
    - medium
  sections: {count: ① 件数, cases: ② 一覧}
  footnotes: ["※{基準日}が{期間}の事案です。"]
  criteria: false
  summary_tables: false
"""


def _reported(book: Path) -> None:
    """A 報告日 on every case of the sample: the day it occurred, one case reported in October."""
    for path in (book / "cases").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        match = re.search(r"^occurred: (R7\.[0-9.]+)$", text, re.M)
        day = "R7.10.3" if path.stem == "2025-08-29-certificate-mailing" else match[1] if match else "令和7年9月30日"
        if path.parent.name != "2025":
            day = "令和6年1月10日"
        path.write_text(text + f"reported: {day}\n", encoding="utf-8")


def test_a_body_that_batches_by_report_date_writes_its_own_heading(cli, sample_book: Path) -> None:
    (sample_book / "casebook.yaml").write_text(CITY, encoding="utf-8")
    _reported(sample_book)
    assert cli("check", cwd=sample_book).exit_code == 0
    md = cli("report", "令和7年4月～9月", "--format", "md", cwd=sample_book).stdout
    lines = md.splitlines()
    assert lines[0] == "○市の個人情報漏えい等事案【令和7年度4月～9月報告分】"
    assert lines[2] == "① 件数 10件（うち、非公表基準該当1件）"  # the certificate mailing was reported in October
    assert lines[4] == "② 一覧"
    assert lines[6] == "| 報告日 | 発生日（判明日） | 事案の概要 | 人数 | 担当課 | 分類 | 媒体 |"
    assert "| R7.7.9 | R7.7.9 | 委託事業者がボランティア参加者への連絡" in md
    assert "※報告日が令和7年4月～9月の事案です。" in md
    assert "＜非公表基準＞" not in md and "事案の内訳" not in md
    october = json.loads(cli("report", "2025-10", "--format", "json", cwd=sample_book).stdout)
    assert october["heading"] == "○市の個人情報漏えい等事案【令和7年度10月報告分】"
    assert [row["報告日"] for row in october["rows"]] == ["R7.10.3"]


def test_configured_columns_in_every_format(cli, sample_book: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    (sample_book / "casebook.yaml").write_text(CITY, encoding="utf-8")
    _reported(sample_book)
    headers = ["報告日", "発生日（判明日）", "事案の概要", "人数", "担当課", "分類", "媒体"]
    table = list(csv.reader(io.StringIO(cli("report", "2025-04..2025-09", "--format", "csv", cwd=sample_book).stdout.lstrip("\ufeff"))))
    assert headers in table
    out = tmp_path / "city.xlsx"
    assert cli("report", "2025-04..2025-09", "--out", str(out), cwd=sample_book).exit_code == 0
    book = load_workbook(out)
    assert book.sheetnames == ["漏えい事案概要"]  # no summary tables, no second sheet
    sheet = book.active
    assert [re.sub(r"\s", "", c.value) for c in sheet[4]] == headers
    persons = [sheet.cell(row=r, column=4) for r in range(5, 14)]  # nine rows: one case non-public, one reported in October
    assert all(isinstance(c.value, int) or c.value == "不明" for c in persons)  # 人数 as numbers, shown as 1名
    assert persons[0].value == 1 and persons[0].number_format == '#,##0"名"'
    docx = tmp_path / "city.docx"
    assert cli("report", "2025-04..2025-09", "--out", str(docx), cwd=sample_book).exit_code == 0
    text = outline(docx.read_bytes())
    assert "table 10×7 style=Table Grid align=- header_rows_repeated=1" in text
    assert "[Title] ○市の個人情報漏えい等事案【令和7年度4月～9月報告分】" in text
    terminal = cli("report", "2025-04..2025-09", cwd=sample_book, env={"COLUMNS": "200"}).stdout
    assert "① 件数 10件" in terminal and "担当課" in terminal


def test_occurred_and_discovered_in_one_column(cli, sample_book: Path) -> None:
    (sample_book / "casebook.yaml").write_text(
        "organisation: 県\nreport:\n  columns: [number, occurred_discovered, summary]\n", encoding="utf-8"
    )
    for example in ("tottori/cases/2023-11-09-tottori-camera.yaml", "ninomiya/cases/2023-10-24-ninomiya-counter.yaml"):
        text = (ROOT / "examples" / example).read_text(encoding="utf-8")  # another body's case, taken in as the 県's own
        (sample_book / "cases" / Path(example).name).write_text(re.sub(r"(?m)^organisation: .*\n", "", text), encoding="utf-8")
    rows = json.loads(cli("report", "2023H2", "--format", "json", cwd=sample_book).stdout)["rows"]
    camera = next(r for r in rows if "カメラ" in r["事案の概要"])
    assert camera["発生日（判明日）"] == "R5.11.9～11.10\n（R5.11.10）"  # the days differ: 判明日 below
    counter = next(r for r in rows if "転籍届" in r["事案の概要"])
    assert counter["発生日（判明日）"] == "R5.10.24"  # the same day: written once


def test_the_default_layout_is_the_published_table(cli) -> None:
    md = cli("report", "2025H1", "--format", "md", cwd=ROOT).stdout
    assert md == (Path(__file__).parent / "golden" / "report-2025H1.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "config,place,message",
    [
        ("report:\n  columns:\n    - number\n    - occured\n", "casebook.yaml:4:7", "「occured」は使えません（occurred のことですか？"),
        (
            "report:\n  columns: [summary, {field: title, title: 事案の概要}]\n",
            "casebook.yaml:2:12",
            "列の見出し「事案の概要」が2回以上あります",
        ),
        ("report:\n  columns: [{field: summary, width: 0}]\n", "casebook.yaml:2:37", "1 以上で書いてください"),
        ("report:\n  columns: []\n", "casebook.yaml:2:12", "空にはできません"),
        ("report:\n  heading: 【{期間}】{団体}\n", "casebook.yaml:2:12", "「{団体}」は使えません。使える差し込み: {団体名}、{期間}"),
        ("report:\n  footnotes: ['注{年}']\n", "casebook.yaml:2:15", "「{年}」は使えません"),
        ("report:\n  summary_tables: no\n", "casebook.yaml:2:19", "true か false で書いてください"),
        ("report:\n  colums: []\n", "casebook.yaml:2:3", "「colums」という項目はありません（columns のことですか？）"),
    ],
)
def test_config_mistakes_are_placed_in_casebook_yaml(cli, casebook_dir: Path, config: str, place: str, message: str) -> None:
    (casebook_dir / "casebook.yaml").write_text(config, encoding="utf-8")
    for args in (["check"], ["report", "2025H1", "--format", "md"]):
        result = cli(*args, cwd=casebook_dir)
        assert result.exit_code == 1, result.output
        assert f"{place}: error: 報告書の形" in result.stderr + result.stdout
        assert message in result.stderr + result.stdout


def test_month_periods_in_list_report_and_stats(cli) -> None:
    listed = json.loads(cli("list", "2025-07", "--format", "json", cwd=ROOT).stdout)
    assert sorted(row["occurred"] for row in listed) == ["2025-07-09", "2025-07-09", "2025-07-29"]
    report = json.loads(cli("report", "令和7年7月", "--format", "json", cwd=ROOT).stdout)
    assert report["heading"] == "○県の保有個人情報の漏えい事案概要【令和7年7月分】"
    assert report["cases"] == 3 and report["previous"]["period"] == "令和7年6月"
    stats = json.loads(cli("stats", "R7.6", "2025-07", "--format", "json", cwd=ROOT).stdout)
    assert [p["label"] for p in stats["periods"]] == ["令和7年6月", "令和7年7月"]
    assert [p["start"] for p in stats["periods"]] == ["2025-06-01", "2025-07-01"]
    assert [cell["cases"] for cell in stats["totals"]] == [2, 3]
    ranged = json.loads(cli("report", "2025-04..2025-09", "--format", "json", cwd=ROOT).stdout)
    assert ranged["cases"] == 11 and ranged["period"]["label"] == "令和7年4月～9月"
    assert cli("report", "2025-09..2025-04", cwd=ROOT).exit_code == 2  # a usage error, in Japanese


def test_a_case_taller_than_a_page_is_printed_in_parts_that_say_whose_they_are(cli, sample_book: Path) -> None:
    from docx import Document
    from openpyxl import load_workbook

    from casebook.documents.tables.xlsx import MAX_ROW_PT

    path = sample_book / "cases" / "2025" / "2025-04-25-resume-loss.yaml"
    measures = "".join(
        f"\n  - {n}. 個人情報を含む書類の持出しは所属長の許可を得て記録簿に記入し、帰庁後に返却を確認することとした。" for n in range(1, 31)
    )
    path.write_text(
        re.sub(r"^measures:.*?(?=^\w)", f"measures:{measures}\n", path.read_text(encoding="utf-8"), flags=re.M | re.S), encoding="utf-8"
    )
    whole = re.sub(
        r"\s",
        "",
        "\n".join(
            f"・{n}. 個人情報を含む書類の持出しは所属長の許可を得て記録簿に記入し、帰庁後に返却を確認することとした。" for n in range(1, 31)
        ),
    )
    out = sample_book / "long.xlsx"
    assert cli("report", "2025H1", "--out", str(out), cwd=sample_book).exit_code == 0
    sheet = load_workbook(out).active
    parts = []
    row = 5
    while sheet.cell(row=row, column=1).value == 1:
        # every part says whose it is (NO, 所属, 発生日) and is whole in a row Excel can hold
        assert [sheet.cell(row=row, column=c).value for c in (2, 3)] == ["本庁", "R7.4.25"]
        assert sheet.row_dimensions[row].height <= MAX_ROW_PT
        parts.append(sheet.cell(row=row, column=8).value)
        row += 1
    assert len(parts) >= 2 and re.sub(r"\s", "", "".join(parts)) == whole
    heights = [sheet.row_dimensions[r].height for r in range(5, row)]
    assert max(heights) > 300  # parts of about a page, not rows of a few lines

    docx_out = sample_book / "long.docx"
    assert cli("report", "2025H1", "--out", str(docx_out), cwd=sample_book).exit_code == 0
    table = Document(str(docx_out)).tables[0]
    rows = [[cell.text for cell in r.cells] for r in table.rows[1:] if r.cells[0].text == "1"]
    assert len(rows) >= 2 and all(r[1:3] == ["本庁", "R7.4.25"] for r in rows)
    assert re.sub(r"\s", "", "".join(r[7] for r in rows)) == whole
    html = cli("report", "2025H1", "--format", "html", cwd=sample_book).stdout
    assert html.count('<td class="center nowrap">1</td>') >= 2


def _summary(cli, book: Path, *args: str) -> str:
    """The md report's 「3 事案の内訳（参考）」 and what follows it."""
    result = cli("report", "2025H1", "--format", "md", *args, cwd=book)
    assert result.exit_code == 0, result.stderr
    return result.stdout.split("3 事案の内訳（参考）", 1)[1]


def test_the_breakdown_is_off_by_default_and_says_only_what_is_known_when_on(cli, sample_book: Path) -> None:
    assert "事案の内訳" not in cli("report", "2025H1", "--format", "md", cwd=sample_book).stdout  # not in seed 004
    config = sample_book / "casebook.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "report:\n  summary_tables: true\n", encoding="utf-8")
    summary = _summary(cli, sample_book)
    # 令和6年度下半期 has no case in the casebook: no 0件 and no +11 against it
    assert "| 事案件数 | 11件 | 記録なし | － |" in summary
    assert "0件" not in summary.split("| 事案件数", 1)[1].split("\n")[0]
    # nobody filled in 報告対象の判定 (flags) of these cases: no 「0件」 as if none had to be reported
    assert "| 個人情報保護委員会への報告対象 | 不明（報告対象の判定が未記入11件） | 記録なし | － |" in summary
    for path in (sample_book / "cases" / "2025").glob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8") + "flags: {special_care: false}\n", encoding="utf-8")
    assert "| 個人情報保護委員会への報告対象 | 0件 | 記録なし | － |" in _summary(cli, sample_book)

    # drafts: counted in 「1 事案件数」, in no column of the breakdown, and said to be left out
    for day, name in (("R7.5.1", "draft-now"), ("R7.1.10", "draft-before")):
        assert cli("new", "--id", name, "--title", "調査中の誤送付", "--occurred", day, "--no-input", cwd=sample_book).exit_code == 0
    md = cli("report", "2025H1", "--format", "md", "--allow-draft", cwd=sample_book).stdout
    assert "1 事案件数 12件" in md
    summary = md.split("3 事案の内訳（参考）", 1)[1]
    assert "| 事案件数 | 11件 | 記録なし | － |" in summary and "| 計 | 7 | 3 | 1 | 11 |" in summary
    assert "※令和7年度上半期の調査中の事案1件は、この内訳に含めていません。" in summary
    assert "※令和6年度下半期の調査中の事案1件は、この内訳に含めていません。" in summary


def test_a_font_for_every_printed_format_and_a_bad_one_located(cli, sample_book: Path, tmp_path: Path) -> None:
    from docx import Document
    from openpyxl import load_workbook

    config = sample_book / "casebook.yaml"
    original = config.read_text(encoding="utf-8")
    config.write_text(original + "report:\n  font: BIZ UDP明朝\n", encoding="utf-8")
    html = cli("report", "2025H1", "--format", "html", cwd=sample_book).stdout
    assert 'body { font-family: "BIZ UDP明朝", "Yu Mincho",' in html and "serif;" in html
    assert cli("report", "2025H1", "--out", str(tmp_path / "r.xlsx"), cwd=sample_book).exit_code == 0
    assert load_workbook(tmp_path / "r.xlsx").active["D5"].font.name == "BIZ UDP明朝"
    assert cli("report", "2025H1", "--out", str(tmp_path / "r.docx"), cwd=sample_book).exit_code == 0
    cell = Document(str(tmp_path / "r.docx")).tables[0].rows[1].cells[3].paragraphs[0]
    assert {run.element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") for run in cell.runs} == {
        "BIZ UDP明朝"
    }
    config.write_text(original + 'report:\n  font: "Meiryo; color: red"\n', encoding="utf-8")
    refused = cli("report", "2025H1", "--format", "html", cwd=sample_book)
    assert refused.exit_code != 0 and "casebook.yaml:" in refused.stderr and "フォント名として使えません" in refused.stderr


def test_the_workbook_breaks_pages_between_cases_only(cli, tmp_path: Path) -> None:
    """Row breaks computed from the row heights: seed 004's two pages, a break only between two cases (never after a
    heading or the header row, never between the last case and the notes: no page of a header row and notes)."""
    from openpyxl import load_workbook

    out = tmp_path / "r.xlsx"
    assert cli("report", "2025H1", "--out", str(out), cwd=ROOT).exit_code == 0
    sheet = load_workbook(out).active
    numbers = {row: sheet.cell(row=row, column=1).value for row in range(1, sheet.max_row + 1)}
    cases = [row for row, value in numbers.items() if isinstance(value, int)]
    breaks = [b.id for b in sheet.row_breaks.brk]
    assert len(breaks) == 1 and sheet.page_setup.scale == 88 and not sheet.sheet_properties.pageSetUpPr.fitToPage
    assert all(row in cases and row + 1 in cases for row in breaks)
    assert sheet.print_title_rows == "$4:$4"  # the header row on every page


@given(
    text=st.text(alphabet=st.sampled_from("あ漢、。（）ABC123 \n"), max_size=400),
    width=st.floats(min_value=0.5, max_value=60),
    lines=st.integers(min_value=1, max_value=50),
)
@settings(max_examples=300, deadline=None)
def test_a_cell_passed_unwrapped_never_wraps_to_more_lines(text: str, width: float, lines: int) -> None:
    """page_parts wraps a case's cells only when one may be taller than a part: what it passes, wrap_text agrees with."""
    from casebook.documents.tables.layout import _surely_within, wrap_text

    if _surely_within(text, width, lines):
        assert len(wrap_text(text, width)) <= lines
