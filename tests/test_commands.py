"""`new`, `list`, `show`, `schema` and `rules`, run as a user runs them."""

import csv
import io
import json
import re
import threading
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

from casebook.authoring.scaffold import NewCase, create_case
from casebook.settings.config import Casebook, Config


def test_new_writes_a_draft_that_passes_check_with_warnings(cli, casebook_dir: Path) -> None:
    result = cli("new", "--title", "書類の誤送付", "--occurred", "R7.4.25", "--department", "総務部総務課", "--no-input", cwd=casebook_dir)
    assert result.exit_code == 0, result.output
    path = casebook_dir / result.stdout.strip()
    assert re.fullmatch(r"2025-04-25-[0-9a-hjkmnp-tv-z]{6}\.yaml", path.name)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../casebook.schema.json\n")
    assert 'title: "書類の誤送付"' in text and 'occurred: "R7.4.25"' in text and "status: 調査中" in text
    check = cli("check", cwd=casebook_dir)
    assert check.exit_code == 0, check.output
    warnings = check.stdout.splitlines()
    assert warnings and all(": warning: " in line and "[required]" in line for line in warnings)
    assert any("所属 (unit_kind)" in line for line in warnings)
    assert not any("件名 (title)" in line for line in warnings)


def test_the_scaffold_explains_contacts_and_press_in_examples_check_accepts(cli, casebook_dir: Path) -> None:
    """The README says every item is explained by the comments `casebook new` writes: the 問合せ先 and the 記者発表's
    発表日・前文・結び・担当 too, each a commented example that check accepts once the clerk removes the 「# 」."""
    result = cli("new", "--title", "書類の誤送付", "--occurred", "R7.4.25", "--department", "総務部総務課", "--no-input", cwd=casebook_dir)
    path = casebook_dir / result.stdout.strip()
    text = path.read_text(encoding="utf-8")
    start = text.index("# contacts:  # 問合せ先")
    block = text[start:].splitlines()
    assert [line.split(":")[0].strip("# ") for line in block if not line.startswith("#   ")] == ["contacts", "press"]
    for key in ("date", "lead", "closing", "contacts"):
        assert any(line.startswith(f"#   {key}: ") and "  # " in line for line in block), key
    path.write_text(text[:start] + "".join(line[2:] + "\n" for line in block), encoding="utf-8")
    check = cli("check", cwd=casebook_dir)
    assert check.exit_code == 0, check.output
    assert not [line for line in check.stdout.splitlines() if "(contacts" in line or "(press" in line], check.stdout


def test_new_without_anything_still_passes_as_a_draft(cli, casebook_dir: Path) -> None:
    result = cli("new", "--no-input", cwd=casebook_dir)
    assert result.exit_code == 0
    check = cli("check", cwd=casebook_dir)
    assert check.exit_code == 0
    assert "件名 (title): 未記入です" in check.stdout


def test_new_rejects_bad_values_before_writing(cli, casebook_dir: Path) -> None:
    result = cli("new", "--occurred", "R7.2.30", "--no-input", cwd=casebook_dir)
    assert result.exit_code == 2
    assert "存在しない日付" in result.stderr
    result = cli("new", "--category", "紛失", "--no-input", cwd=casebook_dir)
    assert result.exit_code == 2 and "事案の分類「紛失」は使えません" in result.stderr
    assert list((casebook_dir / "cases").iterdir()) == []


def test_new_never_overwrites(cli, casebook_dir: Path) -> None:
    assert cli("new", "--id", "fixed", "--no-input", cwd=casebook_dir).exit_code == 0
    before = (casebook_dir / "cases" / "fixed.yaml").read_text(encoding="utf-8")
    again = cli("new", "--id", "fixed", "--title", "別の件名", "--no-input", cwd=casebook_dir)
    assert again.exit_code == 1 and "すでに cases/fixed.yaml にあります" in again.stderr
    assert (casebook_dir / "cases" / "fixed.yaml").read_text(encoding="utf-8") == before
    assert [p.name for p in (casebook_dir / "cases").iterdir()] == ["fixed.yaml"]


