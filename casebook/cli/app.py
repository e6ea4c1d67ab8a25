"""The Typer application, and the one place where an error of any command becomes a message and an exit code.

Library modules are imported inside the commands so that `casebook --help`
starts without loading pydantic and the models.
"""

from __future__ import annotations

import errno
import os
import re
import sys
from typing import Annotated, Any, NoReturn

import typer
from typer._click.core import Command, Context
from typer._click.exceptions import NoArgsIsHelpError, UsageError  # typer >= 0.29 vendors click
from typer.core import TyperGroup
from typer.exceptions import Abort

from casebook.cli.frame import JapaneseContext, short_help
from casebook.errors import CasebookError

# click's usage errors, in Japanese (anything else is shown as click words it); the patterns are compiled (and kept
# by re) when an error needs them, not by every run.
_USAGE_MESSAGES = [
    (r"^No such option: (\S+)(?: \(Possible options: (.+)\))?", "オプション {0} はありません{1}"),
    (r"^No such command '(.+)'\.", "コマンド「{0}」はありません"),
    (r"^Missing argument '(.+)'\.", "引数 {0} を指定してください"),
    (r"^Missing option '(.+)'\.", "オプション {0} を指定してください"),
    (r"^Got unexpected extra argument(?:s|\(s\))? \((.+)\)", "余分な引数があります（{0}）"),
    (r"^Option '(.+)' requires ", "オプション {0} には値が必要です"),
    (r"^Option '(.+)' does not take a value\.", "オプション {0} には値を付けられません（名前だけで指定します）"),
    (r"^Missing parameter: (.+)", "{0} を指定してください"),
    (r"^Missing command\.", "コマンドを指定してください"),
    (r"^Argument '(.+)' takes (\d+) values\.", "引数 {0} には値を{1}つ指定してください"),
]
_UNKNOWN_USAGE = "コマンドの使い方が正しくありません"


_VALUE_MESSAGES = [
    (r"^(?:Value error, )?'(.*)' is not one of (.+?)\.?$", "「{0}」は使えません。次のいずれか: {1}"),
    (r"^Input should be greater than or equal to (.+)$", "{0} 以上にしてください"),
    (r"^Input should be less than or equal to (.+)$", "{0} 以下にしてください"),
    (r"^Input should be a valid integer.*$", "整数で指定してください"),
    (r"^Value '(.*)' is not a valid integer\.?$", "「{0}」は整数ではありません"),
    (r"^Value '(.*)' is not a valid (.+?)\.?$", "「{0}」は使えません"),
    (r"^.+ '(.*)' does not exist\.?$", "「{0}」がありません"),
    (r"^.+ '(.*)' is a directory\.?$", "「{0}」はフォルダです"),
    (r"^.+ '(.*)' is a file\.?$", "「{0}」はファイルです（フォルダを指定してください）"),
    (r"^.+ '(.*)' is not (?:readable|writable)\.?$", "「{0}」は権限がなく使えません"),
]


def _usage_message(error: UsageError) -> str:
    text = error.format_message()
    if match := re.match(r"^Invalid value for (.+?): (.+)$", text, re.S):
        detail = next(
            (japanese.format(*found.groups()) for pattern, japanese in _VALUE_MESSAGES if (found := re.match(pattern, match[2]))), ""
        )
        return f"{match[1].replace(chr(39), '')} の値が正しくありません{f'（{detail}）' if detail else ''}"
    for pattern, japanese in _USAGE_MESSAGES:
        match = re.match(pattern, text)
        if match:
            parts = list(match.groups())
            if japanese.endswith("{1}") and "オプション" in japanese:
                parts[1] = f"（{parts[1]} のことですか？）" if parts[1] else ""
            return japanese.format(*parts)
    return _UNKNOWN_USAGE  # click's own words are English: never shown


def say(message: str) -> None:
    """A message on stderr, inert whatever it quotes: no escape sequence, no CI workflow command."""
    from casebook.safety.inert import for_terminal

    typer.echo(for_terminal(message), err=True)


_quiet = [False]  # --quiet of the command running: its notes are not said (errors always are)


def be_quiet(value: bool) -> None:
    _quiet[0] = value


def note(message: str) -> None:
    """A note on stderr (what a command did or left out, not an error): silenced by --quiet."""
    if not _quiet[0]:
        say(message)


def _silence_stdout() -> None:
    """After stdout failed, point it at /dev/null so that Python's own flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _usage_exit(error: UsageError) -> NoReturn:
    where = error.ctx.command_path if error.ctx is not None else "casebook"
    say(f"casebook: {_usage_message(error)}\n使い方は「{where} --help」で確認できます。")
    raise typer.Exit(2) from None


class _Commands(TyperGroup):
    """Every error of any command becomes a Japanese message and its exit code, never a traceback;
    every command's help is framed in Japanese."""

    context_class = JapaneseContext

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            command.context_class = JapaneseContext
            if command.short_help is None and command.help:
                command.short_help = short_help(command.help)
        return command

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        """Options of `casebook` itself (before the command) are usage errors in Japanese too."""
        try:
            return super().parse_args(ctx, args)
        except NoArgsIsHelpError:
            raise
        except UsageError as error:
            _usage_exit(error)

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
            _usage_exit(error)
        except (Abort, KeyboardInterrupt, EOFError):  # Ctrl-C or Ctrl-D at a question
            say("\ncasebook: 中断しました（ファイルは書き換えていません）")
            raise typer.Exit(130) from None
        except OSError as error:  # what the library did not turn into a CasebookError: a file it names, or stdout
            from casebook.errors import describe_os_error

            if error.filename is not None:
                say(f"casebook: {error.filename} を読み書きできません（{describe_os_error(error)}）")
                raise typer.Exit(1) from None
            _silence_stdout()
            if error.errno != errno.EPIPE:
                say(f"casebook: 出力を書き込めません（{describe_os_error(error)}）")
            raise typer.Exit(1) from None


COMPLETE_VARIABLE = "_CASEBOOK_COMPLETE"

app = typer.Typer(
    cls=_Commands,
    help="個人情報の漏えい等事案を1事案1ファイルの YAML で管理し、検査・一覧・集計します。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"casebook {version('casebook-jp')}")
        raise typer.Exit()


@app.callback()
def _root(
    show_version: Annotated[bool, typer.Option("--version", help="バージョンを表示して終了", is_eager=True, callback=_version)] = False,
) -> None:
    be_quiet(False)  # each run starts speaking (the tests run many commands in one process)
