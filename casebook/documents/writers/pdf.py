"""PDF from the html documents (the report, the notices) through WeasyPrint: the fonts embedded (subset), the
structure tagged for PDF/UA-1, and the same html giving the same bytes (no creation time, a fixed identifier)."""

from __future__ import annotations

import hashlib
import logging

from casebook.errors import CasebookError

VARIANT = "pdf/ua-1"


class PdfError(CasebookError):
    exit_code = 1


def html_to_pdf(html: str) -> bytes:
    """The html printed as WeasyPrint prints it (its @page rules: A4, margins, page numbers)."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError):  # OSError: the Pango library WeasyPrint draws with is missing
        raise PdfError(
            "PDF を作れません（WeasyPrint と、それが使う Pango が必要です: pip install weasyprint、Debian では apt-get install libpango-1.0-0）"
        ) from None
    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # its warnings (unsupported CSS) are English and not the user's
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    identifier = hashlib.md5(html.encode("utf-8"), usedforsecurity=False).hexdigest().encode("ascii")
    try:
        document = HTML(string=html).render(pdf_variant=VARIANT, pdf_tags=True)
        data = document.write_pdf(pdf_identifier=identifier, pdf_variant=VARIANT, pdf_tags=True)
    except Exception as error:  # a broken font or an unexpected document: a message, not a traceback
        raise PdfError(f"PDF を作れませんでした（WeasyPrint: {type(error).__name__}）") from None
    assert isinstance(data, bytes)
    return data
