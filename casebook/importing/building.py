"""A row of the table as the data of a finished case file (状態: 確定), with a comment on each value it did not read.

The cells are read back as the report words them (casebook.cells): a cell that says what casebook.yaml's
withheld_text says (非公表, ―, 不明) is that fact withheld. What the table has no column for is recorded as
withheld: 不明, so that `check` accepts the case and `report` prints it as the table did; 事案の分類, 媒体 and
漏えいの区分 are first looked for in the text (casebook.importing.inference) and marked as inferred; 件名, which
cannot be withheld, is made from the date and the 分類 and starts with 【仮の件名】. Every such value has a comment
saying so, for the clerk to confirm.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any

from casebook.domain.case import PROVISIONAL_TITLE, Case
from casebook.domain.jpdate import parse_when
from casebook.domain.vocabularies import Category, Certainty, DefinedEnum, Medium, Presence, PublicationMode, Status, UnitKind, Withholding
from casebook.importing import parsing
from casebook.importing.header import Header, ImportOnly, Target
from casebook.importing.inference import Inferred, infer, infer_certainty
from casebook.importing.parsing import CellProblem
from casebook.safety.inert import visible
from casebook.safety.quoting import MAX_QUOTED, quote, withholding
from casebook.safety.secrecy import NON_PUBLIC
from casebook.settings.config import Config
from casebook.settings.report import DEFAULT_TITLES, ReportField

DRAFT_MARK = "【調査中】"  # the report's mark on a draft's 事案の概要
INFERRED = "casebook import が推定。確かめてください"
NOT_IN_TABLE = "表にないため不明として記録（casebook import）。分かれば記入して、この行を消してください"

_ENUMS: dict[ReportField, tuple[str, type[DefinedEnum]]] = {
    ReportField.UNIT_KIND: ("unit_kind", UnitKind),
    ReportField.CATEGORY: ("category", Category),
    ReportField.MEDIUM: ("medium", Medium),
}
_LISTS = {ReportField.CAUSES: "causes", ReportField.RESPONSES: "responses", ReportField.MEASURES: "measures"}
# Facts a finished case needs that a column may carry; without one they are withheld as 不明.
_WITHHELD_WHEN_MISSING = {
    "unit_kind": ReportField.UNIT_KIND,
    "persons": ReportField.PERSONS,
    "causes": ReportField.CAUSES,
    "responses": ReportField.RESPONSES,
    "secondary_damage": ReportField.SECONDARY_DAMAGE,
    "measures": ReportField.MEASURES,
}
# Facts looked for in 事案の概要 and 発生原因 when the table has no column for them; without a word for them, 不明.
_INFERRED_FIELDS: dict[str, tuple[ReportField, Callable[[list[str]], Inferred | None]]] = {
    "category": (ReportField.CATEGORY, partial(infer, Category)),
    "medium": (ReportField.MEDIUM, partial(infer, Medium)),
    "certainty": (ReportField.CERTAINTY, infer_certainty),
}
_ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32, as `new` makes ids


@dataclass
class Draft:
    """A case made from one row, before it has an id (the id needs the other rows of its day)."""

    row: int
    number: int | None  # the row's NO, which orders the rows of one day
    data: dict[str, Any] = field(default_factory=dict)
    comments: dict[tuple[str, ...], str] = field(default_factory=dict)  # end-of-line comments, by the key's path
    inferred: list[str] = field(default_factory=list)  # 「事案の分類「誤送付」（「誤って…郵送」から）」
    unknown: list[str] = field(default_factory=list)  # labels withheld as 不明 because nothing said them
    digest: str = ""
    day: date | None = None
    made_title: bool = False  # 件名 made by the import (the table has none), marked PROVISIONAL_TITLE
    secret: bool = False  # a non-public case (or one a cell says 非公表 in): messages quote none of its text

    def withhold(self, name: str, reason: Withholding, comment: str | None = None) -> None:
        self.data.setdefault("withheld", {})[name] = str(reason)
        if comment:
            self.comments[("withheld", name)] = comment

    def ordered(self) -> dict[str, Any]:
        """The data in the model's order of fields (the schema's, as `fmt` puts them)."""
        return {key: self.data[key] for key in Case.model_fields if key in self.data}


def _withholding(text: str, config: Config) -> Withholding | None:
    """The reason a cell's text stands for (casebook.yaml's withheld_text), if any."""
    shown = config.withheld_text
    for reason in Withholding:
        if shown.text(reason) and text == shown.text(reason):
            return reason
    return None


def says_non_public(texts: Iterable[str], config: Config) -> bool:
    """Whether a row's cells make its text unquotable: 非公表 in a cell that is not a withheld fact (所属: 非公表)."""
    return any(NON_PUBLIC in unicodedata.normalize("NFKC", text) for text in texts if _withholding(text, config) is None)


