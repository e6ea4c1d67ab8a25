"""What a case shows as a row of `casebook list`: the columns, the typed record of json/csv, the people as the seeds write them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from casebook.domain.case import Case
from casebook.domain.jpdate import When

if TYPE_CHECKING:
    pass


COLUMNS = {
    "occurred": "発生日",
    "id": "事案ID",
    "title": "件名",
    "unit_kind": "所属",
    "department": "担当課",
    "category": "事案の分類",
    "persons": "本人の数",
    "publication": "公表",
    "ppc_required": "委員会報告",
    "status": "状態",
}


# What `list --format json/csv` writes of a case: snake_case keys named as in the case file, typed values
# (numbers, ISO dates, booleans; None/null where the case does not say). `--labels ja` heads the csv in Japanese.
RECORD_KEYS = {
    "id": "事案ID",
    "title": "件名",
    "occurred": "発生日",
    "occurred_first": "発生日（初日）",
    "occurred_last": "発生日（末日）",
    "occurred_label": "発生日（和暦）",
    "unit_kind": "所属",
    "department": "担当課",
    "category": "事案の分類",
    "medium": "媒体",
    "persons_actual": "実人数",
    "persons_total": "延べ人数",
    "persons_text": "本人の数",
    "publication": "公表",
    "ppc_required": "委員会への報告",
    "status": "状態",
}


def occurred_iso(when: When | None) -> str | None:
    """ISO 8601 as precise as the case: 2025-04-25, 2025-04 (a month), 2023-11-09/2023-11-10 (a range)."""
    if when is None:
        return None
    return when.start.iso() if when.end is None else f"{when.start.iso()}/{when.end.iso()}"


def list_row(case: Case, ppc_required: bool) -> tuple[tuple[str, ...], tuple[str | int | bool | None, ...]]:
    """The row of `list` for a case (COLUMNS order) and its typed row of `list --format json/csv` (RECORD_KEYS order),
    made where the case is read (see Facts): the texts they share are made once."""
    when = case.occurred
    occurred = when.short() if when else ""
    unit_kind = str(case.unit_kind) if case.unit_kind else ""
    department = case.department or ""
    category = str(case.category) if case.category else ""
    people = persons_text(case)
    publication = str(case.publication.mode) if case.publication else ""
    status = str(case.status)
    cells = (
        occurred,
        case.id,
        case.title or "",
        unit_kind,
        department,
        category,
        people,
        publication,
        "要" if ppc_required else "",
        status,
    )
    persons = case.persons
    actual = persons.actual if persons is not None and isinstance(persons.actual, int) else None
    total: int | None = None
    if persons is not None:
        total = persons.total if isinstance(persons.total, int) else (actual if persons.total is None else None)
    record = (
        case.id,
        case.title,
        occurred_iso(when),
        when.first_day.isoformat() if when else None,
        when.last_day.isoformat() if when else None,
        occurred or None,
        unit_kind or None,
        department or None,
        category or None,
        str(case.medium) if case.medium else None,
        actual,
        total,
        people or None,
        publication or None,
        ppc_required,
        status,
    )
    return cells, record


def persons_text(case: Case) -> str:
    """150名分（延べ人数201名分）, as the seeds write it."""
    persons = case.persons
    if persons is None:
        return ""
    if persons.actual == "不明":
        return "不明"
    text = f"{persons.actual:,}名分"
    if persons.total is not None and persons.total != persons.actual:
        total = persons.total if persons.total == "不明" else f"{persons.total:,}名分"
        text += f"（延べ人数{total}）"
    return text
