"""Case ids: they are file names too, so they must be valid on every system a casebook is checked out on."""

from __future__ import annotations

import re

from casebook.safety.quoting import quote

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$"
_ID = re.compile(ID_PATTERN)
# Names Windows cannot give a file, whatever the extension: a casebook must check out everywhere.
WINDOWS_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(10)), *(f"LPT{n}" for n in range(10))})


def id_problem(case_id: str) -> str | None:
    """Why a text cannot be a case id (it is also the file name), or None."""
    if not _ID.match(case_id):
        return f"{quote(case_id)}は事案IDに使えません（英数字と「-」「_」のみ、先頭は英数字、80文字まで）"
    if case_id.upper() in WINDOWS_RESERVED:
        return f"{quote(case_id)}は Windows でファイル名に使えないため事案IDにできません"
    return None
