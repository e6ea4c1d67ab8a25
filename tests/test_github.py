"""`casebook check` in GitHub Actions: annotations placed from the repository root, escaped as the runner
unescapes them, and a job summary that lists every finding, inert, in Japanese."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES

CLEAN = (FIXTURES / "rules" / "clean.yaml").read_text(encoding="utf-8")
WEEKDAY = "対応 (responses[0]): 「4月28日（火）」の曜日が違います（2025年4月28日は月曜日）"


def _case(book: Path, case_id: str, *changes: tuple[str, str]) -> None:
    text = CLEAN.replace("id: clean", f"id: {case_id}")
    for old, new in changes:
        assert old in text
        text = text.replace(old, new)
    (book / "cases" / f"{case_id}.yaml").write_text(text, encoding="utf-8")


def _book(folder: Path) -> Path:
    (folder / "cases").mkdir(parents=True)
    (folder / "casebook.yaml").write_text("organisation: テスト県\n", encoding="utf-8")
    _case(folder, "late", ("responses: [本人へ謝罪した。]", "responses: [4月28日（火）に本人へ謝罪した。]"))
    return folder


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A git repository whose casebook is its sub-folder records/."""
    if shutil.which("git") is None:
        pytest.skip("needs git")
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    _book(repo / "records")
    return repo


def _annotation(path: str) -> str:
    return f"::error file={path},line=13,col=13,title=weekday::{WEEKDAY}\n"


