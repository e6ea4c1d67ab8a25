"""Numbers in case files and casebook.yaml: `check`, `fmt` and `set` read every spelling by the YAML 1.2 core schema,
what check accepts is kept as written, what it refuses is refused by all three with its place and the field's label."""

from __future__ import annotations

from pathlib import Path

import pytest

CASE = "2025-04-25-resume-loss"
LABEL = "本人の数 › 実人数 (persons.actual)"
# The spellings of a number YAML tools disagree on, with what the core schema reads (None: not a number of persons).
SPELLINGS = {
    "0b11": None,  # binary: a string in YAML 1.2 (ruamel.yaml's own rules and YAML 1.1 read 3)
    "1_000": None,  # a string in YAML 1.2 (YAML 1.1 reads 1000)
    "0o17": 15,
    "017": 17,  # decimal in YAML 1.2 (YAML 1.1 reads octal 15)
    "+12": 12,
    "-0": 0,
    "0x1F": 31,
    "-0x1F": None,  # a sign before 0x makes a string
    "1e3": None,  # a float: persons are whole numbers
    ".5": None,
    "1,200": None,  # a string: the hint says 1200
}


def _file(book: Path) -> Path:
    return book / "cases" / "2025" / f"{CASE}.yaml"


def _with_persons(book: Path, written: str) -> Path:
    target = _file(book)
    text = target.read_text(encoding="utf-8")
    assert "\n  actual: 1\n" in text and "occurred: R7.4.25\n" in text
    target.write_text(text.replace("\n  actual: 1\n", f"\n  actual: {written}\n"), encoding="utf-8")
    return target


@pytest.mark.parametrize("written", SPELLINGS)
def test_check_fmt_and_set_agree_on_every_spelling_of_a_number(cli, sample_book: Path, written: str) -> None:
    number = SPELLINGS[written]
    target = _with_persons(sample_book, written)
    check = cli("check", "--no-cache", cwd=sample_book)
    errors = [line for line in check.stdout.splitlines() if ": error: " in line]
    if number is None:
        assert check.exit_code == 1
        assert errors == [
            f"cases/2025/{CASE}.yaml:12:11: error: {LABEL}: 人数は 0 以上の整数か「不明」で書いてください"
            + {"1_000": "（「1_000」なら 1000 と数字だけ）", "1,200": "（「1,200」なら 1200 と数字だけ）"}.get(written, "")
            + " [schema]"
        ]
    else:
        assert check.exit_code == 0 and not errors, check.stdout
        listed = cli("list", "--format", "json", cwd=sample_book)
        assert f'"id": "{CASE}",' in listed.stdout and f'"persons_actual": {number},' in listed.stdout, listed.stdout

    # fmt rewrites the file (the date in another style) and keeps the number as written
    (sample_book / "casebook.yaml").write_text(
        (sample_book / "casebook.yaml").read_text(encoding="utf-8") + "date_style: 和暦\n", encoding="utf-8"
    )
    before = target.read_text(encoding="utf-8")
    fmt = cli("fmt", str(target), cwd=sample_book)
    after = target.read_text(encoding="utf-8")
    if number is None and written != "1,200":
        assert fmt.exit_code == 1 and after == before  # refused: the result would not pass check
    elif written == "1,200":
        assert fmt.exit_code == 0 and "\n  actual: 1200\n" in after  # the fix check names
    else:
        assert fmt.exit_code == 0, fmt.output
        assert "occurred: 令和7年4月25日\n" in after and f"\n  actual: {written}\n" in after

    # set of another field keeps the number's line; set of the number writes it as typed, or refuses as check does
    target.write_text(before, encoding="utf-8")
    other = cli("set", CASE, "title=略歴書の紛失", cwd=sample_book)
    if number is None:
        assert other.exit_code == 1 and target.read_text(encoding="utf-8") == before
    else:
        assert other.exit_code == 0 and f"\n  actual: {written}\n" in target.read_text(encoding="utf-8")
    target.write_text(before.replace(f"\n  actual: {written}\n", "\n  actual: 1\n"), encoding="utf-8")
    typed = cli("set", CASE, f"persons.actual={written}", cwd=sample_book)
    now = target.read_text(encoding="utf-8")
    if written == "1,200":
        assert typed.exit_code == 0 and "\n  actual: 1200\n" in now  # stored as fmt stores it: the number check asks for
    elif number is None:
        assert typed.exit_code == 1 and "\n  actual: 1\n" in now
        assert f"cases/2025/{CASE}.yaml:12:11: error: {LABEL}: 人数は 0 以上の整数か「不明」で書いてください" in typed.stderr
    else:
        assert typed.exit_code == 0 and f"\n  actual: {written}\n" in now


@pytest.mark.parametrize("written", ["0b11", "1_0", "1e1", "-0x4"])
def test_a_number_of_the_config_in_a_spelling_yaml_1_2_reads_as_text_is_refused(cli, sample_book: Path, written: str) -> None:
    config = sample_book / "casebook.yaml"
    config.write_text(config.read_text(encoding="utf-8") + f"draft_days: {written}\n", encoding="utf-8")
    line = config.read_text(encoding="utf-8").count("\n")
    result = cli("check", "--no-cache", cwd=sample_book)
    assert result.exit_code == 1
    assert f"casebook.yaml:{line}:13: error: 調査中の目安の日数 (draft_days): 整数で書いてください [schema]" in result.stderr


@pytest.mark.parametrize(("written", "days"), [("0x1F", 31), ("017", 17), ("+20", 20)])
def test_a_number_of_the_config_is_read_as_yaml_1_2_reads_it(cli, sample_book: Path, written: str, days: int) -> None:
    config = sample_book / "casebook.yaml"
    config.write_text(config.read_text(encoding="utf-8") + f"draft_days: {written}\n", encoding="utf-8")
    assert cli("check", "--no-cache", cwd=sample_book).exit_code == 0
    from casebook.reading.loader import config_of

    assert config_of(sample_book).config.draft_days == days