def _blank_reason(config: Config) -> Withholding | None:
    """The reason an empty cell stands for, when casebook.yaml words one as blank."""
    return next((reason for reason in Withholding if config.withheld_text.text(reason) == ""), None)


def digest_of(data: dict[str, Any]) -> str:
    """Six characters that change when what the row says changes (its NO aside): the row's part of its id.

    Made from the values read, not the cells' text: a date cell and the same date as text (a csv) are one case.
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    number = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")
    return "".join(_ID_ALPHABET[(number >> (5 * i)) & 31] for i in range(6))


class RowReader:
    """Reads the rows of one table: its header's columns, casebook.yaml, and the fiscal year of --year."""

    def __init__(self, header: Header, config: Config, year: Any = None) -> None:
        self.header = header
        self.config = config
        self.year = year
        self.style = config.date_style

    def read(self, row: int, values: tuple[Any, ...]) -> tuple[Draft, list[tuple[int | None, str]]]:
        """The draft of a row and its problems: (column index or None, the reason in Japanese)."""
        cells: dict[Target, tuple[int, Any]] = {}
        for column in self.header.columns:
            value = values[column.index] if column.index < len(values) else None
            cells[column.field] = (column.index, value)
        texts = {name: parsing.text_of(value) for name, (_, value) in cells.items()}
        number = _number(cells.get(ReportField.NUMBER, (0, None))[1])
        draft = Draft(row, number)
        # 非公表 in a cell that is not a withheld fact (所属: 非公表) makes the row's text unquotable, as check does
        draft.secret = says_non_public(texts.values(), self.config)
        problems: list[tuple[int | None, str]] = []
        with withholding(draft.secret):
            for report_field, (index, value) in cells.items():
                try:
                    self._cell(draft, report_field, value, texts[report_field])
                except CellProblem as problem:
                    problems.append((index, str(problem)))
            if not problems:
                draft.digest = digest_of(draft.data)
                self._complete(draft, problems)
        return draft, problems

    def _cell(self, draft: Draft, report_field: Target, value: Any, text: str) -> None:
        data = draft.data
        if report_field == ReportField.NUMBER:
            return
        if report_field == ImportOnly.PUBLICATION:
            if text:
                mode, criterion = parsing.publication_value(text)
                publication = data.setdefault("publication", {})
                publication["mode"] = mode
                if criterion is not None:
                    publication["criterion"] = criterion
            return
        if report_field in (ReportField.OCCURRED, ReportField.DISCOVERED, ReportField.REPORTED):
            if text:
                name = str(report_field)
                data[name] = parsing.date_text(value, period=name == "occurred", style=self.style, year=self.year)
            return
        if report_field == ReportField.OCCURRED_DISCOVERED:
            self._occurred_discovered(draft, value, text)
            return
        if report_field in (ReportField.TITLE, ReportField.DEPARTMENT):
            if text:
                data[str(report_field)] = text
            return
        if report_field == ReportField.SUMMARY:
            if text.startswith(DRAFT_MARK):
                data["status"] = str(Status.DRAFT)
                text = text.removeprefix(DRAFT_MARK)
            if text:
                data["summary"] = text
            return
        if report_field == ReportField.REMARKS:
            remarks = parsing.remarks_value(text, self.style) if text else parsing.Remarks(None, None)
            if remarks.published:
                publication = data.setdefault("publication", {})
                publication.setdefault("mode", str(PublicationMode.INDIVIDUAL))
                publication["date"] = remarks.published
            if remarks.text:
                data["remarks"] = remarks.text
            return
        if isinstance(report_field, ReportField):
            self._fact(draft, report_field, value, text)

    def _occurred_discovered(self, draft: Draft, value: Any, text: str) -> None:
        """発生日 with （判明日） below it when that is another day."""
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        last = lines[-1] if lines else ""
        if last.startswith(("（", "(")) and last.endswith(("）", ")")):
            draft.data["discovered"] = parsing.date_text(last[1:-1], period=False, style=self.style, year=self.year)
            lines = lines[:-1]
        if lines:
            first: Any = value if len(lines) == 1 and not isinstance(value, str) else "\n".join(lines)
            draft.data["occurred"] = parsing.date_text(first, period=True, style=self.style, year=self.year)

    def _fact(self, draft: Draft, report_field: ReportField, value: Any, text: str) -> None:
        """A fact that may be withheld: its value, or the reason the cell words."""
        name = {ReportField.PERSONS: "persons", ReportField.PERSONS_TOTAL: "persons"}.get(report_field, str(report_field))
        reason = _withholding(text, self.config) if text else _blank_reason(self.config)
        special_unknown = text == "不明" and report_field in (ReportField.PERSONS, ReportField.PERSONS_TOTAL, ReportField.SECONDARY_DAMAGE)
        if reason is not None and not special_unknown:
            if report_field != ReportField.PERSONS_TOTAL:
                draft.withhold(name, reason)
            return
        if not text:
            if report_field != ReportField.PERSONS_TOTAL:
                draft.withhold(name, Withholding.UNKNOWN, "表のセルが空欄のため不明として記録（casebook import）")
                draft.unknown.append(f"{_label(name)}（空欄）")
            return
        if report_field in (ReportField.PERSONS, ReportField.PERSONS_TOTAL):
            count = parsing.count_value(value)
            persons = draft.data.setdefault("persons", {})
            persons["actual" if report_field == ReportField.PERSONS else "total"] = count
        elif report_field in _LISTS:
            items = parsing.list_items(text)
            draft.data[_LISTS[report_field]] = items[0] if len(items) == 1 and isinstance(items[0], str) else items
        elif report_field == ReportField.SECONDARY_DAMAGE:
            self._damage(draft, text)
        elif report_field == ReportField.CERTAINTY:
            self._enum(draft, "certainty", Certainty, text, DEFAULT_TITLES[report_field])
        else:
            key, enum = _ENUMS[report_field]
            self._enum(draft, key, enum, text, DEFAULT_TITLES[report_field])

    def _enum(self, draft: Draft, key: str, enum: type[DefinedEnum], text: str, label: str) -> None:
        normal = unicodedata.normalize("NFKC", text).strip()
        if normal in enum._value2member_map_:
            draft.data[key] = normal
            return
        found = infer(enum, [text])
        if found is None:
            allowed = "、".join(m.value for m in enum)
            hint = "。担当課の名前なら --map 見出し=department で担当課として読めます" if key == "unit_kind" else ""
            raise CellProblem(f"{label}{quote(text)}は使えません（次のいずれか: {allowed}{hint}）")
        draft.data[key] = str(found.value)
        draft.comments[(key,)] = f"表の{_said(text)}から（{INFERRED}）"
        if key == "unit_kind":  # the cell named the office (○○総合事務所): kept as the 担当課
            draft.data.setdefault("department", text)
        draft.inferred.append(f"{_label(key)}{quote(str(found.value))}（表の{quote(text)}から）")

    def _damage(self, draft: Draft, text: str) -> None:
        damage = parsing.damage_value(text)
        if damage is None:
            found = infer(Presence, [text])
            if found is None or found.value == Presence.YES:
                raise CellProblem(f"二次被害の有無{quote(text)}は読めません（無、不明、有（内容） のいずれかの形で）")
            damage = parsing.Damage(str(found.value))
        draft.data["secondary_damage"] = {"status": damage.status, **({"detail": damage.detail} if damage.detail else {})}

    def _complete(self, draft: Draft, problems: list[tuple[int | None, str]]) -> None:
        """What a finished case needs and the row did not give: made, inferred or withheld as 不明, each with its comment."""
        data = draft.data
        columns = {column.field for column in self.header.columns}
        if "summary" not in data:
            problems.append((_index(self.header, ReportField.SUMMARY), "事案の概要が空です（一覧表の行には事案の概要が必要です）"))
        if "occurred" not in data:
            where = _index(self.header, ReportField.OCCURRED) or _index(self.header, ReportField.OCCURRED_DISCOVERED)
            problems.append((where, "発生日が空です（報告書の期間と事案の順は発生日で決まります）"))
            return
        draft.day = parse_when(data["occurred"]).first_day
        data.setdefault("status", str(Status.FINAL))
        if "publication" not in data:
            data["publication"] = {"mode": str(PublicationMode.BATCH)}
            if ImportOnly.PUBLICATION not in columns:
                draft.comments[("publication",)] = (
                    "表に公表区分の列がなく、備考に個別公表の日もないため一括公表のみ（casebook import）。非公表の事案なら直してください"
                )
        if "date" in data["publication"] and data["publication"].get("mode") != PublicationMode.INDIVIDUAL:
            problems.append(
                (
                    _index(self.header, ReportField.REMARKS),
                    f"備考に個別公表の日がありますが、公表区分は{quote(data['publication']['mode'])}です",
                )
            )
        for key, (report_field, finder) in _INFERRED_FIELDS.items():
            if key in data or report_field in columns or _withheld(data, key):
                continue
            found = finder([data.get("summary", ""), _joined(data.get("causes"))])
            if found is None:
                draft.withhold(
                    key,
                    Withholding.UNKNOWN,
                    "表から推定できないため不明として記録（casebook import）。分かれば記入して、この行を消してください",
                )
                draft.unknown.append(f"{_label(key)}（推定できず）")
            else:
                data[key] = str(found.value)
                draft.comments[(key,)] = f"{_said(found.word)}から（{INFERRED}）"
                draft.inferred.append(f"{_label(key)}「{found.value}」（{quote(found.word)}から）")
        _delivered_on_paper(draft)
        for key, report_field in _WITHHELD_WHEN_MISSING.items():
            if report_field not in columns and key not in data and not _withheld(data, key):
                draft.withhold(key, Withholding.UNKNOWN, NOT_IN_TABLE)
        if "title" not in data:  # 件名 is required and cannot be withheld: one the body never wrote says it is not its own
            what = data.get("category") or "個人情報の漏えい等"
            data["title"] = f"{PROVISIONAL_TITLE}{parse_when(data['occurred']).start.long()}の{what}事案"
            draft.comments[("title",)] = (
                f"件名は表にないため仮に作りました（casebook import）。件名を決めたら{PROVISIONAL_TITLE}を消してください"
            )
            draft.made_title = True


