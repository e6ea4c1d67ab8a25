"""`casebook list` and `casebook show`: cases as rows, one case as labelled text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from casebook.config import Config
from casebook.documents.csvfile import csv_text
from casebook.inert import json_text
from casebook.jpdate import Moment, When
from casebook.model import Case, NestedText
from casebook.periods import Period
from casebook.ppc import CALENDAR_DAYS_NOTE, assess, due_text

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


@dataclass(frozen=True)
class Entry:
    """What `list` needs of a case, made by the worker that read it (far smaller than the case)."""

    row: dict[str, str]
    basis: date | None  # the day that places the case in a period
    unit_kind: str
    department: str
    category: str
    public: bool
    sort_key: tuple[Any, ...]


def entry(case: Case, config: Config) -> Entry:
    return Entry(
        row=row(case, config),
        basis=case.basis_date(str(config.period_basis)),
        unit_kind=str(case.unit_kind or ""),
        department=case.department or "",
        category=str(case.category or ""),
        public=case.is_public,
        sort_key=case.sort_key,
    )


def select(
    entries: Iterable[Entry],
    period: Period | None = None,
    unit: str | None = None,
    category: str | None = None,
    public_only: bool = False,
) -> list[Entry]:
    """The entries of a period, 所属 or 担当課, category, and public ones only if asked, in 発生日 order."""
    chosen = [
        e
        for e in entries
        if (period is None or (e.basis is not None and e.basis in period))
        and (not unit or unit in (e.unit_kind, e.department))
        and (not category or e.category == category)
        and (not public_only or e.public)
    ]
    return sorted(chosen, key=lambda e: e.sort_key)


def row(case: Case, config: Config) -> dict[str, str]:
    return {
        "occurred": case.occurred.short() if case.occurred else "",
        "id": case.id,
        "title": case.title or "",
        "unit_kind": str(case.unit_kind or ""),
        "department": case.department or "",
        "category": str(case.category or ""),
        "persons": persons_text(case),
        "publication": str(case.publication.mode) if case.publication else "",
        "ppc_required": "要" if assess(case, config).required else "",
        "status": str(case.status),
    }


def render_rows(rows: list[dict[str, str]], fmt: str) -> str:
    if fmt == "json":
        return json_text(rows)
    return csv_text([list(COLUMNS.values()), *([row[key] for key in COLUMNS] for row in rows)], bom=False, newline="\n")


TABLE_COLUMNS = ("occurred", "id", "unit_kind", "category", "persons", "publication", "ppc_required")


def _shared_widths(natural: list[int], room: int) -> list[int | None]:
    """Widths for columns that must share `room` cells: as they are when they fit, else shrunk in proportion.

    Rich cannot break a Japanese word (it has no spaces), so it would overflow the terminal instead.
    """
    if sum(natural) <= room:
        return [None] * len(natural)
    total = sum(natural)
    return [max(4, room * width // total) for width in natural]


def rich_table(rows: list[dict[str, str]], title: str, width: int | None = None) -> Any:
    """The terminal table, `width` cells wide at most: the columns that fit a terminal; csv/json carry every column.

    An id is what a clerk copies into show and render, so it is never wrapped: its column is as wide
    as the longest id, and the title is written under the id, wrapped in the same column.
    """
    from rich.cells import cell_len

    from casebook.documents.terminal import InertTable

    headers = {"id": "事案ID・件名", "ppc_required": "委員会報告", "persons": "本人の数", "category": "分類"}
    cells = [{**item, "id": f"{item['id']}\n{item['title']}" + ("（調査中）" if item["status"] == "調査中" else "")} for item in rows]
    longest_id = max((len(item["id"]) for item in rows), default=0)
    fixed = {"occurred": max((cell_len(item["occurred"]) for item in rows), default=0), "id": longest_id}
    shared = [key for key in TABLE_COLUMNS if key not in fixed]
    natural = [max([cell_len(headers.get(key, COLUMNS[key])), *(cell_len(item[key]) for item in rows)]) for key in shared]
    room = (width or 10_000) - sum(fixed.values()) - 3 * len(TABLE_COLUMNS) - 1  # padding and borders
    widths = dict(zip(shared, _shared_widths(natural, room), strict=True))
    table = InertTable(title=title)
    for key in TABLE_COLUMNS:
        table.add_column(
            headers.get(key, COLUMNS[key]),
            overflow="fold",
            no_wrap=key == "occurred",
            min_width=longest_id if key == "id" else None,
            width=widths.get(key),
        )
    for item in cells:
        table.add_row(*(item[key] for key in TABLE_COLUMNS))
    return table


def _value_text(value: Any) -> str | None:
    if value is None or value in ([], ""):
        return None
    if isinstance(value, (When, Moment)):
        return value.long(weekday=True)
    if isinstance(value, bool):
        return "該当" if value else None
    if isinstance(value, NestedText):
        return "\n".join([value.text, *(f"　・{item}" for item in value.items)])
    if isinstance(value, list):
        items = [text for text in map(_value_text, value) if text]
        return "\n".join(f"・{p}" if "\n" not in p else p for p in items)
    if isinstance(value, BaseModel):
        parts = []
        for name, info in type(value).model_fields.items():
            text = _value_text(getattr(value, name))
            if text:
                parts.append(f"{info.title}: {text}")
        return "、".join(parts) if all("\n" not in p for p in parts) else "\n".join(parts)
    return str(value)


def show_title(case: Case) -> str:
    """The title of `show`, marked when the case must not leave the office."""
    title = case.title or case.id
    if case.is_public:
        return title
    return f"【取扱注意（非公表）】{title}" if case.publication else f"【公表区分未定】{title}"


def show_lines(case: Case, config: Config, path: Path) -> list[tuple[str, str]]:
    """(label, text) pairs of one case for the terminal, Japanese labels, empty fields left out."""
    lines = [("ファイル", path.as_posix())]
    for name, info in Case.model_fields.items():
        if name == "persons" and case.persons is not None:
            text = persons_text(case) + (f"（{case.persons.who}）" if case.persons.who else "")
            if case.persons.note:
                text += f"\n{case.persons.note}"
            lines.append((info.title or name, text))
            continue
        if name == "timeline":
            text = "\n".join(f"{e.date.long(weekday=True)}　{e.event}" for e in case.timeline)
        elif name == "reports":
            text = "\n".join(
                f"{r.date.long(weekday=True) if r.date else '日付未記入'}　{r.recipient}へ{r.kind}" + (f"（{r.by}）" if r.by else "")
                for r in case.reports
            )
        else:
            text = _value_text(getattr(case, name)) or ""
        if text:
            lines.append((info.title or name, text))
    assessment = assess(case, config)
    if assessment.required:
        due = ""
        if assessment.preliminary_due and assessment.final_due:
            due = f"\n速報期限 {due_text(assessment.preliminary_due)}\n確報期限 {due_text(assessment.final_due)}\n{CALENDAR_DAYS_NOTE}"
        lines.append(("委員会への報告", f"必要: {'・'.join(assessment.reasons)}{due}"))
    else:
        lines.append(("委員会への報告", "不要"))
    return lines
