"""The command line: a thin layer of Typer commands over the library, one module per group of commands.

`app` handles every error in one place; `common` holds what the commands share. Importing this package
registers every command on `app`; `main` is the entry point.
"""

import os

from casebook.cli import cases, checking, deadlines, documents, editing, importing, shell, site  # noqa: F401  (each registers its commands)
from casebook.cli.app import COMPLETE_VARIABLE, app

__all__ = ["app", "main"]


def main() -> None:
    if COMPLETE_VARIABLE in os.environ:  # a shell asks for completions (see `casebook completion`)
        from typer._completion_classes import completion_init

        completion_init()
    app()