def test_new_rejects_ids_that_leave_the_folder(cli, casebook_dir: Path) -> None:
    result = cli("new", "--id", "../evil", "--no-input", cwd=casebook_dir)
    assert result.exit_code == 2 and "事案IDに使えません" in result.stderr


def test_concurrent_new_cases_get_distinct_files(casebook_dir: Path) -> None:
    book = Casebook(casebook_dir, Config(), casebook_dir / "casebook.yaml")
    paths: list[Path] = []
    threads = [threading.Thread(target=lambda: paths.append(create_case(book, NewCase(occurred="R7.4.25")))) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(paths)) == 20
    assert len(list((casebook_dir / "cases").glob("*.yaml"))) == 20
    assert not list((casebook_dir / "cases").glob(".*"))  # no temporary files left behind


def test_list_period_in_occurrence_order(cli) -> None:
    result = cli("list", "2025H1", "--format", "csv", "--labels", "ja", cwd=ROOT)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"), newline="")))
    assert len(rows) == 11
    assert [r["発生日（和暦）"] for r in rows] == [
        "R7.4.1～9.30",  # the non-public case: 令和7年4月1日から同年9月30日までの間
        "R7.4.25",
        "R7.5.16",
        "R7.6.9",
        "R7.6.13",
        "R7.7.9",
        "R7.7.9",
        "R7.7.29",
        "R7.8.8",
        "R7.8.12",
        "R7.8.29",
    ]
    assert rows[2]["所属"] == "出先機関" and rows[2]["公表"] == "個別公表"


def test_list_filters_and_public_only(cli) -> None:
    rows = json.loads(cli("list", "令和7年度上半期", "--public", "--format", "json", cwd=ROOT).stdout)
    assert len(rows) == 10
    assert all("非公表" not in json.dumps(r, ensure_ascii=False) for r in rows)
    rows = json.loads(cli("list", "--unit-kind", "出先機関", "--category", "誤送付", "--format", "json", cwd=ROOT).stdout)
    assert [r["id"] for r in rows] == ["2025-05-16-advice-misdelivery", "2025-08-12-proxy-return"]


def test_list_shows_persons_and_ppc_requirement(cli) -> None:
    rows = {r["id"]: r for r in json.loads(cli("list", "--format", "json", cwd=ROOT).stdout)}
    for example in ("tottori", "koganei"):  # the example casebooks of 鳥取県 and 小金井市 (seeds 000, 002)
        rows |= {r["id"]: r for r in json.loads(cli("list", "--format", "json", cwd=EXAMPLES / example).stdout)}
    camera = rows["2023-11-09-tottori-camera"]
    assert camera["persons_text"] == "150名分（延べ人数201名分）"
    assert camera["persons_actual"] == 150 and camera["persons_total"] == 201
    assert camera["ppc_required"] is True
    assert camera["occurred"] == "2023-11-09/2023-11-10" and camera["occurred_label"] == "R5.11.9～11.10"
    assert rows["2016-11-koganei-misuse"]["ppc_required"] is False  # before the duty applied to local bodies
    assert rows["2016-11-koganei-misuse"]["occurred"] == "2016-11"
    assert (
        rows["2016-11-koganei-misuse"]["occurred_first"] == "2016-11-01" and rows["2016-11-koganei-misuse"]["occurred_last"] == "2016-11-30"
    )
    assert rows["2016-11-koganei-misuse"]["occurred_label"] == "H28.11"
    unknown = rows["2025-08-29-certificate-mailing"]
    assert unknown["persons_actual"] is None and unknown["persons_text"] == "不明"  # 不明: null, and said so
    missing = rows["2025-h1-non-public"]
    assert missing["persons_actual"] is None and missing["persons_text"] is None and missing["department"] is None  # not written


