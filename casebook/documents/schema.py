"""The JSON Schema of a case file, for editors (yaml-language-server) and reviewers."""

from __future__ import annotations

import json
from pathlib import Path

from casebook.atomic import write_text
from casebook.errors import CasebookError, describe_os_error
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


class SchemaStale(CasebookError):
    """`schema --check`: the file differs from what this version of casebook writes."""

    exit_code = 1


def is_current(target: Path) -> bool:
    """Whether the schema file there is exactly what `schema_text` writes; a missing or unreadable one is not."""
    try:
        return target.read_bytes() == schema_text().encode("utf-8")
    except FileNotFoundError:
        return False
    except OSError as error:
        raise CasebookError(f"{target} を読めません（{describe_os_error(error)}）") from None


def write_schema(target: Path, force: bool = False, check_only: bool = False) -> bool:
    """Write the schema to `target` unless it is current (True when it was); with `check_only`, a stale file is an error."""
    if is_current(target):
        return True
    if check_only:
        raise SchemaStale(f"{target} が古くなっています（casebook schema --force で更新してください）")
    write_text(target, schema_text(), force=force)
    return False
