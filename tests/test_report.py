"""`casebook report`: the half-year table reproduces seed 004 cell for cell."""

import csv
import io
import json
import re
from pathlib import Path

import pytest
from conftest import ROOT, copy_example, seed_text

GOLDEN = Path(__file__).resolve().parent / "golden"


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def seed_table() -> tuple[list[str], list[list[str]], list[str]]:
    """Header, rows and heading lines of the table in seed 004, as published."""
    text = seed_text("004")
    lines = [line for line in text.splitlines() if line.strip()]
    header_index = next(i for i, line in enumerate(lines) if line.startswith("NO\t"))
    header = lines[header_index].split("\t")
    rows = []
    for line in lines[header_index + 1 :]:
        if line.startswith("※"):
            break
        cells = line.split("\t")
        while cells and not cells[0].strip():
            cells.pop(0)
        match = re.match(r"^(\d+) (本庁|出先機関)$", cells[0])  # rows 9-10 lost a tab in the source
        if match:
            cells[0:1] = [match[1], match[2]]
        rows.append(cells + [""] * (len(header) - len(cells)))
    return header, rows, lines[:header_index]


@pytest.fixture(scope="module")
def seed() -> tuple[list[str], list[list[str]], list[str]]:
    return seed_table()


def test_csv_matches_the_published_table_cell_for_cell(cli, seed) -> None:
    header, rows, headings = seed
    result = cli("report", "2025H1", "--format", "csv", cwd=ROOT)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    ours_header_index = next(i for i, r in enumerate(table) if r and r[0] == "NO")
    assert [_squash(c) for c in table[ours_header_index]] == [_squash(c) for c in header]
    ours = table[ours_header_index + 1 : ours_header_index + 1 + len(rows)]
    assert len(rows) == 10
    for number, (mine, published) in enumerate(zip(ours, rows, strict=True), 1):
        for column, a, b in zip(header, mine, published, strict=True):
            assert _squash(a) == _squash(b), f"NO {number} {column}"
    assert table[ours_header_index + 1 + len(rows)] == []  # the table ends there
    assert [_squash(" ".join(r)) for r in table[:ours_header_index]] == [_squash(h) for h in headings[-3:]]


def test_footnote_and_criteria_as_published(cli, seed) -> None:
    text = seed_text("004")
    published = [_squash(line.lstrip("- ")) for line in text.splitlines() if line.startswith(("※", "＜", "- ("))]
    result = cli("report", "2025H1", "--format", "csv", cwd=ROOT)
    table = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    ours = [_squash(r[0]) for r in table if r and r[0].startswith(("※", "＜", "("))]
    assert ours == published


def test_json_totals_and_previous_period(cli) -> None:
    data = json.loads(cli("report", "2025H1", "--format", "json", cwd=ROOT).stdout)
    assert data["cases"] == 11 and data["non_public"] == 1 and len(data["rows"]) == 10
    assert data["rows"][1]["備考"] == "R7.5.20個別公表事案"
    assert data["totals"]["by_category_unit"]["誤送付"] == {"本庁": 3, "出先機関": 2}
    assert data["previous"]["period"] == "令和6年度下半期"


def test_xlsx_reads_back_with_headings_cells_and_print_settings(cli, tmp_path: Path, seed) -> None:
    from openpyxl import load_workbook

    _, rows, _ = seed
    out = tmp_path / "report.xlsx"
    result = cli("report", "2025H1", "--out", str(out), cwd=ROOT)
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out).active
    assert sheet["A1"].value == "○県の保有個人情報の漏えい事案概要【令和7年度上半期分】"
    assert sheet["A2"].value == "1 事案件数 11件（うち、非公表基準該当1件）"
    headers = ["NO", "所属", "発生日", "事案の概要", "発生原因", "対応", "二次被害の有無", "再発防止策", "備考"]
    assert [_squash(c.value) for c in sheet[4]] == headers  # a header wraps only between its words (二次被害の↵有無)
    for number, published in enumerate(rows, 1):
        mine = [sheet.cell(row=4 + number, column=c).value for c in range(1, 10)]
        assert mine[0] == number
        assert [_squash(str(v or "")) for v in mine[1:]] == [_squash(v) for v in published[1:]]
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.print_title_rows == "$4:$4"
    # The columns fit the page at a fixed scale; no "fit to page", under which Excel ignores the row breaks that keep
    # each case whole on a page (seed 004: rows 1-5 on the first page, 6-10 on the second).
    assert not sheet.sheet_properties.pageSetUpPr.fitToPage and 50 <= sheet.page_setup.scale < 100
    assert [brk.id for brk in sheet.row_breaks.brk] == [9]
    assert sheet["D5"].alignment.wrap_text
    assert sheet.column_dimensions["D"].width >= 20


