"""`casebook check` as CI runs it: every rule has a failing fixture, whole output compared."""

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLE_BOOKS, EXAMPLES, FIXTURES, ROOT
from hypothesis import given, settings
from hypothesis import strategies as st


def test_sample_casebook_is_clean(cli) -> None:
    result = cli("check", cwd=ROOT)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "11件のファイルを検査しました。問題はありません。" in result.stderr


def test_the_examples_are_one_body_s_casebook_each() -> None:
    """Seeds 000-003 are four other bodies' cases: each in its own casebook (a casebook is one body's)."""
    assert [book.name for book in EXAMPLE_BOOKS] == ["koganei", "ninomiya", "osakasayama", "tottori"]
    assert sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir()) == ["import", *(book.name for book in EXAMPLE_BOOKS)]


@pytest.mark.parametrize("book", EXAMPLE_BOOKS, ids=lambda p: p.name)
def test_every_example_casebook_is_clean(cli, book: Path) -> None:
    result = cli("check", cwd=book)
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and "問題はありません" in result.stderr, result.stderr


def test_every_rule_fixture_gives_the_reviewed_output(cli, golden) -> None:
    result = cli("check", "rules", cwd=FIXTURES)
    assert result.exit_code == 1
    golden(result.stdout, FIXTURES / "rules.expected")
    assert "Traceback" not in result.output


def test_templates_are_checked(cli, casebook_dir: Path, tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "rules" / "clean.yaml", casebook_dir / "cases" / "clean.yaml")
    (casebook_dir / "templates").mkdir()
    (casebook_dir / "templates" / "press.md.j2").write_text("# {{ case.title }\n", encoding="utf-8")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.md.j2"
    outside.write_text("{{ case.summary }}\n", encoding="utf-8")
    (casebook_dir / "templates" / "web.md.j2").symlink_to(outside)
    result = cli("check", cwd=casebook_dir)
    assert result.exit_code == 1
    assert "templates/press.md.j2:1:1: error: テンプレートの構文エラー: ここに「}」は置けません [template]" in result.stdout
    assert "templates/web.md.j2: error: " in result.stdout and "casebook の外を指すシンボリックリンク" in result.stdout


def test_clean_and_ignored_fixtures_have_no_findings_of_their_own(cli) -> None:
    result = cli("check", "rules/clean.yaml", cwd=FIXTURES)
    assert result.exit_code == 0 and result.stdout == ""
    result = cli("check", "rules/ignored.yaml", cwd=FIXTURES)
    assert "[ppc-report]" not in result.stdout  # suppressed with a reason
    assert "no-such-rule" in result.stdout


def test_warnings_pass_unless_strict(cli) -> None:
    assert cli("check", "rules/folded-text.yaml", cwd=FIXTURES).exit_code == 0
    strict = cli("check", "--strict", "rules/folded-text.yaml", cwd=FIXTURES)
    assert strict.exit_code == 1
    assert ": error: " in strict.stdout


def test_json_format(cli) -> None:
    result = cli("check", "rules/persons-total.yaml", "--format", "json", cwd=FIXTURES)
    assert json.loads(result.stdout) == {
        "files": 1,
        "findings": [
            {
                "path": "rules/persons-total.yaml",
                "line": 10,
                "column": 30,
                "severity": "error",
                "rule": "persons-total",
                "message": "延べ人数（5）が実人数（10）より少なくなっています",
                "field": "本人の数 › 延べ人数 (persons.total)",
            }
        ],
    }


