"""casebook.yaml, the casebook's own templates and the schema file are input like a case file: anything but a
regular file is named with its path (never passed over for the defaults), reads are bounded, and a character no
output may carry is refused at file:line:column."""

import os
from pathlib import Path

import pytest

from casebook.authoring.schema import schema_text


def _replace_config(book: Path, make: str) -> None:
    config = book / "casebook.yaml"
    config.unlink()
    if make == "dangling link":
        config.symlink_to("nowhere.yaml")
    elif make == "folder":
        config.mkdir()
    elif make == "fifo":
        os.mkfifo(config)
    elif make == "device":
        config.symlink_to("/dev/zero")


@pytest.mark.parametrize(
    ("make", "named"),
    [
        ("dangling link", "シンボリックリンクの指す先（nowhere.yaml）がありません。casebook.yaml として読めません"),
        ("folder", "フォルダです。casebook.yaml として読めません"),
        ("fifo", "名前付きパイプ（FIFO）です。casebook.yaml として読めません"),
        ("device", "デバイスファイルです。casebook.yaml として読めません"),
    ],
)
def test_a_config_that_is_not_a_regular_file_stops_every_command(cli, sample_book: Path, make: str, named: str) -> None:
    _replace_config(sample_book, make)
    checked = cli("check", cwd=sample_book)
    assert checked.exit_code == 1
    assert f"casebook.yaml: error: {named}" in checked.output
    reported = cli("report", "2025H1", cwd=sample_book)
    assert reported.exit_code == 1
    assert "casebook.yaml にエラーがあります" in reported.output
    assert "事案件数" not in reported.output  # never the defaults' report


def test_a_config_is_found_where_it_is_even_below_another(cli, sample_book: Path) -> None:
    """A broken casebook.yaml in a sub-folder is that folder's casebook's, not passed over for the one above."""
    inner = sample_book / "cases" / "2025"
    os.mkfifo(inner / "casebook.yaml")
    result = cli("list", cwd=inner)
    assert result.exit_code == 1
    assert "名前付きパイプ（FIFO）です。casebook.yaml として読めません" in result.output


@pytest.mark.parametrize(
    ("text", "place", "what"),
    [
        ('organisation: "群馬\\e[31m県"\n', "1:15", "エスケープ（ESC） U+001B"),
        ("organisation: 群馬県\nreport:\n  footnotes:\n    - 注\u202e記\n", "4:7", "表示の向きを変える文字 U+202E"),
        ('organisation: 群馬県\nreport:\n  sections:\n    cases: "表\\0"\n', "4:12", "制御文字 U+0000"),
    ],
)
def test_a_control_character_in_the_config_is_refused_at_its_place(cli, sample_book: Path, text: str, place: str, what: str) -> None:
    (sample_book / "casebook.yaml").write_text(text, encoding="utf-8")
    checked = cli("check", cwd=sample_book)
    assert checked.exit_code == 1
    assert f"casebook.yaml:{place}: error: {what} が含まれています" in checked.output
    assert "[control-character]" in checked.output
    reported = cli("report", "2025H1", "--format", "md", cwd=sample_book)
    assert reported.exit_code == 1
    assert "\x1b" not in reported.output
    assert "\u202e" not in reported.output


def test_a_control_character_in_a_template_is_refused_at_its_place(cli, sample_book: Path) -> None:
    (sample_book / "templates").mkdir()
    (sample_book / "templates" / "press.md.j2").write_text("# {{ case.title }}\r\n\r\nお知らせ\x1b]8;;http://x\x07\n", encoding="utf-8")
    checked = cli("check", cwd=sample_book)
    assert checked.exit_code == 1
    assert "templates/press.md.j2:3:5: error: エスケープ（ESC） U+001B が含まれています" in checked.output
    rendered = cli("render", "2025-04-25-resume-loss", "--as", "press", cwd=sample_book)
    assert rendered.exit_code == 1
    assert "templates/press.md.j2:3:5: エスケープ（ESC） U+001B が含まれています" in rendered.output
    assert "\x1b" not in rendered.output


def test_a_template_that_is_a_fifo_or_too_large_is_named_not_read(cli, sample_book: Path) -> None:
    folder = sample_book / "templates"
    folder.mkdir()
    os.mkfifo(folder / "press.md.j2")
    with open(folder / "web.md.j2", "wb") as stream:
        stream.truncate(3 * 1024**3)  # sparse: 3 GB that take no disk
    with open(folder / "report.docx", "wb") as stream:
        stream.truncate(5 * 1024**3)
    checked = cli("check", cwd=sample_book)
    assert "templates/press.md.j2: error: 通常のファイルではありません（テンプレートには使えません）" in checked.output
    assert "templates/web.md.j2: error: ファイルが大きすぎます（3,221,225,472バイト。上限 1,048,576バイト）" in checked.output
    assert "templates/report.docx: error: ファイルが大きすぎます（5,368,709,120バイト。上限 33,554,432バイト）" in checked.output
    web = cli("render", "2025-04-25-resume-loss", "--as", "web", cwd=sample_book)
    assert web.exit_code == 1
    assert "templates/web.md.j2: ファイルが大きすぎます" in web.output


@pytest.mark.parametrize("make", ["device", "fifo", "huge"])
def test_schema_never_reads_what_is_not_a_schema_file(cli, sample_book: Path, make: str) -> None:
    target = sample_book / "target.json"
    if make == "device":
        target.symlink_to("/dev/zero")
    elif make == "fifo":
        os.mkfifo(target)
    else:
        with open(target, "wb") as stream:
            stream.truncate(4 * 1024**3)
    result = cli("schema", "--out", str(target), "--force", cwd=sample_book)
    if make == "huge":  # a regular file that is not the schema is replaced, having read no more than the schema's size
        assert result.exit_code == 0
        assert target.read_text(encoding="utf-8") == schema_text()
    else:
        assert result.exit_code == 2
        kind = "デバイスファイル" if make == "device" else "名前付きパイプ（FIFO）"
        assert f"target.json: {kind}です。スキーマのファイルには使えません" in result.output


@pytest.mark.parametrize("expression", ['"a"|center(2000000000)', '"a".center(2000000000)', '"a"|indent(2000000000, true)'])
def test_a_template_cannot_pad_a_string_to_gigabytes(cli, sample_book: Path, expression: str) -> None:
    (sample_book / "templates").mkdir()
    (sample_book / "templates" / "press.md.j2").write_text("# {{ case.title }}\n{{ " + expression + " }}\n", encoding="utf-8")
    result = cli("render", "2025-04-25-resume-loss", "--as", "press", cwd=sample_book)
    assert result.exit_code == 1
    assert "テンプレートで作る文字列が大きすぎます（1,048,576文字まで）" in result.output
