"""The conventions every command keeps: Japanese help, --version, shell completion, Ctrl-C."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from casebook.cli import app
from casebook.cli.frame import cells, wrap

CASEBOOK = Path(sys.executable).parent / "casebook"
COMMANDS = sorted(app.registered_commands and [c.name for c in app.registered_commands if c.name])
ENGLISH_FRAME = re.compile(r"Usage|Options|Arguments|Commands|Show this message|default:|required\]|\[OPTIONS\]|COMMAND|<str>|<path>|<int")


@pytest.mark.parametrize("command", [[], *([name] for name in COMMANDS)], ids=lambda c: " ".join(c) or "casebook")
def test_every_help_page_is_framed_in_japanese(cli, command: list[str]) -> None:
    result = cli(*command, "--help")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"使い方: casebook {' '.join(command)}".rstrip() + " ")
    assert "オプション:" in result.stdout and "--help" in result.stdout and "このメッセージを表示して終了" in result.stdout
    assert not ENGLISH_FRAME.search(result.stdout), result.stdout


def _description_column(line: str) -> int:
    """The terminal column where the description of an option line begins."""
    term = line.strip().split("  ")[0]
    head = line[: line.index(term) + len(term)]
    rest = line[len(head) :]
    return cells(head) + len(rest) - len(rest.lstrip())


def test_help_columns_line_up_in_terminal_cells(cli) -> None:
    page = cli("list", "--help", env={"COLUMNS": "80"}).stdout
    options = [line for line in page.split("オプション:\n")[1].splitlines() if line.lstrip().startswith("--")]
    assert len({_description_column(line) for line in options}) == 1, page  # with <文字列> two cells a character
    assert all(cells(line) <= 80 for line in page.splitlines()), page  # fits the 80-column terminal


def test_wrapping_keeps_words_whole_and_punctuation_off_the_line_start() -> None:
    lines = wrap("新しい casebook を作ります（設定・cases/・スキーマ・.gitignore・pre-commit と GitHub Actions の検査）。", 40)
    assert all(cells(line) <= 40 for line in lines)
    assert not any(line.startswith(("、", "。", "）")) for line in lines)
    assert any("pre-commit" in line for line in lines) and any("GitHub" in line for line in lines)


def test_version(cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0 and result.stdout == f"casebook {version('casebook-jp')}\n"


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
def test_completion_script_for_each_shell(cli, shell: str) -> None:
    result = cli("completion", shell)
    assert result.exit_code == 0 and "_CASEBOOK_COMPLETE" in result.stdout


def test_a_shell_gets_commands_and_choices_completed(tmp_path: Path) -> None:
    env = {**os.environ, "_CASEBOOK_COMPLETE": "complete_bash", "COMP_WORDS": "casebook rep", "COMP_CWORD": "1"}
    words = subprocess.run([str(CASEBOOK)], env=env, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert words.stdout.split() == ["report"], words.stderr
    env.update(_CASEBOOK_COMPLETE="complete_zsh", _TYPER_COMPLETE_ARGS="casebook stats --by ")
    choices = subprocess.run([str(CASEBOOK)], env=env, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert "category" in choices.stdout and "month" in choices.stdout


def test_ctrl_c_at_a_question_says_so_in_japanese(cli, casebook_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import typer

    def interrupted(*args: object, **kwargs: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(typer, "prompt", interrupted)
    monkeypatch.setattr("casebook.cli.common.interactive", lambda: True)
    result = cli("new", cwd=casebook_dir)
    assert result.exit_code == 130 and "中断しました" in result.stderr and "Aborted" not in result.output
    assert not list((casebook_dir / "cases").glob("*.yaml"))
