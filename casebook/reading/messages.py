"""Pydantic validation errors in Japanese, naming fields by their published labels, as findings placed in the file."""

from __future__ import annotations

import difflib
import re
import typing
import unicodedata
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from casebook.domain.vocabularies import DefinedEnum, suggestion_text
from casebook.domain.yearless import YearMissing
from casebook.reading.findings import Finding, NodeIndex
from casebook.reading.mistakes import Mistake, key_mistake, split_numbers
from casebook.rules.reading import SCHEMA
from casebook.safety.quoting import quote

_T = TypeVar("_T")


def _inner(annotation: Any, base: type[_T]) -> type[_T] | None:
    """The first class derived from `base` inside a type annotation (list[X], X | None, Annotated[X, …])."""
    if isinstance(annotation, type) and issubclass(annotation, base):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner(arg, base)
        if found is not None:
            return found
    return None


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    return _inner(annotation, BaseModel)


def _inner_enum(annotation: Any) -> type[DefinedEnum] | None:
    return _inner(annotation, DefinedEnum)


def _walk(model: type[BaseModel], loc: tuple[Any, ...]) -> tuple[list[str], str, Any]:
    """Japanese labels, English path and the field annotation of the last known part of `loc`.

    Parts that are not fields (list indexes, union branch names) are skipped.
    """
    labels: list[str] = []
    path = ""
    current: type[BaseModel] | None = model
    annotation: Any = None
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif current is not None and part in current.model_fields:
            info = current.model_fields[part]
            labels.append(info.title or part)
            path += ("." if path else "") + part
            annotation = info.annotation
            current = _inner_model(info.annotation)
    return labels, path, annotation


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, str) and current is not None and part in current.model_fields:
            current = _inner_model(current.model_fields[part].annotation)
    return current


