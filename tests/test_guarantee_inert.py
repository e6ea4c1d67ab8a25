"""Guarantee 3 (README 「保証すること」): case text is inert in every output (non-public text: test_leaks.py)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from conftest import ROOT
from docxtext import structure
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import NASTY, examples

from casebook.domain.case import Case

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
    data["apology"] = {"addressee": value, "subject": value, "body": [value, value], "signer": {"organisation": value, "name": value}}
    return Case.model_validate(data)  # no check: the outputs must be safe on their own as well


def _outputs(case: Case, sample_cases: list[Case], config: Any) -> dict[str, Any]:
    import io

    from casebook.documents.notices.ppc_form import build_form, render_form
    from casebook.documents.notices.render import render_notice
    from casebook.documents.tables.formats import render_report
    from casebook.documents.tables.report import build_report
    from casebook.documents.tables.terminal import print_report
    from casebook.documents.writers.terminal import console
    from casebook.domain.periods import parse_period
    from casebook.queries.facts import facts
    from casebook.queries.listing import render_rows
    from casebook.queries.stats import build_stats, render_stats

    cases = [facts(case if c.id == case.id else c, config) for c in sample_cases]
    report = build_report(cases, parse_period("2025H1"), config)
    out: dict[str, Any] = {fmt: render_report(report, fmt, ROOT) for fmt in ("md", "html", "csv", "xlsx", "docx")}
    screen = io.StringIO()
    print_report(console(file=screen, width=160, force_terminal=False, color_system=None), report)
    out["table"] = screen.getvalue()
    out["list csv"] = render_rows([c.record for c in cases], "csv")
    out["stats csv"] = render_stats(build_stats(cases, [], config, "category"), "csv")
    for kind in ("press", "web", "council", "apology"):
        out[f"{kind} md"] = render_notice(case, kind, "md", root=ROOT, organisation="県")
        out[f"{kind} html"] = render_notice(case, kind, "html", root=ROOT, organisation="県")
        out[f"{kind} docx"] = render_notice(case, kind, "docx", root=ROOT, organisation="県")
    form = build_form(case, config, "確報")
    out["ppc md"], out["ppc html"] = render_form(form, "md", ROOT, "県"), render_form(form, "html", ROOT, "県")
    out["ppc docx"] = render_form(form, "docx", ROOT, "県")
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


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(value=hostile)
def test_case_text_is_inert_in_every_output(outputs_of: Any, value: str) -> None:
    import csv
    import io
    import zipfile

    from casebook.safety.inert import FORMULA_START

    out, plain = outputs_of(value), outputs_of(value, plain=True)
    # spreadsheets: no formula, no error value; every csv cell that could start a formula starts with '
    with zipfile.ZipFile(io.BytesIO(out["xlsx"])) as archive:
        sheets = [archive.read(name).decode("utf-8") for name in archive.namelist() if name.startswith("xl/worksheets/")]
    assert sheets and all("<f>" not in sheet and 't="e"' not in sheet for sheet in sheets)
    # Word: no field (a field code runs when Word updates it), no hyperlink from case text
    for name in ("docx", "press docx", "web docx", "council docx", "apology docx"):
        with zipfile.ZipFile(io.BytesIO(out[name])) as archive:
            body = archive.read("word/document.xml").decode("utf-8")
        assert "<w:fldSimple" not in body and "<w:instrText" not in body and "<w:hyperlink" not in body, name
    for name in ("csv", "list csv", "stats csv"):
        for row in csv.reader(io.StringIO(out[name].lstrip("\ufeff"))):
            for cell in row:
                assert not cell.startswith(FORMULA_START) or cell.lstrip("+-").replace(",", "").isdigit(), (name, cell)
    # terminal: no escape sequence or control character but line breaks
    assert not any((ch < " " and ch != "\n") or "\x7f" <= ch <= "\x9f" for ch in out["table"]), repr(out["table"])
    # Markdown, HTML and Word: the same structure as with plain text
    assert _blocks(out["md"]) == _blocks(plain["md"])
    assert _tags(out["html"]) == _tags(plain["html"])
    assert structure(out["docx"]) == structure(plain["docx"])
    for kind in ("press", "web", "council", "apology", "ppc"):
        assert _blocks(out[f"{kind} md"]) == _blocks(plain[f"{kind} md"]), kind
        assert _tags(out[f"{kind} html"]) == _tags(plain[f"{kind} html"]), kind
        assert structure(out[f"{kind} docx"]) == structure(plain[f"{kind} docx"]), kind


@settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
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
        ["due"],
        ["due", "--format", "github"],
        ["ppc", "y"],
        ["ppc", value],
        ["fmt", "--check"],
        ["fmt"],
        ["set", "y", f"title={value}"],
        ["set", "y", f"occurred={value}"],
        ["set", "y", value],
    ):
        result = cli(*args, cwd=root, env={**env, "COLUMNS": "120"})
        messages = args[0] in ("check", "due", "fmt")  # their stdout is messages too (annotations, lists of places)
        for line in result.stderr.splitlines() + (result.stdout.splitlines() if messages else []):
            if line.startswith(("::error ", "::warning ", "::notice ")) and messages:
                continue  # the annotations themselves, their data escaped
            assert not line.lstrip().startswith("::") and "##[" not in line, (args, line)


_MD_ESCAPE = re.compile(r"\\[\\`*_\[\]|~]|&(?:lt|gt|amp|#39|#34|quot);")


@settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(value=hostile)
def test_the_job_summary_keeps_its_table_whatever_a_case_holds(cli, tmp_path_factory, value: str) -> None:
    """GitHub's job summary is Markdown: one row of four plain cells a finding, whatever the case text held."""
    root = tmp_path_factory.mktemp("summary")
    (root / "cases").mkdir()
    (root / "casebook.yaml").write_text("organisation: 県\n", encoding="utf-8")
    body = {"id": "x", "title": value, "status": "確定", "occurred": value, "category": value, "unit_kind": value, "summary": value}
    (root / "cases" / "x.yaml").write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    summary = root / "summary.md"
    result = cli("check", "--format", "json", cwd=root, env={"GITHUB_STEP_SUMMARY": str(summary)})
    findings = json.loads(result.stdout)["findings"]
    lines = summary.read_text(encoding="utf-8").split("\n")
    rows = [line for line in lines if line.startswith("| cases/x.yaml")]
    assert len(rows) == len(findings) > 0
    for row in rows:
        plain = _MD_ESCAPE.sub("", row)  # what is left once the escapes are taken out: no Markdown but the cells
        assert plain.count("|") == 5 and not re.search(r"[`<>\[\]\\*_~&\r]", plain), row
    assert lines[-2:] == ["", ""] and all(line.startswith(("|", "## ", "注釈")) or not line for line in lines), lines
