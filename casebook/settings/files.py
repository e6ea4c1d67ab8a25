"""Where a casebook's own files are: casebook.yaml, found upward as git finds its folder, and the schema beside it.

Apart from the settings' model so that a command the memo answers finds its casebook without loading pydantic's models.
"""

from __future__ import annotations

import os
from pathlib import Path

CONFIG_NAME = "casebook.yaml"
SCHEMA_FILE = "casebook.schema.json"  # beside casebook.yaml; the $schema modeline of a case points at it


def find_config(start: Path) -> Path | None:
    """The nearest casebook.yaml at or above `start`, whatever it is: a folder, a FIFO or a dangling link of that name
    is found too, so that reading it names the problem instead of passing it over for another one or the defaults."""
    start = Path(os.path.realpath(start))
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if os.path.lexists(candidate):
            return candidate
    return None
