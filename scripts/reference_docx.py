"""Build the built-in Word reference documents: casebook/templates/notice.docx (A4 portrait) and report.docx (A4 landscape).

A reference document gives a .docx its page, styles, fonts, header and footer; its body is ignored
(casebook writes the body). A casebook overrides one by putting a file of the same name in its own
templates/ folder, usually a copy of these edited in Word (an office letterhead in the header).

Fonts: 游明朝 for text and 游ゴシック for headings, declared in the font table with their English
names as alternatives and the Japanese charset and family, so that Word without them falls back
on the system's Mincho / Gothic (ＭＳ 明朝 / ＭＳ ゴシック) and LibreOffice on a Japanese serif / sans.

    python scripts/reference_docx.py          # rewrites both files
    python scripts/reference_docx.py --check  # exits 1 when the committed files differ from what this builds
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TEMPLATES = Path(__file__).resolve().parent.parent / "casebook" / "templates"
MINCHO, GOTHIC = "游明朝", "游ゴシック"
FONT_TABLE = {  # name: (alternative name, family, panose)
    MINCHO: ("ＭＳ 明朝", "roman", "02020400000000000000"),
    GOTHIC: ("ＭＳ ゴシック", "swiss", "020B0400000000000000"),
}
# XML parts compared by --check (the zip container itself carries timestamps)
PARTS = ("word/document.xml", "word/styles.xml", "word/fontTable.xml", "word/footer1.xml", "docProps/core.xml")


def _set(parent: Any, tag: str, **attributes: str) -> Any:
    """The child `tag` of `parent` (made when missing) with these w: attributes."""
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        parent.append(child)
    for name, value in attributes.items():
        child.set(qn(f"w:{name}"), value)
    return child


def _fonts(rpr: Any, name: str) -> None:
    fonts = _set(rpr, "w:rFonts")
    for attribute in list(fonts.attrib):
        fonts.attrib.pop(attribute)
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), name)


def _defaults(doc: Any) -> None:
    root = doc.styles.element
    rpr = root.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr, MINCHO)
    _set(rpr, "w:sz", val="21")
    _set(rpr, "w:szCs", val="21")
    _set(rpr, "w:lang", val="en-US", eastAsia="ja-JP", bidi="ar-SA")
    ppr = root.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    _set(ppr, "w:spacing", after="0", line="300", lineRule="auto")


def _style(doc: Any, name: str, *, size: float, bold: bool = False, font: str = MINCHO, align: Any = None) -> Any:
    style = doc.styles[name]
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = None
    ppr = style.element.get_or_add_pPr()
    for unwanted in ("w:pBdr", "w:numPr"):
        for element in ppr.findall(qn(unwanted)):
            ppr.remove(element)
    rpr = style.element.get_or_add_rPr()
    for unwanted in ("w:color", "w:spacing", "w:kern"):
        for element in rpr.findall(qn(unwanted)):
            rpr.remove(element)
    _fonts(rpr, font)
    if align is not None:
        style.paragraph_format.alignment = align
    return style


def _styles(doc: Any, landscape: bool) -> None:
    _defaults(doc)
    normal = _style(doc, "Normal", size=9 if landscape else 10.5)
    # Left, not justified: LibreOffice's print of a justified Japanese line drops a 「、」 that ends it
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    normal.paragraph_format.space_after = Pt(0 if landscape else 6)
    title = _style(doc, "Title", size=13, bold=True, font=GOTHIC)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT if landscape else WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(0 if landscape else 12)
    title.paragraph_format.space_after = Pt(8 if landscape else 12)
    for level, size in ((1, 11), (2, 10.5), (3, 10.5), (4, 10.5)):
        heading = _style(doc, f"Heading {level}", size=size, bold=level <= 2, font=GOTHIC)
        heading.paragraph_format.space_before = Pt(10 if level == 1 else 6)
        heading.paragraph_format.space_after = Pt(4)
        heading.paragraph_format.keep_with_next = True
    for name, level in (("List Bullet", 1), ("List Bullet 2", 2), ("List Bullet 3", 3), ("List Number", 1), ("List Number 2", 2)):
        style = _style(doc, name, size=9 if landscape else 10.5)
        style.paragraph_format.left_indent = Pt(10.5 * level)
        style.paragraph_format.first_line_indent = Pt(-10.5)
        style.paragraph_format.space_after = Pt(0 if landscape else 3)
    quote = _style(doc, "Quote", size=10.5)
    quote.paragraph_format.left_indent = Pt(21)
    _style(doc, "Footer", size=8, align=WD_ALIGN_PARAGRAPH.CENTER)


def _font_table(doc: Any) -> None:
    part = next(rel.target_part for rel in doc.part.rels.values() if rel.reltype.endswith("/fontTable"))
    from lxml import etree

    root = etree.fromstring(part.blob)
    for name, (alternative, family, panose) in FONT_TABLE.items():
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        for tag, value in (
            ("w:altName", alternative),
            ("w:panose1", panose),
            ("w:charset", "80"),
            ("w:family", family),
            ("w:pitch", "variable"),
        ):
            etree.SubElement(font, qn(tag)).set(qn("w:val"), value)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _field(paragraph: Any, instruction: str) -> None:
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("text", "1"), ("end", None)):
        run = paragraph.add_run()
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
            run._r.append(element)
        elif kind == "text":
            run.text = text
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)


def _page(doc: Any, landscape: bool) -> None:
    section = doc.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.left_margin = section.right_margin = Mm(12)
        section.top_margin, section.bottom_margin = Mm(12), Mm(14)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(25)
        section.top_margin, section.bottom_margin = Mm(25), Mm(22)
    section.header_distance = Mm(8)
    section.footer_distance = Mm(6)
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    _field(footer, "PAGE")
    if landscape:
        footer.add_run(" / ")
        _field(footer, "NUMPAGES")


def build(landscape: bool) -> bytes:
    doc = Document()
    _styles(doc, landscape)
    _font_table(doc)
    _page(doc, landscape)
    properties = doc.core_properties
    properties.author = properties.last_modified_by = properties.comments = properties.keywords = ""
    properties.title = (
        "casebook の公表文書（記者発表・お詫び・ホームページ掲載・議会への報告）" if not landscape else "casebook の報告書（一覧表）"
    )
    properties.revision = 1
    from datetime import datetime

    properties.created = properties.modified = datetime(2025, 1, 1)
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in PARTS if name in archive.namelist()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    check = parser.parse_args().check
    stale = []
    for name, landscape in (("notice.docx", False), ("report.docx", True)):
        data = build(landscape)
        path = TEMPLATES / name
        if check:
            if not path.exists() or _parts(path.read_bytes()) != _parts(data):
                stale.append(name)
        else:
            path.write_bytes(data)
            print(path)
    if stale:
        print(f"stale: {', '.join(stale)} (run python scripts/reference_docx.py)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
