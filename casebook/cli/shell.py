"""`completion`: the script that lets a shell complete casebook's commands, options and values."""

from __future__ import annotations

from typing import Annotated

import typer

from casebook.choices import Shell
from casebook.cli import common
from casebook.cli.app import COMPLETE_VARIABLE, app


@app.command("completion")
def completion_command(
    shell: Annotated[Shell, typer.Argument(help="シェルの種類", metavar="シェル")],
) -> None:
    """シェルの補完スクリプトを表示します。保存先の例:

    \b
    bash: casebook completion bash > ~/.local/share/bash-completion/completions/casebook
    zsh: casebook completion zsh > "${fpath[1]}/_casebook"
    fish: casebook completion fish > ~/.config/fish/completions/casebook.fish
    PowerShell: casebook completion powershell >> $PROFILE
    """
    from typer._completion_classes import completion_init
    from typer._completion_shared import get_completion_script

    completion_init()
    common.print_line(get_completion_script(prog_name="casebook", complete_var=COMPLETE_VARIABLE, shell=shell.value))
