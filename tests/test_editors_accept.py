"""fmt and set take what check takes (a tab after a plain value, a comment after a tab) and keep every comment,
directive and document marker, or refuse naming it; fmt goes through the whole casebook whatever one file holds."""

from pathlib import Path

RESUME = Path("cases/2025/2025-04-25-resume-loss.yaml")
EMAIL = Path("cases/2025/2025-06-09-report-email.yaml")


def test_a_tab_after_a_plain_value_is_taken_by_fmt_and_set(cli, sample_book: Path) -> None:
    target = sample_book / RESUME
    text = (
        target.read_text(encoding="utf-8")
        .replace("status: 確定\n", "status: 確定\t# 確認済み\n")
        .replace("unit_kind: 本庁\n", "unit_kind: 本庁\t\n")
    )
    target.write_text(text, encoding="utf-8")
    assert cli("check", str(RESUME), cwd=sample_book).exit_code == 0
    result = cli("set", "2025-04-25-resume-loss", "title=略歴書の紛失", cwd=sample_book)
    assert result.exit_code == 0, result.output
    assert "# 確認済み" in target.read_text(encoding="utf-8")
    result = cli("fmt", cwd=sample_book)
    assert result.exit_code == 0, result.output
    written = target.read_text(encoding="utf-8")
    assert "status: 確定 # 確認済み\n" in written and "\t" not in written
    assert cli("check", cwd=sample_book).exit_code == 0


def test_directives_and_markers_are_named_never_dropped_and_fmt_goes_on(cli, sample_book: Path) -> None:
    email = sample_book / EMAIL
    marked = "%YAML 1.2\n---\n" + email.read_text(encoding="utf-8") + "...\n# 以上\n"
    email.write_text(marked, encoding="utf-8")
    resume = sample_book / RESUME
    resume.write_text(resume.read_text(encoding="utf-8").replace("status: 確定\n", "status: 確定   \n"), encoding="utf-8")
    assert cli("check", cwd=sample_book).exit_code == 0
    result = cli("fmt", cwd=sample_book)
    assert result.exit_code == 1
    for line, mark in [(1, "%YAML 1.2"), (2, "---"), (26, "..."), (27, "# 以上")]:
        assert (
            f"{EMAIL.as_posix()}:{line}:1: error: 整形すると「{mark}」が消えるため書き換えません（手で整えてください） [fmt]"
            in result.output
        )
    assert email.read_text(encoding="utf-8") == marked  # left as it was
    assert "status: 確定\n" in resume.read_text(encoding="utf-8")  # the casebook's other files were formatted
    refused = cli("set", "2025-06-09-report-email", "title=x", cwd=sample_book)
    assert refused.exit_code == 1
    assert f"{EMAIL.as_posix()}:1:1: error: 「%YAML 1.2」が消えます" in refused.output
    assert email.read_text(encoding="utf-8") == marked