def test_github_format_is_chosen_on_github_actions(cli) -> None:
    result = cli("check", "rules/weekday.yaml", cwd=FIXTURES, env={"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(FIXTURES)})
    assert result.stdout == (
        "::error file=rules/weekday.yaml,line=13,col=13,title=weekday::"
        "対応 (responses[0]): 「4月28日（火）」の曜日が違います（2025年4月28日は月曜日）\n"
    )


def test_usage_errors_exit_2(cli) -> None:
    assert cli("check", "no-such-folder", cwd=FIXTURES).exit_code == 2
    assert cli("check", "--format", "xml", cwd=FIXTURES).exit_code == 2


def test_a_casebook_without_config_uses_defaults(cli, tmp_path: Path) -> None:
    (tmp_path / "cases").mkdir()
    shutil.copy(FIXTURES / "rules" / "clean.yaml", tmp_path / "cases" / "clean.yaml")
    result = cli("check", cwd=tmp_path)
    assert result.exit_code == 0, result.output


def test_a_bad_config_is_reported_with_its_position(cli, casebook_dir: Path) -> None:
    (casebook_dir / "casebook.yaml").write_text("fiscal_year_start_month: 13\nperiod_basis: 公表日\n", encoding="utf-8")
    result = cli("check", cwd=casebook_dir)
    assert result.exit_code == 1
    assert "casebook.yaml:1:26: error: 年度の開始月 (fiscal_year_start_month): 12 以下で書いてください [schema]" in result.stderr
    assert "casebook.yaml:2:15: error: 集計基準日 (period_basis): 「公表日」は使えません" in result.stderr


def test_duplicate_ids_are_found_without_comparing_every_pair(cli) -> None:
    result = cli("check", "rules/dup1", "rules/dup2", cwd=FIXTURES)
    assert (
        result.stdout
        == "rules/dup2/dup.yaml:1:5: error: 事案ID (id): 事案ID「dup」は rules/dup1/dup.yaml:1 でも使われています [duplicate-id]\n"
    )


def test_bom_and_crlf_simply_work(cli, casebook_dir: Path) -> None:
    text = (FIXTURES / "rules" / "clean.yaml").read_text(encoding="utf-8")
    (casebook_dir / "cases" / "clean.yaml").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    result = cli("check", cwd=casebook_dir)
    assert result.exit_code == 0, result.output


def test_shift_jis_is_named(cli, casebook_dir: Path) -> None:
    (casebook_dir / "cases" / "sjis.yaml").write_bytes("id: sjis\ntitle: 誤送付\n".encode("cp932"))
    result = cli("check", cwd=casebook_dir)
    assert result.exit_code == 1
    assert "Shift_JIS（CP932）で保存されています" in result.stdout


def test_privacy_allow_list_and_contact_fields(cli, casebook_dir: Path) -> None:
    text = (FIXTURES / "rules" / "privacy.yaml").read_text(encoding="utf-8")
    (casebook_dir / "cases" / "privacy.yaml").write_text(text, encoding="utf-8")
    result = cli("check", cwd=casebook_dir)
    assert result.exit_code == 0  # warnings only
    assert "03-1234-5678" not in result.stdout and "鈴木一郎" not in result.stdout  # public contact fields
    names = [line for line in result.stdout.splitlines() if "[privacy-name]" in line]
    assert len(names) == 1 and "12:10:" in names[0]  # not お客様, not 氏名
    assert "山田" not in result.stdout  # a message never copies the personal data it found
    assert cli("check", "--strict", cwd=casebook_dir).exit_code == 1
    (casebook_dir / "casebook.yaml").write_text("privacy_allow: [090-1234-5678]\n", encoding="utf-8")
    result = cli("check", cwd=casebook_dir)
    assert "[privacy-phone]" not in result.stdout and "[privacy-email]" in result.stdout


@pytest.mark.parametrize(
    "text,rule",
    [
        ("電話 090-1234-5678 に連絡", "privacy-phone"),
        ("（03）1234-5678", "privacy-phone"),
        ("09012345678", "privacy-phone"),
        ("a.b+c@example.co.jp", "privacy-email"),
        ("1234-5678-9018", "privacy-my-number"),
        ("三丁目12番地", "privacy-address"),
        ("佐藤花子さん", "privacy-name"),
        ("スミス氏", "privacy-name"),
    ],
)
def test_privacy_patterns_find(text: str, rule: str) -> None:
    from casebook.rules import privacy

    find = {
        "privacy-email": privacy.find_emails,
        "privacy-phone": privacy.find_phones,
        "privacy-my-number": privacy.find_my_numbers,
        "privacy-address": privacy.find_addresses,
        "privacy-name": privacy.find_names,
    }[rule]
    assert list(find(text))


@pytest.mark.parametrize(
    "text",
    [
        "id: 2025-04-25-123abc",
        "2025-04-25",
        "R7.4.25",
        "1234-5678-9012",
        "皆様",
        "お客様センター",
        "氏名",
        "利用者様",
        "担当者さん",
        "150名分",
    ],
)
def test_privacy_patterns_leave_ordinary_text_alone(text: str) -> None:
    from casebook.rules import privacy

    for find in (privacy.find_emails, privacy.find_phones, privacy.find_my_numbers, privacy.find_addresses, privacy.find_names):
        assert not list(find(text)), text


# Pieces of phone numbers and マイナンバー, and of what stands around them in a case file.
_NUMBER_PIECES = [
    *("090-1234-5678", "09012345678", "(03)1234-5678", "（0857）12ー3456", "1234 5678 9018", "123456789018", "1234-5678-9018"),
    *("0", "12", "5678", " ", "-", "(", "（", ")", "）", "ー", "年", "様", "x", "０", "\U0002000b"),
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_NUMBER_PIECES), max_size=24).map("".join))
def test_number_finders_find_what_their_plain_patterns_find(text: str) -> None:
    """find_phones and find_my_numbers skip passes over the text (a bracket found from its 0, the twelve digits looked
    for in the text's shape): they find what one plain pattern over the whole text finds."""
    from casebook.rules import privacy

    standalone = privacy._standalone
    paren = re.compile(r"[(（]0[0-9]{1,4}[)）][0-9]{1,4}[-ー－][0-9]{3,4}")
    phones = [(m.start(), m[0]) for m in privacy._PHONE.finditer(text) if standalone(text, m.start(), m.end())]
    phones += [(m.start(), m[0]) for m in paren.finditer(text) if standalone(text, m.start(), m.end())]
    assert list(privacy.find_phones(text)) == phones
    numbers = [
        (m.start(), m[0])
        for m in re.finditer(r"[0-9][0-9]{3}[ -]?[0-9]{4}[ -]?[0-9]{4}", text)
        if standalone(text, m.start(), m.end()) and privacy._my_number_check_digit(re.sub("[ -]", "", m[0]))
    ]
    assert list(privacy.find_my_numbers(text)) == numbers