def test_xlsx_needs_out_and_never_overwrites(cli, tmp_path: Path) -> None:
    assert cli("report", "2025H1", "--format", "xlsx", cwd=ROOT).exit_code == 2
    out = tmp_path / "r.html"
    out.write_text("old", encoding="utf-8")
    refused = cli("report", "2025H1", "--out", str(out), cwd=ROOT)
    assert refused.exit_code == 1 and out.read_text(encoding="utf-8") == "old"
    assert cli("report", "2025H1", "--out", str(out), "--force", cwd=ROOT).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_terminal_table(cli) -> None:
    result = cli("report", "2025H1", cwd=ROOT, env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "○県の保有個人情報の漏えい事案概要【令和7年度上半期分】" in result.stdout
    assert "R7.5.20個別公表事案" in result.stdout


def test_drafts_stop_the_report_unless_allowed(cli, casebook_dir: Path) -> None:
    assert cli("new", "--id", "draft-1", "--title", "調査中の誤送付", "--occurred", "R7.5.1", "--no-input", cwd=casebook_dir).exit_code == 0
    stopped = cli("report", "2025H1", "--format", "md", cwd=casebook_dir)
    assert stopped.exit_code == 1 and "draft-1" in stopped.stderr and "--allow-draft" in stopped.stderr
    assert "調査中の誤送付" not in stopped.stderr  # ids only: a draft may be non-public
    allowed = cli("report", "2025H1", "--format", "json", "--allow-draft", cwd=casebook_dir)
    assert allowed.exit_code == 0
    data = json.loads(allowed.stdout)
    assert data["drafts"] == 1 and data["cases"] == 1  # a count: a draft may be non-public
    assert data["rows"] == []  # no publication decision yet: counted, not shown


def test_report_refuses_a_casebook_with_errors(cli, casebook_dir: Path) -> None:
    (casebook_dir / "cases" / "bad.yaml").write_text("id: bad\nstatus: 確定\npublication: {mode: 非公開}\n", encoding="utf-8")
    result = cli("report", "2025H1", "--format", "md", cwd=casebook_dir)
    assert result.exit_code == 1 and result.stdout == ""
    assert "cases/bad.yaml:3:21" in result.stderr


def test_period_basis_from_config(cli, sample_book: Path) -> None:
    tmp_path = sample_book
    (tmp_path / "casebook.yaml").write_text("organisation: 県\nperiod_basis: 判明日\n", encoding="utf-8")
    # the eleven cases of 令和7年度上半期 have no 判明日: named by check and by report, never left out of a count
    check = json.loads(cli("check", "--format", "json", cwd=tmp_path).stdout)
    undated = sorted(f["path"] for f in check["findings"] if f["rule"] == "period-basis")
    assert len(undated) == 11 and all(p.startswith("cases/2025/") for p in undated)
    refused = cli("report", "2023H2", "--format", "json", cwd=tmp_path)
    assert refused.exit_code == 1 and refused.stdout == ""
    assert "2025-h1-non-public" in refused.stderr and "[period-basis]" in refused.stderr
    tottori = copy_example("2023-11-09-tottori-camera", tmp_path / "examples")
    (tottori / "casebook.yaml").write_text("organisation: 鳥取県\nperiod_basis: 判明日\n", encoding="utf-8")
    data = json.loads(cli("report", "2023H2", "--format", "json", cwd=tottori).stdout)
    assert data["cases"] == 1  # by 判明日 (R5.11.10) the Tottori camera falls in 令和5年度下半期


def test_report_names_a_draft_without_basis_date(cli, casebook_dir: Path) -> None:
    assert cli("new", "--id", "undated", "--title", "日付未定", "--no-input", cwd=casebook_dir).exit_code == 0
    text = (casebook_dir / "cases" / "undated.yaml").read_text(encoding="utf-8")
    (casebook_dir / "cases" / "undated.yaml").write_text(text.replace('occurred: "', "occurred: null  # "), encoding="utf-8")
    refused = cli("report", "2025H1", "--format", "json", cwd=casebook_dir)
    assert refused.exit_code == 1 and refused.stdout == ""
    assert "発生日のない事案が1件あり" in refused.stderr and "--allow-draft" in refused.stderr
    assert "undated" in refused.stderr and "日付未定" not in refused.stderr
    # a working draft of the report leaves the undated draft out, and says so (by id: it may be non-public)
    made = cli("report", "2025H1", "--format", "json", "--allow-draft", cwd=casebook_dir)
    assert made.exit_code == 0, made.stderr
    assert "発生日のない調査中の事案1件は、期間が決まらないため含めていません: undated" in made.stderr
    assert json.loads(made.stdout)["undated_drafts_left_out"] == 1 and "日付未定" not in made.stderr
    stats = cli("stats", "2025H1", cwd=casebook_dir)
    assert "調査中の事案1件は集計に含めていません" in stats.stderr
    listed = cli("list", "2025H1", "--format", "json", cwd=casebook_dir)
    assert "発生日のない事案が1件あり、どの期間にも入れていません" in listed.stderr


def test_case_text_is_inert_in_every_report_format(cli, sample_book: Path) -> None:
    tmp_path = sample_book
    path = tmp_path / "cases" / "2025" / "2025-04-25-resume-loss.yaml"
    text = re.sub(
        r"^summary: .*$", "summary: '<script>alert(1)</script>{{ 7*7 }}|*x*紛失したもの。'", path.read_text(encoding="utf-8"), flags=re.M
    )
    path.write_text(text, encoding="utf-8")
    html = cli("report", "2025H1", "--format", "html", cwd=tmp_path).stdout
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;{{ 7*7 }}" in html
    md = cli("report", "2025H1", "--format", "md", cwd=tmp_path).stdout
    assert "&lt;script&gt;" in md and "{{ 7\\*7 }}\\|\\*x\\*" in md  # a pipe cannot split the cell, * cannot emphasise


def test_a_period_without_cases(cli, tmp_path: Path) -> None:
    md = cli("report", "2030H1", "--format", "md", cwd=ROOT).stdout
    assert "1 事案件数 0件\n" in md and "（掲載する事案はありません）" in md
    out = tmp_path / "empty.xlsx"
    assert cli("report", "2030H1", "--out", str(out), cwd=ROOT).exit_code == 0
    from openpyxl import load_workbook

    assert load_workbook(out).active["A2"].value == "1 事案件数 0件"


def test_heading_without_an_organisation_in_the_config(cli, sample_book: Path) -> None:
    (sample_book / "casebook.yaml").unlink()
    tmp_path = sample_book
    data = json.loads(cli("report", "2025H1", "--format", "json", cwd=tmp_path).stdout)
    assert data["heading"] == "○保有個人情報の漏えい事案概要【令和7年度上半期分】"


def test_a_long_period_shows_its_first_rows_in_the_terminal_and_says_where_the_rest_are(cli, sample_book: Path) -> None:
    source = sample_book / "cases" / "2025" / "2025-05-16-advice-misdelivery.yaml"
    text = source.read_text(encoding="utf-8")
    for number in range(120):
        case_id = f"copy-{number:03d}"
        (sample_book / "cases" / f"{case_id}.yaml").write_text(re.sub(r"^id: .*$", f"id: {case_id}", text, flags=re.M), encoding="utf-8")
    table = cli("report", "2025H1", cwd=sample_book, env={"COLUMNS": "200", "TTY_COMPATIBLE": "1", "NO_COLOR": "1"})
    assert table.exit_code == 0, table.output
    assert "1 事案件数 131件" in table.stdout
    assert "ほか30行を含む表の全体は --format csv" in table.stdout
    numbers = re.findall(r"^│ +(\d+) +│", table.stdout, flags=re.M)
    assert numbers[0] == "1" and numbers[-1] == "100"
    rows = list(csv.reader(io.StringIO(cli("report", "2025H1", "--format", "csv", cwd=sample_book).stdout)))
    assert [r[0] for r in rows if r and r[0] == "130"] == ["130"]  # every row in the csv
    listing = cli("list", cwd=sample_book, env={"COLUMNS": "200", "TTY_COMPATIBLE": "1", "NO_COLOR": "1"})
    assert "先頭の100件を表示しました。ほか31件を含む全件は --format csv か json で出せます" in listing.stdout
    assert len(json.loads(cli("list", "--format", "json", cwd=sample_book).stdout)) == 131


def test_the_breakdown_tells_nothing_of_a_non_public_case(cli, sample_book: Path) -> None:
    """With one non-public case, its own category, 所属 or people in the breakdown would identify it: it counts under 非公表."""
    path = sample_book / "cases" / "2025" / "2025-h1-non-public.yaml"
    for assignment in ("category=紛失・置忘れ", "unit_kind=教育機関", "persons.actual=40"):
        assert cli("set", "2025-h1-non-public", assignment, cwd=sample_book).exit_code == 0, assignment
    assert "教育機関" in path.read_text(encoding="utf-8")
    report = json.loads(cli("report", "2025H1", "--format", "json", cwd=sample_book).stdout)
    text = json.dumps(report, ensure_ascii=False)
    assert "教育機関" not in text
    assert report["totals"]["by_category_unit"]["非公表"] == {"非公表": 1}
    assert report["totals"]["by_category_unit"]["紛失・置忘れ"] == {"本庁": 1}  # the public case only
    assert report["totals"]["persons_actual"] == 39  # the 40 people of the non-public case are not added
    assert "教育機関" not in cli("report", "2025H1", "--format", "csv", cwd=sample_book).stdout
