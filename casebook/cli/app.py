"""The Typer application, and the one place where an error of any command becomes a message and an exit code.

Library modules are imported inside the commands so that `casebook --help`
starts without loading pydantic and the models.
"""

from __future__ import annotations

import errno
import os
import re
import sys
from typing import Any

import typer
from typer._click.core import Context
from typer._click.exceptions import NoArgsIsHelpError, UsageError  # typer >= 0.29 vendors click
from typer.core import TyperGroup

from casebook.errors import CasebookError

# click's usage errors, in Japanese (anything else is shown as click words it)
_USAGE_MESSAGES = [
    (re.compile(r"^No such option: (\S+)(?: \(Possible options: (.+)\))?"), "オプション {0} はありません{1}"),
    (re.compile(r"^No such command '(.+)'\."), "コマンド「{0}」はありません"),
    (re.compile(r"^Missing argument '(.+)'\."), "引数 {0} を指定してください"),
    (re.compile(r"^Missing option '(.+)'\."), "オプション {0} を指定してください"),
    (re.compile(r"^Got unexpected extra argument(?:s|\(s\))? \((.+)\)"), "余分な引数があります（{0}）"),
    (re.compile(r"^Option '(.+)' requires an argument\."), "オプション {0} には値が必要です"),
]


_VALUE_MESSAGES = [
    (re.compile(r"^(?:Value error, )?'(.*)' is not one of (.+?)\.?$"), "「{0}」は使えません。次のいずれか: {1}"),
    (re.compile(r"^Input should be greater than or equal to (.+)$"), "{0} 以上にしてください"),
    (re.compile(r"^Input should be less than or equal to (.+)$"), "{0} 以下にしてください"),
    (re.compile(r"^Input should be a valid integer.*$"), "整数で指定してください"),
]


def _usage_message(error: UsageError) -> str:
    text = error.format_message()
    if match := re.match(r"^Invalid value for (.+?): (.+)$", text, re.S):
        detail = match[2]
        for pattern, japanese in _VALUE_MESSAGES:
            if found := pattern.match(detail):
                detail = japanese.format(*found.groups())
                break
        return f"{match[1].replace(chr(39), '')} の値が正しくありません（{detail}）"
    for pattern, japanese in _USAGE_MESSAGES:
        match = pattern.match(text)
        if match:
            parts = list(match.groups())
            if japanese.endswith("{1}") and "オプション" in japanese:
                parts[1] = f"（{parts[1]} のことですか？）" if parts[1] else ""
            return japanese.format(*parts)
    return text


def say(message: str) -> None:
    """A message on stderr, inert whatever it quotes: no escape sequence, no CI workflow command."""
    from casebook.inert import for_terminal

    typer.echo(for_terminal(message), err=True)


def _silence_stdout() -> None:
    """After stdout failed, point it at /dev/null so that Python's own flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


class _Commands(TyperGroup):
    """Every error of any command becomes a Japanese message and its exit code, never a traceback."""

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except CasebookError as error:
            if error.details:
                say(error.details)
            say(f"casebook: {error}")
            raise typer.Exit(error.exit_code) from None
        except NoArgsIsHelpError:
            raise
        except UsageError as error:
            where = error.ctx.command_path if error.ctx is not None else "casebook"
            say(f"casebook: {_usage_message(error)}\n使い方は「{where} --help」で確認できます。")
            raise typer.Exit(2) from None
        except OSError as error:  # what the library did not turn into a CasebookError: a file it names, or stdout
            from casebook.errors import describe_os_error

            if error.filename is not None:
                say(f"casebook: {error.filename} を読み書きできません（{describe_os_error(error)}）")
                raise typer.Exit(1) from None
            _silence_stdout()
            if error.errno != errno.EPIPE:
                say(f"casebook: 出力を書き込めません（{describe_os_error(error)}）")
            raise typer.Exit(1) from None


app = typer.Typer(
    cls=_Commands,
    help="個人情報の漏えい等事案を1事案1ファイルの YAML で管理し、検査・一覧・集計します。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def main() -> None:
    import casebook.cli  # noqa: F401  (registers the commands)

    app()
