"""The classes of hostile input beyond case files: writes, --out, templates, config, `new`, periods."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from casebook.reading.cache import CACHE_DIR

# --- writes ---


def test_out_to_a_folder_or_under_a_file_is_refused(cli, sample_book: Path) -> None:
    (sample_book / "out.md").mkdir()
    result = cli("report", "2025H1", "--out", "out.md", "--force", cwd=sample_book)
    assert result.exit_code == 1 and "out.md はフォルダです" in result.stderr
    (sample_book / "plain").write_text("x", encoding="utf-8")
    result = cli("report", "2025H1", "--out", "plain/report.md", cwd=sample_book)
    assert result.exit_code == 1 and "途中にフォルダでないものがあります" in result.stderr
    assert (sample_book / "plain").read_text(encoding="utf-8") == "x"


@pytest.mark.parametrize("kind", ["symlink", "fifo"])
def test_force_replaces_only_a_regular_file(cli, sample_book: Path, kind: str) -> None:
    target = sample_book / "report.md"
    if kind == "symlink":
        (sample_book / "real.md").write_text("old", encoding="utf-8")
        target.symlink_to(sample_book / "real.md")
    else:
        os.mkfifo(target)
    result = cli("report", "2025H1", "--out", "report.md", "--force", cwd=sample_book)
    assert result.exit_code == 1 and "通常のファイルではない" in result.stderr
    assert target.is_symlink() if kind == "symlink" else target.is_fifo()
    if kind == "symlink":
        assert (sample_book / "real.md").read_text(encoding="utf-8") == "old"


def test_a_full_disk_keeps_the_old_file(cli, sample_book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = sample_book / "report.html"
    target.write_text("old", encoding="utf-8")

    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = cli("report", "2025H1", "--out", "report.html", "--force", cwd=sample_book)
    assert result.exit_code == 1
    assert "ディスクの空きがありません" in result.stderr and "元のファイルはそのままです" in result.stderr
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in sample_book.iterdir() if p.name.startswith(".") and p.name != CACHE_DIR) == []  # no temporary file left


def test_a_read_only_folder(cli, sample_book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)  # root may write anywhere, so refuse as a read-only folder would
    result = cli("report", "2025H1", "--out", "report.md", cwd=sample_book)
    assert result.exit_code == 1 and "report.md に書き込めません（権限がありません）" in result.stderr


def test_stdout_to_a_full_device(sample_book: Path) -> None:
    casebook = Path(sys.executable).parent / "casebook"
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [casebook, "report", "2025H1", "--format", "md"], cwd=sample_book, stdout=full, stderr=subprocess.PIPE, text=True, check=False
        )
    assert result.returncode == 1
    assert result.stderr == "casebook: 出力を書き込めません（ディスクの空きがありません）\n"


def test_a_closed_pipe_ends_quietly(sample_book: Path) -> None:
    casebook = Path(sys.executable).parent / "casebook"
    process = subprocess.Popen(
        [casebook, "report", "2025H1", "--format", "html"], cwd=sample_book, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None
    process.stdout.read(10)
    process.stdout.close()
    process.wait(timeout=60)
    assert process.returncode in (0, 1) and b"Traceback" not in process.stderr.read()


@pytest.mark.parametrize(
    "args,message",
    [
        (["report", "2025H1", "--out", "report"], "拡張子がありません"),
        (["report", "2025H1", "--out", "report.rtf"], "拡張子「.rtf」では書き出せません"),
        (["report", "2025H1", "--format", "md", "--out", "report.html"], "--format md と --out の拡張子「.html」が合いません"),
        (["render", "2025-05-16-advice-misdelivery", "--as", "press", "--out", "press.xlsx"], "拡張子「.xlsx」では書き出せません"),
    ],
)
def test_out_needs_a_known_extension(cli, sample_book: Path, args: list[str], message: str) -> None:
    result = cli(*args, cwd=sample_book)
    assert result.exit_code == 2 and message in result.stderr
    assert not [p for p in sample_book.iterdir() if p.name.startswith(("report", "press"))]


def test_out_takes_the_format_from_the_extension(cli, sample_book: Path) -> None:
    assert cli("render", "2025-05-16-advice-misdelivery", "--as", "press", "--out", "press.html", cwd=sample_book).exit_code == 0
    assert (sample_book / "press.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# --- templates of a casebook ---


@pytest.mark.parametrize(
    "template,message",
    [
        ("{{ 1 / 0 }}", "templates/press.md.j2:1: テンプレートの実行中にエラーが起きました（0 で割っています）"),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "テンプレートの実行中にエラーが起きました（マクロの呼び出しが深すぎます"),
        ("{{ 'x' * 100000000 }}", "テンプレートで作る文字列・リストが大きすぎます"),
        ("{{ 9 ** 999999 }}", "累乗の指数が大きすぎます"),
        ("{{ ''.__class__ }}", "テンプレートから使えない操作です"),
        ("{{ nothing.here }}", "変数「nothing」は定義されていません"),
    ],
)
def test_template_runtime_errors_name_the_template(cli, sample_book: Path, template: str, message: str) -> None:
    (sample_book / "templates").mkdir()
    (sample_book / "templates" / "press.md.j2").write_text(template, encoding="utf-8")
    result = cli("render", "2025-05-16-advice-misdelivery", "--as", "press", cwd=sample_book)
    assert result.exit_code == 1 and message in result.stderr, result.stderr
    assert "Traceback" not in result.output


def test_a_template_that_runs_for_ever_is_stopped(cli, sample_book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from casebook.documents import templates

    monkeypatch.setattr(templates, "RENDER_SECONDS", 0.5)
    (sample_book / "templates").mkdir()
    loop = "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
    (sample_book / "templates" / "press.md.j2").write_text(loop, encoding="utf-8")
    result = cli("render", "2025-05-16-advice-misdelivery", "--as", "press", cwd=sample_book)
    assert result.exit_code == 1 and "秒を超えたので止めました" in result.stderr and "press.md.j2:1" in result.stderr


def test_a_template_include_that_leaves_the_casebook_is_refused(cli, sample_book: Path, tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("outside") / "secret.j2"
    outside.write_text("秘密", encoding="utf-8")
    (sample_book / "templates").mkdir()
    (sample_book / "templates" / "_secret.md.j2").symlink_to(outside)
    (sample_book / "templates" / "press.md.j2").write_text('{% include "_secret.md.j2" %}', encoding="utf-8")
    result = cli("render", "2025-05-16-advice-misdelivery", "--as", "press", cwd=sample_book)
    assert result.exit_code == 1 and "casebook の外を指すシンボリックリンク" in result.stderr and "秘密" not in result.output


# --- config ---


def test_the_config_in_use_is_named_from_a_subfolder(cli, sample_book: Path) -> None:
    result = cli("list", "--format", "json", cwd=sample_book / "cases" / "2025")
    assert result.exit_code == 0
    assert result.stderr == "casebook: 設定 ../../casebook.yaml を使います\n"
    assert cli("list", "--format", "json", cwd=sample_book).stderr == ""


@pytest.mark.parametrize("value", ["../elsewhere", "/etc", "cases/../../x"])
def test_cases_dir_stays_inside_the_casebook(cli, sample_book: Path, value: str) -> None:
    (sample_book / "casebook.yaml").write_text(f"cases_dir: {value}\n", encoding="utf-8")
    result = cli("check", cwd=sample_book)
    assert result.exit_code == 1
    assert "casebook.yaml:1:12: error: 事案ファイルのフォルダ (cases_dir):" in result.stderr and "相対パス" in result.stderr


def test_cases_dir_linked_out_of_the_casebook(cli, sample_book: Path, tmp_path_factory) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (sample_book / "linked").symlink_to(elsewhere)
    (sample_book / "casebook.yaml").write_text("cases_dir: linked\n", encoding="utf-8")
    result = cli("check", cwd=sample_book)
    assert result.exit_code == 2 and "casebook の外を指しています" in result.stderr


# --- new ---


def test_new_refuses_an_id_that_exists_anywhere(cli, sample_book: Path) -> None:
    for case_id in ("2025-04-25-resume-loss", "2025-04-25-RESUME-LOSS"):
        result = cli("new", "--id", case_id, "--no-input", cwd=sample_book)
        assert result.exit_code == 1 and "すでに cases/2025/2025-04-25-resume-loss.yaml にあります" in result.stderr
    assert not (sample_book / "cases" / "2025-04-25-resume-loss.yaml").exists()


@pytest.mark.parametrize("case_id", ["CON", "nul", "Com1", "LPT9"])
def test_new_refuses_names_windows_cannot_hold(cli, sample_book: Path, case_id: str) -> None:
    result = cli("new", "--id", case_id, "--no-input", cwd=sample_book)
    assert result.exit_code == 2 and "Windows でファイル名に使えない" in result.stderr


def test_new_refuses_control_characters_and_invalid_utf8(cli, sample_book: Path) -> None:
    result = cli("new", "--title", "件名\x1b[31m", "--no-input", cwd=sample_book)
    assert result.exit_code == 2 and "件名: 制御文字 U+001B があります" in result.stderr and "\x1b" not in result.stderr
    casebook = Path(sys.executable).parent / "casebook"
    invalid = subprocess.run([casebook, "new", "--no-input", b"--title=\xff\xfe\x81"], cwd=sample_book, capture_output=True, check=False)
    assert invalid.returncode == 2 and "UTF-8 として読めない文字" in invalid.stderr.decode("utf-8")
    assert sorted(p.name for p in (sample_book / "cases").glob("*.yaml")) == sorted(p.name for p in (ROOT / "cases").glob("*.yaml"))


# --- period arguments ---


@pytest.mark.parametrize(
    "period", ["0000", "9999H2", "令和9999年度", "M1", "0001", "2025H3", "2025Q5", "R0H1", "平成32年度", "x" * 200, "2025H1\x1b[31m"]
)
@pytest.mark.parametrize("command", ["list", "report", "stats"])
def test_every_period_argument_gets_a_japanese_usage_error(cli, sample_book: Path, command: str, period: str) -> None:
    result = cli(command, period, cwd=sample_book)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("casebook: 期間「") and "\x1b" not in result.stderr
    assert result.stdout == ""


def test_stats_refuses_the_same_period_twice(cli, sample_book: Path) -> None:
    for periods in (["2025H1", "2025H1"], ["2025H1", "R7H1"], ["FY2025", "令和7年度"]):
        result = cli("stats", *periods, "--format", "json", cwd=sample_book)
        assert result.exit_code == 2 and "同じ期間が2回指定されています" in result.stderr
    assert cli("stats", "2025", "2025H1", "--format", "json", cwd=sample_book).exit_code == 0  # overlapping, not the same
