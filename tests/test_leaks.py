"""A non-public case never leaks: random markers planted in its text appear in no public output."""

import io
import json
import zipfile
from pathlib import Path
from typing import Any

from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from strategies import examples

from casebook.documents.tables.formats import render_report
from casebook.documents.tables.report import build_report
from casebook.documents.tables.terminal import print_report
from casebook.domain.case import Case
from casebook.domain.periods import parse_period
from casebook.queries.facts import facts
from casebook.queries.listing import render_rows, select
from casebook.queries.stats import build_stats, render_stats, rich_stats

PERIOD = parse_period("2025H1")

markers = st.from_regex(r"ZQ[A-Za-z0-9]{6}[ぁ-ゖァ-ヶ一-龥]{3}", fullmatch=True)


def _plant(case: Case, marker: str, criterion: int) -> Case:
    """The case made non-public, with the marker in every text field it has."""
    data = case.model_dump(mode="json", exclude_none=True)
    for key in ("title", "summary", "remarks", "department", "data_description"):
        data[key] = f"{marker}{key}"
    for key in ("causes", "responses", "measures"):
        data[key] = [f"{marker}{key}", {"text": f"{marker}{key}2", "items": [f"{marker}{key}3"]}]
    data["contractor"] = {"name": f"{marker}contractor", "role": f"{marker}role"}
    data["persons"] = {"actual": 3, "who": f"{marker}who", "note": f"{marker}note"}
    data["timeline"] = [{"date": "R7.6.1", "event": f"{marker}timeline"}]
    data["reports"] = [{"kind": "遺失届", "to": f"{marker}police", "date": "R7.6.2", "note": f"{marker}report"}]
    data["disciplinary_actions"] = [{"unit": f"{marker}unit", "position": "主査", "action": "訓告"}]
    data["contacts"] = [{"unit": f"{marker}contact", "phone": "00-0000-0000"}]
    data["publication"] = {"mode": "非公表", "criterion": criterion, "reason": f"{marker}reason"}
    data["secondary_damage"] = {"status": "有", "detail": f"{marker}damage"}
    return Case.model_validate(data)


def public_outputs(whole: list[Case], config: Any) -> dict[str, str]:
    cases = [facts(c, config) for c in whole]  # what the commands get of each case
    report = build_report(cases, PERIOD, config)
    outputs = {fmt: str(render_report(report, fmt, ROOT)) for fmt in ("md", "html", "csv", "json")}
    xlsx = render_report(report, "xlsx", ROOT)
    assert isinstance(xlsx, bytes)
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        outputs["xlsx"] = "".join(archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".xml"))
    docx = render_report(report, "docx", ROOT)
    assert isinstance(docx, bytes)
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        outputs["docx"] = "".join(archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".xml"))
    console = Console(record=True, width=200, file=io.StringIO())
    print_report(console, report)
    outputs["report table"] = console.export_text()
    for by in ("category", "unit_kind", "month", "medium"):
        stats = build_stats(cases, [PERIOD], config, by)
        outputs[f"stats {by} json"] = render_stats(stats, "json")
        outputs[f"stats {by} csv"] = render_stats(stats, "csv")
    console = Console(record=True, width=200, file=io.StringIO())
    console.print(rich_stats(build_stats(cases, [PERIOD], config, "category")))
    outputs["stats table"] = console.export_text()
    rows = [e.record for e in select(cases, PERIOD, public_only=True)]
    outputs["list --public json"] = render_rows(rows, "json")
    outputs["list --public csv"] = render_rows(rows, "csv")
    return outputs


@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(marker=markers, data=st.data(), criterion=st.integers(1, 4))
def test_markers_in_a_non_public_case_reach_no_public_output(sample_cases, sample_config, marker: str, data, criterion: int) -> None:
    which = data.draw(st.sampled_from([c.id for c in sample_cases if c.occurred and c.occurred.first_day in PERIOD]))
    cases = [_plant(c, marker, criterion) if c.id == which else c for c in sample_cases]
    outputs = public_outputs(cases, sample_config)
    for name, text in outputs.items():
        assert marker not in text, f"{name} shows text of the non-public case"
    assert json.loads(outputs["json"])["non_public"] >= 1  # and the case is still counted


