"""Messages that steer right: the exact YAML mistake and its fix, suggestions by meaning, and never a library's English."""

import re
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT

from casebook.reading import yaml12

TESTS = Path(__file__).resolve().parent
# Three English words in a row: a sentence from pydantic, libyaml, PyYAML, click or Jinja. Commands and
# option names (casebook schema --force) and YAML words (true か false) are not sentences.
ENGLISH = re.compile(r"[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){2,}")


def english_in(text: str) -> list[str]:
    return [m.group(0) for m in ENGLISH.finditer(text)]


def _message(line: str) -> str:
    """The message of one `check` output line: what follows the severity, without the rule id."""
    return re.sub(r" \[[a-z-]+\]$", "", line.split(": error: ", 1)[-1].split(": warning: ", 1)[-1])


HEAD = "id: mistake\nstatus: 調査中\n"


@pytest.mark.parametrize(
    "body,place,expected",
    [
        ("title：書類の誤送付\n", "3:6", "「title：」の「：」が全角です。半角の「:」と空白で「title: 」と書いてください"),
        ("title:\u3000書類の誤送付\n", "3:7", "「title:」の後の空白が全角です。「:」の後は半角の空白にしてください（「title: 」）"),
        ("title:書類の誤送付\noccurred: R7.4.25\n", "3:7", "「title:」の後に空白がありません。"),
        (
            "\u3000title: 書類の誤送付\n",
            "3:1",
            "「\u3000title」に全角の空白があります。インデント（字下げ）と「:」の後は半角の空白で書いてください",
        ),
        (
            "title: 書類の誤送付\n  occurred: R7.4.25\n",
            "4:3",
            "「occurred:」が前の行の「title:」より深く字下げされています。「title」にはもう値があるので、同じ階層の項目なら行頭から書いてください",
        ),
        (
            "persons:\n  actual: 3\n    who: 申請者\n",
            "5:5",
            "「who:」が前の行の「actual:」より深く字下げされています。「actual」にはもう値があるので、同じ階層の項目なら「actual:」と同じく2文字下げて書いてください",
        ),
        (
            "persons: {actual: 1,495}\n",
            "3:19",
            (
                "「actual: 1,495」の「,」で区切られ、「495」が別の項目として読まれています（{ } の中では「,」が項目の区切りです）。"
                "桁区切りの「,」を書かずに actual: 1495 と書いてください"
            ),
        ),
        ("persons: {actual: 1,495名}\n", "3:19", "桁区切りの「,」と「名」を書かずに actual: 1495 と書いてください"),
        (
            "persons: {actual: 1,234,567,890,123,456}\n",
            "3:19",
            "「actual: 1,234,567,890,…」の「,」で区切られ、「234」「567」「890」ほか2個が別の項目として読まれています",
        ),
        ("persons:\n  actual: 1,495名\n", "4:11", "人数は 0 以上の整数か「不明」で書いてください（「1,495名」なら 1495 と数字だけ）"),
        ("persons: 1,495名\n", "3:10", "本人の数は persons: {actual: 1495} の形で書いてください"),
    ],
)
def test_each_yaml_mistake_is_named_with_its_fix(cli, casebook_dir: Path, body: str, place: str, expected: str) -> None:
    (casebook_dir / "cases" / "mistake.yaml").write_text(HEAD + body, encoding="utf-8")
    result = cli("check", cwd=casebook_dir)
    assert result.exit_code == 1
    errors = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert any(line.startswith(f"cases/mistake.yaml:{place}: error: ") and expected in line for line in errors), errors
    assert not english_in(result.stdout)


@pytest.mark.parametrize(
    "field,written,meant",
    [
        ("category", "誤封入", "誤送付"),
        ("category", "封入誤り", "誤送付"),
        ("category", "宛名誤り", "誤送付"),
        ("category", "誤FAX", "誤送付"),
        ("category", "置き忘れ", "紛失・置忘れ"),
        ("category", "BCC漏れ", "誤送信"),
        ("category", "メールの誤送信", "誤送信"),
        ("category", "車上荒らし", "盗難"),
        ("medium", "USBメモリ", "電子媒体"),
        ("medium", "ファックス", "FAX"),
        ("unit_kind", "警察署", "警察"),
        ("certainty", "流出の恐れ", "漏えいのおそれ"),
        ("status", "確", "確定"),
    ],
)
def test_suggestions_are_by_meaning(cli, casebook_dir: Path, field: str, written: str, meant: str) -> None:
    (casebook_dir / "cases" / "word.yaml").write_text(
        f"id: word\nstatus: 調査中\n{field}: {written}\n".replace("status: 調査中\nstatus", "status"), encoding="utf-8"
    )
    result = cli("check", cwd=casebook_dir)
    assert f"「{written}」は使えません（{meant} のことですか？ " in result.stdout


