"""Issue 11: machine-readable outputs and CLI conventions, on the sample casebook, through the command line.

One CSV rule (BOM + CRLF, --no-bom), typed list records, stable stats JSON, JSON Schemas for every JSON output,
plain tab-separated text when stdout is not a terminal, --out/--quiet on list, stats and show, and option names.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from conftest import EXAMPLE_OF, ROOT

TOTTORI = EXAMPLE_OF["2023-11-09-tottori-camera"]  # 鳥取県's example casebook: seed 000, a case that needs a PPC report
SCHEMAS = ROOT / "docs" / "schemas"
TERMINAL = {"COLUMNS": "120", "TTY_COMPATIBLE": "1", "NO_COLOR": "1"}  # rich takes stdout for a terminal


def _bytes(result) -> bytes:
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


# 1. One CSV rule for every command


@pytest.mark.parametrize(
    "args", [["list", "--format", "csv"], ["stats", "--format", "csv"], ["report", "2025H1", "--format", "csv"]], ids=lambda a: a[0]
)
def test_every_csv_is_utf8_with_bom_and_crlf_and_no_bom_drops_only_the_bom(cli, args: list[str]) -> None:
    with_bom = _bytes(cli(*args, cwd=ROOT))
    assert with_bom.startswith("\ufeff".encode()) and with_bom.endswith(b"\r\n")
    if args[0] != "report":  # the report's cells hold line breaks (quoted, RFC 4180): elsewhere every LF ends a CRLF line
        assert b"\n" not in with_bom.replace(b"\r\n", b"")
    assert with_bom.split(b"\n", 1)[0].endswith(b"\r")
    plain = _bytes(cli(*args, "--no-bom", cwd=ROOT))
    assert plain == with_bom.removeprefix("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(plain.decode("utf-8"), newline="")))
    assert len(rows) > 2


def test_csv_written_with_out_is_the_same_bytes(cli, tmp_path: Path) -> None:
    out = tmp_path / "list.csv"
    assert cli("list", "--out", str(out), "--no-bom", cwd=ROOT).exit_code == 0
    assert out.read_bytes() == _bytes(cli("list", "--format", "csv", "--no-bom", cwd=ROOT))


# 2. list --format json/csv typed and stable


def test_list_csv_headers_are_the_json_keys_or_japanese_names(cli) -> None:
    rows = json.loads(cli("list", "--format", "json", cwd=TOTTORI).stdout)
    keyed = _bytes(cli("list", "--format", "csv", "--no-bom", cwd=TOTTORI)).decode("utf-8")
    table = list(csv.DictReader(io.StringIO(keyed, newline="")))
    assert list(table[0]) == list(rows[0])
    camera = next(r for r in table if r["id"] == "2023-11-09-tottori-camera")
    assert camera["persons_actual"] == "150" and camera["ppc_required"] == "true" and camera["occurred_first"] == "2023-11-09"
    ja = _bytes(cli("list", "--format", "csv", "--labels", "ja", cwd=TOTTORI)).decode("utf-8-sig")
    assert ja.startswith(
        "事案ID,件名,発生日,発生日（初日）,発生日（末日）,発生日（和暦）,所属,担当課,事案の分類,媒体,実人数,延べ人数,本人の数,"
    )


def test_list_json_values_are_typed(cli) -> None:
    rows = {r["id"]: r for r in json.loads(cli("list", "--format", "json", cwd=ROOT).stdout)}
    resume = rows["2025-04-25-resume-loss"]
    assert resume["occurred"] == "2025-04-25" and resume["occurred_label"] == "R7.4.25"
    assert resume["persons_actual"] == 1 and resume["persons_total"] == 1 and resume["ppc_required"] is False
    assert all(isinstance(r["ppc_required"], bool) for r in rows.values())


# 3. stats JSON keys (test_stats.py has the figures)


# 4. report JSON: NO is a number


def test_report_json_numbers_its_rows(cli) -> None:
    data = json.loads(cli("report", "2025H1", "--format", "json", cwd=ROOT).stdout)
    assert [row["NO"] for row in data["rows"]] == list(range(1, len(data["rows"]) + 1))
    assert all(isinstance(row["発生日"], str) for row in data["rows"])


# 5. A JSON Schema for each JSON output


OUTPUTS = {
    "check": ["check", "--format", "json"],
    "list": ["list", "--format", "json"],
    "stats": ["stats", "2024H2", "2025H1", "--by", "month", "--format", "json"],
    "report": ["report", "2025H1", "--format", "json"],
    "due": ["due", "--today", "R7.6.1", "--format", "json"],
    "ppc": ["ppc", "2023-11-09-tottori-camera", "--kind", "確報", "--format", "json"],
}


def _schema(name: str) -> dict:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


@pytest.mark.parametrize("name", list(OUTPUTS))
def test_each_json_output_matches_its_schema(cli, name: str) -> None:
    result = cli(*OUTPUTS[name], cwd=TOTTORI if name == "ppc" else ROOT)
    data = json.loads(result.stdout)
    jsonschema.validate(data, _schema(name), cls=jsonschema.Draft202012Validator)
    for other in ("stats", "list") if name != "stats" else ():  # the schemas tell the shapes apart
        if other != name:
            assert not jsonschema.Draft202012Validator(_schema(other)).is_valid(data)


@pytest.mark.parametrize(
    ("name", "breakage"),
    [
        ("list", lambda d: d[0].update(persons_actual="150")),  # a number as text
        ("list", lambda d: d[0].update(ppc_required="要")),
        ("list", lambda d: d[0].update(occurred="R7.4.25")),
        ("stats", lambda d: d.update(rows=[])),  # the old shape
        ("stats", lambda d: d["periods"].__setitem__(0, "令和7年度上半期")),
        ("report", lambda d: d["rows"][0].update(NO=None)),
        ("due", lambda d: d.pop("today")),
        ("check", lambda d: d["findings"].append({"path": "x"})),
        ("ppc", lambda d: d.update(kind="中間報告")),
    ],
)
def test_a_broken_output_is_rejected(cli, name: str, breakage) -> None:
    data = json.loads(cli(*OUTPUTS[name], cwd=TOTTORI if name == "ppc" else ROOT).stdout)
    if name == "check":
        data["findings"] = []
    breakage(data)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, _schema(name), cls=jsonschema.Draft202012Validator)


def test_check_jsonschema_accepts_a_written_output(cli, tmp_path: Path) -> None:
    import subprocess
    import sys

    out = tmp_path / "list.json"
    assert cli("list", "--out", str(out), cwd=ROOT).exit_code == 0
    tool = Path(sys.executable).parent / "check-jsonschema"
    done = subprocess.run(
        [str(tool), "--schemafile", str(SCHEMAS / "list.schema.json"), str(out)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_readme_links_every_schema() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in OUTPUTS:
        assert f"docs/schemas/{name}.schema.json" in readme, name


# 6. Output when piped


def test_list_piped_is_one_line_a_case_and_grep_finds_the_whole_id(cli) -> None:
    text = cli("list", cwd=ROOT).stdout  # the runner's stdout is not a terminal
    lines = text.splitlines()
    assert lines[0].split("\t")[:3] == ["発生日", "事案ID", "件名"]
    found = [line for line in lines if "resume-loss" in line]
    assert len(found) == 1 and found[0].split("\t")[1] == "2025-04-25-resume-loss"
    assert all(len(line.split("\t")) == 10 for line in lines)
    assert not any(ch in text for ch in "┏┃│━─\x1b")


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["stats"],
        ["stats", "2024H2", "2025H1"],
        ["show", "2025-04-25-resume-loss"],
        ["due", "--today", "R7.6.1"],
        ["report", "2025H1"],
    ],
    ids=" ".join,
)
def test_every_table_piped_is_plain_tab_separated_text(cli, args: list[str]) -> None:
    text = cli(*args, cwd=ROOT).stdout
    assert text and "\t" in text
    assert not any(ch in text for ch in "┏┃│━─┡╇\x1b"), text[:200]


def test_show_piped_repeats_the_label_on_every_line(cli) -> None:
    lines = cli("show", "2023-11-09-tottori-camera", cwd=TOTTORI).stdout.splitlines()
    assert lines[0] == "県営住宅入居申込者の個人情報流出の恐れについて"
    assert "事案ID\t2023-11-09-tottori-camera" in lines
    assert sum(1 for line in lines if line.startswith("委員会への報告\t")) >= 2  # 必要: … and 速報期限 …


def test_piped_text_stays_inert(cli, sample_book: Path) -> None:
    path = sample_book / "cases" / "2025" / "2025-04-25-resume-loss.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("title: 略歴書の所属内での紛失", 'title: "略歴書\\tの\\n::紛失"'), encoding="utf-8")
    row = [line for line in cli("list", cwd=sample_book).stdout.splitlines() if "resume-loss" in line]
    assert len(row) == 1 and row[0].split("\t")[2] == "略歴書 の↵::紛失"  # a tab in a field is a space, a line break ↵
    path.write_text(original.replace("title: 略歴書の所属内での紛失", 'title: "略歴書\\e[31mの紛失"'), encoding="utf-8")
    shown = cli("show", "2025-04-25-resume-loss", cwd=sample_book).stdout  # check refuses it: show still shows it, inert
    assert "\x1b" not in shown and "件名\t略歴書\\e[31mの紛失" in shown


def test_a_terminal_gets_the_table_and_no_color_means_no_escape_code(cli) -> None:
    for args in (["list"], ["stats"], ["show", "2025-04-25-resume-loss"], ["report", "2025H1"]):
        out = cli(*args, cwd=ROOT, env=TERMINAL).stdout
        assert "│" in out and "\x1b" not in out, args
    colored = cli("list", cwd=ROOT, env={"COLUMNS": "120", "TTY_COMPATIBLE": "1", "NO_COLOR": "", "TERM": "xterm-256color"}).stdout
    assert "\x1b[" in colored  # without NO_COLOR a terminal gets its styles


# 7. --out, --force and --quiet on list, stats and show


@pytest.mark.parametrize(
    ("args", "name", "start"),
    [
        (["list"], "list.json", "[\n  {"),
        (["list"], "list.csv", "\ufeffid,title,"),
        (["list"], "list.txt", "発生日\t事案ID\t"),
        (["stats"], "stats.json", '{\n  "by": "category"'),
        (["stats"], "stats.csv", "\ufeffby,key,label,"),
        (["stats"], "stats.txt", "事案の分類\t全期間 件数"),
        (["show", "2025-04-25-resume-loss"], "show.txt", "略歴書の所属内での紛失\n"),
    ],
)
def test_out_writes_the_format_of_its_extension_and_never_overwrites_without_force(cli, tmp_path: Path, args, name, start) -> None:
    out = tmp_path / name
    first = cli(*args, "--out", str(out), cwd=ROOT)
    assert first.exit_code == 0, first.output
    assert out.read_text(encoding="utf-8").startswith(start)
    assert first.stdout.strip() == str(out)
    out.write_text("old", encoding="utf-8")
    refused = cli(*args, "--out", str(out), cwd=ROOT)
    assert refused.exit_code != 0 and out.read_text(encoding="utf-8") == "old" and "--force" in refused.stderr
    assert cli(*args, "--out", str(out), "--force", cwd=ROOT).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith(start)
    assert not [p for p in tmp_path.iterdir() if p.name != name]  # written atomically: no temporary file left


def test_out_with_an_unknown_extension_or_a_disagreeing_format_is_refused(cli, tmp_path: Path) -> None:
    bad = cli("list", "--out", str(tmp_path / "list.xlsx"), cwd=ROOT)
    assert bad.exit_code != 0 and "拡張子" in bad.stderr and "Traceback" not in bad.output
    clash = cli("stats", "--format", "json", "--out", str(tmp_path / "s.csv"), cwd=ROOT)
    assert clash.exit_code != 0 and "合いません" in clash.stderr
    assert not list(tmp_path.iterdir())


def test_quiet_silences_notes_and_not_errors(cli, sample_book: Path) -> None:
    (sample_book / "cases" / "undated.yaml").write_text("id: undated\ntitle: 日付なし\nstatus: 調査中\n", encoding="utf-8")
    loud = cli("list", "2025H1", "--format", "json", cwd=sample_book)
    assert "発生日のない事案が1件" in loud.stderr
    quiet = cli("list", "2025H1", "--format", "json", "-q", cwd=sample_book)
    assert quiet.stderr == "" and quiet.stdout == loud.stdout
    (sample_book / "cases" / "broken.yaml").write_text("id: broken\nstatus: 確\n", encoding="utf-8")
    errors = cli("list", "--quiet", cwd=sample_book)
    assert errors.exit_code == 1 and "broken.yaml" in errors.stderr  # errors are always said
    sub = sample_book / "cases"
    assert "設定" in cli("show", "2025-04-25-resume-loss", cwd=sub).stderr
    assert cli("show", "2025-04-25-resume-loss", "--quiet", cwd=sub).stderr == ""


# 8. Option names


def test_department_and_unit_kind_filter_separately(cli) -> None:
    def ids(*args: str) -> list[str]:
        return [r["id"] for r in json.loads(cli("list", *args, "--format", "json", cwd=TOTTORI).stdout)]

    assert ids("--department", "西部総合事務所建築住宅課") == ["2023-11-09-tottori-camera"]
    assert ids("--unit-kind", "西部総合事務所建築住宅課") == []
    assert "2023-11-09-tottori-camera" in ids("--unit-kind", "出先機関")
    assert ids("--department", "出先機関") == []


def test_unit_still_works_with_a_note_naming_the_new_options(cli, casebook_dir: Path) -> None:
    old = cli("list", "--unit", "出先機関", "--format", "json", cwd=ROOT)
    assert old.exit_code == 0 and "--unit は廃止予定" in old.stderr and "--unit-kind" in old.stderr and "--department" in old.stderr
    assert json.loads(old.stdout) == json.loads(cli("list", "--unit-kind", "出先機関", "--format", "json", cwd=ROOT).stdout)
    made = cli("new", "--title", "t", "--unit", "総務課", "--no-input", cwd=casebook_dir)
    assert made.exit_code == 0 and "--department" in made.stderr
    assert 'department: "総務課"' in (casebook_dir / made.stdout.strip()).read_text(encoding="utf-8")
    assert "--unit " not in cli("list", "--help", env={"COLUMNS": "100"}).stdout  # hidden
    assert "--department" in cli("new", "--help", env={"COLUMNS": "100"}).stdout


def test_stats_by_unit_kind(cli) -> None:
    data = json.loads(cli("stats", "--by", "unit_kind", "--format", "json", cwd=ROOT).stdout)
    assert data["by"] == "unit_kind" and [g["key"] for g in data["groups"]][:2] == ["本庁", "出先機関"]
