"""Rules of reading a casebook: what the files are, how they parse, what the schema says, ids across files.

Most of these are reported by the reader (`casebook.reading`) as it goes, under the ids of the rules
declared here, so that every rule id is documented in one place. `filename-id` runs on the document as
read, whatever the schema says (ids are file names: it cannot be switched off).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from casebook.editing.migrations import KEY, current_version
from casebook.rules.base import DocumentContext, Hit, Stage, reported_by_reader, rule
from casebook.safety.quoting import quote

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


SCHEMA = reported_by_reader(
    "schema",
    """項目名・型・値がスキーマに合わない（知らない項目には「〜のことですか？」）

    ignore_rules に書いた規則がない、または除外できない規則のときも、この規則で知らせます。""",
)


@rule("filename-id", stage=Stage.DOCUMENT, ignorable=False)
def filename_id(ctx: DocumentContext) -> Iterator[Hit]:
    """ファイル名と事案IDが一致しない（スキーマに合わないファイルでも確かめます。除外できません）"""
    case_id = ctx.data.get("id")
    if ctx.path.name == "-":
        return  # read from standard input without a file name (check -)
    if isinstance(case_id, str) and case_id != ctx.path.stem:
        yield Hit(("id",), "error", f"事案ID{quote(case_id)}とファイル名「{ctx.path.name}」が一致しません")


_MODELINE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=(\S+)", re.M)


def _casebook_schema(folder: str) -> Path | None:
    """Where the casebook.schema.json of the casebook that holds `folder` belongs (whether it is there or not)."""
    from casebook.settings.files import SCHEMA_FILE, find_config

    config = find_config(Path(folder))
    return config.parent / SCHEMA_FILE if config is not None else None


@rule("modeline", stage=Stage.DOCUMENT)
def modeline(ctx: DocumentContext) -> Iterator[Hit]:
    """エディタ用の「# yaml-language-server: $schema=…」が存在しないファイルを指している（警告）

    パスは事案ファイルのフォルダから数えます（cases/2025/ の事案は ../../casebook.schema.json）。URL は確かめません。
    """
    found = _MODELINE.search(ctx.text)
    if found is None or "://" in found[1] or ctx.path.name == "-":  # from stdin without a name: no folder to count from
        return
    # The answer depends on the folder and the path written, not on the file: learnt once per run.
    key = ("modeline", os.path.dirname(ctx.path), found[1])  # no Path made for each file
    verdict = ctx.memo.get(key)
    if verdict is None:
        verdict = ctx.memo[key] = _modeline_verdict(ctx.path.parent, found[1])
    cacheable, fix = verdict
    if not cacheable:
        ctx.clock.never()  # the cache knows whether the casebook's schema file is there, not any other file
    if fix is not None:  # quoted for this file: a non-public case's message quotes none of its text
        written = quote(found[1], withheld="（$schema に書いた場所）")  # the mark would read as the schema's name
        message = f"エディタ用のスキーマ{written}がありません。補完と説明が出ません（{fix}）"
        yield Hit(None, "warning", message, place=ctx.place(found.start(1)))


def _modeline_verdict(folder: Path, written: str) -> tuple[bool, str | None]:
    """Whether the cache may keep the answer (the path is the casebook's schema file), and how to fix a path to no file."""
    expected = _casebook_schema(os.path.abspath(folder))
    target = folder / written
    cacheable = expected is not None and os.path.abspath(target) == os.path.abspath(expected)
    if target.is_file():
        return cacheable, None
    schema = expected if expected is not None and expected.is_file() else None
    if schema is not None:
        return cacheable, f"このファイルからは $schema={Path(os.path.relpath(schema, folder)).as_posix()} です"
    return cacheable, "casebook schema で casebook.schema.json を作ってください"


@rule("schema-version", stage=Stage.DOCUMENT, ignorable=False)
def schema_version(ctx: DocumentContext) -> Iterator[Hit]:
    """事案ファイルの形式の版（schema_version）が古い・この casebook より新しい

    古い版のファイルは `casebook fmt` が今の版に書き換えます（コメントは残ります）。書かれていなければ版 1 です。
    """
    version = ctx.data.get(KEY)
    version = 1 if version is None else version
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return  # the schema names a version that is not a positive integer
    current = current_version()
    loc = (KEY,) if KEY in ctx.data else ()
    if version > current:
        yield Hit(
            loc,
            "error",
            f"この事案ファイルは新しい形式（版 {version}）で書かれています。この casebook が読めるのは版 {current} までです（casebook を更新してください）",
        )
    elif version < current:
        yield Hit(loc, "error", f"古い形式（版 {version}）の事案ファイルです。casebook fmt で今の形式（版 {current}）に書き換えてください")