# Every problem text of both parsers: PyYAML's pure-Python scanner and parser (read from its source here),
# and libyaml's (compiled into the C extension, listed from libyaml 0.2.5's scanner.c, parser.c and reader.c).
LIBYAML_PROBLEMS = """\
block sequence entries are not allowed in this context
control characters are not allowed
could not find expected ':'
could not find expected directive name
did not find URI escaped octet
did not find expected '!'
did not find expected ',' or ']'
did not find expected ',' or '}'
did not find expected '-' indicator
did not find expected <document start>
did not find expected alphabetic or numeric character
did not find expected comment or line break
did not find expected digit or '.' character
did not find expected hexdecimal number
did not find expected key
did not find expected node content
did not find expected tag URI
did not find expected version number
did not find expected whitespace
did not find expected whitespace or line break
did not find the expected '>'
found a tab character that violates indentation
found a tab character where an indentation space is expected
found an incorrect leading UTF-8 octet
found an incorrect trailing UTF-8 octet
found an indentation indicator equal to 0
found character that cannot start any token
found duplicate %TAG directive
found duplicate %YAML directive
found extremely long version number
found incompatible YAML document
found invalid Unicode character escape code
found undefined tag handle
found unexpected ':'
found unexpected document indicator
found unexpected end of stream
found unexpected non-alphabetical character
found unknown directive name
found unknown escape character
incomplete UTF-8 octet sequence
input is too long
invalid Unicode character
invalid leading UTF-8 octet
invalid length of a UTF-8 sequence
invalid trailing UTF-8 octet
mapping keys are not allowed in this context
mapping values are not allowed in this context
found undefined alias
found duplicate anchor; first occurrence
but found another document
""".splitlines()


def _pure_problems() -> list[str]:
    source = "".join(
        (Path(yaml.__file__).parent / name).read_text(encoding="utf-8") for name in ("scanner.py", "parser.py", "composer.py", "reader.py")
    )
    found = set(re.findall(r'"((?:found|expected|could|did|mapping|sequence|special|invalid|unacceptable|but)[^"]*)"', source))
    return sorted(found)


@pytest.mark.parametrize("problem", sorted(set(LIBYAML_PROBLEMS) | set(_pure_problems())))
def test_every_parser_problem_has_japanese_words(problem: str) -> None:
    text = yaml12.problem_text(problem)
    assert text != yaml12.problem_text("no such problem"), problem
    assert not english_in(text)


BROKEN_BASE = (FIXTURES / "rules" / "clean.yaml").read_text(encoding="utf-8")
INSERTS = [
    ":",
    "[",
    "{",
    "]",
    "}",
    '"',
    "'",
    "&",
    "*",
    "!",
    "%",
    "|",
    ">",
    "@",
    "`",
    "\t",
    "- ",
    "? ",
    "\n  ",
    "：",
    "\u3000",
    "\\",
    "---\n",
    "#",
]


@pytest.mark.parametrize("pure", [False, True], ids=["libyaml", "pure-python"])
def test_broken_yaml_never_shows_a_parsers_english(pure: bool) -> None:
    seen = 0
    for position in range(0, len(BROKEN_BASE), 7):
        for insert in INSERTS:
            text = BROKEN_BASE[:position] + insert + BROKEN_BASE[position:]
            try:
                yaml12.load_document(text, pure=pure)
            except yaml12.YamlError as error:
                seen += 1
                assert not english_in(error.message), (text, error.message)
    assert seen > 100  # the mutations do break the file


def test_no_message_over_the_corpus_and_the_rule_fixtures_is_english(cli) -> None:
    for args in (["check", "corpus"], ["check", "fixtures/rules"], ["check", "--format", "github", "fixtures/rules"]):
        result = cli(*args, cwd=TESTS)
        assert result.stdout.count("\n") > 20
        for line in result.stdout.splitlines():
            assert not english_in(_message(line)), line
    for golden in (TESTS / "corpus.expected", FIXTURES / "rules.expected"):  # the reviewed outputs, hostile files included
        for line in golden.read_text(encoding="utf-8").splitlines():
            assert not english_in(_message(line)), line


@pytest.mark.parametrize(
    "args",
    [
        ["--bogus"],
        ["check", "--strict=yes"],
        ["check", "--quiet=1"],
        ["check", "-j", "abc"],
        ["check", "-j"],
        ["check", "--format", "xml"],
        ["report"],
        ["report", "2025H1", "--format", "pdf"],
        ["report", "2025H9"],
        ["render", "x"],
        ["render", "x", "--as", "letter"],
        ["stats", "--by", "year"],
        ["list", "2025H1", "extra"],
        ["show"],
        ["init", "a", "b"],
        ["new", "--title"],
        ["new", "--occurred", "2025-02-30", "--category", "封入ミス", "--no-input"],
        ["nosuch"],
    ],
)
def test_usage_errors_are_never_english(cli, args: list[str]) -> None:
    result = cli(*args, cwd=ROOT)
    assert result.exit_code in (1, 2), result.output
    assert result.stderr.startswith("casebook: ")
    assert not english_in(result.stderr), result.stderr
