"""`casebook set ID FIELD=VALUE…`: edit fields of a case file in place, comments and layout kept.

FIELD is a path in the case file: `status`, `publication.date`, `reports[0].date` (`[-1]` is the last item).
`FIELD=VALUE` sets a field, `FIELD+=VALUE` adds an item to a list, `FIELD=` (nothing after =) removes it.
A text, a date or a choice (状態・分類…) is taken as written; numbers, true/false, mappings and lists are
written as in the file (YAML: `150`, `{kind: 速報, date: R7.5.27}`). The result is read back exactly as
`check` reads a file, and written (whole, atomically) only when check finds no error in it; otherwise the
file is left byte for byte as it was.
"""

from __future__ import annotations

import codecs
import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casebook.domain.case import Case
from casebook.domain.jpdate import japan_today
from casebook.domain.vocabularies import DateStyle
from casebook.editing import roundtrip
from casebook.editing.fields import Kind, Spec, case_spec, suggestion
from casebook.editing.formatting import canonical_value, canonicalise, insert_in_order, lost_marks, ruamel_error
from casebook.errors import CasebookError
from casebook.reading import yaml12
from casebook.reading.findings import Finding, display_path
from casebook.reading.messages import field_label
from casebook.safety.quoting import quote, withholding
from casebook.settings.config import Casebook

EXAMPLES = "例: status=確定、publication.date=R7.5.20、reports+={kind: 速報, date: R7.5.27}"
_ASSIGNMENT = re.compile(r"^(?P<path>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[-?[0-9]+\])*)(?P<op>\+?=)(?P<value>.*)$", re.S)
_PART = re.compile(r"\.?([A-Za-z_][A-Za-z0-9_]*)|\[(-?[0-9]+)\]")


class EditRefused(CasebookError):
    """A change that would leave a file check rejects: nothing is written; `findings` say why."""

    exit_code = 1

    def __init__(self, message: str, findings: list[Finding] | None = None) -> None:
        super().__init__(message)
        self.findings = findings or []


@dataclass(frozen=True)
class Assignment:
    path: tuple[str | int, ...]
    append: bool
    value: str | None  # None: remove the field
    written: str  # the path as the user wrote it


def parse_assignment(text: str) -> Assignment:
    """`publication.date=R7.5.20` as an assignment; a usage error (exit 2) for anything else."""
    match = _ASSIGNMENT.match(text)
    if match is None:
        raise CasebookError(f"{quote(text)}は「項目=値」の形で書いてください（{EXAMPLES}）")
    parts: list[str | int] = []
    for name, index in _PART.findall(match["path"]):
        parts.append(name if name else int(index))
    value: str | None = match["value"]
    if value == "" and match["op"] == "=":
        value = None
    elif value == "":
        raise CasebookError(f"{match['path']}+= の後に加える値を書いてください（{EXAMPLES}）")
    return Assignment(tuple(parts), match["op"] == "+=", value, match["path"])


def _value(text: str, spec: Spec, written: str) -> Any:
    """What the user typed for a field: as written for text, dates and choices; YAML for everything else."""
    if spec.is_textual or (spec.kind is Kind.TEXT_ITEM and not text.lstrip().startswith("{")):
        return text
    item = spec.item
    texts = spec.kind is Kind.LIST and item is not None and (item.is_textual or item.kind is Kind.TEXT_ITEM)
    if texts and item is not None and not text.lstrip().startswith("["):
        return text if item.kind is Kind.TEXT_ITEM else _flow_list([text])  # 発生原因: one text; 個人情報の項目: a list
    try:
        yaml12.load_document(text)  # the fast loader's Japanese messages for a value that is not YAML
    except yaml12.YamlError as error:
        raise CasebookError(f"{written} の値 {quote(text)} を YAML として読めません（{error.message}。{EXAMPLES}）") from None
    return roundtrip.flow_value(text)


def _flow_list(items: list[Any]) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _unknown(name: str, spec: Spec, written: str) -> CasebookError:
    return CasebookError(f"{written}: 「{name}」という項目はありません{suggestion(name, spec)}")


