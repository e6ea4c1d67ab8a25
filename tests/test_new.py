"""`casebook new` as a clerk runs it: each answer checked as it is typed, every bad flag at once, never outside a casebook."""

from datetime import date, timedelta
from pathlib import Path

import pytest

import casebook.cli
from casebook.cli import common


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "interactive", lambda: True)


def _typed(cli, folder: Path, args: list[str], lines: list[str]):  # type: ignore[no-untyped-def]
    cli.monkeypatch.chdir(folder)
    return cli.runner.invoke(casebook.cli.app, ["new", *args], input="".join(line + "\n" for line in lines))


def test_each_answer_is_checked_as_typed_and_asked_again(cli, casebook_dir: Path, terminal) -> None:
    answers = [
        "書類の誤送付",  # 件名
        "R7.2.30",  # 発生日: no such day
        "令和7年4月25日（木）",  # wrong weekday (a Friday)
        "令和7年4月25日（金）",
        "R7.4.28",  # 判明日
        "総務部総務課",  # 担当課
        "県庁",  # 所属: a word, not a value
        "本庁",
        "誤封入",  # 分類: by meaning
        "誤送付",
        "",  # 媒体 left for later
    ]
    result = _typed(cli, casebook_dir, [], answers)
    assert result.exit_code == 0, result.output
    said = result.stderr
    assert "発生日: 「R7.2.30」は存在しない日付です（2025年2月は28日まで）（もう一度入力してください）" in said
    assert "曜日が違います" in said and "金曜日" in said
    assert "所属「県庁」は使えません（本庁 のことですか？" in said
    assert "事案の分類「誤封入」は使えません（誤送付 のことですか？ 郵便・FAX・宅配などで" in said
    text = Path(result.stdout.strip().splitlines()[-1]).read_text(encoding="utf-8")
    for line in (
        'title: "書類の誤送付"',
        'occurred: "令和7年4月25日（金）"',
        'discovered: "R7.4.28"',
        'unit_kind: "本庁"',
        'category: "誤送付"',
    ):
        assert line in text
    assert "medium: null" in text


def test_bad_flags_are_reported_all_at_once_with_suggestions(cli, casebook_dir: Path) -> None:
    result = cli(
        "new", "--occurred", "R7.2.30", "--category", "BCC漏れ", "--medium", "メール", "--unit-kind", "学校", "--no-input", cwd=casebook_dir
    )
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == "casebook: 次の値は使えません（ファイルは作っていません）:"
    assert lines[1] == "  発生日: 「R7.2.30」は存在しない日付です（2025年2月は28日まで）"
    assert lines[2].startswith("  所属「学校」は使えません（教育機関 のことですか？")
    assert lines[3].startswith("  事案の分類「BCC漏れ」は使えません（誤送信 のことですか？")
    assert lines[4].startswith("  媒体「メール」は使えません（電子メール のことですか？")
    assert list((casebook_dir / "cases").iterdir()) == []


def test_bad_flags_on_a_terminal_stop_before_any_question(cli, casebook_dir: Path, terminal) -> None:
    result = _typed(cli, casebook_dir, ["--category", "置き忘れ"], ["件名"])
    assert result.exit_code == 2
    assert "紛失・置忘れ のことですか？" in result.stderr and "件名" not in result.stdout


def test_a_future_date_is_refused_at_creation_as_check_would(cli, casebook_dir: Path) -> None:
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    result = cli("new", "--occurred", tomorrow, "--no-input", cwd=casebook_dir)
    assert result.exit_code == 2 and f"発生日: 「{tomorrow}」は今日より後の日付です" in result.stderr
    result = cli("new", "--occurred", "R7.4.25", "--discovered", "R7.4.20", "--no-input", cwd=casebook_dir)
    assert result.exit_code == 2 and "判明日: 「R7.4.20」が発生日（令和7年4月25日）より前です" in result.stderr


def test_what_was_typed_is_given_back_when_the_file_cannot_be_made(cli, casebook_dir: Path, terminal) -> None:
    (casebook_dir / "cases" / "taken.yaml").write_text("id: taken\n", encoding="utf-8")
    result = _typed(cli, casebook_dir, ["--id", "taken"], ["宛名ラベルの誤り", "R7.4.25", "", "", "", "", ""])
    assert result.exit_code == 1
    assert "すでに cases/taken.yaml にあります" in result.stderr
    assert "入力した内容で作り直すには: casebook new --title '宛名ラベルの誤り' --occurred R7.4.25 --id taken" in result.stderr


def test_new_outside_a_casebook_says_to_run_init(cli, tmp_path: Path) -> None:
    from casebook.settings.files import find_config

    if find_config(tmp_path) is not None:  # casebook.yaml is searched upward: a stray one above /tmp would be found
        pytest.skip(f"{find_config(tmp_path)} is above the temporary folder")
    result = cli("new", "--title", "書類の誤送付", "--no-input", cwd=tmp_path)
    assert result.exit_code == 2
    assert "casebook init で作るか" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_schema_modeline_is_right_in_a_sub_folder(cli, casebook_dir: Path) -> None:
    assert cli("schema", cwd=casebook_dir).exit_code == 0
    result = cli("new", "--id", "deep", "--folder", "cases/2025/04", "--no-input", cwd=casebook_dir)
    assert result.exit_code == 0, result.output
    path = casebook_dir / "cases" / "2025" / "04" / "deep.yaml"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../../casebook.schema.json"
    assert (path.parent / first.split("=", 1)[1]).resolve() == (casebook_dir / "casebook.schema.json").resolve()
    assert cli("check", cwd=casebook_dir).exit_code == 0
    # from inside a sub-folder, a relative --folder is read from where the clerk is
    inner = cli("new", "--id", "here", "--folder", ".", "--no-input", cwd=casebook_dir / "cases" / "2025")
    assert inner.exit_code == 0, inner.output
    assert (
        (casebook_dir / "cases" / "2025" / "here.yaml")
        .read_text(encoding="utf-8")
        .startswith("# yaml-language-server: $schema=../../casebook.schema.json\n")
    )
    outside = cli("new", "--folder", "..", "--no-input", cwd=casebook_dir)
    assert outside.exit_code == 2 and "外です" in outside.stderr
