"""Word documents: every notice and the report as .docx, through the reference documents a casebook can replace."""

import csv
import importlib.util
import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE_OF, ROOT, copy_example
from docx import Document
from docxtext import outline
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import examples

NOTICES = [
    ("2023-10-24-ninomiya-counter", "press"),
    ("2023-11-09-tottori-camera", "press"),
    ("2023-11-09-tottori-camera", "apology"),
    ("2020-11-02-osakasayama-mail", "web"),
    ("2016-11-koganei-misuse", "council"),
]


@pytest.mark.parametrize("case_id,kind", NOTICES)
def test_every_notice_kind_as_docx_from_the_extension_of_out(cli, tmp_path: Path, case_id: str, kind: str) -> None:
    out = tmp_path / f"{kind}.docx"
    result = cli("render", case_id, "--as", kind, "--out", str(out), cwd=EXAMPLE_OF[case_id])
    assert result.exit_code == 0, result.output
    document = Document(str(out))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4 portrait
    markdown = cli("render", case_id, "--as", kind, "--format", "txt", cwd=EXAMPLE_OF[case_id]).stdout
    text = outline(out.read_bytes())
    for line in markdown.splitlines():  # every line of the printed text is in the document
        for part in line.split("\t"):
            assert part.strip().lstrip("・") in text.replace("↵", "\n"), part


def test_press_dateline_at_the_top_right(cli, tmp_path: Path) -> None:
    out = tmp_path / "press.docx"
    assert (
        cli(
            "render", "2023-10-24-ninomiya-counter", "--as", "press", "--out", str(out), cwd=EXAMPLE_OF["2023-10-24-ninomiya-counter"]
        ).exit_code
        == 0
    )
    lines = outline(out.read_bytes()).splitlines()
    assert lines[1] == "[Normal] 【二宮町】 記者発表"
    assert lines[2] == "table 5×2 style=Normal Table align=RIGHT header_rows_repeated=0"  # no borders, right
    assert lines[3] == "  | 発表日 | 令和5年12月25日 |"
    html = cli(
        "render", "2023-10-24-ninomiya-counter", "--as", "press", "--format", "html", cwd=EXAMPLE_OF["2023-10-24-ninomiya-counter"]
    ).stdout
    assert '<table class="dateline">' in html and "table.dateline { float: right;" in html


def test_report_docx_is_a4_landscape_with_the_header_repeated(cli, tmp_path: Path) -> None:
    out = tmp_path / "report.docx"
    assert cli("report", "2025H1", "--format", "docx", "--out", str(out), cwd=ROOT).exit_code == 0
    document = Document(str(out))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    cases = document.tables[0]
    assert cases.rows[0]._tr.trPr.xpath("./w:tblHeader")  # printed again on every page
    assert all(row._tr.trPr.xpath("./w:cantSplit") for row in cases.rows)  # no row split across pages
    width = sum(column.width.mm for column in cases.columns)
    assert abs(width - (297 - 24)) < 1  # the table fills the width between the margins
    assert [cell.text for cell in cases.rows[0].cells][6] == "二次被害\nの有無"  # broken between its words only, as seed 004


def test_binary_formats_need_out_and_agree_with_the_extension(cli, tmp_path: Path) -> None:
    refused = cli("report", "2025H1", "--format", "docx", cwd=ROOT)
    assert refused.exit_code == 2 and "docx は --out でファイルを指定してください" in refused.stderr
    refused = cli(
        "render", "2023-10-24-ninomiya-counter", "--as", "press", "--format", "docx", cwd=EXAMPLE_OF["2023-10-24-ninomiya-counter"]
    )
    assert refused.exit_code == 2
    mismatch = cli(
        "render",
        "2023-10-24-ninomiya-counter",
        "--as",
        "press",
        "--format",
        "docx",
        "--out",
        str(tmp_path / "a.html"),
        cwd=EXAMPLE_OF["2023-10-24-ninomiya-counter"],
    )
    assert mismatch.exit_code == 2 and "合いません" in mismatch.stderr
    txt = tmp_path / "a.txt"
    assert (
        cli(
            "render", "2023-10-24-ninomiya-counter", "--as", "press", "--out", str(txt), cwd=EXAMPLE_OF["2023-10-24-ninomiya-counter"]
        ).exit_code
        == 0
    )
    assert txt.read_text(encoding="utf-8").startswith("【二宮町】 記者発表\n\n発表日\t")  # .txt is text, not Markdown


