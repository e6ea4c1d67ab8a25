"""`casebook new`: a commented case file that passes `check` as a draft.

Ids are the date plus six random characters (2025-04-25-k7m2q9): two people who
create cases on two branches cannot pick the same id the way a counter would,
and `check` still reports a duplicate should one ever happen.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from casebook import enums
from casebook.atomic import write_text
from casebook.config import Casebook
from casebook.documents.schema import SCHEMA_FILE
from casebook.documents.templates import render
from casebook.errors import CasebookError, WriteError
from casebook.inert import FORBIDDEN, character_name
from casebook.jpdate import parse_moment, parse_when
from casebook.model import id_problem
from casebook.quoting import quote
from casebook.reading.findings import display_path

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


def _check_text(label: str, value: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise CasebookError(f"{label}に UTF-8 として読めない文字があります（端末の文字コードを UTF-8 にしてください）") from None
    found = FORBIDDEN.search(value)
    if found:
        raise CasebookError(f"{label}に制御文字 {character_name(found.group(0))} があります。使えません")


_LABELS = {
    "title": "件名",
    "occurred": "発生日",
    "discovered": "判明日",
    "department": "担当課",
    "unit_kind": "所属",
    "category": "事案の分類",
    "medium": "媒体",
}


def _check_values(values: NewCase) -> None:
    for name, label in _LABELS.items():
        value = getattr(values, name)
        if value is not None:
            _check_text(label, value)
    if values.occurred:
        parse_when(values.occurred)  # a DateError is a usage error
    if values.discovered:
        parse_moment(values.discovered)
    for name, enum in (("unit_kind", enums.UnitKind), ("category", enums.Category), ("medium", enums.Medium)):
        value = getattr(values, name)
        if value is not None and value not in enum._value2member_map_:
            allowed = "、".join(m.value for m in enum)
            raise CasebookError(f"{enum.title()}{quote(value)}は使えません。次のいずれか: {allowed}")


def _existing(book: Casebook, case_id: str) -> str | None:
    """The file of a case with this id (by file name, in any letter case) anywhere in the cases folder."""
    from casebook.reading.discovery import discover

    if not book.cases_dir.is_dir():
        return None
    wanted = case_id.casefold()
    for path in discover([book.cases_dir], book.root).files:
        if path.stem.casefold() == wanted:
            return display_path(path, book.root)
    return None


def scaffold_text(book: Casebook, case_id: str, path: Path, values: NewCase) -> str:
    schema_path = Path(os.path.relpath(book.root / SCHEMA_FILE, path.parent)).as_posix()
    return render(
        book.root,
        "case.yaml.j2",
        enum_values=lambda name: " | ".join(m.value for m in getattr(enums, name)),
        id=case_id,
        schema_path=schema_path,
        **vars(values),
    )


def create_case(book: Casebook, values: NewCase, case_id: str | None = None, today: date | None = None, folder: Path | None = None) -> Path:
    """Write a new draft case file and return its path; never overwrites."""
    _check_values(values)
    day = parse_when(values.occurred).first_day if values.occurred else (today or date.today())
    if case_id is not None:
        _check_text("事案ID", case_id)
        if problem := id_problem(case_id):
            raise CasebookError(problem)
        if existing := _existing(book, case_id):
            raise WriteError(f"事案ID{quote(case_id)}はすでに {existing} にあります（大文字・小文字の違いだけでも同じ事案IDです）")
    case_id = case_id or new_id(day)
    path = (folder or book.cases_dir) / f"{case_id}.yaml"
    write_text(path, scaffold_text(book, case_id, path, values), replaceable=False)
    return path
