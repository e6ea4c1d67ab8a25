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
    from docx.text.paragraph import Paragraph

    for tc in tr.tc_lst:
        Paragraph(tc.p_lst[0], None).paragraph_format.keep_with_next = True


class RowStamp:
    """Rows copied from a model row (a python-docx row whose every cell holds one paragraph of one empty run in
    the cell's format, as cell_text with "" leaves it): every line of a cell's text is a copy of that run, exactly
    as add_text writes it. The model leaves its table; a marker takes its place until the document is saved."""

    def __init__(self, model: Any, marker: str, rows: Sequence[Sequence[str]], keep_last: bool) -> None:
        from lxml import etree

        self._tr = model._tr
        self.marker = etree.Comment(marker)
        self._tr.addprevious(self.marker)
        self._tr.getparent().remove(self._tr)
        self._runs = [tc.p_lst[0].r_lst[0] for tc in self._tr.tc_lst]
        self._rows, self._keep_last = rows, keep_last

    def row(self, texts: Sequence[str]) -> Any:
        """A copy of the model with these texts, one a cell (a w:tr outside any document)."""
        tr = copy.deepcopy(self._tr)
        for tc, text, model_run in zip(tr.tc_lst, texts, self._runs, strict=True):
            paragraph = tc.p_lst[0]
            lines = text_lines(text)
            for index, line in enumerate(lines):
                if index:
                    run = copy.deepcopy(model_run)
                    paragraph.append(run)
                else:
                    run = paragraph.r_lst[0]
                if "\t" in line:
                    run.text = line  # python-docx's own: a tab as w:tab
                elif line:
                    run.add_t(line)
                if index + 1 < len(lines):
                    run.add_br()
        return tr

    def pieces(self, namespaces: dict[str, str]) -> Iterator[bytes]:
        """The rows' XML (UTF-8), as it reads inside a document whose root declares `namespaces`."""
        from docx.oxml import OxmlElement
        from lxml import etree

        for start in range(0, len(self._rows), ROWS_PER_PIECE):
            holder = OxmlElement("w:tbl", nsdecls=namespaces)  # declares them once, so that no row repeats them
            for texts in self._rows[start : start + ROWS_PER_PIECE]:
                holder.append(self.row(texts))
            if self._keep_last and start + ROWS_PER_PIECE >= len(self._rows):
                keep_with_next(holder[-1])
            xml = etree.tostring(holder, encoding="UTF-8")
            yield xml[xml.index(b">") + 1 : xml.rindex(b"</")]

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