def _reference_with_letterhead(source: Path, words: str) -> bytes:
    document = Document(str(source))
    document.sections[0].header.paragraphs[0].text = words
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_casebook_reference_document_gives_the_letterhead(cli, tmp_path: Path) -> None:
    builtin = ROOT / "casebook" / "templates"
    for kind, case_id, words in (
        ("press", "2023-10-24-ninomiya-counter", "記者発表 ○○県"),
        ("web", "2020-11-02-osakasayama-mail", "○○県 総務部 情報政策課"),
    ):
        book = copy_example(case_id, tmp_path / kind)
        templates = book / "templates"
        templates.mkdir()
        (templates / "notice.docx").write_bytes(_reference_with_letterhead(builtin / "notice.docx", "○○県 総務部 情報政策課"))
        (templates / "press.docx").write_bytes(_reference_with_letterhead(builtin / "notice.docx", "記者発表 ○○県"))
        listed = cli("templates", cwd=book).stdout
        assert "notice.docx           casebook" in listed and "report.docx           組み込み" in listed
        out = book / f"{kind}.docx"
        assert cli("render", case_id, "--as", kind, "--out", str(out), cwd=book).exit_code == 0
        document = Document(str(out))
        assert document.sections[0].header.paragraphs[0].text == words  # <kind>.docx first, then notice.docx
        assert "python-docx" not in (document.core_properties.author or "")


def test_a_broken_reference_document_is_named_by_check_and_render(cli, tmp_path: Path) -> None:
    book = copy_example("2020-11-02-osakasayama-mail", tmp_path)  # 大阪狭山市's casebook (seed 003)
    templates = book / "templates"
    templates.mkdir()
    (templates / "notice.docx").write_bytes(b"PK\x03\x04 not really a zip")
    checked = cli("check", cwd=book)
    assert checked.exit_code == 1 and "templates/notice.docx: error: Word の文書（.docx）として読めません" in checked.stdout
    out = book / "web.docx"
    result = cli("render", "2020-11-02-osakasayama-mail", "--as", "web", "--out", str(out), cwd=book)
    assert result.exit_code == 1 and "templates/notice.docx: Word の文書（.docx）として読めません" in result.stderr
    assert not out.exists()


MARKDOWN = """{% import "_macros.md.j2" as m -%}
# {{ case.title | md_line }}

前文の**太字**と*斜体*、[リンク](https://example.jp/a)。

## 1 箇条書き

- 一つ目
  - 入れ子
- 二つ目

1. 番号一
2. 番号二

> 引用の段落

| 見出し | 値 |
|---|--:|
| 件数 | 3 |

---
"""


def test_any_markdown_template_gets_a_docx(cli, tmp_path: Path) -> None:
    book = copy_example("2020-11-02-osakasayama-mail", tmp_path)  # 大阪狭山市's casebook (seed 003)
    (book / "templates").mkdir()
    (book / "templates" / "web.md.j2").write_text(MARKDOWN, encoding="utf-8")
    out = book / "web.docx"
    assert cli("render", "2020-11-02-osakasayama-mail", "--as", "web", "--out", str(out), cwd=book).exit_code == 0
    assert outline(out.read_bytes()).splitlines()[1:] == [
        "[Title] 市民の個人情報の紛失について",
        "[Normal] 前文の太字と斜体、リンク（https://example.jp/a）。",
        "[Heading 1] 1 箇条書き",
        "[List Bullet] ・一つ目",
        "[List Bullet 2] ・入れ子",
        "[List Bullet] ・二つ目",
        "[List Number] 1.番号一",
        "[List Number] 2.番号二",
        "[Quote] 引用の段落",
        "table 2×2 style=Table Grid align=- header_rows_repeated=1",
        "  | 見出し | 値 |",
        "  | 件数 | 3 |",
        "[Normal]",
        "[Normal]",
    ]
    document = Document(str(out))
    runs = document.paragraphs[1].runs
    assert [r.text for r in runs if r.bold] == ["太字"] and [r.text for r in runs if r.italic] == ["斜体"]


def test_the_built_in_reference_documents_are_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "reference_docx.py"), "--check"], check=False, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_word_documents_claim_no_date_and_show_no_stale_thumbnail(cli, tmp_path: Path) -> None:
    import zipfile

    out = tmp_path / "report.docx"
    assert cli("report", "2025H1", "--format", "docx", "--out", str(out), cwd=EXAMPLE_OF["2020-11-02-osakasayama-mail"]).exit_code == 0
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        core = archive.read("docProps/core.xml").decode()
        settings = archive.read("word/settings.xml").decode()
        relations = archive.read("_rels/.rels").decode()
    assert "dcterms:created" not in core and "dcterms:modified" not in core  # not the reference's 2025-01-01
    assert not any("thumbnail" in name for name in names) and "thumbnail" not in relations
    assert "<w:savePreviewPicture" not in settings
    assert "<w:strictFirstAndLastChars/>" in settings  # kinsoku at its strictest