def _delivered_on_paper(draft: Draft) -> None:
    """「FAXで…誤って送信」 found as 誤送信 is a 誤送付 (誤送信 is e-mail's; 誤送付 the post's and FAX's)."""
    data = draft.data
    if ("category",) in draft.comments and data.get("category") == Category.MISSENDING and data.get("medium") in (Medium.FAX, Medium.PAPER):
        data["category"] = str(Category.MISDELIVERY)
        draft.comments[("category",)] = f"{data['medium']}の誤送信は誤送付（{INFERRED}）"
        draft.inferred = [
            f"事案の分類「{Category.MISDELIVERY}」（{data['medium']}の誤送信）" if item.startswith("事案の分類") else item
            for item in draft.inferred
        ]


def missing_facts(header: Header) -> list[str]:
    """The labels of the facts a finished case needs that the table has no column for (withheld as 不明 in every case)."""
    columns = {column.field for column in header.columns}
    return [_label(key) for key, report_field in _WITHHELD_WHEN_MISSING.items() if report_field not in columns]


def _label(key: str) -> str:
    """The field's Japanese label, as the case model titles it (所属, 漏えいの区分…)."""
    return str(Case.model_fields[key].title)


def _said(text: str) -> str:
    """A cell's words in a comment of the case's own file: one line, shortened (the file holds the text anyway)."""
    line = visible(text, single_line=True)
    return f"「{line[:MAX_QUOTED] + '…' if len(line) > MAX_QUOTED else line}」"


def _withheld(data: dict[str, Any], key: str) -> bool:
    return key in data.get("withheld", {})


def _joined(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(item if isinstance(item, str) else item["text"] for item in value)
    return value or ""


def _index(header: Header, report_field: ReportField) -> int | None:
    column = header.column(report_field)
    return column.index if column is not None else None


def _number(value: Any) -> int | None:
    text = parsing.text_of(value)
    normal = unicodedata.normalize("NFKC", text).strip()
    return int(normal) if normal.isdigit() and len(normal) <= 9 else None


def case_ids(drafts: list[Draft]) -> list[str]:
    """Each draft's id: its day, its place among the rows of that day (NO order), and its digest.

    The place keeps the report's order of one day's cases (it sorts them by id); the digest makes the id
    the same whenever the same row is imported again.
    """
    order = sorted(range(len(drafts)), key=lambda i: (drafts[i].number is None, drafts[i].number or 0, drafts[i].row))
    seen: dict[str, int] = {}
    ids = [""] * len(drafts)
    for index in order:
        draft = drafts[index]
        day = draft.day.isoformat() if draft.day else "0000-00-00"
        seen[day] = seen.get(day, 0) + 1
        ids[index] = f"{day}-{seen[day]:02d}-{draft.digest}"
    return ids
