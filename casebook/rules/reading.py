"""Rules of reading a casebook: what the files are, how they parse, what the schema says, ids across files.

Most of these are reported by the reader (`casebook.reading`) as it goes; they are listed here so that
every rule id is documented in one place. `filename-id` runs on the document as read, whatever the
schema says, and the `schema` rule also checks that `ignore_rules` names rules that exist.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from casebook.quoting import quote
from casebook.reading.yaml12 import locate
from casebook.rules.base import Context, DocumentContext, Hit, Stage, reported_by_reader, rule

FILE = reported_by_reader(
    "file",
    """cases/ の中の事案ファイルでないもの・読めないもの（.yaml・.yml 以外の拡張子、権限、FIFO・デバイス、リンク、大きさ）

    拡張子の大文字・小文字は区別しません。空のフォルダを git に残す `.gitkeep` だけは置けます。""",
)
YAML = reported_by_reader(
    "yaml",
    """YAMLとして読めない・文字コードが UTF-8 でない（Shift_JIS・UTF-16 は変換方法を案内）""",
)
DUPLICATE_ID = reported_by_reader(
    "duplicate-id",
    """同じ事案IDが複数のファイルにある（大文字・小文字の違いだけでも同じ事案ID）""",
)
TEMPLATE = reported_by_reader(
    "template",
    """casebook の templates/ のテンプレートが構文エラー・casebook の外を指すリンク""",
)


@functools.cache
def _known() -> dict[str, bool]:
    from casebook.rules import RULES

    return {r.id: r.ignorable for r in RULES}


@rule("schema", ignorable=False)
def schema(ctx: Context) -> Iterator[Hit]:
    """項目名・型・値がスキーマに合わない（知らない項目には「〜のことですか？」）

    スキーマの検査は読み込みのときに行います。ここでは ignore_rules に書いた規則があるか、除外できる規則かを確かめます。
    """
    if not ctx.case.ignore_rules:
        return
    known = _known()
    for index, item in enumerate(ctx.case.ignore_rules):
        if known.get(item.rule, False):
            continue
        why = "は出力を壊さないための規則なので除外できません" if item.rule in known else f"という規則はありません（{'、'.join(known)}）"
        place = locate(ctx.node, ("ignore_rules", index, "rule"))
        yield Hit(("ignore_rules",), "warning", f"{quote(item.rule)}{why}", place)


@rule("filename-id", stage=Stage.DOCUMENT)
def filename_id(ctx: DocumentContext) -> Iterator[Hit]:
    """ファイル名と事案IDが一致しない（スキーマに合わないファイルでも確かめます）"""
    case_id = ctx.data.get("id")
    if isinstance(case_id, str) and case_id != ctx.path.stem:
        yield Hit(("id",), "error", f"事案ID{quote(case_id)}とファイル名「{ctx.path.name}」が一致しません")
