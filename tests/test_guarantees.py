"""The three guarantees of the README (「保証すること」), as property tests.

1. A casebook that `check` accepts works in every command and every output format.
2. Every file under cases/ is read or named in an error.
3. Case text is inert in every output (see also test_leaks.py for non-public text).

`make fuzz` runs them with many more examples (CASEBOOK_FUZZ_EXAMPLES).
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, copy_sample
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from casebook.model import Case
from casebook.reading.yaml12 import load

EXAMPLES = int(os.environ.get("CASEBOOK_FUZZ_EXAMPLES", "0")) or None
SAMPLES = {p.stem: p for p in sorted((ROOT / "cases").rglob("*.yaml"))}

# Characters that have broken a tool before: brackets (rich markup), control characters, CR,
# escapes, formula starts, Markdown and HTML, workflow commands, surrogates' neighbours.
NASTY = [
    "[",
    "]",
    "[/]",
    "[link=https://example.com]",
    ":smile:",
    "\x1b[31m",
    "\x1b]8;;x\x07",
    "\x07",
    "\x00",
    "\r",
    "\r\n",
    "\n",
    "\n\n",
    "\t",
    "\x7f",
    "\x9b",
    "\u2028",
    "\u202e",
    "\ufeff",
    "\ufffe",
    "=",
    "+",
    "-",
    "@",
    "＝",
    "#N/A",
    "|",
    "*",
    "_",
    "`",
    "```",
    "~~~",
    "===",
    "---",
    "# ",
    "> ",
    "1. ",
    "<",
    ">",
    "&amp;",
    "&#x3C;",
    "<script>",
    "{{ 7*7 }}",
    "{%",
    "::error::",
    "::warning file=a::",
    "##[add-mask]",
    "%0A",
    "\\",
    '"',
    "'",
    "　",
    "令和",
    "年",
    "（木）",
    "様",
]
PRINTABLE_NASTY = [s for s in NASTY if s.isprintable() or s == "　"]
printable = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Cf", "Zl", "Zp", "Co", "Cn")), max_size=8)
# Mostly text that check accepts (so that the output commands run), sometimes text it must refuse.
accepted_text = st.lists(st.one_of(st.sampled_from(PRINTABLE_NASTY), printable, st.just("\n")), max_size=8).map("".join)
any_text = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=8)), max_size=8).map("".join)
text = st.one_of(*[accepted_text] * 5, any_text)

_WEEKDAYS = "月火水木金土日"
_KANJI = "〇一二三四五六七八九"


def _kanji(number: int) -> str:
    tens, ones = divmod(number, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else _KANJI[tens] + "十")) + ("" if ones == 0 and tens else _KANJI[ones])


def _written(day: Any, style: int) -> str:
    """A real day of 令和7年度上半期 in one of the ways people write it."""
    reiwa = day.year - 2018
    weekday = _WEEKDAYS[day.weekday()]
    return [
        f"R{reiwa}.{day.month}.{day.day}",
        f"令和{reiwa}年{day.month}月{day.day}日",
        day.isoformat(),
        f"令和{reiwa}年{day.month}月{day.day}日（{weekday}）",
        f"令和{_kanji(reiwa)}年{_kanji(day.month)}月{_kanji(day.day)}日",
        f"令和{reiwa}年{day.month}月{day.day}日午後3時頃",
        f"令和{reiwa}年{day.month}月{day.day}日から同月{min(day.day + 1, 28)}日までの間",
        f"令和{reiwa}年{day.month}月",
        f"ｒ{reiwa}．{day.month}．{day.day}",
    ][style]


real_day = st.builds(_written, st.dates(date(2025, 4, 1), date(2025, 9, 27)), st.integers(0, 8))
any_date = st.one_of(
    st.text(max_size=30),
    st.from_regex(
        r"(令和|平成|昭和|明治|R|H|S|M|)[0-9元一二三十〇]{1,4}[年./-][0-9一二三十]{1,3}[月./-][0-9一二三十]{1,3}日?(（[月火水木金土日]）)?",
        fullmatch=True,
    ),
    st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True),
)
date_text = st.one_of(*[real_day] * 5, any_date)

# Where a text or a date can go in a case, and what a field's parent needs to exist.
TEXT_FIELDS: dict[str, Any] = {
    "title": lambda v: v,
    "summary": lambda v: v,
    "remarks": lambda v: v,
    "department": lambda v: v,
    "organisation": lambda v: v,
    "data_description": lambda v: v,
    "data_items": lambda v: [v, v],
    "causes": lambda v: v,
    "responses": lambda v: [v, {"text": v, "items": [v]}],
    "measures": lambda v: [v, v],
    "persons": lambda v: {"actual": 3, "total": 5, "who": v, "note": v},
    "timeline": lambda v: [{"date": "R7.4.25", "event": v}, {"date": "R7.4.25", "event": v}],
    "reports": lambda v: [{"kind": "遺失届", "to": v, "date": "R7.4.26", "by": v, "note": v}],
    "contacts": lambda v: [{"unit": v, "position": v, "name": v, "phone": v, "hours": v}],
    "contractor": lambda v: {"name": v, "role": v},
    "secondary_damage": lambda v: {"status": "有", "detail": v},
    "disciplinary_actions": lambda v: [{"unit": v, "position": v, "action": v}],
    "press": lambda v: {"lead": [v], "closing": [v], "contacts": [{"unit": v, "phone": v}]},
    "web": lambda v: {"title": v, "lead": [v]},
    "council": lambda v: {"meeting": v, "reporter": v, "lead": [v]},
    "apology": lambda v: {"addressee": v, "subject": v, "body": [v, v], "signer": {"organisation": v, "name": v}},
}
DATE_FIELDS: dict[str, Any] = {
    "occurred": lambda v: v,
    "discovered": lambda v: v,
    "reported": lambda v: v,
    "timeline": lambda v: [{"date": v, "event": "経過"}],
    "reports": lambda v: [{"kind": "遺失届", "date": v}],
    "press": lambda v: {"date": v},
    "council": lambda v: {"date": v},
}

mutation = st.one_of(
    st.tuples(st.sampled_from(sorted(TEXT_FIELDS)), st.just("text"), text),
    st.tuples(st.sampled_from(sorted(DATE_FIELDS)), st.just("date"), date_text),
)


def mutated(case_id: str, changes: list[tuple[str, str, str]], non_public: bool) -> str:
    """The sample case with the changes applied, as YAML (JSON is YAML 1.2; escapes keep any character)."""
    data, _ = load(SAMPLES[case_id].read_text(encoding="utf-8"))
    for field, kind, value in changes:
        data[field] = (TEXT_FIELDS if kind == "text" else DATE_FIELDS)[field](value)
    if non_public:
        data["publication"] = {"mode": "非公表", "criterion": 4}
    return json.dumps(data, ensure_ascii=False, indent=1)


ENV = {"COLUMNS": "120"}


@pytest.fixture(scope="module")
def guarantee_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the sample casebook for the whole module: each example changes one case and puts it back."""
    return copy_sample(tmp_path_factory.mktemp("guarantee"))


