"""Word documents written with python-docx into a reference document.

The reference (.docx) gives the page, the styles, the fonts, the header and the footer; its body is
replaced. Built-in ones are package data (templates/notice.docx, templates/report.docx) and a
casebook's templates/ folder overrides them by name, like the Jinja templates. Built-in Word styles
are used by name (Title, Heading 1…, List Bullet, Table Grid), so a reference saved by a Japanese Word
keeps working; a style the reference lacks falls back on Normal.

Case text goes in as runs of plain text (never fields, never XML): characters XML cannot hold become
U+FFFD and a line break is a break inside the paragraph, so text cannot add a paragraph or a table.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from casebook.documents.writers.docx_rows import RowStamp, text_lines, with_rows
from casebook.errors import TemplateError
from casebook.safety.inert import xml_text

TWIPS_PER_MM = 1440 / 25.4


class DocxWriter:
    def __init__(self, reference: bytes, shown: str) -> None:
        from docx import Document
        from docx.oxml.ns import qn

        try:
            self.doc = Document(io.BytesIO(reference))
        except Exception:  # a file that is not a Word document, whatever python-docx raises for it
            raise TemplateError(f"{shown}: Word の文書（.docx）として読めません。Word で開いて .docx で保存し直してください") from None
        body = self.doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        self._style_ids: dict[str, str | None] = {}
        self._stamps: list[RowStamp] = []

    @property
    def text_width_mm(self) -> float:
        """Width between the margins of the last section, in millimetres."""
        section = self.doc.sections[-1]
        width = (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
        return float(width) / 36000

    def _style_id(self, name: str) -> str | None:
        """The id of a style by its name (Normal when the reference lacks it); None for the default paragraph style.

        Looked up once per name: python-docx searches every style each time it is given one."""
        from docx.enum.style import WD_STYLE_TYPE

        if name not in self._style_ids:
            styles = self.doc.styles
            try:
                style = styles[name]
            except KeyError:
                style = styles["Normal"]
            default = styles.default(WD_STYLE_TYPE.PARAGRAPH)
            is_default = style.type == WD_STYLE_TYPE.PARAGRAPH and default is not None and style.style_id == default.style_id
            self._style_ids[name] = None if is_default else style.style_id
        return self._style_ids[name]

    def paragraph(self, style: str = "Normal", align: str | None = None) -> Any:
        paragraph = self.doc.add_paragraph()
        paragraph._p.style = self._style_id(style)
        if align is not None:
            paragraph.alignment = _alignment(align)
        return paragraph

    def header_paragraph(self) -> Any:
        """A right-aligned paragraph added to the page header (the later sections' headers link to the first's)."""
        header = self.doc.sections[0].header
        header.is_linked_to_previous = False
        paragraph = header.add_paragraph()
        paragraph.alignment = _alignment("right")
        return paragraph

    def line(self, text: str, style: str = "Normal", align: str | None = None) -> Any:
        paragraph = self.paragraph(style, align)
        add_text(paragraph, text)
        return paragraph

    def table(self, widths_mm: list[float], rows: int, *, grid: bool = True, align: str | None = None) -> Any:
        """A table of fixed column widths (the widths a printout needs, not Word's autofit)."""
        from docx.shared import Mm

        table = self.doc.add_table(rows=rows, cols=len(widths_mm))
        table._tbl.tblStyle_val = self._style_id("Table Grid" if grid else "Normal Table")
        table.autofit = False
        if align is not None:
            table.alignment = {"left": 0, "center": 1, "right": 2}[align]
        widths = [Mm(width) for width in widths_mm]
        for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
            column.w = width
        for row in table._tbl.tr_lst:
            for cell, width in zip(row.tc_lst, widths, strict=True):
                cell.width = width
        return table

    def rows_from_model(self, model: Any, rows: Sequence[Sequence[str]], *, keep_last: bool = False) -> None:
        """Rows of these cell texts in place of `model`, a table's last row, written as the document is saved
        (docx_rows: a long table is never held whole); `keep_last` keeps the last with what follows the table."""
        self._stamps.append(RowStamp(model, f"casebook rows {len(self._stamps)}", rows, keep_last))

    def save(self, title: str, author: str) -> bytes:
        properties = self.doc.core_properties
        properties.title = xml_text(title)
        properties.author = xml_text(author)
        properties.last_modified_by = properties.comments = properties.keywords = properties.subject = ""
        _no_dates(properties)
        _no_thumbnail(self.doc)
        _kinsoku(self.doc)
        _keep_manual_breaks_unstretched(self.doc)
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return with_rows(buffer.getvalue(), self.doc.part.partname.lstrip("/"), self._stamps, self.doc.element.nsmap)


def _no_dates(properties: Any) -> None:
    """No creation or modification date: the reference's would be false, and a date of writing would make the same
    cases give different files (Word fills them in when a clerk saves it)."""
    from docx.oxml.ns import qn

    element = properties._element
    for tag in ("dcterms:created", "dcterms:modified", "cp:lastPrinted"):
        for child in element.findall(qn(tag)):
            element.remove(child)


def _no_thumbnail(doc: Any) -> None:
    """No preview picture: the reference's shows its own blank page, not this document's first page."""
    from docx.oxml.ns import qn

    package = doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[rel_id]
    settings = doc.settings.element
    for child in settings.findall(qn("w:savePreviewPicture")):
        settings.remove(child)


def _kinsoku(doc: Any) -> None:
    """Japanese line breaking at its strictest (no line starts with 、。ー…, none ends with （「): Word's
    「禁則処理: 高レベル」. The paragraphs keep kinsoku on (the default of every paragraph)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings = doc.settings.element
    if settings.find(qn("w:strictFirstAndLastChars")) is not None:
        return
    strict = OxmlElement("w:strictFirstAndLastChars")
    anchor = settings.find(qn("w:characterSpacingControl"))
    if anchor is not None:
        anchor.addnext(strict)
    else:
        settings.append(strict)  # a reference without it: Word still reads the element


def _keep_manual_breaks_unstretched(doc: Any) -> None:
    """Word's compatibility option 「Shift+Enter で終わる行の文字間を広げない」 (doNotExpandShiftReturn), which
    LibreOffice reads too: a justified line that ends in a line break is not spread across the page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    compat = doc.settings.element.find(qn("w:compat"))
    if compat is None:
        return  # a reference without compatibility settings: where a new element belongs is Word's to say
    if compat.find(qn("w:doNotExpandShiftReturn")) is None:
        compat.insert(0, OxmlElement("w:doNotExpandShiftReturn"))


def _alignment(align: str) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    return {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]


def add_text(paragraph: Any, text: str, *, bold: bool = False, italic: bool = False, size: float | None = None) -> None:
    """Text as runs: each line break a break in the paragraph, tabs as tabs, nothing else interpreted."""
    from docx.shared import Pt

    lines = text_lines(text)
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        if index + 1 < len(lines):
            run.add_break()
        if bold:
            run.bold = True
        if italic:
            run.italic = True
        if size is not None:
            run.font.size = Pt(size)


def cell_text(cell: Any, text: str, *, align: str = "left", bold: bool = False, size: float | None = None) -> None:
    """The text of a table cell in its one paragraph."""
    paragraph = cell.paragraphs[0]
    paragraph.alignment = _alignment(align)
    paragraph.paragraph_format.space_after = 0  # a cell is tight whatever space the reference puts after a paragraph
    add_text(paragraph, text, bold=bold, size=size)


def repeat_header(row: Any) -> None:
    """Print this row again at the top of every page the table continues on."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def cant_split(row: Any) -> None:
    """Keep the row whole on one page (a row taller than a page is split by the caller into rows that fit)."""
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def cell_margins(table: Any, *, left_right_pt: float, top_bottom_pt: float) -> None:
    """The default cell margins of a table (Word's are 1.9 mm a side)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side, points in (("top", top_bottom_pt), ("left", left_right_pt), ("bottom", top_bottom_pt), ("right", left_right_pt)):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(round(points * 20)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    look = properties.find(qn("w:tblLook"))  # the schema's order: tblCellMar before tblLook
    if look is not None:
        look.addprevious(margins)
    else:
        properties.append(margins)


def set_font(paragraph: Any, family: str, size: float | None = None) -> None:
    """Every run of the paragraph in `family` (its Japanese and its Latin letters alike) and `size` points."""
    from docx.shared import Pt

    for run in paragraph.runs:
        fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
        for slot in ("ascii", "hAnsi", "eastAsia"):
            fonts.set(f"{{http://schemas.openxmlformats.org/wordprocessingml/2006/main}}{slot}", family)
        if size is not None:
            run.font.size = Pt(size)


def shade(cell: Any, fill: str = "DDDDDD") -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)
