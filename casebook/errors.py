"""The one exception the command line turns into a message and exit code 2 (no traceback)."""


class CasebookError(Exception):
    """A problem that stops a command before its work starts: a missing path, a bad option value."""
