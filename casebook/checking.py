"""The check of a whole casebook: its case files (read, then every rule) and its own templates.

`reading` knows cases and `documents` knows templates; this is the one place that puts both together,
so that the reading layer never reaches up into the documents.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from casebook.config import Casebook
from casebook.documents.templates import template_findings
from casebook.reading.loader import check
from casebook.reading.run import CheckResult


def check_casebook(book: Casebook, paths: list[Path] | None = None, **options: Any) -> CheckResult:
    """Every finding of the casebook (or of the given paths, then without the templates)."""
    result = check(book, paths, **options)
    if not paths:  # the whole casebook: its own templates are part of what the commands use
        result.findings.extend(template_findings(book.root))
    return result
