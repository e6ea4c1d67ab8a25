"""Whole-file writes: a temporary file in the same folder, then a rename.

An interrupted run leaves the old file (or no file) behind, never half of one,
and without `force` an existing file is never replaced, even by a concurrent run.
With `force`, only a regular file is replaced: never a folder, a link, a FIFO or a device.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from casebook.errors import WriteError, describe_os_error


class TargetExists(WriteError):
    """The file is there already; `replaceable` says whether the command offers --force."""

    def __init__(self, path: Path, replaceable: bool = True) -> None:
        super().__init__(f"{path} はすでにあります（{'上書きするには --force' if replaceable else '上書きしません'}）")
        self.path = path


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Read once: os.umask() can only be read by setting it, which is not safe while threads create files.
_UMASK = _current_umask()


def write_text(path: Path, text: str, force: bool = False, replaceable: bool = True) -> None:
    write_bytes(path, text.encode("utf-8"), force, replaceable)


def _existing_mode(path: Path, force: bool, replaceable: bool) -> int | None:
    """The mode of a regular file at `path` that may be replaced, None if there is none; refuses anything else."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise WriteError(f"{path} に書き込めません（{describe_os_error(error)}）") from None
    if stat.S_ISDIR(info.st_mode):
        raise WriteError(f"{path} はフォルダです（書き出すファイルの名前を指定してください）")
    if not stat.S_ISREG(info.st_mode):
        raise WriteError(f"{path} は通常のファイルではない（リンク・デバイスなど）ため、置き換えません")
    if not force:
        raise TargetExists(path, replaceable)
    return stat.S_IMODE(info.st_mode)


def _make_parent(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise WriteError(f"{path} に書き込めません（途中にフォルダでないものがあります）") from None
    except OSError as error:
        raise WriteError(f"{path.parent} を作れません（{describe_os_error(error)}）") from None


def write_bytes(path: Path, data: bytes, force: bool = False, replaceable: bool = True) -> None:
    """Write `data` whole to `path`; an existing file only with `force` (`replaceable`: the caller offers --force)."""
    write_pieces(path, (data,), force, replaceable)


def write_pieces(path: Path, pieces: Iterable[bytes], force: bool = False, replaceable: bool = True) -> None:
    """`write_bytes` of the pieces joined, each written to the temporary file as it comes (10^5 rows need not be one text)."""
    old_mode = _existing_mode(path, force, replaceable)
    _make_parent(path)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise WriteError(f"{path} に書き込めません（{describe_os_error(error)}）") from None
    try:
        # mkstemp makes the file private (0600); give it the mode any new file would have, or keep the old one's
        os.chmod(temporary, old_mode if old_mode is not None else 0o666 & ~_UMASK)
        with os.fdopen(handle, "wb") as stream:
            for piece in pieces:
                stream.write(piece)
            stream.flush()
            os.fsync(stream.fileno())
        if force:
            os.replace(temporary, path)
            return
        try:
            # link() refuses to replace an existing name, atomically; rename() would not.
            os.link(temporary, path)
        except FileExistsError:
            raise TargetExists(path, replaceable) from None
        except OSError:
            if path.exists():
                raise TargetExists(path, replaceable) from None
            os.replace(temporary, path)  # a file system without hard links
    except WriteError:
        raise
    except OSError as error:
        raise WriteError(f"{path} に書き込めません（{describe_os_error(error)}）。元のファイルはそのままです") from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


_PRIVATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
_serial = itertools.count()


def replace_private(path: Path, data: bytes) -> None:
    """Write `data` whole to `path`, readable by this user only, replacing what is there; OSError when it cannot.

    For files only this tool reads again (the cache): no fsync, and the temporary file is named by process and serial
    (a run writes hundreds of them; mkstemp's random names took longer than writing).
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{next(_serial)}.tmp")
    try:
        descriptor = os.open(temporary, _PRIVATE, 0o600)
    except FileExistsError:  # left by a killed run of a process that had the same id
        descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        temporary = Path(name)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view) :]
        finally:
            os.close(descriptor)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