def every_output_command(book: Path, case_id: str, case: dict[str, Any]) -> list[list[str]]:
    commands = [["list"], ["list", "2025H1"], ["list", "--format", "json"], ["list", "--format", "csv"], ["show", case_id]]
    for by in ("category", "unit", "month", "medium"):
        commands += [
            ["stats", "--by", by],
            ["stats", "2025H1", "2024H2", "--by", by, "--format", "json"],
            ["stats", "--by", by, "--format", "csv"],
        ]
    commands += [["report", "2025H1", "--allow-draft"]]
    commands += [["report", "2025H1", "--allow-draft", "--format", fmt] for fmt in ("md", "html", "csv", "json")]
    commands += [
        ["report", "2025H1", "--allow-draft", "--out", str(book / "out" / f"report.{fmt}"), "--force"]
        for fmt in ("xlsx", "html", "md", "csv", "json")
    ]
    kinds = ["press", "web", "council"] + (["apology"] if case.get("apology") else [])
    for kind in kinds:
        commands += [["render", case_id, "--as", kind, "--internal", "--format", fmt] for fmt in ("md", "txt", "html")]
    return commands


@settings(max_examples=EXAMPLES or 25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case_id=st.sampled_from(sorted(SAMPLES)), changes=st.lists(mutation, min_size=1, max_size=2), non_public=st.booleans())
def test_what_check_accepts_works_in_every_command(
    cli, guarantee_book: Path, case_id: str, changes: list[tuple[str, str, str]], non_public: bool
) -> None:
    target = guarantee_book / SAMPLES[case_id].relative_to(ROOT)
    text = mutated(case_id, changes, non_public)
    try:
        target.write_text(text, encoding="utf-8", errors="surrogatepass")
        checked = cli("check", "--format", "json", cwd=guarantee_book, env=ENV)
        assert checked.exit_code in (0, 1), checked.output
        errors = [f for f in json.loads(checked.stdout)["findings"] if f["severity"] == "error"]
        event("check accepted the casebook" if not errors else "check refused the casebook")
        data, _ = load(text) if not errors else ({}, None)
        for args in every_output_command(guarantee_book, case_id, data):
            result = cli(*args, cwd=guarantee_book, env=ENV)  # an exception here is the traceback a user would see
            if errors:
                assert result.exit_code in (0, 1), (args, result.output)  # partial output or a refusal, never a crash
            else:
                assert result.exit_code == 0, (args, result.stderr)
    finally:
        shutil.copy(SAMPLES[case_id], target)


