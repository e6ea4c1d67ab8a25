"""Whole-file writes: a temporary file in the same folder, then a rename.

An interrupted run leaves the old file (or no file) behind, never half of one,
and without `force` an existing file is never replaced, even by a concurrent run.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


class TargetExists(FileExistsError):
    pass


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Read once: os.umask() can only be read by setting it, which is not safe while threads create files.
_UMASK = _current_umask()


def write_text(path: Path, text: str, force: bool = False) -> None:
    write_bytes(path, text.encode("utf-8"), force)


def write_bytes(path: Path, data: bytes, force: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); give it the mode any new file would have, or keep the old one's
        mode = stat.S_IMODE(path.stat().st_mode) if force and path.exists() else 0o666 & ~_UMASK
        os.chmod(temporary, mode)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if force:
            os.replace(temporary, path)
            return
        try:
            # link() refuses to replace an existing name, atomically; rename() would not.
            os.link(temporary, path)
        except FileExistsError:
            raise TargetExists(str(path)) from None
        except OSError:
            if path.exists():
                raise TargetExists(str(path)) from None
            os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