def test_list_table_in_the_terminal(cli) -> None:
    result = cli("list", "2025H1", cwd=ROOT, env={"COLUMNS": "160", "TTY_COMPATIBLE": "1", "NO_COLOR": "1"})
    assert result.exit_code == 0
    assert "令和7年度上半期（発生日基準） 11件" in result.stdout
    assert "R7.4.25" in result.stdout


def test_list_bad_period(cli) -> None:
    result = cli("list", "2025H3", cwd=ROOT)
    assert result.exit_code == 2 and "H1" in result.stderr


def test_show_uses_japanese_labels_and_weekdays(cli) -> None:
    result = cli("show", "2023-11-09-tottori-camera", cwd=EXAMPLES / "tottori", env={"COLUMNS": "200"})
    assert result.exit_code == 0
    out = result.stdout
    for expected in (
        "発生日",
        "令和5年11月9日（木）午後6時頃から同月10日（金）午後2時頃までの間",
        "150名分（延べ人数201名分）",
        "令和5年11月17日（金）　米子警察署へ遺失届（公社）",
        "委員会への報告",
        "本人の数が100人を超える",
    ):
        assert expected in out, expected


def test_show_unknown_id(cli) -> None:
    result = cli("show", "nope", cwd=ROOT)
    assert result.exit_code == 1 and "見つかりません" in result.stderr


def test_committed_schema_is_current(cli) -> None:
    result = cli("schema", "--check", cwd=ROOT)
    assert result.exit_code == 0, "casebook.schema.json is stale: run `make schema`"


