"""Search across the cases, offline and in Japanese: Pagefind's extended build (PyPI `pagefind[extended]`) indexes the
written pages (it segments Japanese words with a Japanese dictionary) into pagefind/, and search.html runs its UI.

Pagefind indexes only what the pages mark with data-pagefind-body (the case notices and the period tables), so the
index holds nothing the pages do not show. The search needs JavaScript; the lists (casebook.site.lists) do not, and
they are the filters by period, 分類, 媒体 and 所属: Pagefind's own filters are left out because it writes their
files in a different order on every run (its hash maps), and two builds of the same casebook must be the same bytes.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from casebook.documents.templates import render
from casebook.errors import CasebookError
from casebook.site.content import SiteContent
from casebook.site.frame import SEARCH, TEMPLATES, draw

FOLDER = "pagefind"
SCRIPT = "search.js"
SECONDS = 300


class SearchIndexError(CasebookError):
    exit_code = 1


def files(content: SiteContent) -> Iterator[tuple[str, str | bytes]]:
    if not content.search:
        return
    yield SEARCH, draw(content, "search.html.j2", SEARCH, "事案の検索", folder=FOLDER)
    yield SCRIPT, render(content.root, TEMPLATES + "search.js.j2")


def index(site: Path) -> None:
    """Write the search index of the pages in `site` into site/pagefind/."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", FOLDER, "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=SECONDS)
    except (OSError, subprocess.SubprocessError) as error:
        raise SearchIndexError(f"検索の索引を作れませんでした（Pagefind を実行できません: {type(error).__name__}）") from None
    if done.returncode != 0:
        raise SearchIndexError(
            "検索の索引を作れませんでした（Pagefind が止まりました。pip install 'pagefind[extended]' を確認してください）"
        )
