"""The published JSON Schema describes what `check` accepts, checked by check-jsonschema both ways."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CASE_FILES, FIXTURES, ROOT

from casebook.reading.loader import open_casebook
from casebook.reading.run import check

CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
SCHEMA = ROOT / "casebook.schema.json"
CORPUS = ROOT / "tests" / "corpus"

# Corpus and fixture files that `check` refuses for what a JSON Schema can say: the schema refuses them too.
SCHEMA_LEVEL_FAILURES = {
    CORPUS / "wrong-types.yaml": "strings where numbers and booleans go, and the reverse",
    CORPUS / "unknown-keys.yaml": "keys the case file does not have",
    CORPUS / "yaml11-booleans.yaml": "yes/no are strings in YAML 1.2, not booleans",
    CORPUS / "id-slash.yaml": "an id with a slash",
    CORPUS / "reserved-id.yaml": "an id Windows cannot give a file (NUL)",
    CORPUS / "persons-huge.yaml": "a count beyond 999,999,999",
    CORPUS / "long-text.yaml": "a text longer than a spreadsheet cell",
    CORPUS / "not-mapping.yaml": "a list where a case (a mapping) goes",
    FIXTURES / "rules" / "schema.yaml": "unknown values of enumerations, unknown keys, 150名 as a count",
}


def _validate(*paths: Path) -> subprocess.CompletedProcess[str]:
    command = [str(CHECK_JSONSCHEMA), "--default-filetype", "yaml", "--schemafile", str(SCHEMA), *map(str, paths)]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def test_every_sample_case_validates() -> None:
    result = _validate(*CASE_FILES)
    assert result.returncode == 0, result.stdout + result.stderr


def _accepted_by_check(folder: Path, root: Path) -> list[Path]:
    """The files of a folder that `check` reads without an error a schema can also say (file, yaml, schema, text-length)."""
    book, _ = open_casebook(root)
    result = check(book, [folder], jobs=1)
    schema_level = ("file", "yaml", "schema", "text-length")
    refused = {(book.root / f.path).resolve() for f in result.findings if f.severity == "error" and f.rule in schema_level}
    return [p for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix.lower() in (".yaml", ".yml") and p.resolve() not in refused]


@pytest.mark.parametrize("folder,root", [(FIXTURES / "rules", FIXTURES), (CORPUS, ROOT / "tests")], ids=["rule fixtures", "corpus"])
def test_every_file_check_accepts_validates(folder: Path, root: Path) -> None:
    accepted = _accepted_by_check(folder, root)
    assert len(accepted) >= 8  # the clean cases, the drafts, and those refused only by rules
    result = _validate(*accepted)
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_level_failures_are_refused_by_the_schema_too() -> None:
    """One check-jsonschema run over all of them (a run costs a second): its JSON report names each file it refused."""
    paths = sorted(SCHEMA_LEVEL_FAILURES)
    command = [str(CHECK_JSONSCHEMA), "-o", "json", "--default-filetype", "yaml", "--schemafile", str(SCHEMA), *map(str, paths)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 1, result.stdout + result.stderr
    report = json.loads(result.stdout)
    refused = {Path(error["filename"]) for error in report["errors"] + report["parse_errors"]}
    passing = [f"{path.name} ({SCHEMA_LEVEL_FAILURES[path]})" for path in paths if path not in refused]
    assert not passing, f"these pass the schema: {passing}"


def test_other_spellings_the_model_reads_validate(cli, casebook_dir: Path) -> None:
    """A string for a one-item list, null for an empty one, full-width letters, a trailing full-width space (an IME's)."""
    text = (FIXTURES / "rules" / "clean.yaml").read_text(encoding="utf-8")
    text = text.replace("medium: 紙", "medium: ＦＡＸ").replace("status: 確定", "status: 確定\u3000")
    text = text.replace("causes: [宛名の確認を怠ったことによるもの。]", "causes: 宛名の確認を怠ったことによるもの。\ndata_items:")
    case = casebook_dir / "cases" / "clean.yaml"
    case.write_text(text, encoding="utf-8")
    checked = cli("check", cwd=casebook_dir)
    assert checked.exit_code == 0, checked.output
    result = _validate(case)
    assert result.returncode == 0, result.stdout