def test_only_the_marks_of_non_public_can_normalise_to_it() -> None:
    """The non-public test normalises only strings holding a character whose NFKC form has 非 (loader.NON_MARKS),
    and 公 and 表 come from no other character: asked of this Python's Unicode database."""
    import sys
    import unicodedata

    from casebook.safety.secrecy import NON_MARKS

    for char, expected in (("非", set(NON_MARKS)), ("公", {"公"}), ("表", {"表"})):
        sources = {chr(code) for code in range(sys.maxunicode + 1) if char in unicodedata.normalize("NFKC", chr(code))}
        assert sources == expected, char


def test_non_public_is_found_in_any_value_but_the_withheld_reasons(tmp_path) -> None:
    from casebook.safety.secrecy import data_mentions_non_public, text_mentions_non_public

    assert data_mentions_non_public({"publicaton": {"mode": "\u2fae公表"}})
    assert data_mentions_non_public({"notes": [{"\uff71": "ｘ非公表"}]})
    assert data_mentions_non_public({"非公表": 1})
    assert not data_mentions_non_public({"withheld": {"measures": "非公表"}, "title": "公表"})
    assert text_mentions_non_public("a: 1\nb: 非公表  # x\n")
    assert not text_mentions_non_public("a: 1  # 非公表\n# 非公表\n")
    assert text_mentions_non_public("# comment\r非公表\n")  # a line break str.splitlines knows


