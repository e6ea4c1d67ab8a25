"""The command line: a thin layer of Typer commands over the library, one module per group of commands.

`app` handles every error in one place; `common` holds what the commands share. Importing this package
registers every command on `app`; `main` is the entry point.
"""

import errno
import io
import os
import sys

from casebook.cli import cases, checking, deadlines, documents, editing, importing, shell, site  # noqa: F401  (each registers its commands)
from casebook.cli.app import COMPLETE_VARIABLE, app

__all__ = ["app", "main"]


class _ClosedStream(io.TextIOBase):
    """What stands for a standard stream the caller closed (`casebook list >&-`): writing to it fails as writing to
    a closed descriptor does, so the command says it cannot write its output instead of ending in a traceback."""

    @property
    def buffer(self) -> "_ClosedStream":
        return self

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))

    def fileno(self) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))


def main() -> None:
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, _ClosedStream())
    if COMPLETE_VARIABLE in os.environ:  # a shell asks for completions (see `casebook completion`)
        from typer._completion_classes import completion_init

        completion_init()
    app()