def test_schema_speaks_japanese_and_defines_enums(cli, casebook_dir: Path) -> None:
    assert cli("schema", cwd=casebook_dir).exit_code == 0
    schema = json.loads((casebook_dir / "casebook.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["occurred"]["title"] == "発生日"
    values = schema["$defs"]["Category"]["anyOf"][0]["oneOf"]  # the other alternative: the spellings the model reads too
    assert {"const": "誤送付", "description": "郵便・FAX・宅配などで、本来と異なる相手に送付したもの（封入誤り・宛名誤りを含む）"} in values
    (casebook_dir / "casebook.schema.json").write_text("{}", encoding="utf-8")
    refused = cli("schema", cwd=casebook_dir)
    assert refused.exit_code == 1 and "--force" in refused.stderr
    assert cli("schema", "--force", cwd=casebook_dir).exit_code == 0


def test_rules_lists_every_rule(cli) -> None:
    out = cli("rules").stdout
    for rule in ("duplicate-id", "weekday", "ppc-report", "required"):
        assert rule in out


def test_list_and_show_with_a_broken_file(cli, casebook_dir: Path) -> None:
    from conftest import FIXTURES

    for name in ("clean.yaml", "persons-total.yaml"):
        (casebook_dir / "cases" / name).write_text((FIXTURES / "rules" / name).read_text(encoding="utf-8"), encoding="utf-8")
    (casebook_dir / "cases" / "broken.yaml").write_text("id: broken\nstatus: 確\n", encoding="utf-8")
    listed = cli("list", "--format", "json", cwd=casebook_dir)
    assert listed.exit_code == 1
    # a case with errors is left out, whether the schema or a rule found them, and every one is named
    assert [row["id"] for row in json.loads(listed.stdout)] == ["clean"]
    assert "cases/broken.yaml:2:9: error: 状態 (status)" in listed.stderr and "[persons-total]" in listed.stderr
    assert "エラーのある事案ファイル 2件を除いて表示します" in listed.stderr
    shown = cli("show", "broken", cwd=casebook_dir)
    assert shown.exit_code == 1 and "cases/broken.yaml:2:9" in shown.stderr and "エラーがあります" in shown.stderr
    assert cli("show", "clean", cwd=casebook_dir).exit_code == 0


def test_new_edit_opens_the_editor_on_the_new_file(cli, casebook_dir: Path, tmp_path: Path) -> None:
    record = tmp_path / "edited.txt"
    editor = f"python3 -c \"import sys; open('{record}', 'w').write(sys.argv[1])\""
    result = cli("new", "--id", "edit-me", "--edit", "--no-input", cwd=casebook_dir, env={"EDITOR": editor, "VISUAL": ""})
    assert result.exit_code == 0
    assert record.read_text() == str(casebook_dir / "cases" / "edit-me.yaml")


def test_every_command_on_a_casebook_without_cases_says_so(cli, tmp_path: Path) -> None:
    (tmp_path / "casebook.yaml").write_text("organisation: 県\n", encoding="utf-8")
    for args in (["check"], ["list"], ["show", "x"], ["report", "2025H1"], ["stats"], ["render", "x", "--as", "press"]):
        result = cli(*args, cwd=tmp_path)
        assert result.exit_code == 2, args
        assert "cases がありません" in result.stderr and "Traceback" not in result.output


def test_help_starts_without_loading_the_models() -> None:
    import subprocess
    import sys

    code = "import sys; from casebook.cli import app; print('pydantic' in sys.modules, 'casebook.domain.parts' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False False"


def test_new_asks_on_a_terminal_for_what_is_missing(cli, casebook_dir: Path, monkeypatch) -> None:
    import casebook.cli
    from casebook.cli import common

    monkeypatch.setattr(common, "interactive", lambda: True)
    monkeypatch.chdir(casebook_dir)
    result = cli.runner.invoke(casebook.cli.app, ["new", "--department", "総務課"], input="書類の誤送付\nR7.4.25\n\n\n\n\n")
    assert result.exit_code == 0, result.output
    assert "件名" in result.output and "発生日" in result.output and "担当課" not in result.output
    path = Path(result.stdout.strip().splitlines()[-1])
    assert path.parent == casebook_dir / "cases"
    text = path.read_text(encoding="utf-8")
    assert 'title: "書類の誤送付"' in text and 'occurred: "R7.4.25"' in text and 'department: "総務課"' in text


@pytest.mark.parametrize(
    "args,expected",
    [
        (["check", "--bogus"], "casebook: オプション --bogus はありません（--jobs のことですか？）"),
        (
            ["check", "--format", "xml"],
            "casebook: --format の値が正しくありません（「xml」は使えません。次のいずれか: 'text', 'json', 'github'）",
        ),
        (["check", "-j", "0"], "casebook: --jobs / -j の値が正しくありません（1 以上にしてください）"),
        (["report"], "casebook: 引数 期間 を指定してください"),
        (["list", "2025H1", "extra"], "casebook: 余分な引数があります（extra）"),
        (["render", "x"], "casebook: オプション --as を指定してください"),
        (["nosuch"], "casebook: コマンド「nosuch」はありません"),
    ],
)
def test_usage_errors_are_japanese_and_exit_2(cli, args: list[str], expected: str) -> None:
    result = cli(*args, cwd=ROOT)
    assert result.exit_code == 2
    assert result.stderr.startswith(expected + "\n使い方は「casebook")


def test_list_rows_written_a_piece_at_a_time_are_the_whole_document() -> None:
    from casebook.documents.writers.csvfile import csv_text
    from casebook.queries.listing import ROWS_PER_CHUNK, row_chunks
    from casebook.queries.records import RECORD_KEYS
    from casebook.safety.inert import json_text

    values = ["値\n「x」\x1b", 12345, -1, True, False, None, "\u2028\u202e\x85\x7f", '😀\t"\\/', ""]
    rows = [
        {key: values[(number + index) % len(values)] for index, key in enumerate(RECORD_KEYS)} for number in range(ROWS_PER_CHUNK * 2 + 3)
    ]
    for count in (0, 1, len(rows)):
        assert "".join(row_chunks(rows[:count], "json")) == json_text(rows[:count])
        header = [list(RECORD_KEYS)]
        csv_values = [
            ["" if r[k] is None else str(r[k]).lower() if isinstance(r[k], bool) else r[k] for k in RECORD_KEYS] for r in rows[:count]
        ]
        assert "".join(row_chunks(rows[:count], "csv")) == csv_text(header + csv_values)
