"""The JSON Schema of a case file: what `check` accepts, for editors (yaml-language-server) and check-jsonschema.

It describes the inputs the model accepts, not only the values it keeps: a text list also takes one
string, every list field also takes null (an empty list), an enumeration also takes the full-width and
padded spellings the model reads as its values, an id is never a name Windows cannot give a file, and
a text is at most one spreadsheet cell long. What a schema cannot say (a day that does not exist, a wrong
weekday, the rules) stays with `check`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from casebook.domain.case import Case
from casebook.domain.ids import WINDOWS_RESERVED
from casebook.domain.parts import MAX_CELL_TEXT, list_fields, walk_models
from casebook.errors import CasebookError
from casebook.safety.atomic import write_text

SCHEMA_ID = "https://casebook.invalid/schema/case.json"


def _reserved_pattern() -> str:
    """CON, nul, Com1…: the names Windows reserves, in any letter case (ECMAScript has no inline flags)."""
    spelled = ("".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else c for c in name) for name in sorted(WINDOWS_RESERVED))
    return "^(?:" + "|".join(spelled) + ")$"


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """A list property that also takes null, keeping its title and description outside the alternatives."""
    if "anyOf" in schema:
        if {"type": "null"} not in schema["anyOf"]:
            schema["anyOf"].append({"type": "null"})
        return schema
    outer: dict[str, Any] = {key: schema.pop(key) for key in ("title", "description", "default") if key in schema}
    return {**outer, "anyOf": [schema, {"type": "null"}]}


def _strings(node: Any) -> Iterator[dict[str, Any]]:
    """Every schema (at any depth) that takes a string."""
    if isinstance(node, dict):
        if node.get("type") == "string":
            yield node
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _accept_inputs(schema: dict[str, Any]) -> None:
    for model in walk_models(Case):
        target = schema if model is Case else schema["$defs"][model.__name__]
        for name in list_fields(model):
            target["properties"][name] = _nullable(target["properties"][name])
    schema["properties"]["id"]["not"] = {"pattern": _reserved_pattern()}
    for string in _strings(schema):
        if "pattern" not in string:  # enumeration spellings and ids are short by their pattern
            string.setdefault("maxLength", MAX_CELL_TEXT)


def case_schema() -> dict[str, Any]:
    schema = Case.model_json_schema(mode="validation")
    _accept_inputs(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "個人情報漏えい等事案ファイル（casebook）"
    schema["description"] = "1事案1ファイル。キーは英語、ラベル（title）は公表資料の項目名です。"
    return schema


def schema_text() -> str:
    return json.dumps(case_schema(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


class SchemaStale(CasebookError):
    """`schema --check`: the file differs from what this version of casebook writes."""

    exit_code = 1


def is_current(target: Path) -> bool:
    """Whether the schema file there is exactly what `schema_text` writes; a missing or unreadable one is not."""
    from casebook.reading.loader import FileTooLarge, read_bytes
    from casebook.reading.yaml12 import YamlError

    if not os.path.lexists(target):
        return False
    expected = schema_text().encode("utf-8")
    try:  # a file bigger than the schema is not the schema: no need to read past it (/dev/zero never ends)
        return read_bytes(target, len(expected), "スキーマのファイルには使えません") == expected
    except FileTooLarge:
        return False
    except YamlError as error:
        raise CasebookError(f"{target}: {error.message}") from None


def write_schema(target: Path, force: bool = False, check_only: bool = False) -> bool:
    """Write the schema to `target` unless it is current (True when it was); with `check_only`, a stale file is an error."""
    if is_current(target):
        return True
    if check_only:
        raise SchemaStale(f"{target} が古くなっています（casebook schema --force で更新してください）")
    write_text(target, schema_text(), force=force)
    return False