def _step(container: Any, part: str | int, spec: Spec, written: str) -> Spec:
    if isinstance(part, int):
        if not isinstance(container, list):
            raise CasebookError(f"{written}: {spec.title or '親の項目'}はリスト（「- 」の行）で書かれていないため [{part}] は使えません")
        if not -len(container) <= part < len(container):
            raise CasebookError(f"{written}: [{part}] はありません（{spec.title or 'リスト'}は{len(container)}件）")
        return spec.item or spec
    if spec.kind not in (Kind.MAPPING, Kind.TEXT_ITEM) or part not in spec.fields:
        raise _unknown(part, spec, written)
    if not isinstance(container, dict):
        raise CasebookError(
            f"{written}: {spec.title or '親の項目'}がマッピング（「キー: 値」）で書かれていないため、{part} を設定できません"
        )
    return spec.fields[part]


def _child(container: Any, part: str | int, spec: Spec, child_spec: Spec, written: str) -> Any:
    """The container at container[part], made (as an empty block mapping) when a mapping field is missing."""
    from ruamel.yaml.comments import CommentedMap

    if isinstance(part, int):
        return container[part]
    value = container.get(part)
    if not roundtrip.is_null(value):
        return value
    if child_spec.kind is not Kind.MAPPING:
        raise CasebookError(f"{written}: {child_spec.title or part}はまだありません（{part}+= で加えてください）")
    made = CommentedMap()
    if part in container:
        roundtrip.replace(container, part, made)
    else:
        insert_in_order(container, part, made, spec)
    return made


def apply(root: Any, assignment: Assignment, style: DateStyle) -> tuple[Any, ...]:
    """Apply one assignment to a round-trip case; the location of the value that was set (for messages)."""
    spec, container, written = case_spec(), root, assignment.written
    *parents, last = assignment.path
    for part in parents:
        child_spec = _step(container, part, spec, written)
        container = _child(container, part, spec, child_spec, written)
        spec = child_spec
    if assignment.value is None:
        _remove(container, last, spec, written)
        return assignment.path
    target = _step(container, last, spec, written)
    if assignment.append:
        return (*assignment.path, _append(container, assignment, spec, target, style))
    value = _canonical(_value(assignment.value, target, written), target, style, container)
    _put(container, last, spec, value)
    return assignment.path


def _put(container: Any, key: str | int, spec: Spec, value: Any) -> None:
    if isinstance(key, int):
        container[key] = value
    elif key in container:
        roundtrip.replace(container, key, value)
    else:
        insert_in_order(container, key, value, spec)


def _canonical(value: Any, spec: Spec, style: DateStyle, container: Any) -> Any:
    flow = bool(container.fa.flow_style()) if hasattr(container, "fa") else False
    value = canonical_value(value, spec, style, flow)
    canonicalise(value, spec, style)
    return value