def test_the_cli_never_shows_a_non_public_case(cli, sample_book: Path) -> None:
    tmp_path = sample_book
    path = tmp_path / "cases" / "2025" / "2025-h1-non-public.yaml"
    text = path.read_text(encoding="utf-8").replace("title: 非公表基準該当事案（令和7年度上半期）", "title: ZQSECRETひみつ")
    path.write_text(text + "summary: ZQSECRETがいよう\nremarks: ZQSECRETびこう\n", encoding="utf-8")
    commands = [["report", "2025H1", "--format", f] for f in ("md", "html", "csv", "json")]
    for out in ("report.xlsx", "report.docx"):
        written = cli("report", "2025H1", "--out", str(tmp_path / out), cwd=tmp_path)
        assert written.exit_code == 0, written.output
        with zipfile.ZipFile(tmp_path / out) as archive:
            assert not any(b"ZQSECRET" in archive.read(name) for name in archive.namelist()), out
    commands += [["report", "2025H1"], ["stats", "2025H1"], ["list", "2025H1", "--public"], ["list", "--public", "--format", "json"]]
    for args in commands:
        result = cli(*args, cwd=tmp_path, env={"COLUMNS": "200"})
        assert result.exit_code == 0, (args, result.output)
        assert "ZQSECRET" not in result.stdout, args
    assert "ZQSECRET" in cli("list", cwd=tmp_path, env={"COLUMNS": "200"}).stdout  # the internal list does show it


@settings(max_examples=examples(50), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(
    marker=markers,
    mistakes=st.lists(
        st.sampled_from(["date", "category", "key", "persons", "id", "email", "status", "yaml"]), min_size=1, max_size=4, unique=True
    ),
)
def test_no_message_quotes_a_non_public_case(cli, tmp_path_factory, marker: str, mistakes: list[str]) -> None:
    """A non-public case with mistakes: check (every format), list, report and show name places and rules, never its text."""
    root = tmp_path_factory.mktemp("withheld")
    (root / "cases").mkdir()
    (root / "casebook.yaml").write_text("organisation: 県\n", encoding="utf-8")
    lines = ["id: secret", "status: 確定", f"title: {marker}件名", "occurred: R7.4.25", "publication: {mode: 非公表, criterion: 1}"]
    wrong = {
        "date": f"discovered: {marker}年4月1日",
        "category": f"category: {marker}誤送付",
        "key": f"{marker}: 値",
        "persons": f"persons: {{actual: {marker}名}}",
        "id": f"remarks: {marker}@example.jp に連絡した",
        "email": f"summary: 連絡先 {marker.lower()}@example.jp と 090-1234-5678",
        "status": f"medium: {marker}",
        "yaml": f"causes: [{marker}",
    }
    lines += [wrong[m] for m in mistakes]
    (root / "cases" / "secret.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for args in (
        ["check"],
        ["check", "--format", "json"],
        ["check", "--format", "github"],
        ["list"],
        ["report", "2025H1"],
        ["show", "secret"],
        ["stats"],
        ["due"],
        ["due", "--format", "github"],
        ["due", "--format", "json"],
        ["fmt", "--check"],
        ["fmt", "--check", "--format", "github"],
        ["fmt"],
        ["ppc", "secret"],
        ["set", "secret", "title=新しい件名"],
        ["set", "secret", "status=確定"],
    ):
        result = cli(*args, cwd=root, env={"COLUMNS": "200"})
        shown = result.stderr + (result.stdout if args[0] in ("check", "due", "fmt") else "")
        assert marker not in shown and marker.lower() not in shown, (args, shown)
    summary = root / "summary.md"  # GitHub's job summary lists every finding
    assert cli("check", cwd=root, env={"GITHUB_STEP_SUMMARY": str(summary)}).exit_code == 1
    written = summary.read_text(encoding="utf-8")
    assert "| cases/secret.yaml" in written and marker not in written and marker.lower() not in written, written


def test_only_a_case_that_says_non_public_is_withheld_not_one_whose_comments_explain_it(cli, tmp_path: Path) -> None:
    """The scaffold's comments explain 非公表 to every case: they must not hide the values of a public case's messages."""
    (tmp_path / "cases").mkdir()
    (tmp_path / "casebook.yaml").write_text("organisation: 県\n", encoding="utf-8")
    made = cli("new", "--no-input", "--id", "open-case", "--title", "公開する事案", cwd=tmp_path)
    assert made.exit_code == 0, made.output
    path = tmp_path / "cases" / "open-case.yaml"
    text = path.read_text(encoding="utf-8")
    assert "非公表" in text  # in the comments of the scaffold
    path.write_text(text + "measure: 手順を見直す\n", encoding="utf-8")
    typo = cli("check", cwd=tmp_path)
    assert "「measure」という項目はありません（measures のことですか？）" in typo.stdout, typo.stdout
    withheld = text + "withheld: {measures: 非公表}\n"  # a fact left out of public documents, not a non-public case
    path.write_text(withheld + "occured: R7.2.30\n", encoding="utf-8")
    assert "「occured」という項目はありません" in cli("check", cwd=tmp_path).stdout
    misspelt = text + "publicaton: {mode: 非公表}\noccured: R7.2.30\n"  # a misspelt key must not lift the withholding
    path.write_text(misspelt, encoding="utf-8")
    hidden = cli("check", cwd=tmp_path).stdout
    assert "occured" not in hidden and "（非公表の事案のため表示しません）" in hidden, hidden