ROWS = 3_000


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("casebook_bench_script", ROOT / "scripts" / "bench.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow  # 3,000 cases checked, then reported as csv and as docx
def test_a_report_of_thousands_of_rows_is_whole(cli, tmp_path: Path) -> None:
    from docx.oxml.ns import qn
    from docx.table import _Cell

    _bench().build_one_half(tmp_path, ROWS)  # the sample's cases of 2025H1, copied with new ids
    out = tmp_path / "report.docx"
    result = cli("report", "2025H1", "--format", "docx", "--out", str(out), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    document = Document(str(out))
    table = document.tables[0]
    rows = table._tbl.tr_lst
    assert len(rows) == 1 + ROWS
    assert [index for index, tr in enumerate(rows) if tr.xpath("./w:trPr/w:tblHeader")] == [0]  # on every page
    assert all(tr.xpath("./w:trPr/w:cantSplit") for tr in rows)  # no row split across pages
    paragraphs = [p for tr in rows for p in tr.xpath("./w:tc/w:p")]
    assert all(p.xpath("./w:pPr/w:spacing[@w:lineRule='exact' and @w:line='200']") for p in paragraphs)  # 8 pt × 1.25
    kept = [index for index, tr in enumerate(rows) if all(tc.xpath("./w:p/w:pPr/w:keepNext") for tc in tr.tc_lst)]
    assert kept == [0, ROWS]  # the header with the first row, the last row with the notes under the table
    assert document.settings.element.find(qn("w:strictFirstAndLastChars")) is not None  # kinsoku at its strictest
    printed = [[_Cell(tc, table).text for tc in tr.tc_lst] for tr in rows[1:]]
    text = cli("report", "2025H1", "--format", "csv", cwd=tmp_path).stdout.lstrip("\ufeff")
    expected = [row for row in csv.reader(io.StringIO(text)) if len(row) == len(printed[0]) and row[0].isdigit()]
    assert printed == expected  # every case, its every cell whole
    assert [row[0] for row in printed] == [str(number) for number in range(1, ROWS + 1)]


_ROW_TEXT = st.lists(
    st.sampled_from([*"ab漢・ 　\t\n\r&<>\"'%", "\r\n", "\x00", "\x1b", "\ud800", "\ufffe", "]]>", "<w:p/>"]), max_size=10
).map("".join)


@settings(max_examples=examples(100), deadline=None)
@given(rows=st.lists(st.lists(_ROW_TEXT, min_size=3, max_size=3), min_size=1, max_size=4), keep=st.booleans())
def test_the_rows_of_a_long_table_are_the_xml_python_docx_writes_for_them(rows: list[list[str]], keep: bool) -> None:
    """The rows the report writes from one model row (writers/docx_rows) are, byte for byte, what python-docx writes
    for the same cells made one by one: the same runs, breaks, tabs and escapes, whatever the text."""
    import zipfile

    from casebook.documents.templates import reference_document
    from casebook.documents.writers.docx import DocxWriter, cant_split, cell_text, set_font
    from casebook.documents.writers.docx_rows import keep_with_next

    def body(stamped: bool) -> bytes:
        reference, shown = reference_document(None, ("report.docx",))
        writer = DocxWriter(reference, shown)
        table = writer.table([20.0, 30.0, 40.0], 2 if stamped else 1 + len(rows))
        for docx_row, texts in zip(table.rows[1:], [["", "", ""]] if stamped else rows, strict=True):
            cant_split(docx_row)
            for cell, text, align in zip(docx_row.cells, texts, ("left", "center", "right"), strict=True):
                cell_text(cell, text, align=align)
                set_font(cell.paragraphs[0], "游ゴシック", 8)
        if stamped:
            writer.rows_from_model(table.rows[1], rows, keep_last=keep)
        elif keep:
            keep_with_next(table.rows[-1]._tr)
        writer.line("表の後")
        with zipfile.ZipFile(io.BytesIO(writer.save("表", "県"))) as archive:
            return archive.read("word/document.xml")

    assert body(stamped=True) == body(stamped=False)
