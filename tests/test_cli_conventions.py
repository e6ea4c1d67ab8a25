"""The conventions every command keeps: Japanese help, --version, shell completion, Ctrl-C."""

from __future__ import annotations

import json
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


# --- check - (an editor's unsaved buffer on standard input) ---

STDIN_CASE = "cases/2025/2025-05-16-advice-misdelivery.yaml"


def test_check_reads_a_case_from_stdin_as_the_file_it_names(cli, sample_book: Path) -> None:
    raw = (sample_book / STDIN_CASE).read_bytes()
    clean = cli("check", "-", "--stdin-filename", STDIN_CASE, cwd=sample_book, stdin=raw)
    assert clean.exit_code == 0, clean.output
    assert clean.stdout == "" and clean.stderr == "1件のファイルを検査しました。問題はありません。\n"
    edited = raw.replace("status: 確定".encode(), "status: 確".encode())
    result = cli("check", "-", "--stdin-filename", "cases/2025/renamed.yaml", "--format", "json", cwd=sample_book, stdin=edited)
    assert result.exit_code == 1
    found = {(f["path"], f["line"], f["rule"]) for f in json.loads(result.stdout)["findings"]}
    assert found == {("cases/2025/renamed.yaml", 3, "filename-id"), ("cases/2025/renamed.yaml", 5, "schema")}
    assert (sample_book / STDIN_CASE).read_bytes() == raw  # nothing is written


def test_check_reads_stdin_without_a_name_and_then_judges_no_file_name(cli, sample_book: Path) -> None:
    raw = (sample_book / STDIN_CASE).read_bytes()
    assert cli("check", "-", cwd=sample_book, stdin=raw).exit_code == 0
    broken = cli("check", "-", cwd=sample_book, stdin=b"id: x\ntitle: [\n")
    assert broken.exit_code == 1 and broken.stdout.startswith("-:3:1: error: ")


def test_check_stdin_refuses_what_cannot_go_with_it(cli, sample_book: Path) -> None:
    mixed = cli("check", "-", "cases", cwd=sample_book, stdin=b"")
    assert mixed.exit_code == 2 and "「-」（標準入力）はほかのパスと一緒には指定できません" in mixed.stderr
    alone = cli("check", "--stdin-filename", "x.yaml", cwd=sample_book)
    assert alone.exit_code == 2 and "--stdin-filename は標準入力（-）を読むときだけ指定できます" in alone.stderr


def test_check_stdin_quotes_no_text_of_a_non_public_case(cli, sample_book: Path) -> None:
    text = "id: x\nstatus: 確定\ntitle: 秘密の件名\npublication: {mode: 非公表, criterion: 9}\n"
    result = cli("check", "-", cwd=sample_book, stdin=text.encode())
    assert result.exit_code == 1 and "秘密の件名" not in result.output


def test_a_closed_stdout_is_said_not_a_traceback(sample_book) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "casebook", "list"],
        cwd=sample_book,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
        preexec_fn=lambda: __import__("os").close(1),
    )
    assert result.returncode == 1
    assert result.stderr.decode("utf-8") == "casebook: 出力を書き込めません（出力先が閉じられています）\n"


def test_no_pydantic_plugin_installed_beside_casebook_sees_case_data(sample_book: Path, tmp_path: Path) -> None:
    """Case data, a non-public case's too, goes through the models: a pydantic plugin another package installed (an
    entry point of group `pydantic`) is never loaded by the command, where a plain pydantic model loads it."""
    site = tmp_path / "site"
    info = site / "spy_plugin-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: spy-plugin\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[pydantic]\nspy = spy_plugin:plugin\n", encoding="utf-8")
    (site / "spy_plugin.py").write_text(
        "import os\n"
        "open(os.environ['SPY_RECORD'], 'a', encoding='utf-8').write('loaded\\n')\n"
        "class Spy:\n"
        "    def new_schema_validator(self, *args, **kwargs):\n"
        "        return None, None, None\n"
        "plugin = Spy()\n",
        encoding="utf-8",
    )
    record = tmp_path / "record"
    env = {**os.environ, "PYTHONPATH": str(site), "SPY_RECORD": str(record)}
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    model = "import pydantic\nclass M(pydantic.BaseModel):\n    x: int\nM(x=1)\n"
    subprocess.run([sys.executable, "-c", model], env=env, check=True)
    assert record.read_text(encoding="utf-8") == "loaded\n"  # the spy is a plugin pydantic would load
    record.unlink()
    for args in (["check", "--no-cache"], ["list", "--no-cache"]):
        result = subprocess.run([sys.executable, "-m", "casebook", *args], cwd=sample_book, env=env, capture_output=True, check=False)
        assert result.returncode == 0, result.stderr.decode("utf-8")
    assert not record.exists()


@pytest.mark.parametrize("name", COMMANDS)
def test_a_run_built_with_only_its_command_says_what_the_whole_application_says(name: str) -> None:
    """main() builds only the command the arguments name (casebook.cli._for_run): its help and its usage errors are
    the whole application's, word for word."""
    from typer.testing import CliRunner

    from casebook.cli import _for_run

    runner = CliRunner()
    for args in ([name, "--help"], [name, "--no-such-option"]):
        single = _for_run(args)
        assert single is not app and [info.name for info in single.registered_commands] == [name]
        whole, alone = (runner.invoke(built, args, prog_name="casebook") for built in (app, single))
        assert (alone.exit_code, alone.stdout, alone.stderr) == (whole.exit_code, whole.stdout, whole.stderr)
    assert _for_run(["--version", name]) is app and _for_run([name[:-1]]) is app and _for_run([]) is app