def _append(container: Any, assignment: Assignment, parent: Spec, spec: Spec, style: DateStyle) -> int:
    """Add an item to the list at container[key] (made when missing); the index of the new item."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    key, text, written = assignment.path[-1], assignment.value or "", assignment.written

    if spec.kind is not Kind.LIST or spec.item is None:
        raise CasebookError(f"{written}: += はリストの項目（reports・timeline・causes など）にだけ使えます")
    current = container[key] if isinstance(key, int) or key in container else None
    item = _value(text, spec.item, written)
    if isinstance(item, CommentedMap):
        # a new mapping looks like the item before it; the first one of a list is a block
        previous = current[-1] if isinstance(current, CommentedSeq) and current else None
        if not (isinstance(previous, CommentedMap) and previous.fa.flow_style()):
            item.fa.set_block_style()
    if isinstance(current, CommentedSeq) and len(current):
        current.append(_canonical(item, spec.item, style, current))
        return len(current) - 1
    # no list yet, an empty `[]`, or one text where a list of texts may stand: a block list from now on
    seq = CommentedSeq([current] if isinstance(current, str) else [])
    seq.append(_canonical(item, spec.item, style, seq))
    _put(container, key, parent, seq)
    return len(seq) - 1


def _remove(container: Any, key: str | int, spec: Spec, written: str) -> None:
    if isinstance(key, int):
        _step(container, key, spec, written)
        del container[key]
        return
    if key not in spec.fields and key not in container:
        raise _unknown(key, spec, written)
    if key in container:
        roundtrip.remove(container, key)


@dataclass
class SetResult:
    path: Path
    shown: str
    before: str
    after: str
    fields: list[str] = field(default_factory=list)  # labels of the fields that were set
    warnings: list[Finding] = field(default_factory=list)  # what check still warns about (the change is written)
    secret: bool = False


def _rewritten(surveyed: Any, shown: str, parsed: list[Any], book: Casebook) -> tuple[list[Any], str]:
    """The places changed and the text with the assignments made, or EditRefused (nothing of the file may be lost)."""
    try:
        edit = roundtrip.Edit(surveyed.text.replace("\r\n", "\n"), roundtrip.layout_of(surveyed.node))
        if not isinstance(edit.root, dict):
            raise EditRefused(f"{shown} の最上位が「キー: 値」のマッピングでないため変更できません")
        locs = [apply(edit.root, a, book.config.date_style) for a in parsed]
        after = edit.text()
    except ruamel_error() as error:  # what check accepts and ruamel.yaml does not
        mark = getattr(error, "problem_mark", None)
        place = Finding(
            shown, mark.line + 1 if mark else None, mark.column + 1 if mark else None, "error", "yaml", "この書き方は書き換えられません"
        )
        raise EditRefused(
            f"{shown} は set では書き換えられない書き方を含むため、変更できません（この行を書き直してください）", [place]
        ) from None
    lost = lost_marks(surveyed.text, after)
    if lost:
        with withholding(surveyed.secret):
            places = [Finding(shown, line, 1, "error", "yaml", f"{quote(mark)}が消えます") for line, mark in lost]
        raise EditRefused(f"{shown} は書き換えるとコメントなどが消えるため、変更できませんでした（ファイルはそのままです）", places)
    return locs, after


def set_fields(
    book: Casebook, case_id: str, assignments: list[str], *, today: datetime.date | None = None, write: bool = True
) -> SetResult:
    """Apply assignments to the file of a case and write it when check accepts the result (never otherwise)."""
    from casebook.editing.survey import survey
    from casebook.reading.loader import check_bytes, find_case, read_bytes
    from casebook.safety.atomic import write_bytes

    parsed = [parse_assignment(a) for a in assignments]
    if not parsed:
        raise CasebookError(f"変更する項目を「項目=値」で指定してください（{EXAMPLES}）")
    today = today or japan_today()
    found = find_case(book, case_id, today)
    if found is None:
        raise EditRefused(f"事案ID{quote(case_id)}は見つかりません")
    path, shown = found.path, display_path(found.path, book.root)
    try:
        raw = read_bytes(path)
    except yaml12.YamlError as error:
        raise EditRefused(f"{shown} を読めないため変更できません（{error.message}）") from None
    surveyed = survey(path, raw, book)
    if surveyed.problem is not None:
        place = Finding(shown, surveyed.problem.line, surveyed.problem.column, "error", "yaml", surveyed.problem.message)
        raise EditRefused(f"{shown} を YAML として読めないため変更できません（手で直してください）", [place])
    if surveyed.folded:
        places = [Finding(shown, c.line, c.column, "error", "folded-text", c.message, field_label(Case, c.loc)) for c in surveyed.folded]
        raise EditRefused(f"{shown} は書き換えると折り返した文が1行にまとまるため、変更できません", places)
    crlf = "\r\n" in surveyed.text
    locs, after = _rewritten(surveyed, shown, parsed, book)
    after = after.replace("\n", "\r\n") if crlf else after
    data = (codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b"") + after.encode("utf-8")
    checked = check_bytes(path, data, book, today, keep=None)
    errors = [f for f in checked.findings if f.severity == "error"]
    if errors:
        raise EditRefused(f"変更後の {shown} は check を通らないため、書き込みませんでした（ファイルはそのままです）", errors)
    if write:
        if read_bytes(path) != raw:
            raise EditRefused(f"{shown} が変更の間に書き換えられたため、書き込みませんでした（もう一度実行してください）")
        write_bytes(path, data, force=True)
    labels = [field_label(Case, tuple(p for p in loc if not isinstance(p, int) or p >= 0)) or ".".join(map(str, loc)) for loc in locs]
    warnings = [f for f in checked.findings if f.severity == "warning"]
    return SetResult(path, shown, surveyed.text, after, labels, warnings, checked.secret)
