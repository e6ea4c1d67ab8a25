"""`casebook new`: a commented case file that passes `check` as a draft.

Ids are the date plus six random characters (2025-04-25-k7m2q9): two people who
create cases on two branches cannot pick the same id the way a counter would,
and `check` still reports a duplicate should one ever happen.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from casebook import enums
from casebook.atomic import TargetExists, write_text
from casebook.config import Casebook
from casebook.jpdate import DateError, parse_moment, parse_when
from casebook.errors import CasebookError
from casebook.model import ID_PATTERN
from casebook.templates import TemplateError, render

SCHEMA_FILE = "casebook.schema.json"
_ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32: no i, l, o, u


def new_id(day: date) -> str:
    return f"{day.isoformat()}-{''.join(secrets.choice(_ID_ALPHABET) for _ in range(6))}"


@dataclass
class NewCase:
    title: str | None = None
    occurred: str | None = None
    discovered: str | None = None
    department: str | None = None
    unit_kind: str | None = None
    category: str | None = None
    medium: str | None = None


def _check_values(values: NewCase) -> None:
    try:
        if values.occurred:
            parse_when(values.occurred)
        if values.discovered:
            parse_moment(values.discovered)
    except DateError as error:
        raise CasebookError(str(error)) from None
    for name, enum in (("unit_kind", enums.UnitKind), ("category", enums.Category), ("medium", enums.Medium)):
        value = getattr(values, name)
        if value is not None and value not in enum._value2member_map_:
            allowed = "、".join(m.value for m in enum)
            raise CasebookError(f"{enum.title()}「{value}」は使えません。次のいずれか: {allowed}")


def scaffold_text(book: Casebook, case_id: str, path: Path, values: NewCase) -> str:
    schema_path = Path(os.path.relpath(book.root / SCHEMA_FILE, path.parent)).as_posix()
    try:
        return render(
            book.root,
            "case.yaml.j2",
            enum_values=lambda name: " | ".join(m.value for m in getattr(enums, name)),
            id=case_id,
            schema_path=schema_path,
            **vars(values),
        )
    except TemplateError as error:
        raise CasebookError(str(error)) from None


def create_case(book: Casebook, values: NewCase, case_id: str | None = None, today: date | None = None, folder: Path | None = None) -> Path:
    """Write a new draft case file and return its path; never overwrites."""
    _check_values(values)
    day = parse_when(values.occurred).first_day if values.occurred else (today or date.today())
    case_id = case_id or new_id(day)
    if not re.match(ID_PATTERN, case_id):
        raise CasebookError(f"「{case_id}」は事案IDに使えません（英数字と「-」「_」のみ、先頭は英数字、80文字まで）")
    path = (folder or book.cases_dir) / f"{case_id}.yaml"
    try:
        write_text(path, scaffold_text(book, case_id, path, values))
    except TargetExists:
        raise CasebookError(f"{path} はすでにあります（上書きしません）") from None
    return path
