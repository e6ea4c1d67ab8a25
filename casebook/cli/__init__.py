"""The command line: a thin layer of Typer commands over the library, one module per group of commands.

`app` handles every error in one place; `common` holds what the commands share.
"""

from casebook.cli import cases, checking, deadlines, documents, editing, shell  # noqa: F401  (each registers its commands)
from casebook.cli.app import app, main

__all__ = ["app", "main"]