def test_the_loader_finds_non_public_as_the_walk_over_the_data_does() -> None:
    """The loader decides from the strings its YAML builder saw holding 非 or ⾮: the same answer as walking the data."""
    from casebook.reading import yaml12
    from casebook.safety.secrecy import NON_MARKS, data_mentions_non_public, marked_say_non_public

    texts = [
        'publicaton: {mode: "\\u2fae公表"}\n',
        'notes:\n  - {"\\uff71": ｘ非公表}\n',
        "非公表: 1\n",
        "withheld: {measures: 非公表}\ntitle: 公表\n",
        "withheld: {measures: 非公表}\ntitle: &a 非公表\nx: *a\n",
        "title: 非常口\nwithheld: {非公表: 非公表}\n",
        "- 非公表\n- withheld\n",
        "withheld:\n  - 非公表\n",
        "非公表\n",
        "1: 非公表\n",
        "a: {withheld: 非公表}\n",
        "publication:\n  mode: ' 非公表 '\n",
        "title: 公表\n# 非公表\n",
    ]
    for text in texts:
        document = yaml12.load_document(text, watch=NON_MARKS)
        assert marked_say_non_public(document.data, document.watched) == data_mentions_non_public(document.data), text


def test_a_modeline_warning_quotes_the_path_only_for_a_public_case(cli, tmp_path) -> None:
    """The modeline rule learns its answer once per folder; the message is still quoted for each file, so a
    non-public case in a folder read after a public one (and the other way round) is told without its text."""
    from conftest import copy_sample

    book = copy_sample(tmp_path)
    (book / "casebook.schema.json").unlink()
    folder = book / "cases" / "2025"
    public = sorted(folder.glob("*.yaml"))
    secret = folder / "2025-h1-non-public.yaml"
    for name in ("0-first-non-public", "z-last-non-public"):
        text = secret.read_text(encoding="utf-8").replace("id: 2025-h1-non-public", f"id: {name}")
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    result = cli("check", "--no-cache", cwd=book)
    lines = [line for line in result.stdout.splitlines() if "[modeline]" in line and line.startswith("cases/2025/")]
    assert len(lines) == len(public) + 2
    for line in lines:
        hidden = "non-public" in line.split(":", 1)[0]
        assert ("casebook.schema.json」" in line) != hidden, line
        assert ("エディタ用のスキーマ（$schema に書いた場所）がありません" in line) == hidden, line


# Every list field of a case file, left empty (null) in the file below.
NULL_LISTS = """id: null-lists
title: テスト事案
status: 調査中
data_items:
causes:
  - {text: 宛名の確認を怠ったことによるもの。, items: null}
responses: ~
measures: null
timeline: null
reports:
disciplinary_actions: null
contacts: null
ignore_rules: null
press: {lead: null, closing: null, contacts: null}
council: {lead: null}
web: {lead: null, materials: null}
"""


def test_a_list_left_empty_is_an_empty_list(cli, casebook_dir: Path) -> None:
    """`causes:` with nothing after it is an empty list in every model that has a list field, as in the schema."""
    from casebook.domain.case import Case
    from casebook.domain.parts import NestedText, list_fields, walk_models

    written = {("Case", name) for name in list_fields(Case)} | {("NestedText", "items")}
    written |= {("Press", name) for name in ("lead", "closing", "contacts")} | {("Council", "lead")}
    written |= {("WebNotice", name) for name in ("lead", "materials")}
    assert written == {(model.__name__, name) for model in walk_models(Case) for name in list_fields(model)}
    (casebook_dir / "cases" / "null-lists.yaml").write_text(NULL_LISTS, encoding="utf-8")
    (casebook_dir / "casebook.yaml").write_text("organisation: テスト県\nprivacy_allow:\n", encoding="utf-8")
    result = cli("check", "--format", "json", cwd=casebook_dir)
    findings = json.loads(result.stdout)["findings"]
    assert [f for f in findings if f["rule"] in ("schema", "yaml")] == []
    assert NestedText.model_validate({"text": "x", "items": None}).items == []
