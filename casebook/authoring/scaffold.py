"""`casebook new`: a commented case file that passes `check` as a draft.

Ids are the date plus six random characters (2025-04-25-k7m2q9): two people who
create cases on two branches cannot pick the same id the way a counter would,
and `check` still reports a duplicate should one ever happen.
"""

from __future__ import annotations

import os
import secrets
import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from casebook.documents.templates import render
from casebook.domain import vocabularies
from casebook.domain.ids import id_problem
from casebook.domain.jpdate import japan_today, parse_moment, parse_when
from casebook.domain.yearless import YearMissing
from casebook.errors import CasebookError, DateError, WriteError
from casebook.reading.findings import display_path
from casebook.safety.atomic import write_text
from casebook.safety.inert import FORBIDDEN, character_name
from casebook.safety.quoting import quote
from casebook.settings.config import Casebook
from casebook.settings.files import CONFIG_NAME, SCHEMA_FILE

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


def _text_problem(value: str) -> str | None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "UTF-8 として読めない文字があります（端末の文字コードを UTF-8 にしてください）"
    found = FORBIDDEN.search(value)
    if found:
        return f"制御文字 {character_name(found.group(0))} があります。使えません"
    return None


# What `new` takes, in the order it asks on a terminal, with the labels the messages use.
LABELS = {
    "title": "件名",
    "occurred": "発生日",
    "discovered": "判明日",
    "department": "担当課",
    "unit_kind": "所属",
    "category": "事案の分類",
    "medium": "媒体",
}
ENUMS: dict[str, type[vocabularies.DefinedEnum]] = {
    "unit_kind": vocabularies.UnitKind,
    "category": vocabularies.Category,
    "medium": vocabularies.Medium,
}


def _date_problem(name: str, value: str, today: date) -> str | None:
    try:
        first = parse_when(value).first_day if name == "occurred" else parse_moment(value).first_day
    except YearMissing as error:  # the likeliest year is this one, or the last when that day is still to come
        day = error.day_in(today.year)
        return error.guessed(today.year if day is not None and day <= today else today.year - 1, "今日の日付から")
    except DateError as error:
        return str(error)
    if first > today:
        return f"{quote(value)}は今日より後の日付です（{LABELS[name]}は起きた日・分かった日を書きます）"
    return None


def answer_problem(name: str, value: str, today: date | None = None) -> str | None:
    """Why `value` cannot be the answer for `name` (as `check` would say it), or None when it can."""
    label = LABELS[name]
    problem = _text_problem(value)
    if problem is None and name in ("occurred", "discovered"):
        problem = _date_problem(name, value, today or japan_today())
    if problem is None and name in ENUMS:
        enum = ENUMS[name]
        if unicodedata.normalize("NFKC", value).strip() not in enum._value2member_map_:
            allowed = "、".join(m.value for m in enum)
            return f"{label}{quote(value)}は使えません{vocabularies.suggestion_text(enum, value)}。次のいずれか: {allowed}"
    return f"{label}: {problem}" if problem else None


class NewCaseError(CasebookError):
    """Values `new` cannot write, every one of them named at once (a usage error)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("次の値は使えません（ファイルは作っていません）:\n" + "\n".join(f"  {p}" for p in problems))
        self.problems = problems


def check_given(values: NewCase, today: date | None = None) -> NewCase:
    """The values with enumerations in their written form; every problem at once as NewCaseError."""
    today = today or japan_today()
    problems = [p for name in LABELS if (v := getattr(values, name)) is not None and (p := answer_problem(name, v, today))]
    if not problems and values.occurred and values.discovered:
        occurred, discovered = parse_when(values.occurred), parse_moment(values.discovered)
        if discovered.first_day < occurred.first_day:
            problems.append(f"判明日: {quote(values.discovered)}が発生日（{occurred.start.long()}）より前です")
    if problems:
        raise NewCaseError(problems)
    spelled = {name: unicodedata.normalize("NFKC", value).strip() for name in ENUMS if (value := getattr(values, name)) is not None}
    return replace(values, **spelled)


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
        enum_values=lambda name: " | ".join(m.value for m in getattr(vocabularies, name)),
        id=case_id,
        schema_path=schema_path,
        **vars(values),
    )


class NoCasebook(CasebookError):
    """`new` outside a casebook: the file would land in a folder nothing reads."""


def open_for_new(book: Casebook) -> Casebook:
    """The casebook a new case goes into; refused when there is none (no casebook.yaml here or above)."""
    if book.config_path is None:
        raise NoCasebook(
            f"ここには casebook がありません（{CONFIG_NAME} が見つかりません）。"
            "casebook init で作るか、casebook のフォルダに移ってから実行してください"
        )
    return book


def case_folder(book: Casebook, folder: Path | None) -> Path:
    """Where the new file goes: the cases folder, or a folder inside it (cases/2025)."""
    open_for_new(book)
    if folder is None:
        return book.cases_dir
    chosen = folder if folder.is_absolute() else Path.cwd() / folder
    cases = book.cases_dir.resolve()
    if not chosen.resolve().is_relative_to(cases):
        raise CasebookError(
            f"{folder} は事案ファイルのフォルダ {display_path(book.cases_dir, book.root)}/ の外です（その中のフォルダを指定してください）"
        )
    return chosen


def create_case(book: Casebook, values: NewCase, case_id: str | None = None, today: date | None = None, folder: Path | None = None) -> Path:
    """Write a new draft case file and return its path; never overwrites."""
    today = today or japan_today()
    values = check_given(values, today)
    day = parse_when(values.occurred).first_day if values.occurred else today
    if case_id is not None:
        if problem := _text_problem(case_id):
            raise CasebookError(f"事案ID: {problem}")
        if problem := id_problem(case_id):
            raise CasebookError(problem)
        if existing := _existing(book, case_id):
            raise WriteError(f"事案ID{quote(case_id)}はすでに {existing} にあります（大文字・小文字の違いだけでも同じ事案IDです）")
    case_id = case_id or new_id(day)
    path = case_folder(book, folder) / f"{case_id}.yaml"
    write_text(path, scaffold_text(book, case_id, path, values), replaceable=False)
    return path