def test_annotations_name_the_file_from_the_git_top_level(cli, repository: Path) -> None:
    result = cli("check", cwd=repository / "records", env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    assert result.stdout == _annotation("records/cases/late.yaml")
    # from another folder of the repository, and naming the folder to check, the path is the same
    (repository / "tools").mkdir()
    result = cli("check", "../records/cases", cwd=repository / "tools", env={"GITHUB_ACTIONS": "true"})
    assert result.stdout == _annotation("records/cases/late.yaml")


def test_annotations_name_the_file_from_the_github_workspace(cli, repository: Path, tmp_path: Path) -> None:
    workspace = {"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(repository / "records")}
    assert cli("check", cwd=repository / "records", env=workspace).stdout == _annotation("cases/late.yaml")
    # a workspace that does not hold the file is not used: the git top level is
    elsewhere = {"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(tmp_path / "elsewhere")}
    assert cli("check", cwd=repository / "records", env=elsewhere).stdout == _annotation("records/cases/late.yaml")


def test_without_git_or_a_repository_the_path_is_from_the_current_folder(cli, tmp_path: Path) -> None:
    book = _book(tmp_path / "outside" / "records")
    no_repository = {"GITHUB_ACTIONS": "true", "GIT_CEILING_DIRECTORIES": str(tmp_path)}
    assert cli("check", "records/cases", cwd=book.parent, env=no_repository).stdout == _annotation("records/cases/late.yaml")
    no_git = {"GITHUB_ACTIONS": "true", "PATH": str(tmp_path / "no-programs-here")}
    result = cli("check", cwd=book, env=no_git)
    assert result.exit_code == 1 and result.stdout == _annotation("cases/late.yaml")


def test_text_and_json_keep_paths_from_the_casebook(cli, repository: Path) -> None:
    result = cli("check", cwd=repository / "records")
    assert result.stdout.startswith("cases/late.yaml:13:13: error: ")


def test_workflow_commands_are_escaped_as_the_runner_unescapes_them(cli, casebook_dir: Path) -> None:
    """GitHub's rules: % CR LF in the data; also : and , in a property (the file name here)."""
    name = "50%,a:b"
    text = CLEAN.replace("id: clean", f'id: "{name}"').replace("category: 誤送付", 'category: "誤送付%0A\\n::error::x"')
    (casebook_dir / "cases" / f"{name}.yaml").write_text(text, encoding="utf-8")
    result = cli("check", "--format", "github", cwd=casebook_dir)
    lines = result.stdout.splitlines()
    assert lines[0] == "::error file=cases/50%25%2Ca%3Ab.yaml,line=1,col=5,title=schema::" + lines[0].split("::", 2)[2]
    category = next(line for line in lines if "title=schema::事案の分類" in line)
    assert category.startswith("::error file=cases/50%25%2Ca%3Ab.yaml,line=7,col=11,title=schema::")
    assert "「誤送付%250A↵::error::x」は使えません" in category  # a line break in a value is shown as ↵ first
    assert all(line.startswith("::error ") for line in lines)  # one command a line: nothing can start another


def test_a_line_break_in_a_file_name_stays_in_its_annotation(cli, casebook_dir: Path) -> None:
    (casebook_dir / "cases" / "line\nbreak.yaml").write_text(CLEAN, encoding="utf-8")
    result = cli("check", "--format", "github", cwd=casebook_dir)
    assert result.exit_code == 1
    assert result.stdout.startswith("::error file=cases/line%0Abreak.yaml,")
    assert all(line.startswith("::error ") for line in result.stdout.splitlines())


def test_the_escaping_is_githubs() -> None:
    """What no case can put in a message is escaped all the same: % CR LF in the data, and : , in properties."""
    from casebook.reading.findings import Finding

    finding = Finding("a:b,c%d.yaml", 1, 2, "warning", "r:1,2", "50%\r\nx\ny")
    assert finding.github() == "::warning file=a%3Ab%2Cc%25d.yaml,line=1,col=2,title=r%3A1%2C2::50%25\\r%0Ax%0Ay"


PUBLIC = "public-case"
SECRET = "secret-case"
MARKER = "ヒミツ太郎"


def _troubled_book(folder: Path) -> Path:
    _case(folder, PUBLIC, ("category: 誤送付", 'category: "誤送|<b>x</b>`y` [z](u)\\n# h"'))
    _case(
        folder,
        SECRET,
        ("publication: {mode: 一括公表のみ}", "publication: {mode: 非公表, criterion: 1}"),
        ("category: 誤送付", f"category: {MARKER}"),
    )
    _case(folder, "draft", ("status: 確定", "status: 調査中"), ("summary: 書類を誤って送付したもの。\n", ""))
    _case(folder, "fine")
    return folder


EXPECTED_SUMMARY = """\
## casebook check

| 検査したファイル | エラーのない事案 | エラー | 警告 |
|---:|---:|---:|---:|
| 5件 | 2件 | 3件 | 1件 |

| 場所 | 種類 | 規則 | 内容 |
|---|---|---|---|
| records/cases/draft.yaml:1:1 | 警告 | required | 事案の概要 (summary): 未記入です（確定までに記入してください） |
| records/cases/late.yaml:13:13 | エラー | weekday | 対応 (responses\\[0\\]): 「4月28日（火）」の曜日が違います（2025年4月28日は月曜日） |
| records/cases/public-case.yaml:7:11 | エラー | schema | 事案の分類 (category): 「誤送\\|&lt;b&gt;x&lt;/b&gt;\\`y\\` \\[z\\](u)↵# h」は使えません（誤送付 のことですか？ 郵便・FAX・宅配などで、本来と異なる相手に送付したもの（封入誤り・宛名誤りを含む））。次のいずれか: 紛失・置忘れ、盗難、誤送付、誤送信、誤交付、誤掲載・誤公開、誤廃棄、不正アクセス、不正持出し・目的外利用、口頭での漏えい、その他 |
| records/cases/secret-case.yaml:7:11 | エラー | schema | 事案の分類 (category): 「（非公表の事案のため表示しません）」は使えません。次のいずれか: 紛失・置忘れ、盗難、誤送付、誤送信、誤交付、誤掲載・誤公開、誤廃棄、不正アクセス、不正持出し・目的外利用、口頭での漏えい、その他 |

"""


def test_the_job_summary_lists_every_finding_inert(cli, repository: Path) -> None:
    book = _troubled_book(repository / "records")
    summary = repository / "summary.md"
    summary.write_text("## 前のステップの概要\n\n", encoding="utf-8")  # what an earlier command of the step wrote
    result = cli("check", cwd=book, env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    assert summary.read_text(encoding="utf-8") == "## 前のステップの概要\n\n" + EXPECTED_SUMMARY
    assert MARKER not in summary.read_text(encoding="utf-8")
    # each finding one row of four cells, whatever its text held
    rows = [line for line in EXPECTED_SUMMARY.splitlines() if line.startswith("| records/")]
    assert len(rows) == 4 and all(row.replace("\\|", "").count("|") == 5 for row in rows)


def test_the_job_summary_says_what_the_annotations_leave_out(cli, casebook_dir: Path, tmp_path: Path) -> None:
    for number in range(12):
        _case(casebook_dir, f"late-{number:02}", ("responses: [本人へ謝罪した。]", "responses: [4月28日（火）に本人へ謝罪した。]"))
    summary = tmp_path / "summary.md"
    result = cli("check", "--format", "text", cwd=casebook_dir, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    text = summary.read_text(encoding="utf-8")
    assert "| 12件 | 0件 | 12件 | 0件 |" in text
    assert "注釈として表示されるのはエラー・警告それぞれ10件までです。すべての問題は次のとおりです。" in text
    assert [line.split(" | ")[0] for line in text.splitlines() if "| weekday |" in line] == [
        f"| cases/late-{number:02}.yaml:13:13" for number in range(12)
    ]


def test_a_clean_run_says_so_in_the_summary(cli, casebook_dir: Path, tmp_path: Path) -> None:
    _case(casebook_dir, "fine")
    summary = tmp_path / "summary.md"
    assert cli("check", cwd=casebook_dir, env={"GITHUB_STEP_SUMMARY": str(summary)}).exit_code == 0
    assert summary.read_text(encoding="utf-8") == (
        "## casebook check\n\n| 検査したファイル | エラーのない事案 | エラー | 警告 |\n|---:|---:|---:|---:|\n"
        "| 1件 | 1件 | 0件 | 0件 |\n\n問題はありません。\n\n"
    )


def test_a_summary_that_cannot_be_written_is_said_and_the_check_goes_on(cli, casebook_dir: Path, tmp_path: Path) -> None:
    _case(casebook_dir, "fine")
    result = cli("check", cwd=casebook_dir, env={"GITHUB_STEP_SUMMARY": str(tmp_path)})  # a folder
    assert result.exit_code == 0
    assert f"casebook: ジョブの概要 {tmp_path} に書き込めません" in result.stderr
    assert "Traceback" not in result.output


def test_a_summary_stays_within_githubs_limit(cli, casebook_dir: Path, tmp_path: Path) -> None:
    from casebook.checking.github import SUMMARY_LIMIT

    summary = tmp_path / "summary.md"
    summary.write_bytes(b"x" * (SUMMARY_LIMIT - 1500))  # the step has nearly filled its summary
    for number in range(12):
        _case(casebook_dir, f"late-{number:02}", ("responses: [本人へ謝罪した。]", "responses: [4月28日（火）に本人へ謝罪した。]"))
    assert cli("check", cwd=casebook_dir, env={"GITHUB_STEP_SUMMARY": str(summary)}).exit_code == 1
    data = summary.read_bytes()
    assert len(data) <= SUMMARY_LIMIT
    text = data.decode("utf-8")
    shown = text.count("| weekday |")
    assert 0 < shown < 12 and f"ほかに {12 - shown}件あります" in text


def test_a_full_summary_gets_nothing_more(cli, casebook_dir: Path, tmp_path: Path) -> None:
    from casebook.checking.github import SUMMARY_LIMIT

    summary = tmp_path / "summary.md"
    summary.write_bytes(b"x" * (SUMMARY_LIMIT - 76))  # not even the heading fits
    _case(casebook_dir, "late", ("responses: [本人へ謝罪した。]", "responses: [4月28日（火）に本人へ謝罪した。]"))
    result = cli("check", cwd=casebook_dir, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    assert summary.stat().st_size == SUMMARY_LIMIT - 76
    assert "は GitHub の大きさの上限に達しているため、書き足しませんでした" in result.stderr
