"""The README and docs/cli.md say what the code does: the rules table is the registry's, the command list and the
reference are the commands' own help, and the workflow is the one `casebook init` writes."""

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import typer
from conftest import ROOT

from casebook.cli import app
from casebook.rules import RULES


def _docs_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("casebook_docs_script", ROOT / "scripts" / "docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def _command_names() -> list[str]:
    """Every command a user can run, asked of the command group itself (not of the docs script)."""
    group = typer.main.get_command(app)
    context = group.make_context("casebook", ["--help"], resilient_parsing=True)
    return [name for name in group.list_commands(context) if not group.get_command(context, name).hidden]


def test_the_readme_rule_table_is_the_registry() -> None:
    block = re.search(r"<!-- rules:.*?-->\n(.*?)\n<!-- /rules -->", _readme(), re.S)
    assert block, "README.md has lost its rules table markers"
    rows = block.group(1).splitlines()[2:]
    assert rows == [f"| {r.id} | {r.title} |" for r in RULES], "run make docs: the table is generated from casebook.rules.RULES"


def test_the_generated_docs_are_current() -> None:
    """README.md (rules, commands, workflow), docs/cli.md and .yamllint are what `make docs` writes."""
    for name, text in _docs_script().generated().items():
        path = ROOT / name
        assert path.exists(), f"{name} is missing: run make docs"
        assert path.read_text(encoding="utf-8") == text, f"{name} is stale: run make docs"


def test_every_command_is_in_the_readme_and_the_reference() -> None:
    names = _command_names()
    assert {"check", "init", "new", "report", "completion"} <= set(names)
    section = re.search(r"\n## コマンド\n(.*?)\n## ", _readme(), re.S)
    assert section, "README.md has lost its ## コマンド section"
    linked = re.findall(r"^- \[`casebook ([\w-]+)`\]\(docs/cli\.md#([\w-]+)\) — \S", section.group(1), re.M)
    assert linked == [(name, name) for name in names], "each command once, linked to its part of docs/cli.md"
    reference = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (\S+)$", reference, re.M)
    assert headings == ["casebook", *names]
    for name in names:  # under each heading, that command's own help
        part = reference.split(f"\n## {name}\n", 1)[1]
        assert part.startswith(f"\n```text\n使い方: casebook {name} "), name


def test_the_reference_is_the_help_at_a_fixed_width() -> None:
    """Rendered at 100 columns whatever the terminal (click alone would stop at 80): the same text on every machine."""
    from casebook.cli.frame import cells

    reference = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    lines = [line for block in re.findall(r"```text\n(.*?)\n```", reference, re.S) for line in block.splitlines()]
    assert 80 < max(cells(line) for line in lines) <= 100


def test_the_readme_workflow_is_what_init_writes(cli, tmp_path: Path) -> None:
    install = _docs_script().README_INSTALL
    assert cli("init", str(tmp_path / "book"), "--organisation", "鳥取県", "--install", install, cwd=tmp_path).exit_code == 0
    written = (tmp_path / "book" / ".github" / "workflows" / "casebook.yml").read_text(encoding="utf-8")
    block = re.search(r"<!-- workflow:.*?-->\n```yaml\n(.*?)```\n<!-- /workflow -->", _readme(), re.S)
    assert block, "README.md has lost its workflow markers"
    assert block.group(1) == written, "run make docs: the README's workflow is what casebook init writes"