# --- guarantee 2: every file under cases/ is read or named ---

name = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,10}|[あ-ん]{1,3}|\.[a-z]{1,5}", fullmatch=True)
suffix = st.sampled_from([".yaml", ".yml", ".YAML", ".Yml", ".txt", ".json", ".yaml.bak", "", ".yaml~"])
entry = st.tuples(
    st.lists(st.sampled_from(["a", "b", "2025", ".hidden", "x.yaml"]), max_size=3),
    name,
    suffix,
    st.sampled_from(["case", "case", "case", "broken", "empty", "fifo", "link", "dangling", "gitkeep"]),
)


def _build(root: Path, entries: list[tuple[list[str], str, str, str]]) -> None:
    cases = root / "cases"
    cases.mkdir(parents=True)
    (root / "casebook.yaml").write_text("organisation: 県\n", encoding="utf-8")
    made: list[Path] = []
    for folders, stem, ext, kind in entries:
        folder = cases.joinpath(*folders)
        if any(p.exists() and not p.is_dir() for p in [folder, *folder.parents] if p != cases and cases in p.parents):
            continue
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / (".gitkeep" if kind == "gitkeep" else stem + ext)
        if path.exists() or path.is_symlink():
            continue
        if kind == "case":
            path.write_text(f"id: {json.dumps(stem)}\ntitle: 事案\nstatus: 調査中\noccurred: R7.4.25\n", encoding="utf-8")
        elif kind == "broken":
            path.write_text("id: [\n", encoding="utf-8")
        elif kind in ("empty", "gitkeep"):
            path.write_text("", encoding="utf-8")
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "link" and made:
            path.symlink_to(made[-1])
        else:
            path.symlink_to(folder / "nowhere")
        made.append(path)


def _files(cases: Path) -> list[Path]:
    found, stack = [], [cases]
    while stack:
        for item in os.scandir(stack.pop()):
            if item.is_dir(follow_symlinks=False):
                stack.append(Path(item.path))
            elif item.name != ".gitkeep" or item.is_symlink() or not item.is_file():
                found.append(Path(item.path))
    return found


