"""The rows of a long Word table: copies of one model row, written into the saved document a few hundred at a time.

python-docx's rows and cells walk the whole table on every access, and a table held whole as one XML tree takes
gigabytes: a report of 50,000 rows took minutes and 1.5 GB. Here the table keeps its header and one model row,
formatted through python-docx like any other; the model gives way to a marker, and when the document is saved
each row is the model's text as lxml serialises it with its cells' texts put in, written into word/document.xml
in place of the marker, ROWS_PER_PIECE rows at a time. Only the zip entry of the body is written anew (zipfile).
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from typing import Any

from casebook.safety.inert import xml_text

ROWS_PER_PIECE = 500
# zlib's level for the body: on a long table's repeated row XML as small as its default (6) and four times as fast
BODY_LEVEL = 3
ZIP64_BYTES = 1 << 30  # a body that may be larger than this is written with zip64 sizes (zipfile's limit is 2 GiB)


def text_lines(text: str) -> list[str]:
    """Text as the lines of a paragraph: one run each, a break between them (characters XML cannot hold as U+FFFD)."""
    return xml_text(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")


def keep_with_next(tr: Any) -> None:
    """Every cell of the row (a w:tr) kept on the page of what follows it."""
    for tc in tr.tc_lst:
        tc.p_lst[0].get_or_add_pPr().keepNext_val = True  # what python-docx's paragraph_format.keep_with_next sets


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class RowStamp:
    """Rows copied from a model row (a python-docx row whose every cell holds one paragraph of one empty run in
    the cell's format, as cell_text with "" leaves it): every line of a cell's text is a run like that one, as
    add_text writes it. The model leaves its table; a marker takes its place until the document is saved.

    The model is serialised by lxml once, cut where its cells' runs go; each row is that text with its cells' runs
    put in (a row built as elements and serialised costs ten times as much: 50,000 rows took 40 CPU seconds).
    The runs are what lxml writes for them, byte for byte: the same tags, and text escaped as lxml escapes it."""

    def __init__(self, model: Any, marker: str, rows: Sequence[Sequence[str]], keep_last: bool) -> None:
        from lxml import etree

        tr = model._tr
        self.marker = etree.Comment(marker)
        tr.addprevious(self.marker)
        tr.getparent().remove(tr)
        kept = copy.deepcopy(tr)
        keep_with_next(kept)
        self._model, self._kept = tr, kept
        self._rows, self._keep_last = rows, keep_last

    def pieces(self, namespaces: dict[str, str]) -> Iterator[bytes]:
        """The rows' XML (UTF-8), as it reads inside a document whose root declares `namespaces`."""
        model = _Template(self._model, namespaces)
        last = _Template(self._kept, namespaces) if self._keep_last else model
        final = len(self._rows) - 1
        for start in range(0, len(self._rows), ROWS_PER_PIECE):
            rows = self._rows[start : start + ROWS_PER_PIECE]
            yield b"".join([(last if start + index == final else model).row(texts) for index, texts in enumerate(rows)])

    def size_bound(self) -> int:
        """More bytes than the rows' XML can take (a cell, a run and its format are a few hundred bytes each)."""
        total = 0
        for texts in self._rows:
            joined = "".join(texts)
            total += 3 * len(joined) + 400 * joined.count("\n") + 800 * len(texts)
        return total


class _Template:
    """A row (w:tr) as the text lxml writes for it, in pieces: the text around each cell's run, each cell's run
    in two (before its text and after it), and the tags of its text (w:t, w:tab, w:br) as they are written."""

    def __init__(self, tr: Any, namespaces: dict[str, str]) -> None:
        from lxml import etree

        row = copy.deepcopy(tr)
        self._runs: list[list[str]] = []
        for tc in row.iterchildren(f"{W}tc"):
            run = tc.find(f"{W}p").find(f"{W}r")
            run.append(etree.Comment(_GAP))
            self._runs.append(_serialised(run, namespaces).split(_GAP_TEXT))
            run.addprevious(etree.Comment(_GAP))
            run.getparent().remove(run)
        between = [text.encode("utf-8") for text in _serialised(row, namespaces).split(_GAP_TEXT)]
        runs = [(start.encode("utf-8"), end.encode("utf-8")) for start, end in self._runs]
        t = etree.Element(f"{W}t")
        t.text = _GAP
        self._t = _serialised(t, namespaces).encode("utf-8").split(_GAP.encode("ascii"))
        t.set(PRESERVE, "preserve")
        self._t_kept = _serialised(t, namespaces).encode("utf-8").split(_GAP.encode("ascii"))  # a space at either end
        self._tab = _serialised(etree.Element(f"{W}tab"), namespaces).encode("utf-8")
        self._br = _serialised(etree.Element(f"{W}br"), namespaces).encode("utf-8")
        self._head = between[0]
        # each cell's run: its start, the w:t (kept spaces or not) and after the text, the rest to the next run's start
        self._cells = [
            (start, self._t[0], self._t_kept[0], self._t[1] + end + after, start + end + after, end, after)
            for (start, end), after in zip(runs, between[1:], strict=True)
        ]

    def row(self, texts: Sequence[str]) -> bytes:
        joined = "".join(texts)
        if xml_text(joined) != joined:
            texts = [xml_text(text) for text in texts]
        parts = [self._head]
        for text, (start, opening, opening_kept, closing, empty, end, after) in zip(texts, self._cells, strict=True):
            if not text:
                parts.append(empty)
                continue
            data = text.encode("utf-8")
            if _NOT_ONE_TEXT.search(data) is None:  # almost every cell: one run of one w:t of the text as it is
                parts += (start, opening_kept if text.strip() != text else opening, data, closing)
            else:
                parts += (self._runs_of(text, start, end), after)
        return b"".join(parts)

    def _runs_of(self, text: str, start: bytes, end: bytes) -> bytes:
        """A cell's text as add_text writes it: a run (`start` … `end`) a line, tabs as w:tab, a w:br after all but the last."""
        lines = text_lines(text)
        parts = []
        for index, line in enumerate(lines):
            parts.append(start)
            parts.append(self._tab.join([self._text(chunk) for chunk in line.split("\t")]))
            if index < len(lines) - 1:
                parts.append(self._br)
            parts.append(end)
        return b"".join(parts)

    def _text(self, chunk: str) -> bytes:
        """A w:t of `chunk` as lxml writes it (&, < and > as references, all else as is), none for no text."""
        if not chunk:
            return b""
        opening, closing = self._t_kept if chunk.strip() != chunk else self._t
        return opening + chunk.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode("utf-8") + closing


PRESERVE = "{http://www.w3.org/XML/1998/namespace}space"
# a text that is more than one w:t of itself (in UTF-8 these bytes stand only for these characters)
_NOT_ONE_TEXT = re.compile(b"[\t\n\r&<>]")
_GAP = "casebook cell run"
_GAP_TEXT = f"<!--{_GAP}-->"


def _serialised(element: Any, namespaces: dict[str, str]) -> str:
    """The text lxml writes for (a copy of) `element` inside a document whose root declares `namespaces`."""
    from lxml import etree

    holder = etree.Element(f"{W}tbl", nsmap=namespaces)  # declares them, so that the element does not
    holder.append(copy.deepcopy(element))
    xml: str = etree.tostring(holder, encoding="unicode")
    return xml[xml.index(">") + 1 : xml.rindex("</")]


def with_rows(package: bytes, part: str, stamps: list[RowStamp], namespaces: dict[str, str]) -> bytes:
    """The saved package with every stamp's rows in place of its marker in `part` (word/document.xml)."""
    from lxml import etree

    if not stamps:
        return package
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=BODY_LEVEL) as target,
    ):
        for info in source.infolist():
            if info.filename != part:
                target.writestr(info, source.read(info))
                continue
            rest = source.read(info)
            large = len(rest) + sum(stamp.size_bound() for stamp in stamps) > ZIP64_BYTES
            # named, not by its ZipInfo: the entry takes the archive's level (a ZipInfo's has no setter before Python 3.13)
            with target.open(info.filename, "w", force_zip64=large) as stream:
                for stamp in stamps:
                    before, rest = rest.split(etree.tostring(stamp.marker, encoding="UTF-8", with_tail=False), 1)
                    stream.write(before)
                    for piece in stamp.pieces(namespaces):
                        stream.write(piece)
                stream.write(rest)
    return out.getvalue()
