"""What libyaml (C) and PyYAML (pure Python) report when a file is not YAML, in a clerk's words.

The parsers say what token they expected; the table says what to fix. No English text of theirs is
ever shown: a problem the table does not know gets a Japanese message of its own (`problem_text`).
tests/test_messages.py feeds every problem text of both parsers to this table.
"""

from __future__ import annotations

TAB = "タブ文字は使えません（インデントにはスペースを使ってください）"
_TAG = "タグ（「!」で始まる指定）は使えません（値を「!」で始めるときは引用符で囲んでください）"
_DIRECTIVE = "「%」で始まる行（ディレクティブ）は書けません（値を「%」で始めるときは引用符で囲んでください）"
_INDENT = "インデントがずれています（同じ階層のキーは同じ位置から書いてください）"
_ESCAPE = "引用符の中に使えないエスケープ文字があります（「\\」を書くときは「\\\\」と重ねるか、'…' で囲んでください）"
_ENCODING = "文字コードが正しくありません（UTF-8 で保存してください）"
# The problems libyaml (C) and PyYAML (pure Python) report, in their words, and what they mean to a clerk.
_PROBLEMS: list[tuple[tuple[str, ...], str]] = [
    (("found a tab character",), TAB),
    (
        ("mapping values are not allowed", "found unexpected ':'"),
        "ここに「: 」は置けません（値に「: 」を含むときは引用符で囲んでください）",
    ),
    (("could not find expected ':'",), "「キー: 値」の「:」が見つかりません"),
    (("did not find expected key", "expected <block end>"), _INDENT),
    (("did not find expected '-' indicator",), "インデントがずれています（リストの「- 」をそろえてください）"),
    (("sequence entries are not allowed",), "ここに「- 」（リストの項目）は置けません（インデントを確かめてください）"),
    (("mapping keys are not allowed",), "ここに「? 」は置けません（値を「?」で始めるときは引用符で囲んでください）"),
    (("found undefined alias",), "定義されていないエイリアスです（値を「*」で始めるときは引用符で囲んでください）"),
    (("found unexpected end of stream",), "ファイルが途中で終わっています（引用符や括弧が閉じられていません）"),
    (("found unknown escape character", "expected escape sequence", "hexdecimal number", "invalid Unicode character escape"), _ESCAPE),
    (("but found another document", "expected a single document"), "1つのファイルに複数のドキュメント（---）は書けません"),
    (("control characters are not allowed", "special characters are not allowed", "unacceptable character"), "制御文字が含まれています"),
    (("found duplicate anchor",), "アンカー名が重複しています"),
    (("expected ',' or ']'", "did not find expected ',' or ']'"), "「[」で始めたリストが「]」で閉じられていません（項目の区切りは「,」）"),
    (
        ("expected ',' or '}'", "did not find expected ',' or '}'"),
        "「{」で始めたマッピングが「}」で閉じられていません（項目の区切りは「,」）",
    ),
    (("invalid indentation or unclosed",), "インデントがずれているか、「[」「{」が閉じられていません"),
    (("node content",), "ここに値がありません（「- 」や「: 」の後に値を書くか、値を引用符で囲んでください）"),
    (("cannot start any token",), "この文字（「@」「`」など）で値を始めることはできません（値を引用符で囲んでください）"),
    (
        ("comment or a line break", "comment or line break"),
        "引用符や括弧の後に余分な文字があります（行末まで全体を引用符で囲んでください）",
    ),
    (
        ("alphabetic or numeric character",),
        "「&」「*」の後にアンカーの名前がありません（値を「&」「*」で始めるときは引用符で囲んでください）",
    ),
    (("unexpected document", "document start>", "document separator"), "「---」や「...」の行が、引用符の中や値の途中にあります"),
    (("indentation indicator", "chomping"), "「|」「>」の後の指定が正しくありません（「|」「|-」「|+」のように書いてください）"),
    (("whitespace", "expected ' '"), "「&」「!」の指定の後に空白が必要です（値を「&」「!」で始めるときは引用符で囲んでください）"),
    (("directive", "version number", "digit", "YAML document", "non-alphabetical"), _DIRECTIVE),
    (("found duplicate key",), "キーが重複しています"),
    (("tag", "'!'", "URI", "'>'"), _TAG),
    (("UTF-8", "UTF-16", "octet", "Unicode character"), _ENCODING),
    (("input is too long",), "ファイルが大きすぎます"),
]
_UNKNOWN = "YAMLとして読めません（この位置で書き方が崩れています。引用符・括弧・インデントを確かめてください）"


def problem_text(problem: str) -> str:
    """A parser's problem in Japanese; never its English words."""
    return next((ja for words, ja in _PROBLEMS if any(word in problem for word in words)), _UNKNOWN)
