"""The JSON Schema of a case file, for editors (yaml-language-server) and reviewers."""

from __future__ import annotations

import json

from casebook.model import Case

SCHEMA_ID = "https://casebook.invalid/schema/case.json"
SCHEMA_FILE = "casebook.schema.json"  # beside casebook.yaml; the $schema modeline of a case points at it


def case_schema() -> dict[str, object]:
    schema = Case.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "個人情報漏えい等事案ファイル（casebook）"
    schema["description"] = "1事案1ファイル。キーは英語、ラベル（title）は公表資料の項目名です。"
    return schema


def schema_text() -> str:
    return json.dumps(case_schema(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
