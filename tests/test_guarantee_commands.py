"""Guarantee 1 (README 「保証すること」): a casebook that `check` accepts works in every command and every output format.

Sample cases are mutated (any text field set to hostile Unicode, any date field to arbitrary strings); whenever
`check` accepts the result, every output command runs in every format. `make fuzz` runs many more examples.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import CASE_FILES, ROOT, SAMPLE_FILES, as_the_sample_s, copy_sample
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from strategies import date_text, examples, text

from casebook.reading.yaml12 import load

# The sample's cases, and the examples' richer ones (press contacts, an apology, a PPC report) put in the sample as
# the 県's own (a casebook is one body's): they leave the sample again after each example.
SAMPLES = {p.stem: p for p in CASE_FILES}

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
    data, _ = load(as_the_sample_s(SAMPLES[case_id]))
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
    for by in ("category", "unit_kind", "month", "medium"):
        commands += [
            ["stats", "--by", by],
            ["stats", "2025H1", "2024H2", "--by", by, "--format", "json"],
            ["stats", "--by", by, "--format", "csv"],
        ]
    commands += [["report", "2025H1", "--allow-draft"]]
    commands += [["report", "2025H1", "--allow-draft", "--format", fmt] for fmt in ("md", "html", "csv", "json")]
    commands += [
        ["report", "2025H1", "--allow-draft", "--out", str(book / "out" / f"report.{fmt}"), "--force"]
        for fmt in ("xlsx", "docx", "html", "md", "csv", "json")
    ]
    kinds = ["press", "web", "council"] + (["apology"] if case.get("apology") else [])
    for kind in kinds:
        commands += [["render", case_id, "--as", kind, "--internal", "--format", fmt] for fmt in ("md", "txt", "html")]
        commands += [["render", case_id, "--as", kind, "--internal", "--out", str(book / "out" / f"{kind}.docx"), "--force"]]
    commands += [["ppc", case_id, "--kind", kind, "--format", fmt] for kind in ("速報", "確報") for fmt in ("md", "txt", "html", "json")]
    commands += [["ppc", case_id, "--kind", "確報", "--out", str(book / "out" / "ppc.docx"), "--force"]]
    commands += [["due"], ["due", "--today", "R7.6.1", "--format", "json"], ["due", "--format", "github"], ["fmt", "--check"]]
    return commands


# Commands whose exit code 1 is their answer, not a failure: something is overdue, a file is not formatted.
ANSWERS_WITH_EXIT_1 = ("due", "fmt")


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case_id=st.sampled_from(sorted(SAMPLES)), changes=st.lists(mutation, min_size=1, max_size=2), non_public=st.booleans())
def test_what_check_accepts_works_in_every_command(
    cli, guarantee_book: Path, case_id: str, changes: list[tuple[str, str, str]], non_public: bool
) -> None:
    source = SAMPLES[case_id]
    target = guarantee_book / (source.relative_to(ROOT) if source in SAMPLE_FILES else Path("cases") / source.name)
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
            if errors or args[0] in ANSWERS_WITH_EXIT_1:
                assert result.exit_code in (0, 1), (args, result.output)  # partial output or a refusal, never a crash
            else:
                assert result.exit_code == 0, (args, result.stderr)
    finally:
        if source in SAMPLE_FILES:
            shutil.copy(source, target)
        else:
            target.unlink()
