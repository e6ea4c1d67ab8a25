"""`casebook list` and `casebook show`: cases as rows, one case as labelled text."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from casebook.documents.writers.csvfile import csv_text
from casebook.domain.case import Case
from casebook.domain.jpdate import Moment, When
from casebook.domain.parts import NestedText
from casebook.domain.periods import Period
from casebook.domain.ppc import CALENDAR_DAYS_NOTE, assess, due_text
from casebook.queries.records import COLUMNS, RECORD_KEYS, persons_text
from casebook.safety.inert import json_flat_items
from casebook.settings.config import Config

if TYPE_CHECKING:
    from casebook.queries.facts import Facts


Record = dict[str, str | int | bool | None]


def wanted(
    period: Period | None = None,
    unit: str | None = None,
    category: str | None = None,
    public_only: bool = False,
    *,
    unit_kind: str | None = None,
    department: str | None = None,
) -> Callable[[Facts], bool]:
    """Whether a case is of a period, 所属 (unit_kind), 担当課 (department), category, and public if asked.

    `unit` is the old filter (`list --unit`, deprecated): 所属 or 担当課.
    """

    def test(e: Facts) -> bool:
        return (
            (period is None or (e.basis is not None and e.basis in period))
            and (not unit or unit in (e.unit_kind, e.department))
            and (not unit_kind or e.unit_kind == unit_kind)
            and (not department or e.department == department)
            and (not category or e.category == category)
            and (not public_only or e.is_public)
        )

    return test


def select(
    entries: Iterable[Facts],
    period: Period | None = None,
    unit: str | None = None,
    category: str | None = None,
    public_only: bool = False,
    *,
    unit_kind: str | None = None,
    department: str | None = None,
) -> list[Facts]:
    """The cases of a period, 所属, 担当課, category, and public ones only if asked, in 発生日 order."""
    test = wanted(period, unit, category, public_only, unit_kind=unit_kind, department=department)
    return sorted((e for e in entries if test(e)), key=lambda e: e.sort_key)


def render_rows(rows: list[Record], fmt: str, bom: bool = True, labels: str = "keys") -> str:
    return "".join(row_chunks(rows, fmt, bom, labels))


ROWS_PER_CHUNK = 1000


def _csv_value(value: str | int | bool | None) -> str | int:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def row_chunks(rows: Iterable[Record], fmt: str, bom: bool = True, labels: str = "keys") -> Iterator[str]:
    """The records (RECORD_KEYS) as json or csv, a piece at a time: 10^5 rows made into one text take hundreds of MB.

    The pieces joined are exactly json_text(rows) (indent 2), or the csv of the rows under a header line of
    the keys (`labels` "ja": the Japanese names), UTF-8 with a BOM unless `bom` is off, CRLF (RFC 4180).
    """
    if fmt == "json":
        started = False
        remaining = iter(rows)
        while chunk := list(islice(remaining, ROWS_PER_CHUNK)):
            yield ("[\n  " if not started else ",\n  ") + json_flat_items(chunk)
            started = True
        yield "\n]" if started else "[]"
        return
    yield csv_text([list(RECORD_KEYS.values() if labels == "ja" else RECORD_KEYS)], bom=bom)
    batch: list[list[str | int]] = []
    for row in rows:
        batch.append([_csv_value(row[key]) for key in RECORD_KEYS])
        if len(batch) == ROWS_PER_CHUNK:
            yield csv_text(batch, bom=False)
            batch = []
    if batch:
        yield csv_text(batch, bom=False)


TABLE_COLUMNS = ("occurred", "id", "unit_kind", "category", "persons", "publication", "ppc_required")
TABLE_ROWS = 100  # rich measures and wraps every cell (seconds per thousand rows); csv/json carry every row


def _shared_widths(natural: list[int], room: int) -> list[int | None]:
    """Widths for columns that must share `room` cells: as they are when they fit, else shrunk in proportion.

    Rich cannot break a Japanese word (it has no spaces), so it would overflow the terminal instead.
    """
    if sum(natural) <= room:
        return [None] * len(natural)
    total = sum(natural)
    return [max(4, room * width // total) for width in natural]


def rich_table(rows: list[dict[str, str]], title: str, width: int | None = None, total: int | None = None) -> Any:
    """The terminal table, `width` cells wide at most: the columns that fit a terminal, and the first TABLE_ROWS
    rows (of `total`); csv/json carry every column and every row.

    An id is what a clerk copies into show and render, so it is never wrapped: its column is as wide
    as the longest id, and the title is written under the id, wrapped in the same column.
    """
    from rich.cells import cell_len

    from casebook.documents.writers.terminal import InertTable

    headers = {"id": "事案ID・件名", "ppc_required": "委員会報告", "persons": "本人の数", "category": "分類"}
    cells = [{**item, "id": f"{item['id']}\n{item['title']}" + ("（調査中）" if item["status"] == "調査中" else "")} for item in rows]
    longest_id = max((len(item["id"]) for item in rows), default=0)
    fixed = {"occurred": max((cell_len(item["occurred"]) for item in rows), default=0), "id": longest_id}
    shared = [key for key in TABLE_COLUMNS if key not in fixed]
    natural = [max([cell_len(headers.get(key, COLUMNS[key])), *(cell_len(item[key]) for item in rows)]) for key in shared]
    room = (width or 10_000) - sum(fixed.values()) - 3 * len(TABLE_COLUMNS) - 1  # padding and borders
    widths = dict(zip(shared, _shared_widths(natural, room), strict=True))
    rows = rows[:TABLE_ROWS]
    rest = (len(rows) if total is None else total) - len(rows)
    caption = f"先頭の{len(rows)}件を表示しました。ほか{rest:,}件を含む全件は --format csv か json で出せます" if rest > 0 else None
    table = InertTable(title=title, caption=caption)
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