def field_label(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    labels, path, _ = _walk(model, loc)
    if not labels:
        return ""
    return f"{' › '.join(labels)} ({path})"


def _suggest(word: str, model: type[BaseModel] | None) -> str:
    if model is None:
        return ""
    by_title = {info.title: name for name, info in model.model_fields.items() if info.title}
    if word in by_title:
        return f"（「{word}」なら {by_title[word]} と書いてください）"
    close = difflib.get_close_matches(word, list(model.model_fields), n=1, cutoff=0.6)
    close = close or [by_title[t] for t in difflib.get_close_matches(word, list(by_title), n=1, cutoff=0.5)]
    return f"（{close[0]} のことですか？）" if close else ""


_SIMPLE = {
    "missing": "必須の項目がありません",
    "string_type": "文字列で書いてください",
    "int_type": "整数で書いてください",
    "int_parsing": "整数で書いてください",
    "int_from_float": "整数で書いてください",
    "float_type": "数値で書いてください",
    "list_type": "リスト（「- 」で始まる行）で書いてください",
    "dict_type": "マッピング（「キー: 値」の形）で書いてください",
    "model_type": "マッピング（「キー: 値」の形）で書いてください",
    "model_attributes_type": "マッピング（「キー: 値」の形）で書いてください",
    "string_too_short": "空にはできません",
    "too_short": "空にはできません",
}


_UNKNOWN = "この値は使えません（スキーマの説明にある形で書いてください）"


def _count_in(value: Any) -> int | None:
    """150 in 150, 「150名」 or 「1,495名分」: a count written where a mapping belongs."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and (found := re.fullmatch(r"([0-9][0-9,]*)\s*[名人件]?分?", unicodedata.normalize("NFKC", value).strip())):
        return int(found[1].replace(",", ""))
    return None


_DATED_NAME = re.compile(r"(?P<y>[0-9]{4})-[0-9]{2}-[0-9]{2}")  # a case file named by its date (2025-06-03-a5zhff.yaml)


def _year_of_file(shown: str) -> int | None:
    match = _DATED_NAME.match(shown.replace("\\", "/").rsplit("/", 1)[-1])
    return int(match["y"]) if match else None


def message(error: Mapping[str, Any], model: type[BaseModel], suggest: bool = True, file_year: int | None = None) -> str:
    """The Japanese message of one validation error; `suggest` adds "did you mean" to an unknown key (a fuzzy match
    over the field names); `file_year`, the year a case file's name starts with, is offered for a date without one."""
    from casebook.domain.ids import id_problem

    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    loc = tuple(error["loc"])
    if kind in ("extra_forbidden", "invalid_key"):
        key = str(loc[-1]) if loc else ""
        return key_mistake(key) or f"{quote(key)}という項目はありません{_suggest(key, _model_at(model, loc[:-1])) if suggest else ''}"
    if kind == "value_error":
        problem = ctx.get("error")
        if isinstance(problem, YearMissing) and file_year is not None:
            return problem.guessed(file_year, "ファイル名の日付から")
        return str(problem if problem is not None else error["msg"])
    if kind == "bool_type":
        extra = ""
        if isinstance(value, str) and value.lower() in {"yes", "no", "on", "off", "y", "n", "はい", "いいえ"}:
            extra = "（YAML 1.2 では yes/no/on/off は文字列です）"
        return f"true か false で書いてください{extra}"
    if kind == "enum":
        _, _, annotation = _walk(model, loc)
        enum = _inner_enum(annotation)
        allowed = "、".join(m.value for m in enum) if enum else str(ctx.get("expected", ""))
        hint = suggestion_text(enum, value) if enum and isinstance(value, str) else ""
        return f"{quote(value)}は使えません{hint}。次のいずれか: {allowed}"
    if kind == "string_pattern_mismatch" and loc and loc[-1] == "id":
        return id_problem(str(value)) or _UNKNOWN
    if kind == "greater_than_equal":
        return f"{ctx.get('ge')} 以上で書いてください"
    if kind == "less_than_equal":
        return f"{ctx.get('le')} 以下で書いてください"
    if kind == "literal_error":
        return f"使える値: {ctx.get('expected')}"
    if kind == "model_type" and loc == ("persons",) and (count := _count_in(value)) is not None:
        return f"本人の数は persons: {{actual: {count}}} の形で書いてください（延べ人数があれば total も）"
    if kind in _SIMPLE:
        text = _SIMPLE[kind]
        if kind == "string_type" and isinstance(value, (int, float)) and not isinstance(value, bool):
            text += f"（数値{quote(value)}が書かれています。文字列にするには引用符で囲んでください）"
        return text
    return _UNKNOWN  # pydantic's own words are English: never shown


# Unknown keys of a file named one by one (each with a "did you mean"); the rest are counted in one finding.
# A file of 100,000 unknown keys is not a case file written by hand, and 100,000 lines would drown the rest.
MAX_UNKNOWN_KEYS = 100


def validation_findings(
    errors: list[ErrorDetails],
    model: type[BaseModel],
    node: Any,
    shown: str,
    places: NodeIndex | None = None,
    *,
    more_unknown_keys: int = 0,
) -> list[Finding]:
    """The findings of a model's validation errors (`ValidationError.errors()`), placed in the node tree;
    `more_unknown_keys` unknown keys not among the errors are counted with those the errors name."""
    findings = []
    seen = set()
    places = places or NodeIndex(node)
    unknown_keys = 0
    first_unnamed: tuple[Any, ...] | None = None
    labels: dict[tuple[Any, ...], str] = {}  # the field a location names: thousands of unknown keys of one mapping share it
    splits: dict[int, dict[int, Mistake]] = {}  # the numbers a 「,」 split, by flow mapping (found once each)
    flows: dict[tuple[Any, ...], bool] = {}  # whether the mapping at a location is a flow mapping ({ … })
    file_year = _year_of_file(shown)
    for item in errors:
        loc = tuple(item["loc"])
        extra = item["type"] in ("extra_forbidden", "invalid_key")  # a key that is not a field (495 is read as a number)
        split = _split_number(places, splits, loc) if extra and loc and _in_flow(places, flows, loc) else None
        if split is not None:
            line, column, text = split.line, split.column, split.message
        else:
            if extra:
                unknown_keys += 1
                if unknown_keys > MAX_UNKNOWN_KEYS:
                    first_unnamed = first_unnamed or loc
                    continue
            line, column = places.locate(loc, key=extra)
            text = message(item, model, file_year=file_year)
        if (line, column, text) in seen:
            continue
        seen.add((line, column, text))
        where = loc[:-1] if extra else loc
        label = labels.get(where)
        if label is None:
            label = labels[where] = field_label(model, where)
        findings.append(Finding(shown, line, column, "error", SCHEMA.id, text, label))
    if first_unnamed is not None:
        unnamed = unknown_keys + more_unknown_keys - MAX_UNKNOWN_KEYS
        text = (
            f"ほかにも項目にないキーが{unnamed:,}個あります（ここから。1つずつ挙げるのは1ファイルにつき最初の{MAX_UNKNOWN_KEYS}個までです）"
        )
        line, column = places.locate(first_unnamed, key=True)
        findings.append(Finding(shown, line, column, "error", SCHEMA.id, text, field_label(model, first_unnamed[:-1])))
    return findings


def _in_flow(places: NodeIndex, flows: dict[tuple[Any, ...], bool], loc: tuple[Any, ...]) -> bool:
    """Whether the key at `loc` is one of a flow mapping (asked once per mapping: all the keys of one share the answer)."""
    where = loc[:-1]
    flow = flows.get(where)
    if flow is None:
        mapping = places.mapping_at(where)
        flow = flows[where] = mapping is not None and bool(mapping.flow_style)
    return flow


def _split_number(places: NodeIndex, splits: dict[int, dict[int, Mistake]], loc: tuple[Any, ...]) -> Mistake | None:
    """The number a thousands 「,」 split when the unknown key at `loc` is a part of it (`{actual: 1,495}`)."""
    mapping = places.mapping_at(loc[:-1])
    if mapping is None or not mapping.flow_style:
        return None
    runs = splits.get(id(mapping))
    if runs is None:
        runs = splits[id(mapping)] = split_numbers(mapping)
    at = places.position(mapping, loc[-1]) if runs else None
    return runs.get(at) if at is not None else None
