"""schema_version: a change of the form is one migration, `check` names older files and `fmt` upgrades them.

The form has not changed yet, so this test makes the change a real one would be: version 2 of the form
renames two fields. Version 1 called 備考 `notes`, and the date of a report `day`; the current model (the
version-2 form) calls them `remarks` and `date`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from casebook.editing import migrations
from casebook.editing.migrations import Migration, Rename

OLD_FILE = """\
# yaml-language-server: $schema=../casebook.schema.json
# 版 1 の形式で書かれた事案
id: old-form
title: 書類の誤送付
status: 調査中
occurred: R7.4.25
reports:
  - kind: 遺失届
    to: 警察署
    day: R7.4.26  # 届け出た日
# 備考の前のコメント
notes: 古い名前の項目  # 行末のコメント
"""


@pytest.fixture
def version_2(monkeypatch: pytest.MonkeyPatch) -> None:
    renamed = Migration(
        "備考を notes から remarks に、報告・届出の日付を day から date に",
        (Rename(("notes",), "remarks"), Rename(("reports", "*", "day"), "date")),
    )
    monkeypatch.setattr(migrations, "MIGRATIONS", (renamed,))


def test_fmt_upgrades_an_older_file_keeping_its_comments(cli, casebook_dir: Path, version_2: None) -> None:
    target = casebook_dir / "cases" / "old-form.yaml"
    target.write_text(OLD_FILE, encoding="utf-8")

    checked = cli("check", cwd=casebook_dir)
    assert checked.exit_code == 1
    assert (
        "cases/old-form.yaml:3:1: error: 古い形式（版 1）の事案ファイルです。casebook fmt で今の形式（版 2）に書き換えてください [schema-version]"
        in checked.stdout
    )

    surveyed = cli("fmt", "--check", cwd=casebook_dir)
    assert surveyed.exit_code == 1
    assert (
        "古い形式（版 1）を今の形式（版 2）に書き換えます（備考を notes から remarks に、報告・届出の日付を day から date に）"
        in surveyed.stdout
    )

    assert cli("fmt", cwd=casebook_dir).exit_code == 0
    assert target.read_text(encoding="utf-8") == OLD_FILE.replace("id: old-form", "schema_version: 2\nid: old-form").replace(
        "    day: R7.4.26", "    date: R7.4.26"
    ).replace("notes: 古い名前", "remarks: 古い名前")
    assert cli("check", cwd=casebook_dir).exit_code == 0
    assert cli("fmt", "--check", cwd=casebook_dir).exit_code == 0


def test_a_file_of_a_newer_form_is_an_error_not_a_guess(cli, casebook_dir: Path) -> None:
    (casebook_dir / "cases" / "new-form.yaml").write_text("schema_version: 2\nid: new-form\nstatus: 調査中\n", encoding="utf-8")
    checked = cli("check", cwd=casebook_dir)
    assert checked.exit_code == 1
    assert "この事案ファイルは新しい形式（版 2）で書かれています。この casebook が読めるのは版 1 までです" in checked.stdout
    refused = cli("fmt", cwd=casebook_dir)
    assert refused.exit_code in (0, 1)
    assert "schema_version: 2" in (casebook_dir / "cases" / "new-form.yaml").read_text(encoding="utf-8")
