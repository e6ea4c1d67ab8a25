"""A case as far as it is valid: the fields the schema rejected left out, so that the rules can still run.

`check` then reports in one run what a clerk must fix: the schema errors of a file together with
what the rules find in the rest of it (a missing required field, a wrong weekday, a date out of
order), instead of the rest only after the schema errors are fixed. The rules are told which
fields were left out (`Context.invalid`), so a field with a schema error is not also called missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from casebook.domain.case import Case
from casebook.domain.vocabularies import Status, suggest

PLACEHOLDER_ID = "invalid-id"  # stands in for an id the schema rejected; no rule reads the id


@dataclass(frozen=True)
class PartialCase:
    case: Case
    invalid: frozenset[str]  # top-level fields left out because of a schema error


def partial_case(data: dict[Any, Any], errors: list[ErrorDetails]) -> PartialCase | None:
    """The valid part of `data` as a Case (`errors`: what validating all of it said), or None when even that cannot be made."""
    invalid = frozenset(str(item["loc"][0]) for item in errors if item["loc"])
    kept = {key: value for key, value in data.items() if str(key) not in invalid}
    kept.setdefault("id", PLACEHOLDER_ID)
    if "status" not in kept:
        # 「確」 means 確定: its missing fields are then errors, as they will be once it is spelled right
        meant = suggest(Status, data["status"]) if isinstance(data.get("status"), str) else None
        kept["status"] = str(meant or Status.DRAFT)
    try:
        return PartialCase(Case.model_validate(kept), invalid)
    except ValidationError:
        return None
