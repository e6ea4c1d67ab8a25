"""Whether a path stays inside the casebook once its links are followed (case files, folders and templates alike)."""

from __future__ import annotations

import os
from pathlib import Path


def leads_outside(path: Path | str, root: Path) -> bool:
    """True when `path`, links followed, is not inside `root` (os.path.realpath never raises on a link loop)."""
    return not Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))
