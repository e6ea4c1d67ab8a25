"""The README says what the code does: its rule table is the registry's."""

import re

from conftest import ROOT

from casebook.rules import RULES


def test_the_readme_rule_table_is_the_registry() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- rules:.*?-->\n(.*?)\n<!-- /rules -->", text, re.S)
    assert block, "README.md has lost its rules table markers"
    rows = block.group(1).splitlines()[2:]
    assert rows == [f"| {r.id} | {r.title} |" for r in RULES], "run make docs: the table is generated from casebook.rules.RULES"
