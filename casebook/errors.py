"""The errors the library raises for the command line to turn into a message and an exit code (no traceback)."""

from __future__ import annotations

import errno


class CasebookError(Exception):
    """A problem that stops a command: a missing path, a bad option value. Exit code 2 unless a subclass says otherwise.

    `details` (findings, a listing) is printed before the message, which is one line.
    """

    exit_code = 2
    details = ""


class DateError(CasebookError, ValueError):
    """A date or period text that cannot be read or names a day that does not exist.

    A ValueError as well, so that a model validator reports it as a field error; given on the
    command line (a period), it is a usage error.
    """


class WriteError(CasebookError):
    """A document or case file that could not be written; the old file, if any, is intact."""

    exit_code = 1


# What the operating system said, in the words a clerk would use; strerror is English.
_OS_ERRORS = {
    errno.EACCES: "権限がありません",
    errno.EPERM: "権限がありません",
    errno.ENOENT: "見つかりません",
    errno.ENOTDIR: "途中にフォルダでないものがあります",
    errno.EISDIR: "フォルダです",
    errno.EEXIST: "すでにあります",
    errno.ENAMETOOLONG: "パスが長すぎます",
    errno.ELOOP: "シンボリックリンクが循環しています",
    errno.ENOSPC: "ディスクの空きがありません",
    errno.EBADF: "出力先が閉じられています",
    errno.EROFS: "読み取り専用の場所です",
    errno.EIO: "入出力エラーが起きました",
    errno.EPIPE: "出力先が閉じられました",
    errno.EBUSY: "使用中です",
    errno.EMFILE: "開いているファイルが多すぎます",
    errno.ENXIO: "デバイスがありません",
    errno.EDQUOT: "ディスクの割り当て（クォータ）を超えました",
}


def describe_os_error(error: OSError) -> str:
    """A Japanese description of an OSError, without the English strerror."""
    return _OS_ERRORS.get(error.errno or 0, f"OS のエラーです（errno {error.errno}）")


class TemplateError(CasebookError):
    """A template that cannot be rendered, with the template file and line in the message."""

    exit_code = 1
