"""`site`: the public static site of the published cases."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from casebook.cli import common
from casebook.cli.app import app


@app.command("site")
def site_command(
    out: Annotated[Path, typer.Option("--out", help="書き出し先のフォルダ（中身ごと作り直します）")],
    base_url: Annotated[
        str, typer.Option("--base-url", help="公開するアドレス（例: https://example.jp/incidents/）。フィードとデータのリンクに使う")
    ] = "",
    force: Annotated[bool, typer.Option("--force", help="空でない既存のフォルダを置き換える")] = False,
    allow_draft: Annotated[bool, typer.Option("--allow-draft", help="調査中の事案があっても作る（一覧表に【調査中】と表示）")] = False,
    no_search: Annotated[bool, typer.Option("--no-search", help="検索のページと索引（Pagefind）を作らない")] = False,
    no_pdf: Annotated[bool, typer.Option("--no-pdf", help="一覧表とお知らせの PDF を作らない（確認用に早く作るとき）")] = False,
) -> None:
    """公表した事案の公開用サイト（一覧・期間ごとの表・個別公表のお知らせ・フィード・オープンデータ・検索）を静的なファイルで作ります。"""
    from casebook.site.build import write_site
    from casebook.site.content import collect

    book, pairs, _ = common.load_cases(Path.cwd(), stop_on_errors=True, with_paths=True)
    root = book.root
    placed = [((root / path) if root is not None else path, case) for path, case in pairs]
    content = collect(placed, book.config, root, base_url=base_url, allow_draft=allow_draft, pdf=not no_pdf, search=not no_search)
    written = write_site(content, out, force=force)
    common.print_line(f"{out.as_posix()}（{written}ファイル）")