@settings(max_examples=EXAMPLES or 60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(entries=st.lists(entry, max_size=12))
def test_every_file_under_cases_is_read_or_named(cli, tmp_path_factory, entries) -> None:
    root = tmp_path_factory.mktemp("tree")
    _build(root, entries)
    result = cli("check", "--format", "json", cwd=root)
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    named = {f["path"] for f in report["findings"] if f["severity"] == "error"}
    listed = cli("list", "--format", "json", cwd=root)
    read = {row["id"] for row in json.loads(listed.stdout)}
    files = _files(root / "cases")
    for path in files:
        shown = path.relative_to(root).as_posix()
        assert shown in named or path.stem in read, f"{shown} was neither read nor named"
    assert report["files"] == len(files)  # every file counted once, none dropped
    assume(files)


# --- guarantee 3: case text is inert in every output ---

SHOWN = "2025-05-16-advice-misdelivery"  # public, in 2025H1, one cell of each kind
hostile = st.lists(st.sampled_from(NASTY), min_size=1, max_size=12).map("".join)


def _with_text(case: Case, value: str) -> Case:
    data = case.model_dump(mode="json", exclude_none=True)
    for field in ("title", "summary", "remarks", "data_description"):
        data[field] = value
    for field in ("causes", "responses", "measures"):
        data[field] = [value, {"text": value, "items": [value]}]
    data["timeline"] = [{"date": "R7.5.16", "event": value}]
    data["disciplinary_actions"] = [{"unit": value, "position": value, "action": value}]
    data["press"] = {"lead": [value], "contacts": [{"unit": value, "phone": value}]}
    data["web"] = {"title": value, "lead": [value]}
    return Case.model_validate(data)  # no check: the outputs must be safe on their own as well


def _outputs(case: Case, sample_cases: list[Case], config: Any) -> dict[str, Any]:
    import io

    from rich.console import Console

    from casebook.documents.facts import facts
    from casebook.documents.listing import render_rows
    from casebook.documents.notices import render_notice
    from casebook.documents.report import build_report
    from casebook.documents.report_formats import render_report
    from casebook.documents.report_table import print_report
    from casebook.documents.stats import build_stats, render_stats
    from casebook.documents.terminal import console
    from casebook.periods import parse_period

    cases = [facts(case if c.id == case.id else c, config) for c in sample_cases]
    report = build_report(cases, parse_period("2025H1"), config)
    out: dict[str, Any] = {fmt: render_report(report, fmt, ROOT) for fmt in ("md", "html", "csv", "xlsx")}
    recorded = console(file=io.StringIO(), width=160, force_terminal=False, color_system=None)
    assert isinstance(recorded, Console)
    print_report(recorded, report)
    out["table"] = recorded.file.getvalue()  # type: ignore[attr-defined]
    out["list csv"] = render_rows([c.row for c in cases], "csv")
    out["stats csv"] = render_stats(build_stats(cases, [], config, "category"), "csv")
    for kind in ("press", "web", "council"):
        out[f"{kind} md"] = render_notice(case, kind, "md", root=ROOT, organisation="県")
        out[f"{kind} html"] = render_notice(case, kind, "html", root=ROOT, organisation="県")
    return out


def _blocks(markdown: str) -> list[tuple[str, str]]:
    """The block structure of a Markdown document (GitHub tables included), without its text."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    return [(t.type, t.tag) for t in tokens if t.type != "inline"]


def _tags(html: str) -> list[str]:
    from html.parser import HTMLParser

    tags: list[str] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: Any) -> None:
            if tag != "br":
                tags.append(tag)

        def handle_endtag(self, tag: str) -> None:
            if tag != "br":  # <br /> is a line break inside a cell or paragraph, not structure
                tags.append("/" + tag)

    Collect().feed(html)
    return tags


@pytest.fixture(scope="module")
def outputs_of(sample_cases: list[Case], sample_config: Any) -> Any:
    """The outputs with a text in every field of the shown case; plain-text baselines are kept once made."""
    shown = next(c for c in sample_cases if c.id == SHOWN)
    baselines: dict[str, dict[str, Any]] = {}

    def outputs(value: str, plain: bool = False) -> dict[str, Any]:
        if not plain:
            return _outputs(_with_text(shown, value), sample_cases, sample_config)
        # plain text in place of `value` (empty where `value` is only whitespace, as the model strips it)
        neutral = "あ" if value.strip() else ""
        if neutral not in baselines:
            baselines[neutral] = _outputs(_with_text(shown, neutral), sample_cases, sample_config)
        return baselines[neutral]

    return outputs


@settings(max_examples=EXAMPLES or 60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(value=hostile)
def test_case_text_is_inert_in_every_output(outputs_of: Any, value: str) -> None:
    import csv
    import io
    import zipfile

    from casebook.inert import FORMULA_START

    out, plain = outputs_of(value), outputs_of(value, plain=True)
    # spreadsheets: no formula, no error value; every csv cell that could start a formula starts with '
    with zipfile.ZipFile(io.BytesIO(out["xlsx"])) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet and 't="e"' not in sheet
    for name in ("csv", "list csv", "stats csv"):
        for row in csv.reader(io.StringIO(out[name].lstrip("\ufeff"))):
            for cell in row:
                assert not cell.startswith(FORMULA_START) or cell.lstrip("+-").replace(",", "").isdigit(), (name, cell)
    # terminal: no escape sequence or control character but line breaks
    assert not any((ch < " " and ch != "\n") or "\x7f" <= ch <= "\x9f" for ch in out["table"]), repr(out["table"])
    # Markdown and HTML: the same structure as with plain text
    assert _blocks(out["md"]) == _blocks(plain["md"])
    assert _tags(out["html"]) == _tags(plain["html"])
    for kind in ("press", "web", "council"):
        assert _blocks(out[f"{kind} md"]) == _blocks(plain[f"{kind} md"]), kind
        assert _tags(out[f"{kind} html"]) == _tags(plain[f"{kind} html"]), kind


@settings(max_examples=EXAMPLES or 30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(value=hostile, github=st.booleans())
def test_no_line_of_a_message_is_a_workflow_command(cli, tmp_path_factory, value: str, github: bool) -> None:
    root = tmp_path_factory.mktemp("ci")
    (root / "cases").mkdir()
    (root / "casebook.yaml").write_text("organisation: 県\n", encoding="utf-8")
    body = {"id": "x", "title": value, "status": value, "occurred": value, "category": value, "summary": value, "remarks": value}
    (root / "cases" / "x.yaml").write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    (root / "cases" / "y.yaml").write_text(
        json.dumps({"id": "y", "title": value, "status": "調査中", "occurred": "R7.4.25"}, ensure_ascii=False), encoding="utf-8"
    )
    env = {"GITHUB_ACTIONS": "true"} if github else {}
    for args in (
        ["check"],
        ["check", "--format", "text"],
        ["list"],
        ["report", "2025H1"],
        ["show", "x"],
        ["show", value],
        ["stats"],
        ["report", value],
    ):
        result = cli(*args, cwd=root, env={**env, "COLUMNS": "120"})
        for line in result.stderr.splitlines() + (result.stdout.splitlines() if args[0] == "check" else []):
            if line.startswith(("::error ", "::warning ")) and args[0] == "check":
                continue  # the annotations themselves, their data escaped
            assert not line.lstrip().startswith("::") and "##[" not in line, (args, line)
