"""`make visual`: every document of the sample casebook printed as a clerk prints it (LibreOffice, Chromium),
then read back from the printed pages: paper and orientation, a bound on the pages, every table cell's text
whole on the pages, headers broken only between their words, page numbers. PNGs of every page are left
under out/visual/ to look at.

Not part of `make test` (marker `visual`); skipped, with the reason, when LibreOffice, Chromium, poppler or a
Japanese font is missing. `make visual` installs them first and then requires them (CASEBOOK_VISUAL_REQUIRED).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE_OF
from printing import A4, OUT, ROOT, Printed, flat, header_unbroken, missing_tools, on_pages, print_html, print_office, read

pytestmark = pytest.mark.visual

PERIOD = "2025H1"
NOTICES = [  # each rendered in its body's casebook (examples/)
    ("2023-11-09-tottori-camera", "press"),
    ("2023-11-09-tottori-camera", "apology"),
    ("2023-10-24-ninomiya-counter", "press"),
    ("2020-11-02-osakasayama-mail", "web"),
    ("2016-11-koganei-misuse", "council"),
]
REPORTS = [f"report-{PERIOD}.{fmt}" for fmt in ("xlsx", "html", "docx")]
DOCUMENTS = REPORTS + [f"{case}.{kind}.{fmt}" for case, kind in NOTICES for fmt in ("html", "docx")]
# Seed 004 prints the sample's 10 rows and notes on 2 A4 landscape pages: so does every format. The longest notice is 3.
MAX_PAGES = {"report": 2, "notice": 4}
# The sample with cells far longer than a published table's: a case taller than an Excel row (409 pt) can be,
# a word longer than a line, letters and digits among the Japanese.
LONG = OUT / "long-cases"
LONG_REPORTS = [f"report-long.{fmt}" for fmt in ("xlsx", "html", "docx")]
LONG_TEXT = {
    "summary": "所属職員が、申請書類の写し（12件）を含む封筒を庁舎外の会議へ持参した際に、会場の机上に置き忘れたもの。" * 6,
    "measures": [
        f"{n}. 個人情報を含む書類の持出しは所属長の許可を得て記録簿に記入し、帰庁後に返却を確認することとした（ABC-{n:03d}）。"
        for n in range(1, 13)
    ],
    "responses": "参照先 https://www.example.lg.jp/"
    + "kojinjoho/" * 12
    + " を確認し、Personal information handling rules were reviewed with every member of staff on 2025-05-01.",
}


# A city's own layout (tests/fixtures/kagoshima): its heading, six columns, no 非公表基準, a half across a calendar year.
CITY = OUT / "city"
CITY_PERIOD = "2025H2"
CITY_REPORTS = [f"report-city.{fmt}" for fmt in ("xlsx", "html", "docx")]


def _casebook(*args: str, cwd: Path = ROOT) -> None:
    subprocess.run([sys.executable, "-m", "casebook", *args], cwd=cwd, check=True, capture_output=True)


def _long_casebook() -> None:
    import json

    from casebook.reading.yaml12 import load

    shutil.copytree(ROOT / "cases", LONG / "cases")
    shutil.copy(ROOT / "casebook.yaml", LONG / "casebook.yaml")
    path = LONG / "cases" / "2025" / "2025-04-25-resume-loss.yaml"
    data, _ = load(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, **LONG_TEXT}, ensure_ascii=False, indent=1), encoding="utf-8")


def _write_documents() -> list[Path]:
    written = []
    for name in DOCUMENTS:
        out = OUT / name
        if name.startswith("report-"):
            _casebook("report", PERIOD, "--out", str(out), "--force")
        else:
            case, kind, _ = name.split(".")
            _casebook("render", case, "--as", kind, "--out", str(out), "--force", cwd=EXAMPLE_OF[case])
        written.append(out)
    _long_casebook()
    for name in LONG_REPORTS:
        _casebook("report", PERIOD, "--out", str(OUT / name), "--force", cwd=LONG)
        written.append(OUT / name)
    shutil.copytree(ROOT / "tests" / "fixtures" / "kagoshima", CITY)
    for name in CITY_REPORTS:
        _casebook("report", CITY_PERIOD, "--out", str(OUT / name), "--force", cwd=CITY)
        written.append(OUT / name)
    return written


@pytest.fixture(scope="session")
def printed() -> dict[str, Printed]:
    missing = missing_tools()
    if missing:
        reason = f"印刷して確かめるためのツールがありません: {'、'.join(missing)}（make visual が Debian のパッケージから入れます）"
        if os.environ.get("CASEBOOK_VISUAL_REQUIRED"):
            pytest.fail(reason)
        pytest.skip(reason)
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    documents = _write_documents()
    pdfs: dict[str, Path] = {}
    for document in documents:
        if document.suffix == ".html":
            pdfs[document.name] = OUT / f"{document.name}.pdf"
            print_html(document, pdfs[document.name])
    for suffix in (".xlsx", ".docx"):  # one LibreOffice run each: report-2025H1.xlsx and .docx would both print to report-2025H1.pdf
        folder = OUT / suffix.lstrip(".")
        folder.mkdir()
        sources = [d for d in documents if d.suffix == suffix]
        print_office(sources, folder)
        for source in sources:
            pdfs[source.name] = OUT / f"{source.name}.pdf"
            (folder / f"{source.stem}.pdf").rename(pdfs[source.name])
        folder.rmdir()
    return {name: read(pdf) for name, pdf in pdfs.items()}


def _expected_report_texts(root: Path = ROOT, period: str = PERIOD) -> tuple[list[str], list[tuple[str, ...]]]:
    """Every line and table cell of the report's layout, and the parts of the case table's headers."""
    from casebook.documents.tables.parts import build_layout
    from casebook.documents.tables.report import build_report
    from casebook.domain.periods import parse_period
    from casebook.queries.facts import facts
    from casebook.reading.loader import open_casebook
    from casebook.reading.run import check

    book, _ = open_casebook(root)
    cases = check(book, jobs=1, keep=facts, cache=False).cases
    layout = build_layout(build_report(cases, parse_period(period, book.config.fiscal_year_start_month), book.config))
    texts: list[str] = []
    for block in layout.blocks:
        texts += [block.text, *block.items]
        if block.table is not None:
            texts += block.table.headers + [cell.text for row in block.table.rows for cell in row]
    return [t for t in texts if t], [column.segments for column in layout.cases.columns]


def _case_cells(root: Path = ROOT) -> list[str]:
    """The text cells of the table of cases (the short ones, NO and dates, recur on every row)."""
    from casebook.documents.tables.parts import build_layout
    from casebook.documents.tables.report import build_report
    from casebook.domain.periods import parse_period
    from casebook.queries.facts import facts
    from casebook.reading.loader import open_casebook
    from casebook.reading.run import check

    book, _ = open_casebook(root)
    cases = check(book, jobs=1, keep=facts, cache=False).cases
    table = build_layout(build_report(cases, parse_period(PERIOD), book.config)).cases
    return [cell.text for row in table.rows for cell in row if len(flat(cell.text)) > 12]


def _expected_notice_texts(case: str, kind: str) -> list[str]:
    """The text of every paragraph, heading, list item and table cell of the notice, as its Markdown parses."""
    from casebook.documents.notices.parsing import parse_notice
    from casebook.documents.notices.render import notice_md
    from casebook.reading.loader import find_case, open_casebook

    root = EXAMPLE_OF[case]
    book, _ = open_casebook(root)
    found = find_case(book, case)
    assert found is not None and found.case is not None
    _, tokens = parse_notice(notice_md(found.case, kind, root, book.config.organisation))
    texts = []
    for token in tokens:
        if token.type == "inline":
            texts.append("".join(child.content for child in token.children or [] if child.type in ("text", "code_inline")))
    return [t for t in texts if t]


def _kind(name: str) -> str:
    return "report" if name.startswith("report-") else "notice"


@pytest.mark.parametrize("name", DOCUMENTS)
def test_a4_in_the_orientation_of_the_document(printed: dict[str, Printed], name: str) -> None:
    document = printed[name]
    assert document.sizes, name
    for number, (width, height) in enumerate(document.sizes, 1):
        short, long = sorted((width, height))
        assert abs(short - A4[0]) < 2 and abs(long - A4[1]) < 2, f"{name} page {number}: {width}×{height} pt is not A4"
        landscape = width > height
        assert landscape == (_kind(name) == "report"), f"{name} page {number}: {'landscape' if landscape else 'portrait'}"
    assert document.images and all(image.stat().st_size > 0 for image in document.images)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_page_count_within_its_bound(printed: dict[str, Printed], name: str) -> None:
    assert 1 <= len(printed[name].pages) <= MAX_PAGES[_kind(name)], f"{name}: {len(printed[name].pages)} pages"


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_cell_and_line_is_printed_whole(printed: dict[str, Printed], name: str) -> None:
    if _kind(name) == "report":
        texts, _ = _expected_report_texts()
    else:
        case, kind, _ = name.split(".")
        texts = _expected_notice_texts(case, kind)
    pages = printed[name].flat_pages
    missing = [text for text in texts if not on_pages(text, pages)]
    assert not missing, f"{name}: not on the printed pages: {[flat(t)[:40] for t in missing]}"


@pytest.mark.parametrize("name", LONG_REPORTS)
def test_cells_longer_than_a_page_are_printed_whole(printed: dict[str, Printed], name: str) -> None:
    texts, _ = _expected_report_texts(LONG)
    pages = printed[name].flat_pages
    missing = [text for text in texts if not on_pages(text, pages)]
    assert not missing, f"{name}: not on the printed pages: {[flat(t)[:40] for t in missing]}"
    for number, (width, height) in enumerate(printed[name].sizes, 1):
        assert width > height, f"{name} page {number} is not landscape"


@pytest.mark.parametrize("name", CITY_REPORTS)
def test_a_citys_layout_is_printed_whole(printed: dict[str, Printed], name: str) -> None:
    """Its heading 「令和7年度 10月～3月報告分」, its section titles and every cell on landscape A4, and no note about a
    非公表基準 list it does not print."""
    texts, headers = _expected_report_texts(CITY, CITY_PERIOD)
    pages = printed[name].flat_pages
    missing = [text for text in texts if not on_pages(text, pages)]
    assert not missing, f"{name}: not on the printed pages: {[flat(t)[:40] for t in missing]}"
    assert flat("鹿児島市 個人情報の漏えい等事案（令和7年度 10月～3月報告分）") in pages[0]
    assert flat("2 事案の概要") in pages[0] and not any("非公表基準に該当するもの" in page for page in pages)
    assert not [h for h in headers if not header_unbroken(h, printed[name].pages[0])], name
    for number, (width, height) in enumerate(printed[name].sizes, 1):
        assert width > height, f"{name} page {number} is not landscape"


@pytest.mark.parametrize("name", REPORTS)
def test_no_case_is_split_across_pages(printed: dict[str, Printed], name: str) -> None:
    """Every cell of a case that fits on a page is printed whole on one page (seed 004 never splits a row)."""
    pages = printed[name].flat_pages
    split = [text for text in _case_cells() if not any(flat(text) in page for page in pages)]
    assert not split, f"{name}: split across pages: {[flat(t)[:40] for t in split]}"


@pytest.mark.parametrize("name", REPORTS)
def test_no_page_holds_only_a_header_row(printed: dict[str, Printed], name: str) -> None:
    """A page the table goes on to holds a case (never the repeated header row with the notes under it)."""
    numbers = [str(n) for n in range(1, 11)]
    for index, page in enumerate(printed[name].pages[1:], 2):
        lines = [line.split()[0] for line in page.splitlines() if line.split()]
        if "所属" in page:
            assert any(line in numbers for line in lines), f"{name} page {index}: a header row and no case"


@pytest.mark.parametrize("name", REPORTS)
def test_report_headers_break_only_between_their_words(printed: dict[str, Printed], name: str) -> None:
    _, headers = _expected_report_texts()
    first = printed[name].pages[0]
    broken = ["".join(segments) for segments in headers if not header_unbroken(segments, first)]
    assert not broken, f"{name}: headers broken inside a word: {broken}"


@pytest.mark.parametrize("name", REPORTS)
def test_report_pages_are_numbered(printed: dict[str, Printed], name: str) -> None:
    pages = printed[name].flat_pages
    total = len(pages)
    for number, page in enumerate(pages, 1):
        assert f"{number}/{total}" in page, f"{name} page {number}: no 「{number} / {total}」"


def test_the_printed_pages_are_left_to_look_at(printed: dict[str, Any]) -> None:
    images = sorted(OUT.glob("*.png"))
    assert len(images) >= sum(len(p.images) for p in printed.values()) > 0
    assert Path(OUT / f"report-{PERIOD}.html.pdf").exists()
