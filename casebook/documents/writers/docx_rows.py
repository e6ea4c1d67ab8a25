"""The rows of a long Word table: copies of one model row, written into the saved document a few hundred at a time.

python-docx's rows and cells walk the whole table on every access, and a table held whole as one XML tree takes
gigabytes: a report of 50,000 rows took minutes and 1.5 GB. Here the table keeps its header and one model row,
formatted through python-docx like any other; the model gives way to a marker, and when the document is saved
each row is a copy of the model with its cells' texts filled in, serialised by lxml into word/document.xml
in place of the marker, ROWS_PER_PIECE rows at a time. Only the zip entry of the body is written anew (zipfile).
"""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Iterator, Sequence
from typing import Any

from casebook.safety.inert import xml_text

ROWS_PER_PIECE = 500
ZIP64_BYTES = 1 << 30  # a body that may be larger than this is written with zip64 sizes (zipfile's limit is 2 GiB)


def text_lines(text: str) -> list[str]:
    """Text as the lines of a paragraph: one run each, a break between them (characters XML cannot hold as U+FFFD)."""
    return xml_text(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")


def keep_with_next(tr: Any) -> None:
    """Every cell of the row (a w:tr) kept on the page of what follows it."""
    for tc in tr.tc_lst:
        tc.p_lst[0].get_or_add_pPr().keepNext_val = True  # what python-docx's paragraph_format.keep_with_next sets


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PRESERVE = "{http://www.w3.org/XML/1998/namespace}space"


def _plain(element: Any) -> Any:
    from lxml import etree

    return etree.fromstring(etree.tostring(element))


class RowStamp:
    """Rows copied from a model row (a python-docx row whose every cell holds one paragraph of one empty run in
    the cell's format, as cell_text with "" leaves it): every line of a cell's text is a copy of that run, as
    add_text writes it. The model leaves its table; a marker takes its place until the document is saved.

    ROWS_PER_PIECE copies of the model are made once, and each piece of rows is one copy of them (lxml copies a
    tree in one call; a row copied alone and moved into a piece costs as much again)."""

    def __init__(self, model: Any, marker: str, rows: Sequence[Sequence[str]], keep_last: bool) -> None:
        from lxml import etree

        tr = model._tr
        self.marker = etree.Comment(marker)
        tr.addprevious(self.marker)
        tr.getparent().remove(tr)
        kept = copy.deepcopy(tr)
        keep_with_next(kept)
        # plain lxml elements from here on: python-docx's element classes cost a look-up at every access
        self._model, self._kept = _plain(tr), _plain(kept)
        runs = [tc.find(f"{W}p").find(f"{W}r") for tc in self._model.iterchildren(f"{W}tc")]
        self._formats = [[(child.tag, dict(child.attrib)) for child in run.find(f"{W}rPr")] for run in runs]
        self._rows, self._keep_last = rows, keep_last

    def pieces(self, namespaces: dict[str, str]) -> Iterator[bytes]:
        """The rows' XML (UTF-8), as it reads inside a document whose root declares `namespaces`."""
        from lxml import etree

        holder = etree.Element(f"{W}tbl", nsmap=namespaces)  # declares them once, so that no row repeats them
        for _ in range(min(ROWS_PER_PIECE, len(self._rows))):
            holder.append(copy.deepcopy(self._model))
        for start in range(0, len(self._rows), ROWS_PER_PIECE):
            rows = self._rows[start : start + ROWS_PER_PIECE]
            piece = copy.deepcopy(holder)
            del piece[len(rows) :]
            if self._keep_last and start + len(rows) == len(self._rows):
                piece[-1] = copy.deepcopy(self._kept)
            for tr, texts in zip(piece, rows, strict=True):
                self._fill(tr, texts)
            xml = etree.tostring(piece, encoding="UTF-8")
            yield xml[xml.index(b">") + 1 : xml.rindex(b"</")]

    def _fill(self, tr: Any, texts: Sequence[str]) -> None:
        from lxml.etree import SubElement

        for tc, text, run_format in zip(tr.iterchildren(f"{W}tc"), texts, self._formats, strict=True):
            run = tc[-1][-1]  # the cell's paragraph's run
            lines = text_lines(text)
            last = len(lines) - 1
            for index, line in enumerate(lines):
                if index:  # a run like the model's (its format is flat: w:rFonts, w:sz)
                    run.addnext(run.makeelement(f"{W}r"))
                    run = run.getnext()
                    properties = SubElement(run, f"{W}rPr")
                    for tag, attributes in run_format:
                        SubElement(properties, tag, attributes)
                chunks = line.split("\t")
                for number, chunk in enumerate(chunks):
                    if number:
                        SubElement(run, f"{W}tab")  # as python-docx writes a tab
                    if chunk:
                        t = SubElement(run, f"{W}t")
                        t.text = chunk
                        if chunk.strip() != chunk:
                            t.set(PRESERVE, "preserve")
                if index < last:
                    SubElement(run, f"{W}br")

    def size_bound(self) -> int:
        """More bytes than the rows' XML can take (a cell, a run and its format are a few hundred bytes each)."""
        return sum(3 * len(text) + 400 * (text.count("\n") + 2) for texts in self._rows for text in texts)


def with_rows(package: bytes, part: str, stamps: list[RowStamp], namespaces: dict[str, str]) -> bytes:
    """The saved package with every stamp's rows in place of its marker in `part` (word/document.xml)."""
    from lxml import etree

    if not stamps:
        return package
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename != part:
                target.writestr(info, source.read(info))
                continue
            rest = source.read(info)
            large = len(rest) + sum(stamp.size_bound() for stamp in stamps) > ZIP64_BYTES
            with target.open(info, "w", force_zip64=large) as stream:
                for stamp in stamps:
                    before, rest = rest.split(etree.tostring(stamp.marker, encoding="UTF-8", with_tail=False), 1)
                    stream.write(before)
                    for piece in stamp.pieces(namespaces):
                        stream.write(piece)
                stream.write(rest)
    return out.getvalue()
