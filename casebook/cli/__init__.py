"""The command line: a thin layer of Typer commands over the library, one module per group of commands.

`app` handles every error in one place; `common` holds what the commands share. Importing this package
registers every command on `app`; `main` is the entry point.
"""

import copy
import errno
import io
import os
import sys

import typer

from casebook.cli import cases, checking, common, deadlines, documents, editing, importing, shell, site  # noqa: F401  (each but common registers its commands)
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


def _for_run(args: list[str]) -> typer.Typer:
    """The application with only the command the arguments name, when they begin with one: Typer builds every
    parameter of every command it holds (resolving their annotations) before it parses, and a run uses one.
    Anything else (--help, --version, a name that is no command, completions) gets the whole application."""
    chosen = [info for info in app.registered_commands if args and info.name == args[0]]
    if not chosen or COMPLETE_VARIABLE in os.environ:
        return app
    single = copy.copy(app)
    single.registered_commands = chosen
    return single


def main() -> None:
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, _ClosedStream())
    # Case data, non-public cases' too, goes through the models: no third-party pydantic plugin is to see it (nor is
    # every installed package's metadata to be searched for one, as pydantic does at the first model otherwise).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    common.ENDS_PROCESS = True
    if COMPLETE_VARIABLE in os.environ:  # a shell asks for completions (see `casebook completion`)
        from typer._completion_classes import completion_init

        completion_init()
    _for_run(sys.argv[1:])()
