"""`import`: an office's table of cases (xlsx or csv) becomes case files (casebook.importing)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from casebook.cli import common
from casebook.cli.app import app, be_quiet, note


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(metavar="ファイル", help="取り込む表（.xlsx、または .csv: UTF-8（BOM あり・なし）か Shift_JIS）")],
    sheet: Annotated[Optional[str], typer.Option("--sheet", help="読むシートの名前（既定: 最初のシート）")] = None,
    maps: Annotated[
        Optional[list[str]],
        typer.Option("--map", help="見出しと項目の対応「列名=項目」を足す。例: 概要=summary、読まない列は 担当者=-。何度でも"),
    ] = None,
    year: Annotated[Optional[str], typer.Option("--year", help="月日だけの日付（4月25日）の年度（例: 2025、令和7年度）")] = None,
    folder: Annotated[Optional[Path], typer.Option("--folder", help="書くフォルダ（cases/ の中。例: cases/2025）")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="書き込まず、書くファイルとその内容を表示する")] = False,
    force: Annotated[bool, typer.Option("--force", help="すでにある事案のファイルも書き直す")] = False,
    quiet: common.QuietOption = False,
) -> None:
    """Excel や CSV の事案の一覧表を、1行1事案の事案ファイルとして cases/ に取り込みます。読めない行があれば何も書きません。"""
    from casebook.authoring.scaffold import open_for_new
    from casebook.domain.case import PROVISIONAL_TITLE
    from casebook.importing.header import ImportOnly
    from casebook.importing.run import plan_import, shown_path, write_plan

    be_quiet(quiet)
    book = open_for_new(common.open_book(Path.cwd()))
    plan = plan_import(book, file, sheet_name=sheet, maps=maps or [], year=year, folder=folder)
    where = plan.sheet.where(plan.header.row).rsplit(" ", 1)[0]
    read = "、".join(f"{c.letter}列「{c.label}」" for c in plan.header.columns)
    encoding = f"（{plan.sheet.encoding}）" if plan.sheet.encoding else ""
    note(f"casebook: {where}{encoding}の見出しは {plan.header.row}行目です。読んだ列: {read}")
    if plan.sheet.others:
        note(f"casebook: ほかのシート{'、'.join(f'「{name}」' for name in plan.sheet.others)}は読んでいません（読むなら --sheet シート名）")
    if plan.header.unused or plan.header.left_out or plan.unread_values:
        unused = [f"{letter}列「{label}」" for letter, label in plan.header.unused]
        unused += [f"{letter}列「{label}」（--map で除外）" for letter, label in plan.header.left_out]
        note(f"casebook: 使わなかった列: {'、'.join(unused + plan.unread_values)}（使うなら --map 見出し=項目）")
    if plan.skipped:
        note("casebook: 読み飛ばした行（表題・注記など）: " + "、".join(plan.skipped))
    for divider in plan.dividers:
        note(f"casebook: {divider}")
    if plan.continued:
        note("casebook: 前の行の事案の続きとして読んだ行: " + "、".join(plan.continued))
    if plan.inferred:
        note("casebook: 推定した項目（ファイルにコメントで示しました。確かめてください）:\n" + "\n".join(f"  {i}" for i in plan.inferred))
    if plan.unknown:
        note("casebook: 不明として記録した項目（withheld: 不明。分かれば記入してください）:\n" + "\n".join(f"  {u}" for u in plan.unknown))
    if plan.made_titles:
        note(
            f"casebook: 表に件名がないため、発生日と分類から仮の件名（「{PROVISIONAL_TITLE}」で始まる）を作りました。"
            f"件名を決めて{PROVISIONAL_TITLE}を消すまで、check が警告します（provisional-title）: " + "、".join(plan.made_titles)
        )
    missing = _not_in_table(plan)
    if missing:
        note(f"casebook: 表にない項目は、すべての事案で不明として記録しました（withheld: 不明）: {missing}")
    if plan.header.column(ImportOnly.PUBLICATION) is None:
        note(
            "casebook: 公表区分の列がないため、備考に個別公表の日がない事案は「一括公表のみ」として記録しました"
            "（非公表の事案があれば、取り込む前に表に公表区分の列（非公表（3）のように基準の番号も）を足してください）"
        )
    for planned in plan.existing:
        note(
            f"casebook: {plan.sheet.where(planned.row)}の事案はすでに {shown_path(planned, book)} にあります"
            + ("（--force で書き直します）" if force else "（書き換えません。書き直すなら --force）")
        )
    warned = [p for p in plan.files if p.warnings]
    if warned:
        lines = [f"  {shown_path(p, book)}: {w}" for p in warned for w in p.warnings]
        note("casebook: check の警告（取り込みは止めません）:\n" + "\n".join(lines))
    if dry_run:
        for planned in plan.files if force else plan.new:
            common.print_line(f"--- {shown_path(planned, book)}")
            common.print_document(planned.data.decode("utf-8"))
        note(
            f"casebook: --dry-run のため書き込んでいません（書くファイル {len(plan.files if force else plan.new)}件、すでにある事案 {len(plan.existing)}件）"
        )
        return
    written = write_plan(plan, force)
    for planned in written:
        common.print_line(shown_path(planned, book))
    note(
        f"casebook: {len(written)}件の事案ファイルを書きました（表の事案 {len(plan.files)}件、すでにあった事案 {len(plan.existing)}件）。casebook check で確かめてください"
    )


def _not_in_table(plan: object) -> str:
    from casebook.importing.building import missing_facts
    from casebook.importing.run import Plan

    assert isinstance(plan, Plan)
    return "、".join(missing_facts(plan.header))
