"""Per-rule tests, in the style of yamllint's: each rule fires exactly where its fixtures say, and nowhere else.

A fixture states what it must trip in trailing comments:

    # expect: weekday 13:13 error                  (in tests/fixtures/rules/*.yaml: a place in that file)
    # expect: file cases/notes.txt error           (in tests/fixtures/casebooks/<rule>/casebook.yaml)
    # expect: template templates/press.md.j2:1:1 error

The test walks the registry: a rule with no expectation anywhere fails (adding a rule = one function +
one fixture), and a rule that fires where no fixture expects it (clean.yaml included) fails as well.
"""

from __future__ import annotations

import collections
import re
from pathlib import Path

import pytest
from conftest import FIXTURES

from casebook.checking.book import check_casebook as check
from casebook.reading.loader import open_casebook
from casebook.rules import RULES

_EXPECT = re.compile(
    r"^# expect: (?P<rule>\S+) (?:(?P<path>[^\s:]+)(?::|(?= )))?(?:(?P<line>\d+):(?P<column>\d+))? (?P<severity>error|warning)$"
)
CASEBOOKS = FIXTURES / "casebooks"

Place = tuple[str, int | None, int | None, str]  # path, line, column, severity


def _expectations(file: Path, default_path: str) -> list[tuple[str, Place]]:
    found = []
    for line in file.read_text(encoding="utf-8", errors="replace").splitlines():
        match = _EXPECT.match(line)
        if match:
            number = int(match["line"]) if match["line"] else None
            column = int(match["column"]) if match["column"] else None
            found.append((match["rule"], (match["path"] or default_path, number, column, match["severity"])))
    return found


def _findings(root: Path, paths: list[Path] | None) -> list[tuple[str, Place]]:
    book, _ = open_casebook(root)
    result = check(book, paths, jobs=1)
    return [(f.rule, (f.path, f.line, f.column, f.severity)) for f in result.findings]


@pytest.fixture(scope="module")
def observed_and_expected() -> tuple[dict[str, collections.Counter[Place]], dict[str, collections.Counter[Place]]]:
    observed: dict[str, collections.Counter[Place]] = collections.defaultdict(collections.Counter)
    expected: dict[str, collections.Counter[Place]] = collections.defaultdict(collections.Counter)
    for rule, place in _findings(FIXTURES, [FIXTURES / "rules"]):
        observed[rule][place] += 1
    for file in sorted((FIXTURES / "rules").rglob("*.yaml")):
        for rule, place in _expectations(file, file.relative_to(FIXTURES).as_posix()):
            expected[rule][place] += 1
    for casebook in sorted(CASEBOOKS.iterdir()):
        for rule, place in _findings(casebook, None):
            observed[rule][(f"{casebook.name}/{place[0]}", *place[1:])] += 1
        for rule, place in _expectations(casebook / "casebook.yaml", "casebook.yaml"):
            expected[rule][(f"{casebook.name}/{place[0]}", *place[1:])] += 1
    return observed, expected


@pytest.mark.parametrize("rule", [r.id for r in RULES])
def test_rule_fires_where_its_fixtures_say_and_nowhere_else(observed_and_expected, rule: str) -> None:
    observed, expected = observed_and_expected
    assert expected[rule], f"no fixture expects the rule {rule}: add one to tests/fixtures/rules/ or tests/fixtures/casebooks/{rule}/"
    assert observed[rule] == expected[rule]


def test_every_expectation_names_a_rule(observed_and_expected) -> None:
    _, expected = observed_and_expected
    assert set(expected) <= {r.id for r in RULES}


def test_every_rule_is_documented() -> None:
    for rule in RULES:
        assert rule.title and not rule.title.isascii(), rule.id  # a Japanese title: the first line of its docstring
