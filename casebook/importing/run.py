"""The whole import: the table read, every row made into a checked case file in memory, then all written or none.

Rows above the header (the title) and the rows after the table (notes, the non-public criteria, the summary
tables) are skipped and each is named; so is a row that divides the cases by month (【4月】, ５月分, 令和7年4月)
alone in its row. A row whose 発生日 and NO are empty right after a case is the rest of that
case (`report --format xlsx` continues a case taller than a row can be in the rows below). A row that cannot be
read stops the import, with every such place named (sheet, row, column, and why), and nothing is written.

A case's id is its 発生日, its place among that day's rows and a digest of its cells: importing the same table
again finds every case already there (whatever file it is in) and writes nothing; --force rewrites them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from casebook.authoring.scaffold import case_folder
from casebook.domain.jpdate import japan_today
from casebook.domain.parts import BULLET
from casebook.domain.periods import Period, parse_period
from casebook.errors import CasebookError, WriteError
from casebook.importing.building import Draft, RowReader, case_ids, says_non_public
from casebook.importing.dividers import find_divider
from casebook.importing.header import Header, find_header, parse_maps
from casebook.importing.parsing import text_of
from casebook.importing.sheet import Sheet, column_letter, read_sheet
from casebook.importing.writing import canonical_bytes, draft_text
from casebook.reading.findings import display_path
from casebook.rules.completeness import PROVISIONAL_TITLE_RULE
from casebook.safety.quoting import quote, withholding
from casebook.settings.config import Casebook, Config
from casebook.settings.report import DEFAULT_TITLES, ReportField

EXCERPT = 30  # characters of a skipped row quoted in the output
_DATE_FIELDS = (ReportField.OCCURRED, ReportField.OCCURRED_DISCOVERED, ReportField.DISCOVERED, ReportField.REPORTED)
_IMPORTED_ID = re.compile(r"^(?P<day>[0-9]{4}-[0-9]{2}-[0-9]{2})-[0-9]{2,}-(?P<digest>[0-9a-z]{6})$")


class ImportRefused(CasebookError):
    """Rows that cannot become case files: every one named, nothing written."""

    exit_code = 1

    def __init__(self, problems: list[str]) -> None:
        listed = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"読めない箇所が{len(problems)}件あるため、取り込みませんでした（ファイルは1つも書いていません）:\n{listed}")
        self.problems = problems


@dataclass
class Planned:
    """One case file to write."""

    row: int
    case_id: str
    path: Path
    data: bytes
    existing: Path | None = None  # the file the same case is in already
    warnings: list[str] = field(default_factory=list)  # what check warns of in it


@dataclass
class Plan:
    sheet: Sheet
    header: Header
    files: list[Planned]
    skipped: list[str]  # 「1行目「○県の…」」
    continued: list[str]  # rows read as the rest of the case above
    dividers: list[str]  # 「12行目: 区切りの行（【4月】）として読み飛ばしました」
    inferred: list[str]  # 「7行目: 事案の分類「誤送付」（…）」
    unknown: list[str]  # 「7行目: 漏えいの区分（表にない）」
    unread_values: list[str]  # columns without a header that hold values
    made_titles: list[str]  # 「4行目」: cases whose 件名 the import made (【仮の件名】…)

    @property
    def new(self) -> list[Planned]:
        return [f for f in self.files if f.existing is None]

    @property
    def existing(self) -> list[Planned]:
        return [f for f in self.files if f.existing is not None]


def _skipped(number: int, values: tuple[Any, ...], config: Config) -> str:
    """「7行目「…」」: a row not read, quoted in part; not at all when a cell says 非公表 (as a case's row is withheld)."""
    texts = [text_of(v) for v in values if v is not None]
    text = " ".join(" ".join(t.split()) for t in texts)
    with withholding(says_non_public(texts, config)):
        return f"{number}行目{quote(text if len(text) <= EXCERPT else text[:EXCERPT] + '…')}"


def _divided(sheet: Sheet, number: int, values: tuple[Any, ...], header: Header) -> tuple[str, bool] | None:
    """A divider row's line in the output, and whether it stops the import (it holds more than the divider)."""
    divider = find_divider(values)
    if divider is None or (divider[1] and _kind(values, header, None) == "case"):
        return None
    text, others = divider
    if others:  # never passed over with what else the row says
        where = sheet.where(number, others[0] + 1)
        return (
            f"{where}: 区切りの行（{text}）のようですが、ほかのセルにも書かれているため読み飛ばせません（区切りの行には月だけを書いてください）",
            True,
        )
    return f"{number}行目: 区切りの行（{text}）として読み飛ばしました", False


def _cell(values: tuple[Any, ...], header: Header, report_field: ReportField) -> Any:
    column = header.column(report_field)
    return values[column.index] if column is not None and column.index < len(values) else None


_TEXT_FIELDS = frozenset(
    {
        ReportField.SUMMARY,
        ReportField.CAUSES,
        ReportField.RESPONSES,
        ReportField.MEASURES,
        ReportField.REMARKS,
        ReportField.TITLE,
        ReportField.DEPARTMENT,
    }
)


def _kind(values: tuple[Any, ...], header: Header, case_above: tuple[Any, ...] | None) -> str:
    """case | continued | blank | note.

    A row right under a case is the rest of that case when it repeats the case's NO and short cells (NO, 所属,
    発生日…) or leaves them empty, and has text only in the text columns: `report --format xlsx` goes on with a
    case taller than a page in the rows below it, repeating NO/所属/発生日; offices merge NO over such rows.
    A row that names its own 担当課 or 件名, another than the case above has, is a case of its own.
    """
    if all(v is None for v in values):
        return "blank"
    number = text_of(_cell(values, header, ReportField.NUMBER))
    dated = any(_cell(values, header, f) is not None for f in _DATE_FIELDS)
    filled = {c.field for c in header.columns if c.index < len(values) and values[c.index] is not None}
    unread = any(v is not None for i, v in enumerate(values) if i not in {c.index for c in header.columns})
    if (
        case_above is not None
        and header.column(ReportField.NUMBER) is not None
        and not unread
        and not _names_another(values, header, case_above)
    ):
        short = [c for c in header.columns if c.field not in _TEXT_FIELDS]
        repeated = number and all(_value(values, c.index) == _value(case_above, c.index) for c in short)
        if repeated or (not number and not dated and filled <= _TEXT_FIELDS):
            return "continued"
    if number.isdigit() or dated or ReportField.SUMMARY in filled:
        return "case"
    return "note"


def _names_another(values: tuple[Any, ...], header: Header, case_above: tuple[Any, ...]) -> bool:
    """The row has a 担当課 or 件名 of its own that is not the one of the case above."""
    for report_field in (ReportField.DEPARTMENT, ReportField.TITLE):
        own = text_of(_cell(values, header, report_field))
        if own and own != text_of(_cell(case_above, header, report_field)):
            return True
    return False


def _value(values: tuple[Any, ...] | list[Any], index: int) -> Any:
    return values[index] if index < len(values) else None


def _continue(rows: list[tuple[int, list[Any]]], values: tuple[Any, ...], header: Header) -> None:
    """The cells of a continuation row added to the case above.

    The report goes on with a cell's lines where a row ends, mid-paragraph or not; a part that starts with an
    item (「・」) starts a line of its own, any other goes on the line before.
    """
    last = rows[-1][1]
    for column in header.columns:
        if column.field in _TEXT_FIELDS and column.index < len(values) and values[column.index] is not None:
            while len(last) <= column.index:
                last.append(None)
            before, more = last[column.index], text_of(values[column.index])
            if before is None:
                last[column.index] = values[column.index]
            else:
                last[column.index] = text_of(before) + ("\n" if more.startswith((BULLET, "\u3000" + BULLET)) else "") + more


def _year(text: str | None, book: Casebook) -> Period | None:
    return parse_period(text, book.config.fiscal_year_start_month) if text else None


def plan_import(
    book: Casebook,
    path: Path,
    *,
    sheet_name: str | None = None,
    maps: list[str] | None = None,
    year: str | None = None,
    today: date | None = None,
    folder: Path | None = None,
) -> Plan:
    """Every case file the table makes, checked; ImportRefused naming every place that cannot be read."""
    today = today or japan_today()
    shown = str(path)  # as the user typed it
    fiscal_year = _year(year, book)
    sheet = read_sheet(path, shown, sheet_name)
    header = find_header(sheet, book.config, parse_maps(maps or [], book.config))
    _require(header, sheet)
    skipped = [_skipped(number, values, book.config) for number, values in sheet.rows[: header.position] if any(values)]
    rows: list[tuple[int, list[Any]]] = []
    continued: list[str] = []
    dividers: list[str] = []
    problems: list[str] = []
    ended_at: str | None = None  # 「12行目 A列」: where the note that ends the table is
    case_above: tuple[Any, ...] | None = None  # the row of the case just above, as the sheet has it
    for number, values in sheet.rows[header.position + 1 :]:
        divided = _divided(sheet, number, values, header)
        if divided is not None:
            line, refused = divided
            (problems if refused else dividers).append(line)
            case_above = None
            continue
        if ended_at is not None:
            if _kind(values, header, None) == "case":  # a date, 事案の概要 or a NO: never passed over unsaid
                problems.append(
                    f"{sheet.where(number)}: 表の後（{ended_at}の注記より下）にあるため読めません。事案の行なら間の注記の行を消してください"
                )
            elif any(v is not None for v in values):
                skipped.append(_skipped(number, values, book.config))
            continue
        kind = _kind(values, header, case_above)
        if kind in ("blank", "note"):
            case_above = None
        elif kind == "case":
            case_above = values
        if kind == "case":
            rows.append((number, list(values)))
        elif kind == "continued":
            _continue(rows, values, header)
            continued.append(f"{number}行目（{rows[-1][0]}行目の続き）")
        elif kind == "note":
            ended_at = f"{number}行目 {column_letter(next(i for i, v in enumerate(values) if v is not None) + 1)}列"
            skipped.append(_skipped(number, values, book.config))
    drafts = _drafts(rows, sheet, header, RowReader(header, book.config, fiscal_year), problems)
    if not rows and not problems:
        raise ImportRefused([f"{sheet.where(header.row)}: 見出しの下に事案の行がありません"])
    problems += _repeated(drafts, sheet)
    if problems:
        raise ImportRefused(problems)
    files = _files(drafts, sheet, book, today, problems=problems, folder=case_folder(book, folder))
    if problems:
        raise ImportRefused(problems)
    return Plan(
        sheet,
        header,
        files,
        skipped,
        continued,
        dividers,
        inferred=[f"{d.row}行目: {item}" for d in drafts for item in d.inferred],
        unknown=[f"{d.row}行目: {item}" for d in drafts for item in d.unknown],
        made_titles=[f"{d.row}行目" for d in drafts if d.made_title],
        unread_values=_unread_values(rows, header),
    )


def _drafts(rows: list[tuple[int, list[Any]]], sheet: Sheet, header: Header, reader: RowReader, problems: list[str]) -> list[Draft]:
    """Each case row read as a draft; what cannot be read added to `problems`, at its sheet, row and column."""
    drafts = []
    for number, cells in rows:
        draft, row_problems = reader.read(number, tuple(cells))
        problems += [f"{sheet.where(number, None if i is None else i + 1)}{_label(header, i)}: {why}" for i, why in row_problems]
        drafts.append(draft)
    return drafts


def _label(header: Header, index: int | None) -> str:
    column = next((c for c in header.columns if c.index == index), None)
    return f"（{column.label}）" if column is not None else ""


def _require(header: Header, sheet: Sheet) -> None:
    missing = []
    if header.column(ReportField.SUMMARY) is None:
        missing.append(DEFAULT_TITLES[ReportField.SUMMARY])
    if header.column(ReportField.OCCURRED) is None and header.column(ReportField.OCCURRED_DISCOVERED) is None:
        missing.append(DEFAULT_TITLES[ReportField.OCCURRED])
    if missing:
        names = "・".join(f"「{m}」" for m in missing)
        raise ImportRefused(
            [
                f"{sheet.where(header.row)}: 見出しに{names}の列がありません（別の見出しなら --map 見出し={'|'.join(missing)} のように指定してください）"
            ]
        )


def _repeated(drafts: list[Draft], sheet: Sheet) -> list[str]:
    first: dict[tuple[Any, str], Draft] = {}
    problems = []
    for draft in drafts:
        key = (draft.day, draft.digest)
        if key in first:
            problems.append(
                f"{sheet.where(draft.row)}: {first[key].row}行目と同じ内容です（同じ事案が2回書かれていないか確かめてください）"
            )
        else:
            first[key] = draft
    return problems


def _unread_values(rows: list[tuple[int, list[Any]]], header: Header) -> list[str]:
    """Columns with values in the cases' rows and no header: said, never read silently."""
    read = {c.index for c in header.columns}
    labelled = {letter for letter, _ in (*header.unused, *header.left_out)}
    found: dict[int, int] = {}
    for number, values in rows:
        for index, value in enumerate(values):
            if value is not None and index not in read and column_letter(index + 1) not in labelled:
                found.setdefault(index, number)
    return [f"{column_letter(i + 1)}列（見出しなし。{n}行目など）" for i, n in sorted(found.items())]


def _existing_files(book: Casebook) -> tuple[dict[str, Path], dict[tuple[str, str], Path]]:
    from casebook.reading.discovery import discover

    by_id: dict[str, Path] = {}
    by_digest: dict[tuple[str, str], Path] = {}
    if not book.cases_dir.is_dir():
        return by_id, by_digest
    for path in discover([book.cases_dir], book.root).files:
        by_id[path.stem.casefold()] = path
        if match := _IMPORTED_ID.match(path.stem):
            by_digest[(match["day"], match["digest"])] = path
    return by_id, by_digest


def _files(drafts: list[Draft], sheet: Sheet, book: Casebook, today: date, *, problems: list[str], folder: Path) -> list[Planned]:
    by_id, by_digest = _existing_files(book)
    files = []
    for draft, made_id in zip(drafts, case_ids(drafts), strict=True):
        existing = by_digest.get((draft.day.isoformat() if draft.day else "", draft.digest)) or by_id.get(made_id.casefold())
        case_id = existing.stem if existing is not None else made_id
        path = existing or folder / f"{case_id}.yaml"
        source = f"casebook import: {sheet.where(draft.row)}から"
        data, findings = canonical_bytes(path, draft_text(draft, case_id, path, book, source), book, today)
        errors = [f for f in findings if f.severity == "error"]
        for finding in errors:
            field = f"{finding.field}: " if finding.field else ""
            problems.append(f"{sheet.where(draft.row)}: {field}{finding.message}")
        # the import names the rows whose 件名 it made, in one line (plan.made_titles), rather than each file's warning
        warnings = [
            f"{f.field}: {f.message}" if f.field else f.message
            for f in findings
            if f.severity != "error" and f.rule != PROVISIONAL_TITLE_RULE
        ]
        files.append(Planned(draft.row, case_id, path, data, existing, warnings))
    return files


def write_plan(plan: Plan, force: bool = False) -> list[Planned]:
    """Write the new files (and with `force` the existing ones again); all or none: a failed write removes those written."""
    from casebook.safety.atomic import write_bytes

    chosen = plan.files if force else plan.new
    written: list[Planned] = []
    try:
        for planned in chosen:
            write_bytes(planned.path, planned.data, force=force and planned.existing is not None, replaceable=True)
            written.append(planned)
    except WriteError:
        for done in written:
            if done.existing is None:
                done.path.unlink(missing_ok=True)
        raise
    return written


def shown_path(planned: Planned, book: Casebook) -> str:
    return display_path(planned.path, book.root)
